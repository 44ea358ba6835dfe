"""Broadcasts in the running bot: the copies go out through aiogram (Bot API answers turned into the delivery
outcomes of `services.delivery.pace`), the admin's progress message is edited as they go, and broadcasts a stopped
process left unfinished are resumed at start."""

from __future__ import annotations

import asyncio
import contextlib

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from loguru import logger

from dialogs.states import CancelBroadcast
from locales import Translator, translator
from services.admin.users import UserAdmin
from services.delivery.broadcasts import Broadcasts, Progress
from services.delivery.pace import Content, RetryAfter, SendFailed, Transient, Unreachable
from services.lifecycle import finish_or_cancel

_GONE = ("chat not found", "user is deactivated", "peer_id_invalid")


class TelegramSend:
    """`services.delivery.pace.Send` over aiogram."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def __call__(self, user_id: int, content: Content) -> None:
        markup = None
        if content.buttons:
            rows = [[InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
                    for row in content.buttons]  # fmt: skip
            markup = InlineKeyboardMarkup(inline_keyboard=rows)
        try:
            if content.photo_file_id:
                await self._bot.send_photo(user_id, content.photo_file_id, caption=content.text or None,
                                           reply_markup=markup)  # fmt: skip
            else:
                await self._bot.send_message(user_id, content.text, reply_markup=markup)
        except TelegramRetryAfter as exc:
            raise RetryAfter(exc.retry_after) from None
        except TelegramForbiddenError as exc:
            raise Unreachable(exc.message) from None
        except TelegramBadRequest as exc:
            if any(reason in exc.message.lower() for reason in _GONE):
                raise Unreachable(exc.message) from None
            raise SendFailed(exc.message) from None
        except (TelegramServerError, TelegramNetworkError) as exc:  # 5xx, a dropped connection, a timeout
            raise Transient(type(exc).__name__) from None
        except TelegramAPIError as exc:
            raise SendFailed(type(exc).__name__) from None


def progress_text(t: Translator, p: Progress) -> str:
    key = "broadcast-progress" if not p.finished else f"broadcast-finished-{p.status.value}"
    eta = f"{p.seconds_left:.0f}" if p.seconds_left is not None else "?"
    return t(key, id=str(p.broadcast_id), total=p.total, sent=p.sent, failed=p.failed, blocked=p.blocked,
             left=p.pending, eta=eta)  # fmt: skip


def cancel_markup(t: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    data = CancelBroadcast(broadcast_id=broadcast_id).pack()
    button = InlineKeyboardButton(text=t("broadcast-cancel"), callback_data=data)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


class BroadcastRunner:
    """Sends broadcasts in background tasks of this process; `stop()` ends them at a safe point."""

    def __init__(self, bot: Bot, broadcasts: Broadcasts, users: UserAdmin) -> None:
        self._bot = bot
        self._broadcasts = broadcasts
        self._users = users
        self._send = TelegramSend(bot)
        self._stop = asyncio.Event()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._shown: dict[int, str] = {}
        self._languages: dict[int, Translator] = {}
        """The admin's translator per broadcast, looked up once (progress is reported every 2 seconds)."""

    async def launch(self, broadcast_id: int, t: Translator) -> None:
        """A new broadcast: post its progress message to the admin who confirmed it (in `t`, their language), the
        message edited as the copies go out, and start sending."""
        progress = await self._broadcasts.progress(broadcast_id)
        sent = await self._bot.send_message(progress.admin_id, progress_text(t, progress),
                                            reply_markup=cancel_markup(t, broadcast_id))  # fmt: skip
        await self._broadcasts.set_progress_message(broadcast_id, sent.message_id)
        self.start(broadcast_id)

    def start(self, broadcast_id: int) -> None:
        if broadcast_id in self._tasks or self._stop.is_set():
            return
        task = asyncio.create_task(self._run(broadcast_id), name=f"broadcast-{broadcast_id}")
        self._tasks[broadcast_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(broadcast_id, None))

    async def resume(self) -> list[int]:
        """Start every broadcast left sending (by this or another instance that stopped)."""
        unfinished = await self._broadcasts.unfinished()
        for broadcast_id in unfinished:
            logger.info("resuming broadcast {}", broadcast_id)
            self.start(broadcast_id)
        return unfinished

    async def wait(self) -> None:
        """Until every running broadcast has finished (tests and the playground)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    async def stop(self, grace: float = 10.0) -> None:
        """Workers finish the copy in hand and record it; after `grace` seconds the rest are cancelled (their
        in-flight copies may then repeat on resume)."""
        self._stop.set()
        await finish_or_cancel(list(self._tasks.values()), grace)

    async def _run(self, broadcast_id: int) -> None:
        try:
            await self._broadcasts.run(broadcast_id, self._send, on_progress=self._report, stop=self._stop)
        except Exception:
            logger.exception("broadcast {} stopped by an error; it resumes at the next start", broadcast_id)
        finally:
            self._shown.pop(broadcast_id, None)
            self._languages.pop(broadcast_id, None)

    async def _report(self, progress: Progress) -> None:
        t = self._languages.get(progress.broadcast_id)
        if t is None:
            card = await self._users.user_card(progress.admin_id)
            t = self._languages[progress.broadcast_id] = translator(card.language if card else None)
        text = progress_text(t, progress)
        if progress.progress_message_id is not None and self._shown.get(progress.broadcast_id) != text:
            self._shown[progress.broadcast_id] = text
            markup = None if progress.finished else cancel_markup(t, progress.broadcast_id)
            with contextlib.suppress(TelegramBadRequest):  # deleted by the admin, or unchanged
                await self._bot.edit_message_text(
                    text, chat_id=progress.admin_id, message_id=progress.progress_message_id, reply_markup=markup
                )
        if progress.finished:
            await self._bot.send_message(progress.admin_id, text)  # the final report, as a new message
