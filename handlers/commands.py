"""Commands that work from anywhere: /start (and job deep links), /help, /cancel, /menu, /profile, /language,
/applications, /export, /delete_me. A banned user may still use the last two (their data is theirs): `/delete_me`
then asks with a plain button instead of the dialog."""

from __future__ import annotations

import json

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from dialogs.states import Applications, Cv, EraseConfirm, Erasure, Job, Menu, Onboarding, Prefs, Privacy
from locales import Translator
from services.accounts.users import Member
from services.container import Services

JOB_LINK = r"^job_(\d{1,12})$"


async def start_with_job(message: Message, command: CommandObject, dialog_manager: DialogManager) -> None:
    job_id = int((command.args or "job_0")[4:])
    await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE)
    await dialog_manager.start(Job.card, data={"job_id": job_id, "reasons": []}, show_mode=ShowMode.SEND)


async def start(message: Message, dialog_manager: DialogManager, member: Member) -> None:
    state = Menu.main if member.consented else Onboarding.consent
    await dialog_manager.start(state, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def help_(message: Message, t: Translator) -> None:
    await message.answer(t("help-text"))


async def cancel(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def language(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Prefs.choose, data={"field": "language"}, show_mode=ShowMode.SEND)


async def applications(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Applications.list, show_mode=ShowMode.SEND)


async def profile(message: Message, dialog_manager: DialogManager) -> None:
    """The CV profile card with its corrections (with no CV yet, how to send one)."""
    await dialog_manager.start(Cv.profile, show_mode=ShowMode.SEND)


ERASE_CONFIRM = EraseConfirm().pack()
"""The button `/delete_me` shows a banned user: a plain confirmation (the dialogs are closed to them)."""


async def delete_me(message: Message, dialog_manager: DialogManager, member: Member, t: Translator) -> None:
    if member.is_banned:  # erasure is their right all the same
        keyboard = InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text=t("btn-delete-yes"), callback_data=ERASE_CONFIRM)]])  # fmt: skip
        await message.answer(t("delete-confirm"), reply_markup=keyboard)
        return
    await dialog_manager.start(Privacy.confirm_delete, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def erase_confirmed(callback: CallbackQuery, app: Services, t: Translator, member: Member,
                          erasure: Erasure) -> None:  # fmt: skip
    """The plain confirmation's button: erase everything, as the dialog's does."""
    await app.users.delete(member.telegram_id)
    erasure.user_id = member.telegram_id
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(t("deleted-done"))


async def export(message: Message, app: Services, t: Translator, member: Member) -> None:
    data = await app.users.export(member.telegram_id)
    document = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    await message.answer_document(BufferedInputFile(document, filename="my-data.json"), caption=t("export-caption"))


def create_router() -> Router:
    """A new router (a router belongs to one Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(start_with_job, CommandStart(deep_link=True, magic=F.args.regexp(JOB_LINK)))
    router.message.register(start, CommandStart())
    router.message.register(help_, Command("help"))
    router.message.register(cancel, Command("cancel", "menu"))
    router.message.register(language, Command("language"))
    router.message.register(applications, Command("applications"))
    router.message.register(profile, Command("profile"))
    router.message.register(delete_me, Command("delete_me"))
    router.message.register(export, Command("export"))
    router.callback_query.register(erase_confirmed, EraseConfirm.filter())
    return router
