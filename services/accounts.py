"""Users and what they keep with us: consent, preferences, CV profile, saved and dismissed jobs; export and erasure.

Plain values in and out (no ORM rows leave this module). Each method is one unit of work and commits it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from loguru import logger
from redis.asyncio import Redis
from redis.exceptions import RedisError

from db.uow import UnitOfWork, UnitOfWorkFactory
from services.cv_profile import CvProfile, SalaryWish, title_family
from services.errors import DomainError
from services.search_query import SearchFilters
from services.taxonomy import RoleFamily, Seniority

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"

_TELEGRAM_ID = re.compile(r"-?[0-9]{1,18}")


class AlertFrequency(StrEnum):
    OFF = "off"
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"


class DismissReason(StrEnum):
    TOO_SENIOR = "too_senior"
    TOO_JUNIOR = "too_junior"
    WRONG_PLACE = "wrong_place"
    WRONG_FIELD = "wrong_field"
    SALARY = "salary"


class JobGone(DomainError):
    """The job has left the board."""

    code = "job_gone"


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def pick_language(chosen: str | None, telegram: str | None) -> str:
    """The language the user chose; else their Telegram language when we speak it; else English."""
    for candidate in (chosen, (telegram or "").split("-")[0].lower()):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Member:
    """Who sent an update, as the bot needs to know it on every update."""

    telegram_id: int
    language: str
    is_banned: bool
    consented: bool


@dataclass(frozen=True, slots=True)
class Preferences:
    filters: SearchFilters = field(default_factory=SearchFilters)
    alert_frequency: AlertFrequency = AlertFrequency.OFF
    language: str | None = None
    timezone: str | None = None
    """An IANA name; None: the language's usual zone (`default_timezone`)."""


TIMEZONES = {"en": "Europe/London", "ru": "Europe/Moscow"}
TIMEZONE_CHOICES = ("Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Moscow", "Asia/Dubai", "Asia/Kolkata",
                    "Asia/Singapore", "America/New_York")  # fmt: skip
"""The zones offered in the preferences (any IANA name is accepted by `update_preferences`)."""


def default_timezone(language: str | None) -> str:
    return TIMEZONES.get(language or "", "Europe/London")


@dataclass(frozen=True, slots=True)
class UserCard:
    """What an admin sees of a user: who they are and what we hold, never the content of their CV."""

    telegram_id: int
    username: str | None
    name: str
    language: str
    created_at: dt.datetime
    last_active_at: dt.datetime
    consented: bool
    is_banned: bool
    is_blocked: bool
    has_cv: bool
    cv_updated_at: dt.datetime | None
    alert_frequency: str
    searches: int
    saved_jobs: int


