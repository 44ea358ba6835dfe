"""Commands that work from anywhere: /start (and job deep links), /help, /cancel, /menu, /language, /export,
/delete_me."""

from __future__ import annotations

import json

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import BufferedInputFile, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from dialogs.states import Job, Menu, Onboarding, Prefs, Privacy
from locales import Translator
from services.accounts import Member
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


async def delete_me(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Privacy.confirm_delete, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def export(message: Message, app: Services, t: Translator, member: Member) -> None:
    data = await app.accounts.export(member.telegram_id)
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
    router.message.register(delete_me, Command("delete_me"))
    router.message.register(export, Command("export"))
    return router
