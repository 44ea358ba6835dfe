"""The user's preferences: saved search filters, alert frequency, language and time zone, excluded firms, and the
filters every search of theirs uses (the saved ones plus the jobs they marked not interesting)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from db.uow import UnitOfWork, UnitOfWorkFactory
from services.accounts.users import LANGUAGES, Users, pick_language, utc_now
from services.search.leanings import Leanings, Lesson, value_key
from services.search.query import SearchFilters


class AlertFrequency(StrEnum):
    OFF = "off"
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True, slots=True)
class Preferences:
    filters: SearchFilters = field(default_factory=SearchFilters)
    alert_frequency: AlertFrequency = AlertFrequency.OFF
    language: str | None = None
    timezone: str | None = None
    """An IANA name; None: the language's usual zone (`default_timezone`)."""
    leanings: Leanings = field(default_factory=Leanings)
    """What the user taught the ranking (lessons from "not interested", favourite firms): changed by
    `SavedJobs.dismiss_job`, `forget_lesson` and the favourite-firm methods, never by `update_preferences`."""


TIMEZONES = {"en": "Europe/London", "ru": "Europe/Moscow"}
TIMEZONE_CHOICES = ("Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Moscow", "Asia/Dubai", "Asia/Kolkata",
                    "Asia/Singapore", "America/New_York")  # fmt: skip
"""The zones offered in the preferences (any IANA name is accepted by `update_preferences`)."""


async def _store_leanings(work: UnitOfWork, user_id: int, leanings: Leanings) -> None:
    """Keep what the user taught; a firm no longer a favourite loses its own alert in the same transaction."""
    await work.accounts.put_preferences(user_id, utc_now(), leanings=leanings.as_dict())
    await work.alerts.keep_firm_alerts(user_id, leanings.firms)


async def _save_preferences(work: UnitOfWork, user_id: int, prefs: Preferences, *, alerts_on: bool = False
                            ) -> Preferences:  # fmt: skip
    """Write `prefs` in `work` (its caller commits). Exclusions of single jobs live in dismissed_jobs, not in the
    saved filters; `alerts_on`: alerts were just turned on, and are about jobs new from now on."""
    saved_filters = replace(prefs.filters, excluded_jobs=())
    extra = {"alerts_since": utc_now()} if alerts_on else {}
    await work.accounts.put_preferences(
        user_id, utc_now(), filters=saved_filters.as_dict(),
        alert_frequency=prefs.alert_frequency.value, language=prefs.language, timezone=prefs.timezone, **extra,
    )  # fmt: skip
    return replace(prefs, filters=saved_filters)


def default_timezone(language: str | None) -> str:
    return TIMEZONES.get(language or "", "Europe/London")


