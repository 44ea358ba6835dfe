"""The flood throttle: at most 30 updates per user in 10 seconds, counted in real Redis across instances, and still
counted (in memory) while Redis fails, with no error for the user."""

from __future__ import annotations

from typing import Any

from aiogram.types import User
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from handlers.middlewares import Throttle


async def _flood(throttle: Throttle, user_id: int, updates: int) -> int:
    handled = 0

    async def handler(_event: Any, _data: dict[str, Any]) -> None:
        nonlocal handled
        handled += 1

    user = User(id=user_id, is_bot=False, first_name="Flood")
    for _ in range(updates):
        await throttle(handler, object(), {"event_from_user": user})  # type: ignore[arg-type]
    return handled


async def test_a_flood_is_cut_at_the_limit_across_instances(redis_url: str) -> None:
    one, two = Redis.from_url(redis_url), Redis.from_url(redis_url)
    try:
        await one.delete(*[k async for k in one.scan_iter("jobbot-limits:throttle*")] or ["none"])

        def clock() -> float:
            return 1_800_000_000.0  # one window for the whole test, wherever the wall clock is

        first, second = Throttle(one, clock=clock), Throttle(two, clock=clock)
        assert await _flood(first, 77, 20) == 20
        assert await _flood(second, 77, 20) == 10  # the same user on another instance: one budget
        assert await _flood(first, 78, 5) == 5  # someone else is not held back
    finally:
        await one.delete(*[k async for k in one.scan_iter("jobbot-limits:throttle*")] or ["none"])
        await one.aclose()
        await two.aclose()


async def test_while_redis_fails_the_throttle_counts_in_memory() -> None:
    broken = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    try:
        throttle = Throttle(broken, clock=lambda: 1_800_000_000.0)
        assert await _flood(throttle, 79, 40) == 30  # no error, and still a limit
    finally:
        await broken.aclose()