def _card(row: Any) -> UserCard:
    """A `UserAdminRepository` cards row as the admin's card."""
    user = row.User
    name = " ".join(filter(None, [user.first_name, user.last_name])) or "-"
    return UserCard(
        user.telegram_id, user.username, name, pick_language(row.language, user.language_code), user.created_at,
        user.last_active_at, user.consent_at is not None, user.is_banned, user.is_blocked,
        row.cv_updated_at is not None, row.cv_updated_at, row.alert_frequency or AlertFrequency.OFF.value,
        row.searches, row.saved_jobs,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SavedJobView:
    job_id: int
    title: str
    firm: str
    closed: bool


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


PENDING, PREVIOUS = "pending", "previous"
KEEP_REPLACED = dt.timedelta(days=1)
"""How long a replaced profile can be brought back, and a new CV's reading waits for the user's word."""
CORRECTABLE = frozenset({"current_title", "seniority_level", "years_experience", "salary_minimum", "role_family",
                         "location"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProfileOffer:
    """A new CV's profile and the current one it would replace (None: there was none, the new one is kept)."""

    new: CvProfile
    current: CvProfile | None

    @property
    def needs_choice(self) -> bool:
        return self.current is not None


def correct(profile: CvProfile, **changes: Any) -> CvProfile:
    """`profile` with the user's corrections applied and listed in `corrected` (see `Accounts.correct_profile`)."""
    update: dict[str, Any] = {}
    if "current_title" in changes:
        title = " ".join(str(changes["current_title"] or "").split())[:100]
        update["current_title"] = title or None
    if "seniority_level" in changes and changes["seniority_level"] is not None:
        level = Seniority(int(changes["seniority_level"]))
        update.update(seniority_level=int(level), seniority=level.label, newly_qualified=False)
    if "years_experience" in changes:
        update["years_experience"] = max(0.0, min(60.0, round(float(changes["years_experience"]), 1)))
    if "salary_minimum" in changes:
        wish = changes["salary_minimum"]
        update["salary_expectation"] = SalaryWish(minimum=int(wish), currency="GBP", period="year") if wish else None
    if "location" in changes:
        update["location"] = changes["location"]
    if "role_family" in changes:
        family = RoleFamily(changes["role_family"])
        update["role_family"] = family.value
        shown = update.get("current_title", profile.current_title)
        title_corrected = "current_title" in changes or "current_title" in profile.corrected
        if shown and not title_corrected and title_family(shown) is not family:
            update["current_title"] = None  # "Accounts Payable Administrator" is no tax title: the family speaks
        if family is not RoleFamily.OTHER:
            update["is_accounting"] = True
    fields = [name if name != "salary_minimum" else "salary_expectation" for name in changes]
    update["corrected"] = list(dict.fromkeys([*profile.corrected, *fields]))
    return profile.model_copy(update=update)


MEMBER_TTL = 60
"""Seconds a user's Member is served from Redis: their last-active time is written at most this often."""


class Accounts:
    forget_vectors: Callable[[Sequence[str], CvProfile | None], Awaitable[int]] | None = None
    """Set by the composition root (`JobSearch.forget`): drops the cached vectors of an erased user's texts."""

    def __init__(self, uow: UnitOfWorkFactory, model: str, redis: Redis | None = None) -> None:
        self._uow = uow
        self._model = model
        """The index's embedding model: a saved job is open while the index holds it."""
        self._redis = redis
        """With Redis, `seen` answers from it for a minute; every change to what it answers drops the entry."""

    @staticmethod
    def _member_key(telegram_id: int) -> str:
        return f"member:{telegram_id}"

    async def _forget_member(self, telegram_id: int) -> None:
        if self._redis is not None:
            try:
                await self._redis.delete(self._member_key(telegram_id))
            except RedisError as exc:  # the entry expires within MEMBER_TTL anyway
                logger.warning("could not drop the cached member {}: {}", telegram_id, type(exc).__name__)

    async def seen(
        self,
        telegram_id: int,
        *,
        username: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> Member:
        """Create or refresh the user on any update, and say how to treat them.

        With Redis, the answer is kept for `MEMBER_TTL` seconds (while the user's names and language stay the
        same), so a busy user costs one Redis read per update and one database write a minute.
        """
        fingerprint = hashlib.sha256(repr((username, first_name, last_name, language_code)).encode()).hexdigest()[:16]
        if self._redis is not None:
            try:
                cached = await self._redis.get(self._member_key(telegram_id))
            except RedisError:
                cached = None
            if cached is not None:
                data = json.loads(cached)
                if data.pop("fingerprint", None) == fingerprint:
                    return Member(**data)
        member = await self._seen_in_database(telegram_id, username, first_name, last_name, language_code)
        if self._redis is not None:
            value = json.dumps({**asdict(member), "fingerprint": fingerprint})
            try:
                await self._redis.set(self._member_key(telegram_id), value, ex=MEMBER_TTL)
            except RedisError as exc:
                logger.warning("could not cache member {}: {}", telegram_id, type(exc).__name__)
        return member

    async def _seen_in_database(
        self, telegram_id: int, username: str | None, first_name: str | None, last_name: str | None,
        language_code: str | None,
    ) -> Member:  # fmt: skip
        async with self._uow() as work:
            user = await work.users.upsert_seen(
                telegram_id, username=username, first_name=first_name, last_name=last_name,
                language_code=language_code, seen_at=_now(),
            )  # fmt: skip
            prefs = await work.accounts.preferences(telegram_id)
            await work.commit()
            return Member(
                telegram_id=telegram_id,
                language=pick_language(prefs.language if prefs else None, language_code),
                is_banned=bool(user.is_banned),
                consented=user.consent_at is not None,
            )

    async def give_consent(self, user_id: int) -> None:
        async with self._uow() as work:
            await work.accounts.set_consent(user_id, _now())
            await work.commit()
        await self._forget_member(user_id)

    # ---------------------------------------------------------------- preferences
    async def preferences(self, user_id: int) -> Preferences:
        async with self._uow() as work:
            return await self._preferences(work, user_id)

    @staticmethod
    async def _preferences(work: UnitOfWork, user_id: int) -> Preferences:
        row = await work.accounts.preferences(user_id)
        if row is None:
            return Preferences()
        return Preferences(SearchFilters.from_dict(row.filters), AlertFrequency(row.alert_frequency), row.language,
                           row.timezone)  # fmt: skip

    async def update_preferences(
        self,
        user_id: int,
        *,
        filters: SearchFilters | None = None,
        alert_frequency: AlertFrequency | None = None,
        language: str | None = None,
        timezone: str | None = None,
    ) -> Preferences:
        current = await self.preferences(user_id)
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        if timezone is not None and not valid_timezone(timezone):
            raise ValueError(f"unknown time zone {timezone!r}")
        if language is not None and timezone is None and current.timezone is None:
            # No zone chosen: it followed the language. A new language keeps the zone the user had (never a move
            # to Moscow because they read Russian): that zone is now stored.
            spoken = await self._spoken_language(user_id, current)
            if spoken != language:
                timezone = default_timezone(spoken)
        updated = replace(
            current,
            filters=filters if filters is not None else current.filters,
            alert_frequency=alert_frequency or current.alert_frequency,
            language=language or current.language,
            timezone=timezone or current.timezone,
        )
        turned_on = current.alert_frequency is AlertFrequency.OFF and updated.alert_frequency is not AlertFrequency.OFF
        saved = await self._save_preferences(user_id, updated, alerts_on=turned_on)
        if language is not None:
            await self._forget_member(user_id)
        return saved

    async def _spoken_language(self, user_id: int, prefs: Preferences) -> str:
        """The language the user is answered in: the one chosen, else their Telegram one (as `seen` picks it)."""
        async with self._uow() as work:
            user = await work.users.get(user_id)
        return pick_language(prefs.language, user.language_code if user is not None else None)

    async def edit_filters(
        self, user_id: int, edit: Callable[[SearchFilters], SearchFilters | None]
    ) -> Preferences | None:
        """Change the saved filters with `edit`, which gets the current ones (read once) and returns the new
        ones, or None to change nothing (then None is returned)."""
        current = await self.preferences(user_id)
        filters = edit(current.filters)
        if filters is None:
            return None
        return await self._save_preferences(user_id, replace(current, filters=filters))

    async def _save_preferences(self, user_id: int, prefs: Preferences, *, alerts_on: bool = False) -> Preferences:
        # Exclusions of single jobs live in dismissed_jobs, not in the saved filters.
        saved_filters = replace(prefs.filters, excluded_jobs=())
        extra = {"alerts_since": _now()} if alerts_on else {}  # alerts are about jobs new from now on
        async with self._uow() as work:
            await work.accounts.put_preferences(
                user_id, _now(), filters=saved_filters.as_dict(),
                alert_frequency=prefs.alert_frequency.value, language=prefs.language, timezone=prefs.timezone,
                **extra,
            )  # fmt: skip
            await work.commit()
        return replace(prefs, filters=saved_filters)

    async def exclude_firm(self, user_id: int, name: str) -> list[str]:
        """Exclude the firm named (an exact name, or the only one containing it). Returns the firms matched:
        one when it was excluded, several when the name was ambiguous (nothing changes), none when unknown."""
        name = " ".join(name.split())[:200]
        if not name:
            return []
        async with self._uow() as work:
            firms = await work.job_index.firms_named(self._model, name)
        exact = [f for f in firms if f[1].lower() == name.lower()]
        chosen = exact[:1] or (firms if len(firms) == 1 else [])
        if not chosen:
            return [firm for _, firm in firms]
        firm_id = chosen[0][0]
        await self.edit_filters(
            user_id, lambda f: replace(f, excluded_firms=tuple(dict.fromkeys((*f.excluded_firms, firm_id))))
        )
        return [chosen[0][1]]

    async def excluded_firm_names(self, user_id: int) -> list[str]:
        prefs = await self.preferences(user_id)
        if not prefs.filters.excluded_firms:
            return []
        async with self._uow() as work:
            names = await work.job_index.firm_names(self._model, prefs.filters.excluded_firms)
        return [names.get(firm_id, f"#{firm_id}") for firm_id in prefs.filters.excluded_firms]

    async def search_filters(self, user_id: int) -> SearchFilters:
        """Saved preferences plus every job the user marked not interesting: what each of their searches uses."""
        async with self._uow() as work:
            prefs = await self._preferences(work, user_id)
            dismissed = [row.job_id for row in await work.accounts.dismissed(user_id)]
        return replace(prefs.filters, excluded_jobs=tuple(dismissed))

    # ---------------------------------------------------------------- CV profile
    async def store_profile(self, user_id: int, profile: CvProfile, source: str) -> None:
        """Make `profile` the user's current one at once; the one it replaces is kept a day for `undo_replace`."""
        now = _now()
        async with self._uow() as work:
            current = await work.accounts.profile(user_id)
            if current is not None:
                await work.accounts.put_profile_version(
                    user_id, PREVIOUS, current.profile, current.source, now, now + KEEP_REPLACED
                )
            await work.accounts.put_profile(user_id, profile.model_dump(mode="json"), source, now)
            await work.commit()

    async def offer_profile(
        self, user_id: int, profile: CvProfile, source: str, *, work: UnitOfWork | None = None
    ) -> ProfileOffer:
        """A new CV's profile: kept as the profile when the user has none; else set aside as pending (a day)
        until the user replaces the current one with it or keeps the current one (`settle_pending`). With `work`,
        part of the caller's unit of work (it commits)."""
        if work is None:
            async with self._uow() as own:
                offer = await self.offer_profile(user_id, profile, source, work=own)
                await own.commit()
            return offer
        now = _now()
        current = await work.accounts.profile(user_id)
        await work.accounts.drop_expired_profile_versions(now)
        if current is None:
            await work.accounts.put_profile(user_id, profile.model_dump(mode="json"), source, now)
        else:
            await work.accounts.put_profile_version(
                user_id, PENDING, profile.model_dump(mode="json"), source, now, now + KEEP_REPLACED
            )
        return ProfileOffer(profile, CvProfile.model_validate(current.profile) if current is not None else None)

    async def pending_profile(self, user_id: int) -> CvProfile | None:
        """A new CV's profile waiting for the user's word, unless it expired."""
        async with self._uow() as work:
            row = await work.accounts.profile_version(user_id, PENDING, _now())
        return CvProfile.model_validate(row.profile) if row is not None else None

    async def settle_pending(self, user_id: int, *, replace: bool) -> CvProfile | None:
        """Replace the current profile with the pending one (the current one kept a day for undo), or keep the
        current one and drop the pending one. Returns the profile now current (None: nothing was pending and
        there is no profile)."""
        now = _now()
        async with self._uow() as work:
            pending = await work.accounts.profile_version(user_id, PENDING, now)
            current = await work.accounts.profile(user_id)
            await work.accounts.drop_profile_version(user_id, PENDING)
            if replace and pending is not None:
                if current is not None:
                    await work.accounts.put_profile_version(
                        user_id, PREVIOUS, current.profile, current.source, now, now + KEEP_REPLACED
                    )
                await work.accounts.put_profile(user_id, pending.profile, pending.source, now)
                result: dict[str, Any] | None = pending.profile
            else:
                result = current.profile if current is not None else None
            await work.commit()
        return CvProfile.model_validate(result) if result is not None else None

    async def can_undo(self, user_id: int) -> bool:
        async with self._uow() as work:
            return await work.accounts.profile_version(user_id, PREVIOUS, _now()) is not None

    async def undo_replace(self, user_id: int) -> CvProfile | None:
        """Bring back the profile a new CV replaced (within a day). Returns it, or None when there is none."""
        now = _now()
        async with self._uow() as work:
            previous = await work.accounts.profile_version(user_id, PREVIOUS, now)
            if previous is None:
                return None
            await work.accounts.put_profile(user_id, previous.profile, previous.source, now)
            await work.accounts.drop_profile_version(user_id, PREVIOUS)
            await work.commit()
        return CvProfile.model_validate(previous.profile)

    async def profile(self, user_id: int) -> CvProfile | None:
        async with self._uow() as work:
            row = await work.accounts.profile(user_id)
        return CvProfile.model_validate(row.profile) if row is not None else None

    async def correct_profile(self, user_id: int, **changes: Any) -> CvProfile | None:
        """The user's own corrections over what was read: title, level, years, salary wish (annual minimum), role
        family, location. Each corrected field is listed in `CvProfile.corrected` and wins wherever the profile is
        read (matching and alerts included). A role family that the title does not name takes the title away (it
        would go on saying the old role), unless the user corrected the title itself."""
        unknown = set(changes) - CORRECTABLE
        if unknown:
            raise ValueError(f"cannot correct {sorted(unknown)}")
        async with self._uow() as work:
            row = await work.accounts.profile(user_id)
            if row is None:
                return None
            profile = correct(CvProfile.model_validate(row.profile), **changes)
            await work.accounts.put_profile(user_id, profile.model_dump(mode="json"), row.source, _now())
            await work.commit()
        return profile

    # ---------------------------------------------------------------- saved and dismissed jobs
    async def save_job(self, user_id: int, job_id: int) -> bool:
        """Save a job that is on the board; True when it was not saved before."""
        async with self._uow() as work:
            facts = await work.job_index.facts(self._model, job_id)
            if facts is None:
                raise JobGone()
            added = await work.accounts.save_job(user_id, job_id, facts.title, facts.firm_name)
            await work.commit()
        return added

    async def unsave_job(self, user_id: int, job_id: int) -> bool:
        async with self._uow() as work:
            removed = await work.accounts.unsave_job(user_id, job_id)
            await work.commit()
        return removed

    async def is_saved(self, user_id: int, job_id: int) -> bool:
        async with self._uow() as work:
            return await work.accounts.is_saved(user_id, job_id)

    async def saved_jobs(self, user_id: int) -> list[SavedJobView]:
        async with self._uow() as work:
            rows = await work.accounts.saved_jobs(user_id, self._model)
        return [SavedJobView(row.job_id, row.title, row.firm_name, closed=not still_open) for row, still_open in rows]

    async def dismiss_job(self, user_id: int, job_id: int, reason: DismissReason) -> None:
        """Never show this job to this user again (and drop it from their saved jobs)."""
        async with self._uow() as work:
            await work.accounts.dismiss_job(user_id, job_id, reason.value)
            await work.accounts.unsave_job(user_id, job_id)
            await work.commit()

    # ---------------------------------------------------------------- export and erasure
    async def export(self, user_id: int) -> dict[str, Any]:
        """Everything we hold about the user, as plain JSON values."""
        async with self._uow() as work:
            user = await work.users.get(user_id)
            if user is None:
                return {"user": None}
            profile = await work.accounts.profile(user_id)
            prefs = await work.accounts.preferences(user_id)
            saved = await work.accounts.saved_jobs(user_id, self._model)
            dismissed = await work.accounts.dismissed(user_id)
            searches = await work.accounts.searches(user_id)
            deliveries = await work.accounts.deliveries(user_id)
            alerted = await work.accounts.alerted(user_id)
            versions = await work.accounts.profile_versions(user_id)
            filters = dict(prefs.filters or {}) if prefs else {}
            if excluded := [int(f) for f in filters.get("excluded_firms", [])]:
                # Excluded firms by name, the id kept too (a firm with no job on the board now has no name to show).
                names = await work.job_index.firm_names(self._model, excluded)
                filters["excluded_firms"] = [{"id": firm_id, "name": names.get(firm_id)} for firm_id in excluded]

        def iso(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "user": {
                "telegram_id": user.telegram_id, "username": user.username, "first_name": user.first_name,
                "last_name": user.last_name, "language_code": user.language_code, "created_at": iso(user.created_at),
                "last_active_at": iso(user.last_active_at), "consent_at": iso(user.consent_at),
            },
            "cv_profile": {"source": profile.source, "updated_at": iso(profile.updated_at), **profile.profile}
            if profile else None,
            # A new CV's reading waiting for the user's word, and the profile a new CV replaced (kept for undo).
            **{f"cv_profile_{v.kind}": {"source": v.source, "created_at": iso(v.created_at),
                                        "expires_at": iso(v.expires_at), **v.profile} for v in versions},
            "preferences": {"filters": filters, "alert_frequency": prefs.alert_frequency,
                            "language": prefs.language, "timezone": prefs.timezone} if prefs else None,
            "saved_jobs": [{"job_id": row.job_id, "title": row.title, "firm": row.firm_name,
                            "saved_at": iso(row.saved_at), "closed": not still_open} for row, still_open in saved],
            "not_interested": [{"job_id": d.job_id, "reason": d.reason, "at": iso(d.created_at)} for d in dismissed],
            "searches": [{"query": s.query_text, "filters": s.filters, "results": s.result_count,
                          "at": iso(s.created_at)} for s in searches],
            "broadcasts": [{"broadcast_id": d.broadcast_id, "status": d.status, "sent_at": iso(d.sent_at)}
                           for d in deliveries],
            "job_alerts": [{"job_id": a.job_id, "kind": a.kind, "sent_at": iso(a.sent_at)} for a in alerted],
        }  # fmt: skip

    async def delete(self, user_id: int) -> bool:
        """Erase the user and everything that hangs off them (profile, preferences, searches, saved jobs, alert and
        broadcast deliveries), their name on broadcasts they sent as an admin, and, through `forget_vectors`, the
        cached vectors of their searches and CV."""
        async with self._uow() as work:
            queries = [s.query_text for s in await work.accounts.searches(user_id)]
            stored = await work.accounts.profile(user_id)
            kept = [CvProfile.model_validate(v.profile) for v in await work.accounts.profile_versions(user_id)]
            deleted = await work.accounts.delete_user(user_id)
            await work.commit()
        await self._forget_member(user_id)
        if self.forget_vectors is not None:
            profile = CvProfile.model_validate(stored.profile) if stored is not None else None
            try:
                await self.forget_vectors(queries, profile)
                for version in kept:  # a replaced profile was matched (its vectors cached) before it was replaced
                    await self.forget_vectors([], version)
            except Exception as exc:  # the account is gone; cached vectors also age out (Redis in a day)
                logger.warning("erasure of user {}: cached vectors not dropped ({})", user_id, type(exc).__name__)
        return deleted

    # ---------------------------------------------------------------- admin
    async def set_banned(self, user_id: int, banned: bool) -> bool:
        """Ban (the bot ignores every update from them) or unban; False when there is no such user."""
        async with self._uow() as work:
            found = await work.user_admin.set_banned(user_id, banned)
            await work.commit()
        await self._forget_member(user_id)
        if found:
            logger.info("user {} {}", user_id, "banned" if banned else "unbanned")
        return found

    async def find_user(self, query: str) -> UserCard | None:
        """A user by Telegram id or @username."""
        query = query.strip()
        async with self._uow() as work:
            if _TELEGRAM_ID.fullmatch(query):  # ASCII digits that fit a bigint: str.isdigit() takes "¹" too
                user = await work.users.get(int(query))
            elif query:
                user = await work.users.find_by_username(query)
            else:
                user = None
            rows = await work.user_admin.cards([user.telegram_id]) if user is not None else []
        return _card(rows[0]) if rows else None

    async def user_card(self, user_id: int) -> UserCard | None:
        async with self._uow() as work:
            rows = await work.user_admin.cards([user_id])
        return _card(rows[0]) if rows else None

    async def list_users(self, query: str = "", *, limit: int = 50, offset: int = 0) -> tuple[list[UserCard], int]:
        """Users matching `query` (id, username or name), most recently active first, and how many match."""
        async with self._uow() as work:
            rows, total = await work.user_admin.search(query, limit, offset)
        return [_card(row) for row in rows], total

    async def rows_left(self, user_id: int) -> int:
        async with self._uow() as work:
            return await work.accounts.rows_left(user_id)
