"""The inbound adapters. Here: the aiogram routers (commands, admin, alerts, inputs: CV documents and typed
searches) and the error handlers; beside them the aiohttp application (`handlers.web`) and the Telegram senders
(`handlers.senders`).

The routers load when they are collected, not with the package: the command line's logging and the web app import
`handlers.web`, and need not pay for aiogram's seconds of import."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiogram import Router
    from aiogram.filters import Filter


def register_error_handlers(router: Router) -> None:
    from handlers import errors

    errors.register(router)


def get_routers(is_admin: Filter) -> list[Router]:
    """Fresh routers for one Dispatcher, held by one: commands first (they work inside any dialog), then the admins'
    commands (for those `is_admin` lets through), then documents and free text; the dialogs' own routers come after
    these. A button press reaches them only if it is one of their buttons (`handlers.buttons`)."""
    from aiogram import Router

    from handlers import admin, alerts, commands, inputs
    from handlers.buttons import OwnButtons

    routers = [commands.create_router(), admin.create_router(is_admin), alerts.create_router(), inputs.create_router()]
    held = Router(name=__name__)
    held.callback_query.filter(OwnButtons.of(routers))
    held.include_routers(*routers)
    return [held]
