"""Repositories: add, get, list and flush. They never commit: the unit of work does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User, UserSearch


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, telegram_id: int) -> User | None:
        return await self._session.get(User, telegram_id)

    async def upsert_seen(
        self,
        telegram_id: int,
        *,
        username: str | None,
        first_name: str | None,
        last_name: str | None,
        language_code: str | None,
        seen_at: dt.datetime,
    ) -> User:
        """Create the user or refresh their names and last-active time, in one statement."""
        values: dict[str, Any] = {
            "username": username,
            "first_name": first_name,
            "last_name": last_name,
            "language_code": language_code,
            "last_active_at": seen_at,
            # A user who writes has not blocked the bot (any more): broadcasts and alerts reach them again.
            "is_blocked": False,
            "blocked_at": None,
        }
        stmt = (
            insert(User)
            .values(telegram_id=telegram_id, created_at=seen_at, **values)
            .on_conflict_do_update(index_elements=[User.telegram_id], set_=values)
            .returning(User)
            .execution_options(populate_existing=True)
        )
        return (await self._session.scalars(stmt)).one()

    async def find_by_username(self, username: str) -> User | None:
        stmt = select(User).where(func.lower(User.username) == username.lstrip("@").lower())
        return (await self._session.scalars(stmt)).first()

    async def count(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(User)) or 0)


class SearchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user_id: int, query_text: str, filters: dict[str, Any], result_count: int) -> UserSearch:
        row = UserSearch(user_id=user_id, query_text=query_text, filters=filters, result_count=result_count)
        self._session.add(row)
        await self._session.flush()
        return row

    async def list_for_user(self, user_id: int, limit: int = 50) -> Sequence[UserSearch]:
        stmt = (
            select(UserSearch)
            .where(UserSearch.user_id == user_id)
            .order_by(UserSearch.created_at.desc(), UserSearch.id.desc())
            .limit(limit)
        )
        return (await self._session.scalars(stmt)).all()
