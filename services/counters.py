"""Small counters and values with a lifetime, shared by every instance through Redis when there is one.

A Redis error falls back to this process's memory for that call, so a limit is never lifted by an outage: it
only becomes per-process until Redis answers again. Used by the admin lock-out (`bot.guard`) and the per-user CV
quotas (`services.cv_service`).
"""

from __future__ import annotations

import contextlib
import time

from redis.asyncio import Redis
from redis.exceptions import RedisError


class ExpiringStore:
    """Small values with a lifetime: in Redis when there is one, else (or when Redis fails) in memory."""

    SWEEP_EVERY = 1000
    """Writes to memory between sweeps of expired entries (keys that are never read again: per-window counters)."""

    def __init__(self, redis: Redis | None) -> None:
        self._redis = redis
        self._memory: dict[str, tuple[str, float]] = {}
        self._writes = 0

    def _remember(self, key: str, value: str, expires: float) -> None:
        self._memory[key] = (value, expires)
        self._writes += 1
        if self._writes % self.SWEEP_EVERY == 0:
            now = time.monotonic()
            for stale in [k for k, (_, until) in self._memory.items() if until < now]:
                del self._memory[stale]

    def _live(self, key: str) -> str | None:
        found = self._memory.get(key)
        if found is None or found[1] < time.monotonic():
            self._memory.pop(key, None)
            return None
        return found[0]

    async def get(self, key: str) -> str | None:
        if self._redis is not None:
            try:
                value = await self._redis.get(key)
                return value.decode() if isinstance(value, bytes) else value
            except RedisError:
                pass
        return self._live(key)

    async def put(self, key: str, value: str, seconds: int, *, only_new: bool = False) -> None:
        """Store `value` for `seconds`; `only_new`: leave a live value (and its lifetime) as it is."""
        if self._redis is not None:
            try:
                await self._redis.set(key, value, ex=seconds, nx=only_new)
                return
            except RedisError:
                pass
        if only_new and self._live(key) is not None:
            return
        self._remember(key, value, time.monotonic() + seconds)

    async def add(self, key: str, amount: int, seconds: int) -> int:
        """Add `amount` (may be negative) and return the new count; the count expires `seconds` after it began."""
        if self._redis is not None:
            try:
                async with self._redis.pipeline(transaction=True) as pipe:
                    pipe.incrby(key, amount)
                    pipe.expire(key, seconds, nx=True)
                    count, _ = await pipe.execute()
                return int(count)
            except RedisError:
                pass
        current = self._live(key)
        count = int(current or 0) + amount
        expires = self._memory[key][1] if current is not None else time.monotonic() + seconds
        self._remember(key, str(count), expires)
        return count

    async def delete(self, key: str) -> None:
        self._memory.pop(key, None)
        if self._redis is not None:
            with contextlib.suppress(RedisError):
                await self._redis.delete(key)
