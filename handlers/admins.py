"""Who is an admin (ADMIN_IDS), decided here for the whole bot: the filter the composition root gives the admin
routers and dialogs (`IsAdmin`), and the gate that refuses and logs a non-admin's attempt at an admin command or
button (`AdminGate`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.filters import Filter
from aiogram.types import TelegramObject, Update
from loguru import logger

from dialogs.states import ADMIN_CALLBACK

ADMIN_COMMANDS = ("stats", "broadcast", "user")
_DIALOG_ADMIN_WIDGET = "\x1dadm_"


def _admin_attempt(update: Update) -> str | None:
    """What admin-only thing an update asks for, if any."""
    message = update.message
    if message is not None and message.text and message.text.startswith("/"):
        command = message.text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(message.text) > 1 else ""
        if command in ADMIN_COMMANDS:
            return f"/{command}"
    callback = update.callback_query
    data = callback.data if callback is not None else None
    if data and (data.startswith(ADMIN_CALLBACK) or _DIALOG_ADMIN_WIDGET in data):
        return "an admin button"
    return None


class IsAdmin(Filter):
    """The router-level filter of admin routers and dialogs."""

    def __init__(self, admin_ids: frozenset[int]) -> None:
        self.admin_ids = admin_ids

    async def __call__(self, event: TelegramObject, **data: Any) -> bool:
        user = data.get("event_from_user")
        return user is not None and user.id in self.admin_ids


class AdminGate(BaseMiddleware):
    """Outer middleware: a non-admin's admin command goes on as an unknown command (it does not exist for them)
    and is logged; a non-admin's press on an admin button is answered (the spinner stops), logged and dropped."""

    def __init__(self, admin_ids: frozenset[int]) -> None:
        self._admin_ids = admin_ids

    async def __call__(
        self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]], event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:  # fmt: skip
        assert isinstance(event, Update)
        user = data.get("event_from_user")
        attempt = _admin_attempt(event)
        if attempt is None or (user is not None and user.id in self._admin_ids):
            return await handler(event, data)
        logger.warning("refused: non-admin {} tried {}", user.id if user else None, attempt)
        if event.callback_query is not None:
            await event.callback_query.answer()
            return None
        return await handler(event, data)
