"""Running the bot: the Bot and Dispatcher from the composition root, fed by long polling (Telegram's servers or
the playground's stand-in) or by the webhook, alongside the web app, which is wired here too (`build_web_app`)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from aiohttp import web
from loguru import logger

from bot.factory import ObservedDispatcher, create_bot, create_dispatcher
from bot.runtime import Runtime, create_services
from bot.scheduling import create_scheduler
from bot.settings import Settings
from handlers.admins import ADMIN_COMMANDS
from handlers.claims import UpdateClaims
from handlers.senders import BroadcastRunner, ErrorAlerts
from handlers.web.app import HeartbeatAge, WebOptions, create_web_app
from handlers.web.logbuffer import RECENT_LOGS, RecentLogs
from handlers.web.metrics import Metrics
from handlers.web.webhook import WebhookReceiver
from locales import translator
from scheduler.heartbeat import Heartbeat
from scheduler.jobs import BotScheduler
from services.accounts.users import LANGUAGES
from services.admin.api_tokens import ApiTokens
from services.container import Services

COMMANDS = ("start", "help", "menu", "profile", "applications", "language", "export", "delete_me", "cancel")


@dataclass(slots=True)
class BotApp:
    bot: Bot
    dp: Dispatcher
    services: Services
    broadcaster: BroadcastRunner
    admin_ids: frozenset[int]
    scheduler: BotScheduler | None = None
    claims: UpdateClaims | None = None


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
    bot = create_bot(token, api_base=api_base or settings.telegram_api_base)
    claims = UpdateClaims(runtime.redis)
    dp = create_dispatcher(services, runtime.redis, admin_ids=admin_ids, metrics=metrics, alerts=alerts,
                           claims=claims, on_done=on_done)  # fmt: skip
    broadcaster = BroadcastRunner(bot, services.broadcasts, services.user_admin)
    dp["broadcaster"] = broadcaster
    scheduler = create_scheduler(runtime, services, bot, broadcaster, heartbeat) if settings.scheduler else None
    return BotApp(bot, dp, services, broadcaster, admin_ids, scheduler, claims)


def web_options(settings: Settings) -> WebOptions:
    """What the web app reads of the settings. `/metrics` is on PORT unless METRICS_PORT serves it, behind
    METRICS_TOKEN when set; without a token it is open in development and off in production."""
    admin_token, metrics_token = settings.admin_token, settings.metrics_token
    return WebOptions(
        admin_token=admin_token.get_secret_value() if admin_token is not None else None,
        secure_cookies=settings.is_production,
        trusted_proxies=tuple(settings.trusted_proxies),
        api_rate_per_minute=settings.api_rate_per_minute,
        cors_origins=frozenset(settings.cors_origins),
        metrics_here=settings.metrics_port is None and (metrics_token is not None or not settings.is_production),
        metrics_token=metrics_token.get_secret_value() if metrics_token is not None else None,
    )


def build_web_app(
    runtime: Runtime,
    *,
    services: Services | None = None,
    metrics: Metrics | None = None,
    heartbeat: HeartbeatAge | None = None,
    logs: RecentLogs = RECENT_LOGS,
) -> web.Application:
    """The aiohttp application on PORT over this runtime. `services` and `metrics` are the running bot's when it
    runs beside (shared counters); `heartbeat` (the scheduler's `Heartbeat.age`) when a scheduler runs."""
    return create_web_app(
        services or create_services(runtime),
        ApiTokens(runtime.uow),
        web_options(runtime.settings),
        engine=runtime.engine,
        redis=runtime.redis,
        heartbeat=heartbeat,
        metrics_registry=metrics,
        logs=logs,
    )


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


class ReportConflicts(BaseRequestMiddleware):
    """A second process polling with the same token makes Telegram answer 409 to both: say so plainly (once a
    minute) instead of aiogram's bare retry lines."""

    def __init__(self) -> None:
        self._last = 0.0

    async def __call__(self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot,
                       method: TelegramMethod[TelegramType]) -> Response[TelegramType]:  # fmt: skip
        try:
            return await make_request(bot, method)
        except TelegramConflictError:
            if time.monotonic() - self._last > 60:
                self._last = time.monotonic()
                logger.error("another process is polling Telegram with this bot token (409 Conflict): run one "
                             "poller, or use the webhook (WEBHOOK_URL) when several instances run")  # fmt: skip
            raise


async def _start(app: BotApp) -> None:
    await set_commands(app.bot, app.admin_ids)
    await app.services.cv.warm_up()
    await app.services.search.embeddings.warm_up()  # the first search does not wait for the model to load
    await app.broadcaster.resume()
    if app.scheduler is not None:
        app.scheduler.start()


async def _shut_down(app: BotApp, grace: float) -> None:
    """After updates stopped coming: the scheduler and broadcasts stop at a safe point, then the sessions close."""
    if app.scheduler is not None:
        await app.scheduler.shutdown(grace)
    await app.broadcaster.stop(grace)
    await app.services.cv.close()
    await app.bot.session.close()
    await app.dp.storage.close()


async def poll_until(app: BotApp, stop: asyncio.Event, *, grace: float = 20.0) -> None:
    """Long polling until `stop` is set; then polling stops, running handlers get `grace` seconds to finish (in
    polling mode an update cancelled after that is not delivered again: polling is for development), and the rest
    shuts down."""
    await app.bot.delete_webhook(drop_pending_updates=False)
    await _start(app)
    app.bot.session.middleware(ReportConflicts())
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
        if isinstance(app.dp, ObservedDispatcher):
            await app.dp.drain(grace)
        await _shut_down(app, grace)


async def serve_webhook_until(app: BotApp, stop: asyncio.Event, receiver: WebhookReceiver, url: str, secret: str,
                              *, grace: float = 20.0) -> None:  # fmt: skip
    """Webhook mode: tell Telegram where to deliver (with the secret and the update types we use), then serve
    until `stop`; then take no new update, let running ones finish within `grace`, and shut down. The webhook
    stays set: another instance keeps receiving, and Telegram keeps undelivered updates for 24 hours."""
    await _start(app)
    allowed = app.dp.resolve_used_update_types()
    await app.bot.set_webhook(url, secret_token=secret, allowed_updates=allowed, drop_pending_updates=False)
    logger.info("webhook set for {}", ", ".join(allowed))
    try:
        await stop.wait()
    finally:
        await receiver.stop(grace)
        await _shut_down(app, grace)
