"""Tables we own, in our schema. Changed only through Alembic migrations in `migrations/`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class User(Base):
    """A Telegram user who has talked to the bot."""

    __tablename__ = "users"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    username: Mapped[str | None] = mapped_column(String(64))
    first_name: Mapped[str | None] = mapped_column(String(256))
    last_name: Mapped[str | None] = mapped_column(String(256))
    language_code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_active_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_banned: Mapped[bool] = mapped_column(Boolean, server_default="false")
    is_blocked: Mapped[bool] = mapped_column(Boolean, server_default="false")
    """The user blocked the bot or was deactivated (Telegram answered 403): never message them."""
    blocked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_users_lower_username", func.lower(username), postgresql_where=username.isnot(None)),)


class UserSearch(Base):
    """One search a user ran: what they asked, with which filters, and how many jobs came back."""

    __tablename__ = "user_searches"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.telegram_id", ondelete="CASCADE"))
    query_text: Mapped[str] = mapped_column(Text, server_default="")
    filters: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    result_count: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index(None, "user_id", "created_at"),
        Index(None, "created_at"),
    )
