"""The scheduler's heartbeat: a job beats every few seconds; readiness fails when the last beat is too old (the
event loop is stuck, or the scheduler stopped)."""

from __future__ import annotations

import time
from collections.abc import Callable


class Heartbeat:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: float | None = None

    def beat(self) -> None:
        self._last = self._clock()

    async def age(self) -> float | None:
        """Seconds since the last beat; None before the first."""
        return None if self._last is None else self._clock() - self._last
