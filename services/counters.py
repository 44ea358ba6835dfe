"""Counts with a lifetime, shared by every instance through Redis when there is one: the flood throttle, the HTTP
API's rate, the CV quotas and the admin lock-out all count here, on the `limits` library (its fixed-window strategy
over its Redis storage, on the bot's own Redis connections), as the send budget does (`services.delivery.pace`).

A Redis error falls back to this process's memory (`limits`' memory storage) for that call, so a limit is never
lifted by an outage: it only becomes per-process until Redis answers again. Without Redis, memory is all there is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import FixedWindowRateLimiter
from redis.asyncio import Redis
from redis.exceptions import RedisError

KEY_PREFIX = "jobbot-limits"
"""Every count's Redis key starts `jobbot-limits:<name>/`, then the parts of its key."""

T = TypeVar("T")
Key = str | int
Limit = RateLimitItem
"""At most so many hits in a count of some lifetime (`limit_of`); its name and numbers are part of each key."""


def redis_storage(redis: Redis) -> RedisStorage:
    """`limits`' Redis storage on `redis`'s connection pool (its timeouts and retries too), not a second client."""
    options: dict[str, Any] = {"connection_pool": redis.connection_pool}
    return RedisStorage("async+redis://", implementation="redispy", key_prefix=KEY_PREFIX, **options)


def limit_of(name: str, amount: int, *, lives: int) -> Limit:
    """At most `amount` in a count that lives `lives` seconds from its first hit, counted under `name`.

    A caller whose windows follow its own clock (a minute, a day) puts the window in the key and lets the count
    live a little longer than the window, so that instances whose clocks differ slightly still share it."""
    return RateLimitItemPerSecond(amount, lives, namespace=name)


class Counters:
    """Counts against `limit`s, each under a key of a few parts (`"t", "count", client`): in Redis when there is
    one, else (or when Redis fails) in this process's memory."""

    def __init__(self, redis: Redis | None) -> None:
        self._memory = FixedWindowRateLimiter(MemoryStorage())
        self._shared = FixedWindowRateLimiter(redis_storage(redis)) if redis is not None else None

    async def _run(self, call: Callable[[FixedWindowRateLimiter], Awaitable[T]]) -> T:
        if self._shared is not None:
            try:
                return await call(self._shared)
            except RedisError:
                pass
        return await call(self._memory)

    async def hit(self, limit: Limit, *key: Key) -> bool:
        """Count one; whether the count is still within `limit` (a hit past it is counted too)."""
        return await self._run(lambda counter: counter.hit(limit, *map(str, key)))

    async def count(self, limit: Limit, *key: Key) -> int:
        """The count so far (0 when it has none or it has expired)."""
        name = limit.key_for(*key)
        return await self._run(lambda counter: counter.storage.get(name))

    async def give_back(self, limit: Limit, *key: Key) -> None:
        """Take one hit back (an attempt that turned out right); the count keeps its lifetime."""
        name = limit.key_for(*key)
        await self._run(lambda counter: counter.storage.incr(name, limit.get_expiry(), amount=-1))

    async def clear(self, limit: Limit, *key: Key) -> None:
        await self._run(lambda counter: counter.clear(limit, *map(str, key)))
