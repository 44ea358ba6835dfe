"""Unexpected errors reported to the admins in Telegram, at most once per kind of error per few minutes (across
instances, with Redis). The message names the error and where it happened; never the user's input."""

from __future__ import annotations

import time
import traceback
from html import escape
from pathlib import Path

from aiogram import Bot
from loguru import logger
from redis.asyncio import Redis
from redis.exceptions import RedisError

_PROJECT = Path(__file__).resolve().parents[2]  # the project root, above handlers/senders/


def error_kind(exc: BaseException) -> str:
    """The exception's type and the innermost line of our own code it passed through: `KeyError at x.py:12`."""
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(_PROJECT) and ".venv" not in path.parts:
            where = f"{path.relative_to(_PROJECT)}:{frame.lineno}"
    return f"{type(exc).__name__} at {where}" if where else type(exc).__name__


class ErrorAlerts:
    def __init__(self, chat_ids: list[int], redis: Redis | None, *, window_minutes: float = 5.0) -> None:
        self._chat_ids = chat_ids
        self._redis = redis
        self._window = max(1, int(window_minutes * 60))
        self._last: dict[str, float] = {}

    async def _first_in_window(self, kind: str) -> bool:
        if self._redis is not None:
            try:
                return bool(await self._redis.set(f"error-alert:{kind}", 1, nx=True, ex=self._window))
            except RedisError:
                pass  # fall back to this instance's memory
        now = time.monotonic()
        if now - self._last.get(kind, -1e9) < self._window:
            return False
        self._last[kind] = now
        return True

    async def report(self, bot: Bot, exc: BaseException, *, update_id: int | None, user_id: int | None) -> bool:
        """Tell the admins; False when this kind was already reported within the window (or nobody to tell)."""
        kind = error_kind(exc)
        if not self._chat_ids or not await self._first_in_window(kind):
            return False
        minutes = self._window // 60
        text = (
            f"⚠️ <b>Unexpected error</b>: <code>{escape(kind)}</code>\n"
            f"update {update_id}, user {user_id}\n"
            f"Further errors of this kind are not reported for {minutes} min; the log has each one."
        )
        for chat_id in self._chat_ids:
            try:
                await bot.send_message(chat_id, text)
            except Exception as send_error:  # an alert must never raise in the error handler
                logger.warning("could not alert chat {}: {}", chat_id, type(send_error).__name__)
        return True
