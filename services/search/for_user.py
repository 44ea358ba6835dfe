"""A user's search as the bot runs it, in one call from the dialog: their saved preferences and the jobs they
marked not interesting are read here, a typed query's words once (`JobSearch.search`), or their CV's profile
matched (`JobSearch.match_cv`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from db.uow import UnitOfWorkFactory
from services.accounts.preferences import UserPreferences
from services.accounts.profiles import Profiles
from services.search.job_search import (
    JobSearch,
    Reason,
    SearchResponse,
    cv_gaps,
    cv_intent,
    rank_for_cv,
    without_restated,
)
from services.search.query import SearchFilters


@dataclass(frozen=True, slots=True)
class JobFit:
    """One job against the user's CV, for its card: why it fits, what to check, what is missing and one thing to do
    about it. Judged by the ranker's own code (`rank_for_cv`, `cv_gaps`), so the card never contradicts the list."""

    fits: list[Reason]
    to_check: list[Reason]
    missing: list[Reason]
    suggestion: Reason | None


class UserSearch:
    def __init__(self, search: JobSearch, preferences: UserPreferences, profiles: Profiles,
                 uow: UnitOfWorkFactory) -> None:  # fmt: skip
        self._search = search
        self._preferences = preferences
        self._profiles = profiles
        self._uow = uow

    async def typed(self, user_id: int, text: str, *, top: int) -> SearchResponse:
        """A typed query within the user's saved preferences: its own words (a place, remote, a salary) put what
        they ask for first and take the place of a saved preference of the same kind."""
        saved = await self._preferences.search_filters(user_id)
        return await self._search.search(text, saved, top=top, user_id=user_id, saved=True)

    async def refined(self, user_id: int, text: str, filters: SearchFilters, *, top: int) -> SearchResponse:
        """The same query with the filters the user set on its results; the jobs they dismissed stay out."""
        filters = await self._without_dismissed(user_id, filters)
        return await self._search.search(text, filters, top=top, user_id=user_id)

    async def cv_matches(self, user_id: int, filters: SearchFilters, *, top: int) -> SearchResponse | None:
        """The user's CV profile matched within `filters` (the dismissed jobs out); None when they have none."""
        profile = await self._profiles.profile(user_id)
        if profile is None:
            return None
        filters = await self._without_dismissed(user_id, filters)
        return await self._search.match_cv(profile, filters, top=top, user_id=user_id)

    async def fit(self, user_id: int, job_id: int, *, today: dt.date | None = None) -> JobFit | None:
        """How the job fits the user's CV, and what it would take; None without a CV (or a job gone)."""
        profile = await self._profiles.profile(user_id)
        if profile is None:
            return None
        async with self._uow.reader() as work:
            rows = await work.retrieval.candidates(self._search.model, [job_id])
        if not rows:
            return None
        leanings = await self._preferences.leanings(user_id)
        cv = cv_intent(profile, self._search.weights)
        judged = rank_for_cv(rows, {}, cv, today or dt.date.today(), self._search.weights, leanings)[0]
        gaps = cv_gaps(rows[0], cv)
        return JobFit(judged.fits, without_restated(judged.to_check, gaps.missing), gaps.missing, gaps.suggestion)

    async def _without_dismissed(self, user_id: int, filters: SearchFilters) -> SearchFilters:
        """`filters` (the user's filter buttons) with the jobs they dismissed out and what they taught the ranking."""
        saved = await self._preferences.search_filters(user_id)
        return replace(filters, excluded_jobs=saved.excluded_jobs, leanings=saved.leanings)
