"""The main menu and the first-time consent."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Column, Row, Start

from dialogs.common import Tr, services, user_id
from dialogs.cv import run_intake
from dialogs.states import Applications, Cv, Menu, Onboarding, Prefs, Saved, Search

DECLINED = "declined"
"""Start data of the menu after "Not now" at consent: the menu first says what works without consent."""


async def menu_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    user = dialog_manager.middleware_data.get("event_from_user")
    start = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    return {"name": user.first_name if user else "", DECLINED: bool(start.get(DECLINED))}


def menu_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Tr("consent-declined", when=DECLINED),
            Tr("menu-text"),
            Column(
                Start(Tr("btn-upload-cv"), id="cv", state=Cv.upload),
                Start(Tr("btn-search"), id="search", state=Search.query),
            ),
            Row(
                Start(Tr("btn-saved"), id="saved", state=Saved.list),
                Start(Tr("btn-applications"), id="applications", state=Applications.list),
            ),
            Start(Tr("btn-preferences"), id="prefs", state=Prefs.main),
            getter=menu_getter,
            state=Menu.main,
        ),
    )


async def on_agree(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await services(manager).users.give_consent(user_id(manager))
    pending = manager.start_data if isinstance(manager.start_data, dict) else {}
    if pending.get("file_id"):  # a CV sent before consent: read it now, nothing is lost
        await run_intake(manager, file_id=pending["file_id"], file_size=pending.get("file_size"))
    elif pending.get("then") == "cv":
        await manager.start(Cv.upload, data={"consented": True}, mode=StartMode.RESET_STACK)
    else:
        await manager.start(Menu.main, mode=StartMode.RESET_STACK)


async def on_decline(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    """Nothing is read without consent; the menu says what works all the same (typed search, jobs, saving,
    preferences and alerts: none of them reads a CV)."""
    await manager.start(Menu.main, data={DECLINED: True}, mode=StartMode.RESET_STACK)


def onboarding_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Tr("welcome-text"),
            Tr("privacy-notice"),
            Row(
                Button(Tr("btn-agree"), id="agree", on_click=on_agree),
                Button(Tr("btn-not-now"), id="decline", on_click=on_decline),
            ),
            getter=menu_getter,
            state=Onboarding.consent,
        ),
    )
