"""Admin commands: /stats, /broadcast (the dialog in `dialogs/broadcast.py`), /user with ban and unban, and the
broadcast's cancel button. The router answers admins only (a router-level filter on ADMIN_IDS, given by the
composition root: `handlers.admins.IsAdmin`); to anyone else these commands do not exist, and `AdminGate` logs the
attempt."""

from __future__ import annotations

from html import escape
from typing import Annotated, Literal

from aiogram import Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from loguru import logger

from dialogs.states import ADMIN_PREFIX, BroadcastFlow, CancelBroadcast, digits
from locales import Translator
from services.admin.stats import Stats
from services.admin.users import UserCard
from services.container import Services


class UserAction(CallbackData, prefix=ADMIN_PREFIX):
    """The ban or unban button under /user's card: `adm:user:ban:<telegram id>` (the hand-made format's string)."""

    area: Literal["user"] = "user"
    action: Literal["ban", "unban"]
    telegram_id: Annotated[int, digits()]


def stats_text(t: Translator, s: Stats) -> str:
    u, a = s.users, s.applications
    lines = [
        t("stats-title"),
        t("stats-users", total=u["total"], new=u["new_24h"], active=u["active_7d"], cv=u["with_cv"],
          blocked=u["blocked_us"], banned=u["banned"]),
        t("stats-activity", cvs=s.cvs_processed["total"], cvs_day=s.cvs_processed["last_24h"],
          today=s.searches["today"], week=s.searches["last_7d"], saved=s.saved_jobs, alerts=s.alerts_sent["total"]),
        t("stats-jobs", board=s.jobs["on_board"], indexed=s.jobs["indexed"], waiting=s.jobs["waiting"]),
        t("stats-applications", total=a.get("total", 0), users=a.get("users", 0), interview=a.get("interview", 0),
          offer=a.get("offer", 0), rejected=a.get("rejected", 0), no_reply=a.get("no_reply", 0),
          reminders=a.get("reminders_pending", 0)),
        t("stats-errors", errors=s.errors_24h),
    ]  # fmt: skip
    if s.tasks:
        lines.append(t("stats-tasks"))
        for run in s.tasks:
            when = run.started_at.strftime("%Y-%m-%d %H:%M")
            lines.append(f"• {escape(run.task)}: {escape(run.outcome)} {when} ({run.items})")
    else:
        lines.append(t("stats-no-tasks"))
    b = s.broadcast
    if b is not None:
        lines.append(t("stats-broadcast", id=str(b.id), status=b.status, total=b.total, sent=b.sent, blocked=b.blocked,
                       failed=b.failed, left=b.pending))  # fmt: skip
    return "\n".join(lines)


async def stats(message: Message, app: Services, t: Translator) -> None:
    await message.answer(stats_text(t, await app.stats.report()))


def user_text(t: Translator, card: UserCard) -> str:
    return t(
        "user-card", id=str(card.telegram_id), username=escape(f"@{card.username}" if card.username else "-"),
        name=escape(card.name), language=card.language, created=card.created_at.strftime("%Y-%m-%d"),
        active=card.last_active_at.strftime("%Y-%m-%d %H:%M"), consent=t("yes" if card.consented else "no"),
        cv=card.cv_updated_at.strftime("%Y-%m-%d") if card.cv_updated_at else t("no"), alerts=card.alert_frequency,
        searches=card.searches, saved=card.saved_jobs, banned=t("yes" if card.is_banned else "no"),
        blocked=t("yes" if card.is_blocked else "no"),
    )  # fmt: skip


def user_markup(t: Translator, card: UserCard) -> InlineKeyboardMarkup:
    action: Literal["ban", "unban"] = "unban" if card.is_banned else "ban"
    label = "user-unban" if card.is_banned else "user-ban"
    data = UserAction(action=action, telegram_id=card.telegram_id).pack()
    button = InlineKeyboardButton(text=t(label), callback_data=data)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def user(message: Message, command: CommandObject, app: Services, t: Translator) -> None:
    query = (command.args or "").strip()
    if not query:
        await message.answer(t("user-usage"))
        return
    card = await app.user_admin.find_user(query)
    if card is None:
        await message.answer(t("user-not-found", query=escape(query)))
        return
    await message.answer(user_text(t, card), reply_markup=user_markup(t, card))


async def ban_or_unban(callback: CallbackQuery, callback_data: UserAction, app: Services, t: Translator) -> None:
    action, target = callback_data.action, callback_data.telegram_id
    await app.user_admin.set_banned(target, action == "ban")
    logger.info("admin {} {}ned user {}", callback.from_user.id, action, target)
    card = await app.user_admin.user_card(target)
    await callback.answer(t("user-banned" if action == "ban" else "user-unbanned"))
    if card is not None and isinstance(callback.message, Message):
        await callback.message.edit_text(user_text(t, card), reply_markup=user_markup(t, card))


async def broadcast(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(BroadcastFlow.compose, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def cancel_broadcast(callback: CallbackQuery, callback_data: CancelBroadcast, app: Services, t: Translator
                           ) -> None:  # fmt: skip
    broadcast_id = callback_data.broadcast_id
    cancelled = await app.broadcasts.cancel(broadcast_id)
    logger.info("admin {} cancelled broadcast {}: {}", callback.from_user.id, broadcast_id, cancelled)
    await callback.answer(t("broadcast-cancelling" if cancelled else "broadcast-already-finished"))


def create_router(is_admin: Filter) -> Router:
    """A new router for one Dispatcher; every handler in it is for admins only (`is_admin` tells them apart)."""
    router = Router(name=__name__)
    router.message.filter(is_admin)
    router.callback_query.filter(is_admin)
    router.message.register(stats, Command("stats"))
    router.message.register(broadcast, Command("broadcast"))
    router.message.register(user, Command("user"))
    router.callback_query.register(ban_or_unban, UserAction.filter())
    router.callback_query.register(cancel_broadcast, CancelBroadcast.filter())
    return router
