"""The user's conversation state (FSM and dialog stacks) in Redis or memory, and erasing it on request.

While Redis is down the bot goes on answering (`ResilientStorage`, and the isolation lock taken without Redis):
reads find no state (the user lands in the menu), writes are dropped, and the log says so once per outage."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from loguru import logger
from redis.asyncio import Redis
from redis.exceptions import LockError, RedisError

FSM_PREFIX = "fsm"


async def forget_user_state(redis: Redis | None, storage: BaseStorage, user_id: int) -> int:
    """Remove every state and data key of this user (all destinies: FSM, dialog stacks and contexts) and their
    throttle counters. Lock keys are left to expire on their own (the current update holds one). Returns the
    number of keys removed."""
    removed = 0
    if redis is not None:
        found = [key for key in await user_state_keys(redis, user_id) if not key.endswith(b":lock")]
        if found:
            removed += int(await redis.delete(*found))
    if isinstance(storage, MemoryStorage):
        for key in [k for k in storage.storage if user_id in (k.user_id, k.chat_id)]:
            del storage.storage[key]
            removed += 1
    return removed


async def user_state_keys(redis: Redis, user_id: int) -> list[bytes]:
    """Keys that still name the user (for tests and the erasure check)."""
    keys: set[bytes] = set()
    for pattern in (f"{FSM_PREFIX}:{user_id}:*", f"{FSM_PREFIX}:*:{user_id}:*", f"throttle:{user_id}:*"):
        keys.update([key async for key in redis.scan_iter(match=pattern, count=500)])
    return sorted(keys)


class _Outage:
    """Says once when Redis stops answering and once when it is back."""

    down = False

    @classmethod
    def failed(cls, what: str, exc: Exception) -> None:
        if not cls.down:
            cls.down = True
            logger.error("Redis unavailable ({}, on {}): conversations go on without their state until it is back",
                         type(exc).__name__, what)  # fmt: skip

    @classmethod
    def answered(cls) -> None:
        if cls.down:
            cls.down = False
            logger.warning("Redis answers again: conversation state is kept again")


class ResilientStorage(BaseStorage):
    """The Redis storage, except that a Redis error reads as "no state" and drops a write (see the module)."""

    def __init__(self, inner: BaseStorage) -> None:
        self.inner = inner

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        try:
            await self.inner.set_state(key, state)
            _Outage.answered()
        except RedisError as exc:
            _Outage.failed("set_state", exc)

    async def get_state(self, key: StorageKey) -> str | None:
        try:
            found = await self.inner.get_state(key)
        except RedisError as exc:
            _Outage.failed("get_state", exc)
            return None
        _Outage.answered()
        return found

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        try:
            await self.inner.set_data(key, data)
            _Outage.answered()
        except RedisError as exc:
            _Outage.failed("set_data", exc)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        try:
            found = await self.inner.get_data(key)
        except RedisError as exc:
            _Outage.failed("get_data", exc)
            return {}
        _Outage.answered()
        return found

    async def close(self) -> None:
        await self.inner.close()


class OrderedIsolation(BaseEventIsolation):
    """Per-user isolation that also keeps order: updates of one user wait in a first-come queue in this process
    (asyncio locks wake waiters in order), then take the Redis lock that isolates them from other instances.

    A Redis lock alone is taken by whichever waiter polls first, so twenty updates sent at once could run out of
    order; within one instance (polling, or a webhook behind one machine) this keeps them in arrival order.
    """

    def __init__(self, inner: BaseEventIsolation) -> None:
        self._inner = inner
        self._locks: dict[StorageKey, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        local, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (local, users + 1)
        try:
            async with local, _released_quietly(self._inner.lock(key), key):
                yield None
        finally:
            local, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (local, users - 1)

    async def close(self) -> None:
        await self._inner.close()


@asynccontextmanager
async def _released_quietly(lock: AbstractAsyncContextManager[None], key: StorageKey) -> AsyncGenerator[None, None]:
    """The Redis lock, except that losing it meanwhile (Redis flushed or restarted, the lock expired) is logged
    instead of failing an update whose work is already done. While Redis is down the update runs under this
    process's own lock only."""
    try:
        await lock.__aenter__()
    except RedisError as exc:
        _Outage.failed("lock", exc)
        yield None
        return
    try:
        yield None
    except BaseException as exc:
        try:
            if await lock.__aexit__(type(exc), exc, exc.__traceback__):
                return
        except (LockError, RedisError):
            logger.warning("user {}: the Redis lock was lost while the update ran", key.user_id)
        raise
    try:
        await lock.__aexit__(None, None, None)
    except (LockError, RedisError):
        logger.warning("user {}: the Redis lock was lost while the update ran", key.user_id)
