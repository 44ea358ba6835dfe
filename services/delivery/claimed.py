"""Sending a message whose contents were claimed first: job alerts and application reminders go out at most once.

The claim is committed before the send (two runs at once, or two instances, cannot both claim one job), the send
goes at the shared pace (`send_one`), and what did not go is given back for the next run; a user who blocked the
bot is marked so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass

from loguru import logger

from db.uow import UnitOfWork, UnitOfWorkFactory
from services.delivery.pace import Content, Outcome, Send, SendPace, send_one


@dataclass(slots=True)
class Undelivered:
    """Messages of a run that did not go, by why."""

    blocked: int = 0
    failed: int = 0
    retry: int = 0
    """Telegram kept failing on them (or a stop came first): offered again by the next run."""


async def send_claimed(
    uow: UnitOfWorkFactory,
    pace: SendPace,
    send: Send,
    user_id: int,
    at: dt.datetime,
    *,
    claim: Callable[[UnitOfWork], Awaitable[Collection[int]]],
    content: Callable[[set[int]], Content],
    release: Callable[[UnitOfWork, Sequence[int]], Awaitable[None]],
    counts: Undelivered,
    what: str,
    on_sent: Callable[[UnitOfWork], Awaitable[None]] | None = None,
    stopping: Callable[[], bool] | None = None,
) -> set[int]:
    """Claim (`claim` returns the ids claimed now), send `content(claimed)`, then either `on_sent` or `release` the
    claim, all in the caller's terms. Returns the ids sent: empty when nothing was claimed (sent already, changed
    meanwhile, the user gone) or the message did not go (counted in `counts`)."""
    async with uow() as work:
        claimed = set(await claim(work))
        await work.commit()
    if not claimed:
        return set()
    outcome, error = await send_one(send, pace, user_id, content(claimed), stopping=stopping)
    async with uow() as work:
        if outcome is Outcome.SENT:
            if on_sent is not None:
                await on_sent(work)
        else:
            await release(work, sorted(claimed))
            if outcome is Outcome.BLOCKED:
                counts.blocked += 1
                await work.user_admin.mark_blocked(user_id, at)
            elif outcome is Outcome.FAILED:
                counts.failed += 1
                logger.warning("{} to user {} failed: {}", what, user_id, error)
            else:  # RETRY: Telegram kept failing, or we are stopping; the next run offers them again
                counts.retry += 1
        await work.commit()
    return claimed if outcome is Outcome.SENT else set()
