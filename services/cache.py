"""Values kept for a while under a key in Redis, seen by every instance: in front of something slower (a user's Member
in `services.accounts.users`, a query's vector in `services.search.embeddings`), or small values with a lifetime
that exist nowhere else (the admin page's sessions).

Redis trouble never fails the caller: a read that fails is a miss, a write or a drop that fails is skipped (the
value expires on its own), and the first failure after Redis last answered is logged. A cache made with `memory`
also keeps values in this process's memory (`cachetools`) when there is no Redis or Redis fails, so that what
exists nowhere else still works on this instance; the others only ever see Redis.

A caller that reads some keys from Redis in a round trip of its own (the bot reads the user's cached Member with
their lock, `handlers/state.py`) hands them over with `serve_ahead`; `get` then serves each once without asking Redis.
"""

from __future__ import annotations

from contextvars import ContextVar, Token

from cachetools import TTLCache
from loguru import logger
from redis.asyncio import Redis
from redis.exceptions import RedisError

TROUBLE = (RedisError, OSError)
"""What Redis raises when it is down, slow or refuses (a timeout is an OSError)."""

_AHEAD: ContextVar[dict[str, str | None] | None] = ContextVar("cache_read_ahead", default=None)


def serve_ahead(values: dict[str, str | None]) -> Token[dict[str, str | None] | None]:
    """Serve these values, just read from the Redis every cache here uses (None: the key was absent), to the next
    `get` of each key in this context, until `stop_serving`; a `put` or `delete` of a key drops it."""
    return _AHEAD.set(values)


def stop_serving(token: Token[dict[str, str | None] | None]) -> None:
    _AHEAD.reset(token)


class Cache:
    """Values (text) that live `seconds` under a key, named `name` in the log."""

    def __init__(self, redis: Redis | None, name: str, *, seconds: int, memory: int = 0) -> None:
        """`memory`: how many values this process may keep itself when Redis is absent or failing (0: none)."""
        self._redis = redis
        self.name = name
        self.seconds = seconds
        self._memory: TTLCache[str, str] | None = TTLCache(maxsize=memory, ttl=seconds) if memory else None
        self._failing = False

    @property
    def keeps(self) -> bool:
        """Whether `put` keeps anything at all (there is Redis, or memory): else a caller need not encode a value."""
        return self._redis is not None or self._memory is not None

    def _failed(self, what: str, exc: Exception) -> None:
        if not self._failing:
            self._failing = True
            logger.warning("{} cache: Redis {} failed ({}); going on without it", self.name, what, type(exc).__name__)

    async def get(self, key: str) -> str | None:
        ahead = _AHEAD.get()
        if ahead and self._redis is not None and key in ahead:
            return ahead.pop(key)
        if self._redis is not None:
            try:
                value = await self._redis.get(key)
            except TROUBLE as exc:
                self._failed("read", exc)
            else:
                self._failing = False
                return value.decode() if isinstance(value, bytes) else value
        return self._memory.get(key) if self._memory is not None else None

    async def put(self, key: str, value: str) -> None:
        if ahead := _AHEAD.get():
            ahead.pop(key, None)
        if self._redis is not None:
            try:
                await self._redis.set(key, value, ex=self.seconds)
            except TROUBLE as exc:
                self._failed("write", exc)
            else:
                self._failing = False
                return
        if self._memory is not None:
            self._memory[key] = value

    async def delete(self, *keys: str) -> int:
        """Drop these keys; returns how many there were (in Redis when it answers, else in memory)."""
        if ahead := _AHEAD.get():
            for key in keys:
                ahead.pop(key, None)
        dropped = sum(self._memory.pop(key, None) is not None for key in keys) if self._memory is not None else 0
        if self._redis is not None and keys:
            try:
                return int(await self._redis.delete(*keys))
            except TROUBLE as exc:
                self._failed("drop", exc)
        return dropped
