"""A CV to matches: read it, keep its profile (never its text), and find the jobs that fit it within the user's
preferences. One service call for the bot; the stages are reported as they start, for a progress message. A new
CV never silently replaces a profile: it waits beside the current one for the user's word. The one size limit
(`CV_MAX_MB`) is kept here too: the bot hands over a file's stated size and a way to fetch it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from db.uow import UnitOfWorkFactory
from services.accounts.preferences import UserPreferences
from services.accounts.profiles import ProfileOffer, Profiles
from services.admin.users import UserAdmin
from services.cv.intake import CvIntake, CvResult
from services.cv.profile import CvProfile
from services.cv.reading import TELEGRAM_DOWNLOAD_LIMIT, CvRejected
from services.search.job_search import JobSearch, SearchResponse
from services.usage import Event, Usage

Stage = Literal["profile", "matching"]
MATCHES = 25


class FileTooLarge(Exception):
    """Raised by a `CvFile.download` whose host refused the file for its size (Telegram lets a bot fetch 20 MB at
    most, and says so only at the download when the client did not state the size)."""


@dataclass(frozen=True, slots=True)
class CvFile:
    """A CV file not fetched yet: its size as the sender's client stated it (None when it did not) and how to fetch
    its bytes (raising `FileTooLarge` when the host refuses it for its size)."""

    size: int | None
    download: Callable[[], Awaitable[bytes]]


@dataclass(frozen=True, slots=True)
class CvOutcome:
    """A CV read: the profile offered (beside the current one, if any) and its matches, or None when the user
    must first choose between the new profile and the current one."""

    offer: ProfileOffer
    response: SearchResponse | None


class CvMatching:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        cv: CvIntake,
        profiles: Profiles,
        preferences: UserPreferences,
        user_admin: UserAdmin,
        search: JobSearch,
        *,
        max_bytes: int,
        top: int = MATCHES,
        usage: Usage | None = None,
    ) -> None:
        self._uow = uow
        self._max_bytes = max_bytes
        """CV_MAX_MB, never above Telegram's 20 MB."""
        self._cv = cv
        self._usage = usage
        self._profiles = profiles
        self._preferences = preferences
        self._user_admin = user_admin
        self._search = search
        self._top = top

    async def run(
        self,
        user_id: int,
        *,
        file: CvFile | None = None,
        text: str | None = None,
        progress: Callable[[Stage], Awaitable[None]] | None = None,
    ) -> CvOutcome:
        """Read a CV file (`file`, fetched here when within the size limit) or pasted `text`; raises `CvRejected`
        with the reason a CV cannot be read.

        A user with no profile gets the new one and its matches. A user who has one keeps it for now: the new
        reading waits (a day) beside it for their word (`settle`), and no matches are run."""
        sender = f"user:{user_id}"
        data = await self._fetch(file) if file is not None else None
        result = await (
            self._cv.from_file(data, sender=sender)
            if data is not None
            else self._cv.from_text(text or "", sender=sender)
        )
        if progress is not None:
            await progress("profile")
        # One transaction for what a CV leaves behind: its profile, its count and its search in the history.
        # (The matches are read on the search's own connections; they read nothing this writes.)
        async with self._uow() as work:
            offer = await self._profiles.offer_profile(user_id, result.profile, result.kind, work=work)
            if self._usage is not None:
                await self._usage.add(Event.CV_PROCESSED, work=work)
            response = None
            if not offer.needs_choice:
                if progress is not None:
                    await progress("matching")
                filters = await self._preferences.search_filters(user_id)
                response = await self._search.match_cv(result.profile, filters, top=self._top)
                await self._search.record(work, user_id, "[cv]", response.filters, response.wanted,
                                          len(response.results))  # fmt: skip
            await work.commit()
        return CvOutcome(offer, response)

    async def _fetch(self, file: CvFile) -> bytes:
        """The file's bytes, or `CvRejected("too_large")` stating the one limit: before the download when the stated
        size is over it, and as just over Telegram's cap when the host refused a file whose size was not stated."""
        limit_mb = self._max_bytes / 1024**2
        if file.size is not None and file.size > self._max_bytes:
            raise CvRejected("too_large", size_mb=file.size / 1024**2, limit_mb=limit_mb)
        try:
            return await file.download()
        except FileTooLarge:
            raise CvRejected("too_large", size_mb=TELEGRAM_DOWNLOAD_LIMIT / 1024**2 + 0.1, limit_mb=limit_mb) from None

    async def settle(self, user_id: int, *, replace: bool) -> tuple[CvProfile | None, SearchResponse | None]:
        """The user's word on a new CV: replace the current profile with it (the old one kept a day for undo) or
        keep the current one. Returns the profile now current and its matches."""
        profile = await self._profiles.settle_pending(user_id, replace=replace)
        return profile, (await self.rematch(user_id, profile) if profile is not None else None)

    async def undo(self, user_id: int) -> tuple[CvProfile | None, SearchResponse | None]:
        """Bring back the profile the latest CV replaced (within a day), with its matches."""
        profile = await self._profiles.undo_replace(user_id)
        return profile, (await self.rematch(user_id, profile) if profile is not None else None)

    async def for_caller(
        self, data: bytes, user_id: int | None, *, top: int, sender: str | None = None
    ) -> tuple[CvResult, SearchResponse, bool]:
        """A CV from outside the bot (the HTTP API, acting for `user_id` with an admin's token): read and matched,
        and kept only when `user_id` names a user who has consented and is not banned, as if they had sent it to
        the bot. `sender` is the caller counted against the daily CV quota. Returns the reading, the matches and
        whether the profile was kept."""
        result = await self._cv.from_file(data, sender=sender)
        card = await self._user_admin.user_card(user_id) if user_id is not None else None
        if card is None or not card.consented or card.is_banned:
            return result, await self._search.match_cv(result.profile, top=top), False
        await self._profiles.store_profile(card.telegram_id, result.profile, result.kind)
        filters = await self._preferences.search_filters(card.telegram_id)
        response = await self._search.match_cv(result.profile, filters, top=top, user_id=card.telegram_id)
        return result, response, True

    async def rematch(self, user_id: int, profile: CvProfile) -> SearchResponse:
        """The matches for a profile (after the user corrected it), within their preferences and exclusions."""
        filters = await self._preferences.search_filters(user_id)
        return await self._search.match_cv(profile, filters, top=self._top, user_id=user_id)
