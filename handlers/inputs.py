"""What a user sends outside a dialog's own input: a document is a CV, typed text is a search (or a CV pasted as
text, when it reads like one)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.internal import CONTEXT_KEY

from dialogs.cv import run_intake
from dialogs.states import TEXT_INPUT_STATES, Cv, Onboarding, Search
from locales import Translator
from services.accounts import Member
from services.cv_profile import CvVerdict
from services.cv_service import pasted_verdict


class NotAwaitingText(Filter):
    """True unless the open dialog window reads typed text itself (a query, a place, a pasted CV)."""

    async def __call__(self, message: Message, **data: Any) -> bool:
        context = data.get(CONTEXT_KEY)
        return context is None or context.state not in TEXT_INPUT_STATES


async def on_document(message: Message, dialog_manager: DialogManager, member: Member) -> None:
    document = message.document
    assert document is not None
    if not member.consented:  # keep the file's id, read it once the user agrees: nothing is lost
        data = {"file_id": document.file_id, "file_size": document.file_size}
        await dialog_manager.start(Onboarding.consent, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
        return
    await run_intake(dialog_manager, file_id=document.file_id, file_size=document.file_size)


async def on_text(message: Message, dialog_manager: DialogManager, member: Member) -> None:
    """A search, unless it reads like a CV pasted as text: then it is read as one (or, unsure, the user is asked)."""
    text = message.text or ""
    verdict = pasted_verdict(text)
    if verdict is not CvVerdict.NOT_CV and not member.consented:  # no CV is read before consent
        await dialog_manager.start(Onboarding.consent, data={"then": "cv"}, mode=StartMode.RESET_STACK,
                                   show_mode=ShowMode.SEND)  # fmt: skip
    elif verdict is CvVerdict.CV:
        await run_intake(dialog_manager, text=text)
    elif verdict is CvVerdict.UNSURE:
        await dialog_manager.start(
            Cv.confirm_text, data={"text": text}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
        )
    else:
        await dialog_manager.start(
            Search.results, data={"query": text}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
        )


async def on_photo(message: Message, t: Translator) -> None:
    await message.answer(t("cv-rejected-unsupported_image"))


async def on_unknown_command(message: Message, t: Translator) -> None:
    await message.answer(t("unknown-command"))


class NoDialogOpen(Filter):
    """True when no dialog is open (an open dialog answers any message itself, by showing its window again)."""

    async def __call__(self, message: Message, **data: Any) -> bool:
        return data.get(CONTEXT_KEY) is None


async def on_anything_else(message: Message, t: Translator) -> None:
    """A sticker, a voice note, a location...: say what the bot understands."""
    await message.answer(t("unsupported-message"))


def create_router() -> Router:
    """A new router (a router belongs to one Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(on_document, F.document)
    router.message.register(on_text, F.text, ~F.text.startswith("/"), NotAwaitingText())
    router.message.register(on_photo, F.photo, NotAwaitingText())
    router.message.register(on_unknown_command, F.text.startswith("/"), NotAwaitingText())
    router.message.register(on_anything_else, NoDialogOpen())
    return router
