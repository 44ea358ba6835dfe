"""The composition root: the Bot, the Dispatcher and the services, built the same way for every mode and test."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, cast

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramNetworkError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods.base import Response, TelegramMethod, TelegramType
from aiogram.types import Update
from aiogram_dialog import setup_dialogs
from aiogram_dialog.api.protocols import MessageManagerProtocol
from aiohttp import ClientError, ClientTimeout
from loguru import logger
from redis.asyncio import Redis

from dialogs import get_dialogs
from handlers import get_routers, register_error_handlers
from handlers.admins import AdminGate, IsAdmin
from handlers.claims import UpdateClaims
from handlers.middlewares import DropDuplicates, ForgetOnRequest, KnowTheUser, Measure, Throttle
from handlers.senders import ErrorAlerts
from handlers.state import OrderedIsolation, ResilientStorage, arriving
from handlers.web.metrics import Metrics
from locales import translator
from services.container import Services
from services.lifecycle import finish_or_cancel


class _Session(AiohttpSession):
    """aiogram's session, in two respects lighter.

    Requests go as a JSON body (the Bot API takes JSON as well as forms) unless they upload a file: aiogram's form
    body is URL-encoded by aiohttp a byte at a time in Python, which for a message of a kilobyte or two with its
    keyboard cost more than the rest of the request. Fields are what aiogram's form would carry (all but the unset
    and the empty text), values prepared by aiogram.

    aiogram reads each answer as `Response[T]` (T: what the method returns), a pydantic generic that pydantic
    caches only weakly: a garbage collection that finds it unused frees it, and the next answer builds its schema
    again (milliseconds; 30-130 times in one benchmark run of 400 updates). This session keeps the few the bot has
    used."""

    _kept: ClassVar[dict[Any, type[Response[Any]]]] = {}

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:  # noqa: ASYNC109 (aiogram's signature)  # fmt: skip
        files: dict[str, Any] = {}
        fields = {}
        for name, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":  # what aiogram's form leaves out; false, 0 and [] are sent
                fields[name] = prepared
        if files:
            return await super().make_request(bot, method, timeout)  # an upload: aiogram's multipart form
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            limit = ClientTimeout(total=self.timeout if timeout is None else timeout)
            async with session.post(url, data=self.json_dumps(fields), headers=_JSON_BODY, timeout=limit) as answer:
                content = await answer.text()
        except TimeoutError as exc:
            raise TelegramNetworkError(method=method, message="Request timeout error") from exc
        except ClientError as exc:
            raise TelegramNetworkError(method=method, message=f"{type(exc).__name__}: {exc}") from exc
        response = self.check_response(bot=bot, method=method, status_code=answer.status, content=content)
        return cast(TelegramType, response.result)

    def check_response(self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int,
                       content: str) -> Response[TelegramType]:  # fmt: skip
        returning = method.__returning__
        if returning not in self._kept:
            self._kept[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


_JSON_BODY = {"Content-Type": "application/json"}


def create_bot(token: str, *, api_base: str | None = None) -> Bot:
    """A Bot with HTML messages; `api_base` points it at another Bot API server (the playground's stand-in)."""
    session = _Session(api=TelegramAPIServer.from_base(api_base)) if api_base else _Session()
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def create_storage(redis: Redis | None, *, cached: Callable[[int], Sequence[str]] | None = None,
                   claims: UpdateClaims | None = None) -> tuple[BaseStorage, BaseEventIsolation]:  # fmt: skip
    """Redis state (keys per destiny, as aiogram-dialog needs) and per-user locks in Redis; memory otherwise.
    `cached`: a user's cached values (`services.cache` keys) to read with their lock; `claims`: the update claims
    to take with it."""
    if redis is None:
        logger.warning("REDIS_URL is not set: conversation state is kept in memory and lost at restart")
        return MemoryStorage(), SimpleEventIsolation()
    storage = RedisStorage(redis, key_builder=DefaultKeyBuilder(with_destiny=True))
    return ResilientStorage(storage), OrderedIsolation(
        storage.create_isolation(), storage, cached=cached, claims=claims
    )


class ObservedDispatcher(Dispatcher):
    """A Dispatcher that reports each update it has finished with, errors handled, to `on_done` (the
    playground waits on it to know the bot has answered).

    It is also the last resort: an update whose failure escaped the error handlers (`handlers/errors.py` run inside
    aiogram's error middleware, and aiogram-dialog's part of it needs a context it may have failed to load) still
    gets a short apology in the user's language, and the log says what failed."""

    def __init__(self, *, on_done: Callable[[int], None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_done = on_done
        self._in_flight: set[asyncio.Task[Any]] = set()

    async def feed_update(self, bot: Bot, update: Update, **kwargs: Any) -> Any:
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            with arriving(update, claimed=bool(kwargs.get("update_claimed"))):
                return await super().feed_update(bot, update, **kwargs)
        except Exception as exc:
            await _apologise(bot, update, exc)
            return None
        finally:
            if task is not None:
                self._in_flight.discard(task)
            if self._on_done is not None:
                self._on_done(update.update_id)

    async def drain(self, grace: float) -> int:
        """Wait for the updates being handled (aiogram's own shutdown does not) for up to `grace` seconds; cancel
        those still running after it. Returns how many were cancelled."""
        running = [t for t in self._in_flight if t is not asyncio.current_task()]
        if not running:
            return 0
        logger.info("waiting up to {:.0f} s for {} updates in progress", grace, len(running))
        return await finish_or_cancel(running, grace)


async def _apologise(bot: Bot, update: Update, exc: Exception) -> None:
    logger.opt(exception=exc).error("update {} failed outside the error handlers: {}", update.update_id,
                                    type(exc).__name__)  # fmt: skip
    source = update.message or update.callback_query or update.edited_message
    user = source.from_user if source is not None else None
    if user is None:
        return
    try:
        await bot.send_message(user.id, translator(user.language_code)("error-unexpected"))
    except Exception as failed:
        logger.warning("update {}: could not apologise ({})", update.update_id, type(failed).__name__)


def create_dispatcher(
    services: Services,
    redis: Redis | None,
    *,
    admin_ids: frozenset[int] = frozenset(),
    metrics: Metrics | None = None,
    alerts: ErrorAlerts | None = None,
    claims: UpdateClaims | None = None,
    storage: BaseStorage | None = None,
    isolation: BaseEventIsolation | None = None,
    message_manager: MessageManagerProtocol | None = None,
    on_done: Callable[[int], None] | None = None,
) -> Dispatcher:
    claims = claims or UpdateClaims(redis)
    if storage is None:
        storage, isolation = create_storage(redis, cached=services.users.cached_keys, claims=claims)
    isolation = isolation or SimpleEventIsolation()
    dp = ObservedDispatcher(storage=storage, events_isolation=isolation, on_done=on_done, app=services,
                            alerts=alerts)  # fmt: skip
    if metrics is not None:
        dp.update.outer_middleware(Measure(metrics))
    for middleware in (DropDuplicates(claims), Throttle(redis), KnowTheUser(services), AdminGate(admin_ids),
                       ForgetOnRequest(redis)):  # fmt: skip
        dp.update.outer_middleware(middleware)
    register_error_handlers(dp)
    is_admin = IsAdmin(admin_ids)
    dp.include_routers(*get_routers(is_admin), *get_dialogs(is_admin))
    setup_dialogs(dp, events_isolation=isolation, message_manager=message_manager)
    return dp
