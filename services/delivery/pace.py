"""Bulk sending under Telegram's rules, for broadcasts (and the alerts of the scheduler): one pace for the whole
bot, every 429 waited out and retried for as long as it takes, a 5xx or network error retried with backoff, a 403
taken as final for that user.

A copy is FAILED only for a refusal that will not change (a 400); a 429 never makes a reachable user FAILED, and a
copy that kept meeting 5xx or network errors comes back as RETRY: not delivered yet, the caller keeps it for later.

Nothing here knows aiogram: the bot's adapter turns each Bot API answer into success, or raises `RetryAfter`,
`Unreachable`, `Transient` or `SendFailed`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from loguru import logger


class RetryAfter(Exception):
    """Telegram's 429: nothing may be sent by this bot for `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Unreachable(Exception):
    """Telegram's 403 (blocked by the user, deactivated, never started the bot): final, never retried."""


class SendFailed(Exception):
    """A refusal that will not change (a 400): this copy failed."""


class Transient(Exception):
    """A 5xx or a network error: Telegram may well take the same copy a little later."""


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    RETRY = "retry"
    """Not delivered yet (Telegram kept failing, or the sender is stopping): keep it for a later attempt."""


Buttons = tuple[tuple[tuple[str, str], ...], ...]
"""Rows of (label, callback data)."""


@dataclass(frozen=True, slots=True)
class Content:
    """What a bulk message carries: HTML text, or a photo (a Telegram file id) with the text as its caption, and
    buttons under it."""

    text: str
    photo_file_id: str | None = None
    buttons: Buttons = ()


Send = Callable[[int, Content], Awaitable[None]]
"""Deliver one copy to one user, or raise RetryAfter, Unreachable or SendFailed."""


class Pace:
    """An even pace for every bulk send of this process: at most `per_second`, never two closer than
    1/`per_second` apart, and nothing at all while a 429's wait runs (a 429 is about the whole bot)."""

    def __init__(self, per_second: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second
        self._clock = clock
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        """Return when this send may start. Turns are taken one at a time, and the gap is measured from when the
        previous turn really started (a late wake-up never makes the next gap shorter)."""
        async with self._lock:
            while (wait := self._next - self._clock()) > 0:  # noqa: ASYNC110 - a time, not an event; a hold may move it
                await asyncio.sleep(wait)
            self._next = max(self._next, self._clock() + self.interval)

    async def hold(self, seconds: float) -> None:
        """No send starts before `seconds` from now."""
        self._next = max(self._next, self._clock() + seconds)


class SharedPace:
    """One send budget for every instance of the bot: a moving window in Redis (the `limits` library, on the storage
    of `services.counters`) lets at most `per_second` sends start in any one second, whichever instance sends them,
    and a 429's wait is written to Redis so every instance holds. The process's own `Pace` still spaces its sends
    evenly. When Redis fails, the process falls back to its own pace for that send (and says so once), rather than
    stop sending."""

    HOLD_KEY = "jobbot:telegram:hold-until"

    def __init__(self, redis: Any, per_second: float) -> None:
        from limits import RateLimitItemPerSecond
        from limits.aio.strategies import MovingWindowRateLimiter

        from services.counters import redis_storage

        self.local = Pace(per_second)
        self.interval = self.local.interval
        self._redis = redis
        self._limiter = MovingWindowRateLimiter(redis_storage(redis))  # each call below waits 2 s at most
        self._item = RateLimitItemPerSecond(max(1, int(per_second)), 1)
        self._degraded = False

    async def wait_turn(self) -> None:
        await self.local.wait_turn()
        try:
            while True:
                async with asyncio.timeout(2.0):  # a Redis that hangs is as good as down
                    held = await self._redis.get(self.HOLD_KEY)
                wait = float(held) - time.time() if held else 0.0
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                async with asyncio.timeout(2.0):
                    allowed = await self._limiter.hit(self._item, "telegram-sends")
                if allowed:
                    self._degraded = False
                    return
                async with asyncio.timeout(2.0):
                    stats = await self._limiter.get_window_stats(self._item, "telegram-sends")
                await asyncio.sleep(min(1.0, max(0.005, stats.reset_time - time.time())))
        except Exception as exc:  # Redis down or failing: this process's own pace still holds
            if not self._degraded:
                logger.warning("shared send budget unavailable ({}): this instance paces alone", type(exc).__name__)
                self._degraded = True

    async def hold(self, seconds: float) -> None:
        """No send starts on any instance before `seconds` from now."""
        await self.local.hold(seconds)
        until = time.time() + seconds
        try:
            held = await self._redis.get(self.HOLD_KEY)
            if not held or float(held) < until:
                await self._redis.set(self.HOLD_KEY, repr(until), px=int(seconds * 1000) + 1000)
        except Exception as exc:
            logger.warning("could not share a 429's wait ({}): this instance holds alone", type(exc).__name__)


SendPace = Pace | SharedPace


TRANSIENT_TRIES = 4
"""5xx or network errors in a row for one copy before it is handed back as RETRY (waits of 1, 2, 4 s between)."""


async def send_one(
    send: Send, pace: SendPace, user_id: int, content: Content, *, stopping: Callable[[], bool] | None = None
) -> tuple[Outcome, str | None]:
    """One copy, at the shared pace. A 429 is waited out (the whole bot holds) and retried with no cap; a 5xx or
    network error is retried with backoff, then handed back as RETRY; a 403 is BLOCKED and a 400 FAILED, both
    final. `stopping()` true (a shutdown) hands the copy back as RETRY instead of waiting on. Returns the outcome
    and, when it was not sent, the reason in a few words."""
    transient = 0
    while True:
        if stopping is not None and stopping():
            return Outcome.RETRY, "stopped before it was sent"
        await pace.wait_turn()
        try:
            await send(user_id, content)
        except RetryAfter as exc:
            logger.info("429 from Telegram: waiting {} s", exc.seconds)
            await pace.hold(exc.seconds)
            continue
        except Transient as exc:
            transient += 1
            if transient >= TRANSIENT_TRIES:
                return Outcome.RETRY, (str(exc) or "Telegram unavailable")[:120]
            await asyncio.sleep(2 ** (transient - 1))
            continue
        except Unreachable as exc:
            return Outcome.BLOCKED, str(exc)[:120] or "forbidden"
        except SendFailed as exc:
            return Outcome.FAILED, str(exc)[:120] or "failed"
        return Outcome.SENT, None
