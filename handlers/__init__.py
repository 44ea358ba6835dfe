"""aiogram routers: commands, inputs (CV documents and typed searches); and the error handlers."""

from aiogram import Router

from handlers import commands, errors, inputs

register_error_handlers = errors.register


def get_routers() -> list[Router]:
    """Fresh routers for one Dispatcher: commands first (they work inside any dialog), then documents and free
    text; the dialogs' own routers come after these."""
    return [commands.create_router(), inputs.create_router()]
