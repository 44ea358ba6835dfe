"""What the handlers, the dialogs and the background senders in `bot/` share: the admin filter, and the callback
data and keyboards of the messages the bot sends on its own (a broadcast's progress, job alerts), whose buttons
the handlers answer. It lives here, below `bot/`, because imports point down (STYLE.md)."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, TelegramObject

from locales import Translator
from services.broadcast import Progress

ADMIN_CALLBACK = "adm:"
"""Callback data of admin buttons starts with this; aiogram-dialog buttons of admin dialogs have ids `adm_...`."""
CANCEL_PREFIX = f"{ADMIN_CALLBACK}bc:cancel:"
"""The cancel button under a broadcast's progress message: this and the broadcast's id."""
JOB_PREFIX, ALL_PREFIX, PAUSE = "alert:job:", "alert:all:", "alert:pause"
"""The buttons under a job alert: one job (and its id), all the alert's jobs (and the alert's time), pause alerts."""


class IsAdmin(Filter):
    """The router-level filter of admin routers and dialogs."""

    def __init__(self, admin_ids: frozenset[int]) -> None:
        self.admin_ids = admin_ids

    async def __call__(self, event: TelegramObject, **data: Any) -> bool:
        user = data.get("event_from_user")
        return user is not None and user.id in self.admin_ids


def cancel_markup(t: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text=t("broadcast-cancel"), callback_data=f"{CANCEL_PREFIX}{broadcast_id}")
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def progress_text(t: Translator, p: Progress) -> str:
    key = "broadcast-progress" if not p.finished else f"broadcast-finished-{p.status.value}"
    eta = f"{p.seconds_left:.0f}" if p.seconds_left is not None else "?"
    return t(key, id=str(p.broadcast_id), total=p.total, sent=p.sent, failed=p.failed, blocked=p.blocked,
             left=p.pending, eta=eta)  # fmt: skip
