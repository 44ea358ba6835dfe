"""A CV to matches: read it, keep its profile (never its text), and find the jobs that fit it within the user's
preferences. One service call for the bot; the stages are reported as they start, for a progress message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from services.accounts import Accounts
from services.cv_profile import CvProfile
from services.cv_service import CvIntake, CvResult
from services.search import JobSearch, SearchResponse
from services.usage import Event, Usage

Stage = Literal["profile", "matching"]
MATCHES = 25


class CvMatching:
    def __init__(
        self, cv: CvIntake, accounts: Accounts, search: JobSearch, *, top: int = MATCHES, usage: Usage | None = None
    ) -> None:
        self._cv = cv
        self._usage = usage
        self._accounts = accounts
        self._search = search
        self._top = top

    async def run(
        self,
        user_id: int,
        *,
        data: bytes | None = None,
        text: str | None = None,
        progress: Callable[[Stage], Awaitable[None]] | None = None,
    ) -> SearchResponse:
        """Read a CV file (`data`) or pasted `text`; raises `CvRejected` with the reason a CV cannot be read."""
        sender = f"user:{user_id}"
        result = await (
            self._cv.from_file(data, sender=sender)
            if data is not None
            else self._cv.from_text(text or "", sender=sender)
        )
        if progress is not None:
            await progress("profile")
        await self._accounts.store_profile(user_id, result.profile, result.kind)
        if self._usage is not None:
            await self._usage.add(Event.CV_PROCESSED)
        if progress is not None:
            await progress("matching")
        return await self.rematch(user_id, result.profile)

    async def for_caller(
        self, data: bytes, user_id: int | None, *, top: int, sender: str | None = None
    ) -> tuple[CvResult, SearchResponse, bool]:
        """A CV from outside the bot (the HTTP API, acting for `user_id` with an admin's token): read and matched,
        and kept only when `user_id` names a user who has consented and is not banned, as if they had sent it to
        the bot. `sender` is the caller counted against the daily CV quota. Returns the reading, the matches and
        whether the profile was kept."""
        result = await self._cv.from_file(data, sender=sender)
        card = await self._accounts.user_card(user_id) if user_id is not None else None
        if card is None or not card.consented or card.is_banned:
            return result, await self._search.match_cv(result.profile, top=top), False
        await self._accounts.store_profile(card.telegram_id, result.profile, result.kind)
        filters = await self._accounts.search_filters(card.telegram_id)
        response = await self._search.match_cv(result.profile, filters, top=top, user_id=card.telegram_id)
        return result, response, True

    async def rematch(self, user_id: int, profile: CvProfile) -> SearchResponse:
        """The matches for a profile (after the user corrected it), within their preferences and exclusions."""
        filters = await self._accounts.search_filters(user_id)
        return await self._search.match_cv(profile, filters, top=self._top, user_id=user_id)
