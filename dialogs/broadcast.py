"""/broadcast for admins: compose (HTML text, or a photo with a caption), choose the audience, see the exact
message and how many it goes to, confirm; then it is sent in the background (`handlers.senders.broadcasts`).

Buttons that act have ids starting `adm_`, so a non-admin's forged press is recognised and refused by
`handlers.admins.AdminGate`; the dialog's own router answers admins only as well.
"""

from __future__ import annotations

from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, SwitchTo

from dialogs.common import Tr, esc, services, tr, user_id
from dialogs.states import BroadcastFlow
from services.accounts.users import LANGUAGES
from services.delivery.broadcasts import Audience, BroadcastInvalid, Draft, check_text


async def on_message(message: Message, _: MessageInput, manager: DialogManager) -> None:
    photo = message.photo[-1].file_id if message.photo else None
    text = (message.caption if photo else message.text) or ""
    try:
        check_text(text, with_photo=photo is not None)
    except BroadcastInvalid as exc:
        manager.dialog_data["problem"] = exc.params["problem"]
        return
    manager.dialog_data.update(text=text, photo=photo, problem="")
    await manager.switch_to(BroadcastFlow.audience)


async def compose_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    problem = dialog_manager.dialog_data.get("problem", "")
    return {"problem": esc(problem), "has_problem": bool(problem)}


async def audience_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    broadcasts = services(dialog_manager).broadcasts
    return {
        "all": await broadcasts.audience_size(Audience.ALL),
        "with_cv": await broadcasts.audience_size(Audience.WITH_CV),
    }


async def _preview(callback: CallbackQuery, manager: DialogManager, audience: Audience, language: str | None) -> None:
    """Send the admin the exact message; Telegram's refusal (it checks more than we do) sends them back."""
    data = manager.dialog_data
    bot = manager.middleware_data["bot"]
    chat = user_id(manager)
    try:
        if data.get("photo"):
            await bot.send_photo(chat, data["photo"], caption=data["text"] or None)
        else:
            await bot.send_message(chat, data["text"])
    except TelegramBadRequest as exc:
        data["problem"] = exc.message
        await manager.switch_to(BroadcastFlow.compose, show_mode=ShowMode.SEND)
        return
    data.update(audience=audience.value, language=language,
                count=await services(manager).broadcasts.audience_size(audience, language))  # fmt: skip
    await manager.switch_to(BroadcastFlow.preview, show_mode=ShowMode.SEND)


async def on_audience(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _preview(callback, manager, Audience(str(button.widget_id).removeprefix("adm_to_")), None)


async def on_language(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _preview(callback, manager, Audience.LANGUAGE, str(button.widget_id).removeprefix("adm_lang_"))


async def preview_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    t = tr(dialog_manager)
    who = t(f"broadcast-audience-{data['audience']}", language=data.get("language") or "")
    return {"count": data.get("count", 0), "audience": who}


async def on_confirm(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    draft = Draft(data["text"], data.get("photo"), Audience(data["audience"]), data.get("language"))
    broadcast_id = await services(manager).broadcasts.create(user_id(manager), draft)
    # The runner (`handlers.senders.broadcasts`, set by the composition root) posts the progress message it edits.
    await manager.middleware_data["broadcaster"].launch(broadcast_id, tr(manager))
    await manager.done(show_mode=ShowMode.NO_UPDATE)


def broadcast_dialog(is_admin: Filter) -> Dialog:
    """A new instance for one Dispatcher, answering admins only (those `is_admin` lets through)."""
    dialog = Dialog(
        Window(
            Tr("broadcast-compose"),
            Tr("broadcast-problem", when="has_problem"),
            MessageInput(on_message, content_types=["text", "photo"]),
            Cancel(Tr("btn-cancel")),
            getter=compose_getter,
            state=BroadcastFlow.compose,
        ),
        Window(
            Tr("broadcast-audience"),
            Column(
                Button(Tr("broadcast-to-all"), id="adm_to_all", on_click=on_audience),
                Button(Tr("broadcast-to-with_cv"), id="adm_to_with_cv", on_click=on_audience),
                SwitchTo(Tr("broadcast-to-language"), id="adm_by_lang", state=BroadcastFlow.language),
            ),
            SwitchTo(Tr("btn-back"), id="back", state=BroadcastFlow.compose),
            getter=audience_getter,
            state=BroadcastFlow.audience,
        ),
        Window(
            Tr("broadcast-language"),
            Column(
                *(Button(Tr(f"language-{code}"), id=f"adm_lang_{code}", on_click=on_language) for code in LANGUAGES)
            ),
            SwitchTo(Tr("btn-back"), id="back", state=BroadcastFlow.audience),
            state=BroadcastFlow.language,
        ),
        Window(
            Tr("broadcast-preview"),
            Button(Tr("broadcast-confirm"), id="adm_confirm", on_click=on_confirm),
            SwitchTo(Tr("btn-back"), id="back", state=BroadcastFlow.audience),
            Cancel(Tr("btn-cancel")),
            getter=preview_getter,
            state=BroadcastFlow.preview,
        ),
    )
    dialog.message.filter(is_admin)
    dialog.callback_query.filter(is_admin)
    return dialog