class UserPreferences:
    """Reading and changing a user's preferences."""

    def __init__(self, uow: UnitOfWorkFactory, model: str, users: Users) -> None:
        self._uow = uow
        self._model = model
        """The index's embedding model: firms are named as the index holds them."""
        self._users = users

    async def preferences(self, user_id: int) -> Preferences:
        async with self._uow() as work:
            return await self._preferences(work, user_id)

    @staticmethod
    async def _preferences(work: UnitOfWork, user_id: int, *, lock: bool = False) -> Preferences:
        row = await work.accounts.preferences(user_id, lock=lock)
        if row is None:
            return Preferences()
        return Preferences(SearchFilters.from_dict(row.filters), AlertFrequency(row.alert_frequency), row.language,
                           row.timezone, Leanings.from_dict(row.leanings))  # fmt: skip

    async def update_preferences(
        self,
        user_id: int,
        *,
        filters: SearchFilters | None = None,
        alert_frequency: AlertFrequency | None = None,
        language: str | None = None,
        timezone: str | None = None,
    ) -> Preferences:
        """One transaction: the preferences read and held (two changes at once each keep the other's), changed,
        written."""
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        if timezone is not None and not valid_timezone(timezone):
            raise ValueError(f"unknown time zone {timezone!r}")
        async with self._uow() as work:
            current = await self._preferences(work, user_id, lock=True)
            if language is not None and timezone is None and current.timezone is None:
                # No zone chosen: it followed the language. A new language keeps the zone the user had (never a
                # move to Moscow because they read Russian): that zone is now stored.
                spoken = await self._spoken_language(work, user_id, current)
                if spoken != language:
                    timezone = default_timezone(spoken)
            updated = replace(
                current,
                filters=filters if filters is not None else current.filters,
                alert_frequency=alert_frequency or current.alert_frequency,
                language=language or current.language,
                timezone=timezone or current.timezone,
            )
            off = AlertFrequency.OFF
            turned_on = current.alert_frequency is off and updated.alert_frequency is not off
            saved = await _save_preferences(work, user_id, updated, alerts_on=turned_on)
            await work.commit()
        if language is not None:
            await self._users.forget_member(user_id)
        return saved

    @staticmethod
    async def _spoken_language(work: UnitOfWork, user_id: int, prefs: Preferences) -> str:
        """The language the user is answered in: the one chosen, else their Telegram one (as `seen` picks it)."""
        user = await work.users.get(user_id)
        return pick_language(prefs.language, user.language_code if user is not None else None)

    async def edit_filters(
        self, user_id: int, edit: Callable[[SearchFilters], SearchFilters | None]
    ) -> Preferences | None:
        """Change the saved filters with `edit`, which gets the current ones (read and held in the same
        transaction, so two edits at once each keep the other's) and returns the new ones, or None to change
        nothing (then None is returned)."""
        async with self._uow() as work:
            saved = await self._edit_filters(work, user_id, edit)
            if saved is not None:
                await work.commit()
        return saved

    async def _edit_filters(
        self, work: UnitOfWork, user_id: int, edit: Callable[[SearchFilters], SearchFilters | None]
    ) -> Preferences | None:
        current = await self._preferences(work, user_id, lock=True)
        filters = edit(current.filters)
        if filters is None:
            return None
        return await _save_preferences(work, user_id, replace(current, filters=filters))

    async def exclude_firm(self, user_id: int, name: str) -> list[str]:
        """Exclude the firm named (an exact name, or the only one containing it). Returns the firms matched:
        one when it was excluded, several when the name was ambiguous (nothing changes), none when unknown."""
        async with self._uow() as work:
            firms = await self._firm_named(work, name)
            if len(firms) == 1:
                firm_id = firms[0][0]

                def excluded(f: SearchFilters) -> SearchFilters:
                    return replace(f, excluded_firms=tuple(dict.fromkeys((*f.excluded_firms, firm_id))))

                await self._edit_filters(work, user_id, excluded)
                await work.commit()
        return [firm for _, firm in firms]

    async def excluded_firm_names(self, user_id: int) -> list[str]:
        prefs = await self.preferences(user_id)
        if not prefs.filters.excluded_firms:
            return []
        async with self._uow() as work:
            names = await work.job_index.firm_names(self._model, prefs.filters.excluded_firms)
        return [names.get(firm_id, f"#{firm_id}") for firm_id in prefs.filters.excluded_firms]

    async def search_filters(self, user_id: int) -> SearchFilters:
        """Saved preferences plus every job the user marked not interesting and what they taught the ranking: what
        each of their searches uses."""
        async with self._uow() as work:
            prefs = await self._preferences(work, user_id)
            dismissed = [row.job_id for row in await work.accounts.dismissed(user_id)]
        return replace(prefs.filters, excluded_jobs=tuple(dismissed), leanings=prefs.leanings)

    # ---------------------------------------------------------------- leanings
    async def leanings(self, user_id: int) -> Leanings:
        return (await self.preferences(user_id)).leanings

    async def _edit_leanings(self, work: UnitOfWork, user_id: int, edit: Callable[[Leanings], Leanings]) -> Leanings:
        """`edit` what the user taught, read and held in `work`'s transaction and written there if it changed (its
        caller commits, as with `_edit_filters`)."""
        current = (await self._preferences(work, user_id, lock=True)).leanings
        updated = edit(current)
        if updated != current:
            await _store_leanings(work, user_id, updated)
        return updated

    async def forget_lesson(self, user_id: int, lesson: Lesson, key: str | None = None) -> str | int | None:
        """Undo what a "not interested" taught, or a favourite firm: the value named by `key` (`value_key`: a place,
        a field, a firm; a ceiling or a floor has one value), every one of its kind when `key` is None. Returns the
        value forgotten; None when `key` names nothing the user holds now (a button drawn before the list changed)."""
        async with self._uow() as work:
            current = (await self._preferences(work, user_id, lock=True)).leanings
            values = current.values_of(lesson)
            chosen = [v for v in values if key is None or value_key(v) == key]
            if not chosen:
                return None
            updated = current.without(lesson, str(chosen[0]) if key is not None else None)
            await _store_leanings(work, user_id, updated)
            await work.commit()
        return chosen[0]

    async def favourite_firms(self, user_id: int) -> list[tuple[str, bool]]:
        """The user's favourite firms, each with whether its own alert is on (`AlertKind.FIRM`)."""
        async with self._uow() as work:
            firms = (await self._preferences(work, user_id)).leanings.firms
            alerting = await work.alerts.firm_alerts(user_id)
        return [(firm, firm in alerting) for firm in firms]

    async def set_firm_alert(self, user_id: int, key: str, *, on: bool) -> str | None:
        """Turn on or off the own alert of the favourite firm named by `key` (`value_key`): once on, the firm's jobs
        indexed from now on reach the user at once, whatever their alert frequency. Returns the firm; None when `key`
        names no favourite of theirs now (a button drawn before the list changed)."""
        async with self._uow() as work:  # (locked: the favourite cannot go between the check and the insert)
            firms = (await self._preferences(work, user_id, lock=True)).leanings.firms
            firm = next((f for f in firms if value_key(f) == key), None)
            if firm is None:
                return None
            if on:
                await work.alerts.add_firm_alert(user_id, firm, utc_now())
            else:
                await work.alerts.keep_firm_alerts(user_id, [f for f in firms if f != firm])
            await work.commit()
        return firm

    async def _firm_named(self, work: UnitOfWork, name: str) -> list[tuple[int, str]]:
        """The firm named (an exact name, or the only one containing it) as [(id, name)]; several when the name is
        ambiguous, none when unknown."""
        name = " ".join(name.split())[:200]
        if not name:
            return []
        firms = await work.job_index.firms_named(self._model, name)
        exact = [f for f in firms if f[1].lower() == name.lower()]
        return exact[:1] or firms

    async def add_favourite_firm(self, user_id: int, name: str) -> list[str]:
        """Make the firm named a favourite. Returns the firms matched: one when it was added, several when the name
        was ambiguous (nothing changes), none when unknown."""
        async with self._uow() as work:
            firms = await self._firm_named(work, name)
            if len(firms) == 1:
                await self._edit_leanings(work, user_id, lambda current: current.with_firm(firms[0][1]))
                await work.commit()
        return [firm for _, firm in firms]

    async def favour_firm_of_job(self, user_id: int, job_id: int, *, favourite: bool = True) -> str | None:
        """Make the firm of a job (from its card) a favourite, or no longer one; its name, None for a job gone."""
        async with self._uow() as work:
            facts = await work.job_index.facts(self._model, job_id)
            if facts is None:
                return None
            current = (await self._preferences(work, user_id, lock=True)).leanings
            firm = str(facts.firm_name)
            updated = current.with_firm(firm) if favourite else current.without(Lesson.FIRMS, firm)
            if updated != current:
                await _store_leanings(work, user_id, updated)
                await work.commit()
        return firm
