"""aiogram routers: commands, admin, inputs (CV documents and typed searches); and the error handlers."""

from aiogram import Router

from handlers import admin, alerts, commands, errors, inputs

register_error_handlers = errors.register


def get_routers(admin_ids: frozenset[int] = frozenset()) -> list[Router]:
    """Fresh routers for one Dispatcher: commands first (they work inside any dialog), then the admins' commands,
    then documents and free text; the dialogs' own routers come after these."""
    return [commands.create_router(), admin.create_router(admin_ids), alerts.create_router(), inputs.create_router()]
