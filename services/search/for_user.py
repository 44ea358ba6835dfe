"""A user's search as the bot runs it, in one call from the dialog: their saved preferences and the jobs they
marked not interesting are read here, a typed query's words once (`JobSearch.search`), or their CV's profile
matched (`JobSearch.match_cv`)."""

from __future__ import annotations

from dataclasses import replace

from services.accounts.preferences import UserPreferences
from services.accounts.profiles import Profiles
from services.search.job_search import JobSearch, SearchResponse
from services.search.query import SearchFilters


class UserSearch:
    def __init__(self, search: JobSearch, preferences: UserPreferences, profiles: Profiles) -> None:
        self._search = search
        self._preferences = preferences
        self._profiles = profiles

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

    async def _without_dismissed(self, user_id: int, filters: SearchFilters) -> SearchFilters:
        dismissed = (await self._preferences.search_filters(user_id)).excluded_jobs
        return replace(filters, excluded_jobs=dismissed)
