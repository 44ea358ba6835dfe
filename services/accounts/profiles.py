"""The user's CV profile: the current one, a new CV's reading waiting beside it for the user's word, the one it
replaced (kept a day for undo), and the user's own corrections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db.uow import UnitOfWork, UnitOfWorkFactory
from services.accounts.users import utc_now
from services.cv.profile import CvProfile, SalaryWish, title_family
from services.jobs.sectors import Sector
from services.jobs.taxonomy import RoleFamily, Seniority

PENDING, PREVIOUS = "pending", "previous"
KEEP_REPLACED = dt.timedelta(days=1)
"""How long a replaced profile can be brought back, and a new CV's reading waits for the user's word."""
CORRECTABLE = frozenset({"current_title", "seniority_level", "years_experience", "salary_minimum", "role_family",
                         "location", "sectors"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProfileOffer:
    """A new CV's profile and the current one it would replace (None: there was none, the new one is kept)."""

    new: CvProfile
    current: CvProfile | None

    @property
    def needs_choice(self) -> bool:
        return self.current is not None


def correct(profile: CvProfile, **changes: Any) -> CvProfile:
    """`profile` with the user's corrections applied and listed in `corrected` (see `Profiles.correct_profile`)."""
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
    if "sectors" in changes:  # kept in the reader's order; anything else dropped
        asked = {str(s) for s in changes["sectors"] or ()}
        update["sectors"] = [s.value for s in Sector if s.value in asked]
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


def _with_ticked_sectors(new: dict[str, Any], current: Any | None) -> dict[str, Any]:
    """A new CV's profile keeping the sectors the user ticked on the one it replaces (what they said of their
    experience does not go with a CV that does not say it); the new CV's own sectors are kept too."""
    if current is None:
        return new
    old = CvProfile.model_validate(current.profile)
    if "sectors" not in old.corrected:
        return new
    profile = CvProfile.model_validate(new)
    return correct(profile, sectors={*(profile.sectors or ()), *(old.sectors or ())}).model_dump(mode="json")


class Profiles:
    """Keeping, offering, settling, undoing and correcting a user's CV profile."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def store_profile(self, user_id: int, profile: CvProfile, source: str) -> None:
        """Make `profile` the user's current one at once; the one it replaces is kept a day for `undo_replace`."""
        now = utc_now()
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
        now = utc_now()
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
            row = await work.accounts.profile_version(user_id, PENDING, utc_now())
        return CvProfile.model_validate(row.profile) if row is not None else None

    async def settle_pending(self, user_id: int, *, replace: bool) -> CvProfile | None:
        """Replace the current profile with the pending one (the current one kept a day for undo; the sectors the
        user ticked on it carried over), or keep the current one and drop the pending one. Returns the profile now
        current (None: nothing was pending and there is no profile)."""
        now = utc_now()
        async with self._uow() as work:
            pending = await work.accounts.profile_version(user_id, PENDING, now)
            current = await work.accounts.profile(user_id)
            await work.accounts.drop_profile_version(user_id, PENDING)
            if replace and pending is not None:
                if current is not None:
                    await work.accounts.put_profile_version(
                        user_id, PREVIOUS, current.profile, current.source, now, now + KEEP_REPLACED
                    )
                replacing = _with_ticked_sectors(pending.profile, current)
                await work.accounts.put_profile(user_id, replacing, pending.source, now)
                result: dict[str, Any] | None = replacing
            else:
                result = current.profile if current is not None else None
            await work.commit()
        return CvProfile.model_validate(result) if result is not None else None

    async def can_undo(self, user_id: int) -> bool:
        async with self._uow() as work:
            return await work.accounts.profile_version(user_id, PREVIOUS, utc_now()) is not None

    async def undo_replace(self, user_id: int) -> CvProfile | None:
        """Bring back the profile a new CV replaced (within a day). Returns it, or None when there is none."""
        now = utc_now()
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

    async def toggle_sector(self, user_id: int, sector: Sector) -> CvProfile | None:
        """Add a sector to those the profile says the user worked in, or take it away (a correction, as
        `correct_profile`); None when they have no profile."""
        return await self._correct(user_id, lambda profile: {"sectors": {*(profile.sectors or ())} ^ {sector.value}})

    async def correct_profile(self, user_id: int, **changes: Any) -> CvProfile | None:
        """The user's own corrections over what was read: title, level, years, salary wish (annual minimum), role
        family, location, the sectors worked in. Each corrected field is listed in `CvProfile.corrected` and wins
        wherever the profile is read (matching and alerts included). A role family that the title does not name
        takes the title away (it would go on saying the old role), unless the user corrected the title itself."""
        unknown = set(changes) - CORRECTABLE
        if unknown:
            raise ValueError(f"cannot correct {sorted(unknown)}")
        return await self._correct(user_id, lambda _: changes)

    async def _correct(self, user_id: int, changes_of: Callable[[CvProfile], dict[str, Any]]) -> CvProfile | None:
        """Read the profile, apply the corrections `changes_of` it gives, store it: one transaction."""
        async with self._uow() as work:
            row = await work.accounts.profile(user_id)
            if row is None:
                return None
            current = CvProfile.model_validate(row.profile)
            profile = correct(current, **changes_of(current))
            await work.accounts.put_profile(user_id, profile.model_dump(mode="json"), row.source, utc_now())
            await work.commit()
        return profile
