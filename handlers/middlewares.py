"""Outer middlewares on every update, in this order: drop duplicates, throttle floods, know the user (and their
language; banned users stop here), then clear a user's state after they asked to be forgotten.

Each is wrapped around the next by aiogram; each returns the handler's result. None writes business data: the
user upsert is one call into `services.accounts.users`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.middlewares.user_context import EVENT_CONTEXT_KEY, EventContext
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update, User
from loguru import logger
from redis.asyncio import Redis

from dialogs.states import Erasure
from handlers.claims import Claim, UpdateClaims
from handlers.commands import ERASE_CONFIRM
from handlers.state import forget_user_state, send_with_unlock
from handlers.web.metrics import Metrics
from locales import translator
from services.accounts.users import pick_language
from services.container import Services
from services.counters import Counters, limit_of

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DropDuplicates(BaseMiddleware):
    """Delivery is at least once: an update id handled before, or being handled now (by any instance, with
    Redis), is dropped. An update the webhook has already claimed (`update_claimed`) passes; the webhook records
    it. A handler cancelled mid-update (a shutdown) gives its claim back, so a later delivery is handled. The claim
    is usually taken already, in the round trip that took the user's lock (`handlers.state.arriving`), and marking
    it done goes out with the unlock (`handlers.state.send_with_unlock`): no round trip of its own either way."""

    def __init__(self, claims: UpdateClaims) -> None:
        self._claims = claims

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        if data.get("update_claimed"):
            return await handler(event, data)
        bot_id = data["bot"].id
        claim = await self._claims.begin(bot_id, event.update_id)
        if claim is not Claim.NEW:
            logger.info("update {} {}: dropped", event.update_id, "handled before" if claim is Claim.DONE else "busy")
            return None
        try:
            result = await handler(event, data)
        except asyncio.CancelledError:
            await self._claims.release(bot_id, event.update_id)
            raise
        except BaseException:
            await self._finish(bot_id, event.update_id)
            raise
        await self._finish(bot_id, event.update_id)
        return result

    async def _finish(self, bot_id: int, update_id: int) -> None:
        claims = self._claims
        if claims.redis is not None:
            key, value, seconds = claims.done_key(bot_id, update_id)
            if send_with_unlock(
                claims.redis, key, value, seconds=seconds, failed=lambda: claims.finished_here(update_id)
            ):
                return
        await claims.finish(bot_id, update_id)


class Throttle(BaseMiddleware):
    """At most `limit` updates per user in `window` seconds (windows of the clock); a flood beyond that is dropped
    (and logged once). Counted in Redis across instances; while Redis fails, in this process's memory (never "let
    everything in", never an error for the user): `services.counters`. The first update dropped in a window gets
    one short notice in the user's language (a count of its own, limited to one, so one instance sends it); the
    rest of that window is dropped silently."""

    def __init__(self, redis: Redis | None, *, limit: int = 30, window: int = 10,
                 clock: Callable[[], float] = time.time) -> None:  # fmt: skip
        self._counters = Counters(redis)
        self._window = window
        self._clock = clock
        # Each count lives two windows: instances whose clocks differ a little still share the window they name.
        self._updates = limit_of("throttle", limit, lives=window * 2)
        self._notices = limit_of("throttle-notice", 1, lives=window * 2)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        window = int(self._clock()) // self._window
        if await self._counters.hit(self._updates, user.id, window):
            return await handler(event, data)
        if await self._counters.hit(self._notices, user.id, window):
            logger.warning("user {} sends too fast: updates dropped for up to {} s", user.id, self._window)
            await self._notify(user, data)
        return None

    @staticmethod
    async def _notify(user: User, data: dict[str, Any]) -> None:
        """Say once that messages are being skipped, in the language the user reads (chosen, else Telegram's);
        a banned user is told nothing (the member is the one `KnowTheUser` reads, cached in Redis)."""
        bot: Bot | None = data.get("bot")
        if bot is None or user.is_bot:
            return
        context: EventContext | None = data.get(EVENT_CONTEXT_KEY)
        app: Services | None = data.get("app")
        language = pick_language(None, user.language_code)
        if app is not None:
            try:
                member = await app.users.seen(
                    user.id, username=user.username, first_name=user.first_name, last_name=user.last_name,
                    language_code=user.language_code,
                )  # fmt: skip
            except Exception as exc:  # the notice is a courtesy: a database hiccup must not turn into an error
                logger.warning("throttle notice for {}: user not read ({})", user.id, type(exc).__name__)
            else:
                if member.is_banned:
                    return
                language = member.language
        t = translator(language)
        try:
            await bot.send_message(context.chat_id if context and context.chat_id else user.id, t("throttled"))
        except TelegramAPIError as exc:
            logger.warning("throttle notice for {} not sent: {}", user.id, exc)


BANNED_MAY = frozenset({"/export", "/delete_me"})
"""What a banned user may still do: take their data, and have it erased (their right, ban or not)."""


def _banned_may(event: TelegramObject) -> bool:
    update = event if isinstance(event, Update) else None
    message = update.message if update is not None else None
    if message is not None and message.text:
        return message.text.strip() in BANNED_MAY  # exactly the command: no arguments, mentions or other case
    callback = update.callback_query if update is not None else None
    return callback is not None and callback.data == ERASE_CONFIRM


class KnowTheUser(BaseMiddleware):
    """Create or refresh the user (names, last active), pick their language, and stop banned users here (all but
    `/export` and `/delete_me`)."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            data["t"] = translator(None)
            return await handler(event, data)
        member = await self._services.users.seen(
            user.id, username=user.username, first_name=user.first_name, last_name=user.last_name,
            language_code=user.language_code,
        )  # fmt: skip
        if member.is_banned and not _banned_may(event):
            return None
        data["member"] = member
        data["t"] = translator(member.language)
        return await handler(event, data)


class ForgetOnRequest(BaseMiddleware):
    """After `/delete_me` is confirmed, clear the user's FSM and dialog state once the dialog machinery has
    saved its last write (this middleware is outside it)."""

    def __init__(self, redis: Redis | None) -> None:
        self._redis = redis

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        erasure = data["erasure"] = Erasure()
        result = await handler(event, data)
        if erasure.user_id is not None:
            removed = await forget_user_state(self._redis, data["fsm_storage"], erasure.user_id)
            logger.info("user {} erased; {} state keys removed", erasure.user_id, removed)
        return result


class Measure(BaseMiddleware):
    """Counts every update by type and times its handling (outermost, so dropped duplicates count too)."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    async def __call__(
        self, handler: Handler, event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:  # fmt: skip
        kind = event.event_type if isinstance(event, Update) else type(event).__name__
        started = time.perf_counter()
        try:
            return await handler(event, data)
        finally:
            self._metrics.updates.labels(kind).inc()
            self._metrics.latency.labels(kind).observe(time.perf_counter() - started)
