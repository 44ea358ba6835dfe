"""Running the bot: the Bot and Dispatcher from the composition root, fed by long polling (Telegram's servers or
the playground's stand-in), alongside the web app."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand, BotCommandScopeDefault
from loguru import logger

from bot.factory import create_bot, create_dispatcher, create_services
from bot.runtime import Runtime
from locales import translator
from services.accounts import LANGUAGES
from services.container import Services

COMMANDS = ("start", "help", "menu", "language", "export", "delete_me", "cancel")


@dataclass(slots=True)
class BotApp:
    bot: Bot
    dp: Dispatcher
    services: Services


def build_bot_app(
    runtime: Runtime, token: str, *, api_base: str | None = None, on_done: Callable[[int], None] | None = None
) -> BotApp:
    """`on_done` hears of each update handled (the playground's activity counter)."""
    services = create_services(runtime)
    dp = create_dispatcher(services, runtime.redis, on_done=on_done)
    return BotApp(create_bot(token, api_base=api_base), dp, services)


async def set_commands(bot: Bot) -> None:
    """The command menu in each language we speak (English is also the default for everyone else)."""
    for language in LANGUAGES:
        t = translator(language)
        commands = [BotCommand(command=name, description=t(f"command-{name.replace('_', '-')}")) for name in COMMANDS]
        code = None if language == "en" else language
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=code)


async def poll_until(app: BotApp, stop: asyncio.Event) -> None:
    """Long polling until `stop` is set; then polling stops and running handlers finish."""
    await app.bot.delete_webhook(drop_pending_updates=False)
    await set_commands(app.bot)
    await app.services.cv.warm_up()
    allowed = app.dp.resolve_used_update_types()
    logger.info("polling for {}", ", ".join(allowed))
    polling = asyncio.create_task(
        app.dp.start_polling(app.bot, handle_signals=False, close_bot_session=False, allowed_updates=allowed)
    )
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not polling.done():
            await app.dp.stop_polling()
            await polling
        stopped.cancel()
        await app.services.cv.close()
        await app.bot.session.close()
        await app.dp.storage.close()
