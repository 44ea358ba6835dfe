"""Running the bot: the Bot and Dispatcher from the composition root, fed by long polling (Telegram's servers or
the playground's stand-in), alongside the web app."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from loguru import logger

from bot.admins import ADMIN_COMMANDS
from bot.alerting import create_scheduler
from bot.alerts import ErrorAlerts
from bot.broadcasting import BroadcastRunner
from bot.factory import create_bot, create_dispatcher
from bot.metrics import Metrics
from bot.runtime import Runtime, create_services
from locales import translator
from scheduler.heartbeat import Heartbeat
from scheduler.jobs import BotScheduler
from services.accounts import LANGUAGES
from services.container import Services

COMMANDS = ("start", "help", "menu", "language", "export", "delete_me", "cancel")


@dataclass(slots=True)
class BotApp:
    bot: Bot
    dp: Dispatcher
    services: Services
    broadcaster: BroadcastRunner
    admin_ids: frozenset[int]
    scheduler: BotScheduler | None = None


def build_bot_app(
    runtime: Runtime,
    token: str,
    *,
    services: Services | None = None,
    metrics: Metrics | None = None,
    api_base: str | None = None,
    on_done: Callable[[int], None] | None = None,
    heartbeat: Heartbeat | None = None,
) -> BotApp:
    """`services` and `metrics` are shared with the web app when given; `on_done` hears of each update handled
    (the playground's activity counter)."""
    settings = runtime.settings
    services = services or create_services(runtime)
    if metrics is not None:
        services.usage.observers.append(metrics.on_event)
    admin_ids = frozenset(settings.admin_ids)
    alert_chats = [settings.admin_chat_id] if settings.admin_chat_id is not None else sorted(admin_ids)
    alerts = ErrorAlerts(alert_chats, runtime.redis, window_minutes=settings.error_alert_minutes)
    bot = create_bot(token, api_base=api_base)
    dp = create_dispatcher(services, runtime.redis, admin_ids=admin_ids, metrics=metrics, alerts=alerts,
                           on_done=on_done)  # fmt: skip
    broadcaster = BroadcastRunner(bot, services.broadcasts, services.accounts)
    dp["broadcaster"] = broadcaster
    scheduler = create_scheduler(runtime, services, bot, broadcaster, heartbeat) if settings.scheduler else None
    return BotApp(bot, dp, services, broadcaster, admin_ids, scheduler)


async def set_commands(bot: Bot, admin_ids: frozenset[int] = frozenset()) -> None:
    """The command menu in each language we speak (English is also the default for everyone else); admins see
    their own commands too, in their chat with the bot."""
    for language in LANGUAGES:
        t = translator(language)
        commands = [BotCommand(command=name, description=t(f"command-{name.replace('_', '-')}")) for name in COMMANDS]
        code = None if language == "en" else language
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=code)
    t = translator(None)
    every = [BotCommand(command=name, description=t(f"command-{name.replace('_', '-')}"))
             for name in (*COMMANDS, *ADMIN_COMMANDS)]  # fmt: skip
    for admin in sorted(admin_ids):
        try:
            await bot.set_my_commands(every, scope=BotCommandScopeChat(chat_id=admin))
        except TelegramBadRequest as exc:  # an admin who never opened the bot
            logger.warning("admin {}: commands not set ({})", admin, exc.message)


async def poll_until(app: BotApp, stop: asyncio.Event) -> None:
    """Long polling until `stop` is set; then polling stops and running handlers finish."""
    await app.bot.delete_webhook(drop_pending_updates=False)
    await set_commands(app.bot, app.admin_ids)
    await app.services.cv.warm_up()
    await app.broadcaster.resume()
    if app.scheduler is not None:
        app.scheduler.start()
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
        if app.scheduler is not None:
            await app.scheduler.shutdown()
        await app.broadcaster.stop()
        await app.services.cv.close()
        await app.bot.session.close()
        await app.dp.storage.close()
