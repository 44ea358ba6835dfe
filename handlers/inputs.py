"""What a user sends outside a dialog's own input: a document is a CV, typed text is a search (or a CV pasted as
text, when it reads like one). A CV is handed to the CV dialog, which reads it (`Cv.reading`).

A message that the open dialog reads itself (a query, a place, a broadcast's photo) or answers itself (by showing
its window again) is passed on to the dialogs' routers: the handler raises `SkipHandler` (the dialog manager, which
knows what is open, reaches handlers, not filters)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from dialogs.states import TEXT_INPUT_STATES, Cv, Onboarding, Search
from locales import Translator
from services.accounts.users import Member
from services.cv.intake import pasted_verdict
from services.cv.profile import CvVerdict


def skip_if_the_window_reads_it(manager: DialogManager) -> None:
    """Leave the message to the open dialog window when it reads typed text (or a photo) itself."""
    if manager.has_context() and manager.current_context().state in TEXT_INPUT_STATES:
        raise SkipHandler


async def on_document(message: Message, dialog_manager: DialogManager, member: Member) -> None:
    document = message.document
    assert document is not None
    if not member.consented:  # keep the file's id, read it once the user agrees: nothing is lost
        data = {"file_id": document.file_id, "file_size": document.file_size}
        await dialog_manager.start(Onboarding.consent, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
        return
    await dialog_manager.start(Cv.reading, data={"file_id": document.file_id, "file_size": document.file_size})


async def on_text(message: Message, dialog_manager: DialogManager, member: Member) -> None:
    """A search, unless it reads like a CV pasted as text: then it is read as one (or, unsure, the user is asked)."""
    skip_if_the_window_reads_it(dialog_manager)
    text = message.text or ""
    verdict = pasted_verdict(text)
    if verdict is not CvVerdict.NOT_CV and not member.consented:  # no CV is read before consent
        await dialog_manager.start(Onboarding.consent, data={"then": "cv"}, mode=StartMode.RESET_STACK,
                                   show_mode=ShowMode.SEND)  # fmt: skip
    elif verdict is CvVerdict.CV:
        await dialog_manager.start(Cv.reading, data={"text": text})
    elif verdict is CvVerdict.UNSURE:
        await dialog_manager.start(
            Cv.confirm_text, data={"text": text}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
        )
    else:
        await dialog_manager.start(
            Search.results, data={"query": text}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
        )


async def on_photo(message: Message, dialog_manager: DialogManager, t: Translator) -> None:
    skip_if_the_window_reads_it(dialog_manager)
    await message.answer(t("cv-rejected-unsupported_image"))


async def on_unknown_command(message: Message, dialog_manager: DialogManager, t: Translator) -> None:
    skip_if_the_window_reads_it(dialog_manager)
    await message.answer(t("unknown-command"))


async def on_anything_else(message: Message, dialog_manager: DialogManager, t: Translator) -> None:
    """A sticker, a voice note, a location...: say what the bot understands (an open dialog answers any message
    itself, by showing its window again)."""
    if dialog_manager.has_context():
        raise SkipHandler
    await message.answer(t("unsupported-message"))


def create_router() -> Router:
    """A new router (a router belongs to one Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(on_document, F.document)
    router.message.register(on_text, F.text, ~F.text.startswith("/"))
    router.message.register(on_photo, F.photo)
    router.message.register(on_unknown_command, F.text.startswith("/"))
    router.message.register(on_anything_else)
    return router
