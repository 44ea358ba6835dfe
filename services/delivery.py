"""Bulk sending under Telegram's rules, for broadcasts (and the alerts of the scheduler): one pace for the whole
bot, every 429 waited out, a 403 taken as final for that user.

Nothing here knows aiogram: the bot's adapter turns each Bot API answer into `Delivered`, or raises `RetryAfter`,
`Unreachable` or `SendFailed`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from loguru import logger


class RetryAfter(Exception):
    """Telegram's 429: nothing may be sent by this bot for `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Unreachable(Exception):
    """Telegram's 403 (blocked by the user, deactivated, never started the bot): final, never retried."""


class SendFailed(Exception):
    """Any other refusal (a 400, a network error that outlived its retries): this copy failed."""


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


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

    def hold(self, seconds: float) -> None:
        """No send starts before `seconds` from now."""
        self._next = max(self._next, self._clock() + seconds)


MAX_RETRIES = 5
"""429s in a row for one copy before it counts as failed (each is waited out in full first)."""


async def send_one(send: Send, pace: Pace, user_id: int, content: Content) -> tuple[Outcome, str | None]:
    """One copy, at the shared pace; 429s are waited out and retried, a 403 is final. Returns the outcome and,
    when it was not sent, the reason in a few words."""
    for _attempt in range(MAX_RETRIES + 1):
        await pace.wait_turn()
        try:
            await send(user_id, content)
        except RetryAfter as exc:
            logger.info("429 from Telegram: waiting {} s", exc.seconds)
            pace.hold(exc.seconds)
            continue
        except Unreachable as exc:
            return Outcome.BLOCKED, str(exc)[:120] or "forbidden"
        except SendFailed as exc:
            return Outcome.FAILED, str(exc)[:120] or "failed"
        return Outcome.SENT, None
    return Outcome.FAILED, f"still rate limited after {MAX_RETRIES} retries"
