"""/delete_me: confirm, then erase everything we hold about the user."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Row

from dialogs.common import Tr, services, tr, user_id
from dialogs.states import Erasure, Menu, Privacy


async def on_confirm(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    uid = user_id(manager)
    await services(manager).users.delete(uid)
    erasure: Erasure = manager.middleware_data["erasure"]
    erasure.user_id = uid
    await manager.reset_stack()
    await callback.message.answer(tr(manager)("deleted-done"))  # type: ignore[union-attr]


async def on_keep(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


def privacy_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Tr("delete-confirm"),
            Row(
                Button(Tr("btn-delete-yes"), id="yes", on_click=on_confirm),
                Button(Tr("btn-delete-no"), id="no", on_click=on_keep),
            ),
            state=Privacy.confirm_delete,
        ),
    )
