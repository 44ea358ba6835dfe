"""The buttons under a job alert: open a job, see every job of the alert, pause alerts."""

from __future__ import annotations

import datetime as dt
from html import escape

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from dialogs.states import AlertAll, AlertFirmOff, AlertJob, AlertPause, Job, Menu
from locales import Translator
from services.accounts.preferences import AlertFrequency
from services.container import Services
from services.delivery.telegram_html import popup
from services.jobs.cards import short_label


async def open_job(callback: CallbackQuery, callback_data: AlertJob, dialog_manager: DialogManager) -> None:
    job_id = callback_data.job_id
    await callback.answer()
    await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE)
    await dialog_manager.start(Job.card, data={"job_id": job_id, "reasons": []}, show_mode=ShowMode.SEND)


async def all_jobs(callback: CallbackQuery, callback_data: AlertAll, app: Services, t: Translator) -> None:
    at = dt.datetime.fromtimestamp(callback_data.at, dt.UTC)
    job_ids = await app.alerts.alerted_together(callback.from_user.id, at)  # only the presser's own alerts
    cards = [card for card in [await app.jobs.card(j) for j in job_ids] if card is not None]
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    if not cards:
        await callback.message.answer(t("alert-gone"))
        return
    lines = [t("alert-all-title", count=len(cards))]
    lines += [f"{i}. <b>{escape(c.title)}</b> — {escape(c.firm)}" for i, c in enumerate(cards, 1)]
    buttons = [[InlineKeyboardButton(text=f"{i}. {short_label(c.title)}",
                                     callback_data=AlertJob(job_id=c.job_id).pack())]
               for i, c in enumerate(cards, 1)]  # fmt: skip
    await callback.message.answer("\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons))


async def pause(callback: CallbackQuery, app: Services, t: Translator) -> None:
    await app.preferences.update_preferences(callback.from_user.id, alert_frequency=AlertFrequency.OFF)
    await callback.answer(t("alerts-paused"), show_alert=True)


async def firm_off(callback: CallbackQuery, callback_data: AlertFirmOff, app: Services, t: Translator) -> None:
    firm = await app.preferences.set_firm_alert(callback.from_user.id, callback_data.key, on=False)
    said = t("firm-alert-off", firm=firm) if firm is not None else t("button-expired")
    await callback.answer(popup(said), show_alert=True)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(open_job, AlertJob.filter())
    router.callback_query.register(all_jobs, AlertAll.filter())
    router.callback_query.register(pause, AlertPause.filter())
    router.callback_query.register(firm_off, AlertFirmOff.filter())
    return router
