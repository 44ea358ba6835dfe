"""What the handlers, the dialogs and the background senders in `bot/` share: the admin filter, and the callback
data (aiogram `CallbackData` factories) and keyboards of the messages the bot sends on its own (a broadcast's
progress, job alerts), whose buttons the handlers answer. It lives here, below `bot/`, because imports point down
(STYLE.md).

Buttons already sent keep working: each factory packs to the very string the hand-made format gave
(`adm:bc:cancel:7`, `alert:job:42`, `alert:all:1733480000`, `alert:pause`), a fixed word of the old format being a
field with one allowed value, and ids take digits only, as the old patterns did."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, TelegramObject
from pydantic import BeforeValidator

from locales import Translator
from services.broadcast import Progress

ADMIN_PREFIX = "adm"
"""The prefix of every admin button's `CallbackData`; aiogram-dialog buttons of admin dialogs have ids `adm_...`."""
ADMIN_CALLBACK = f"{ADMIN_PREFIX}:"
"""Callback data of admin buttons starts with this (what `bot.admins.AdminGate` looks for)."""


def digits(most: int | None = None) -> BeforeValidator:
    """An id field of callback data: from Telegram's string, ASCII digits only (at most `most` of them), as the old
    hand-made patterns took (pydantic alone would also take `+5`, ` 5`, `5_0` and `-5`)."""

    def check(value: object) -> object:
        if isinstance(value, str) and not (value.isascii() and value.isdigit() and len(value) <= (most or len(value))):
            raise ValueError(f"not an id: {value!r}")
        return value

    return BeforeValidator(check)


class CancelBroadcast(CallbackData, prefix=ADMIN_PREFIX):
    """The cancel button under a broadcast's progress message: `adm:bc:cancel:<broadcast id>`."""

    area: Literal["bc"] = "bc"
    action: Literal["cancel"] = "cancel"
    broadcast_id: Annotated[int, digits()]


class AlertJob(CallbackData, prefix="alert"):
    """One job of a job alert: `alert:job:<job id>`."""

    button: Literal["job"] = "job"
    job_id: Annotated[int, digits(12)]


class AlertAll(CallbackData, prefix="alert"):
    """All the jobs of one alert: `alert:all:<the alert's time, Unix seconds>`."""

    button: Literal["all"] = "all"
    at: Annotated[int, digits(12)]


class AlertPause(CallbackData, prefix="alert"):
    """Pause alerts: `alert:pause`."""

    button: Literal["pause"] = "pause"


class EraseConfirm(CallbackData, prefix="rights"):
    """The plain confirmation `/delete_me` shows a banned user (the dialogs are closed to them): `rights:erase`."""

    action: Literal["erase"] = "erase"


class IsAdmin(Filter):
    """The router-level filter of admin routers and dialogs."""

    def __init__(self, admin_ids: frozenset[int]) -> None:
        self.admin_ids = admin_ids

    async def __call__(self, event: TelegramObject, **data: Any) -> bool:
        user = data.get("event_from_user")
        return user is not None and user.id in self.admin_ids


def cancel_markup(t: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    data = CancelBroadcast(broadcast_id=broadcast_id).pack()
    button = InlineKeyboardButton(text=t("broadcast-cancel"), callback_data=data)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def progress_text(t: Translator, p: Progress) -> str:
    key = "broadcast-progress" if not p.finished else f"broadcast-finished-{p.status.value}"
    eta = f"{p.seconds_left:.0f}" if p.seconds_left is not None else "?"
    return t(key, id=str(p.broadcast_id), total=p.total, sent=p.sent, failed=p.failed, blocked=p.blocked,
             left=p.pending, eta=eta)  # fmt: skip
