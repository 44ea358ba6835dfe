"""aiogram routers: commands, inputs (CV documents and typed searches), errors."""

from aiogram import Router

from handlers import commands, errors, inputs


def get_routers() -> list[Router]:
    """Commands first (they work inside any dialog), then documents and free text, then the dialogs' own."""
    return [errors.router, commands.router, inputs.router]
