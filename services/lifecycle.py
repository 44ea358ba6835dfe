"""Stopping work in progress: the one rule the bot's updates, broadcasts and scheduled jobs share on shutdown."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection
from typing import Any


async def finish_or_cancel(tasks: Collection[asyncio.Task[Any]], grace: float) -> int:
    """Wait up to `grace` seconds for `tasks`; cancel those still running and wait for them to unwind (their
    `finally` blocks release locks and claims). Returns how many were cancelled."""
    if not tasks:
        return 0
    _, late = await asyncio.wait(tasks, timeout=grace)
    for task in late:
        task.cancel()
    for task in late:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    return len(late)
