"""Users as an admin sees and manages them: find by id or @username, list, ban and unban; never the content of a
CV."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from loguru import logger

from db.uow import UnitOfWorkFactory
from services.accounts.preferences import AlertFrequency
from services.accounts.users import Users, pick_language

_TELEGRAM_ID = re.compile(r"-?[0-9]{1,18}")


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


class UserAdmin:
    """Admin look-ups and bans."""

    def __init__(self, uow: UnitOfWorkFactory, users: Users) -> None:
        self._uow = uow
        self._users = users

    async def set_banned(self, user_id: int, banned: bool) -> bool:
        """Ban (the bot ignores every update from them) or unban; False when there is no such user."""
        async with self._uow() as work:
            found = await work.user_admin.set_banned(user_id, banned)
            await work.commit()
        await self._users.forget_member(user_id)
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
