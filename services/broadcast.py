"""Broadcasts: an admin's message to many users, sent in the background at Telegram's pace.

Every copy has its own delivery row (broadcast, user), written as soon as Telegram has answered for it, so a
broadcast that stops (a deploy, a crash) resumes with the pending rows only. The one gap: a copy Telegram accepted
whose row was not yet written when the process died is sent again on resume, so a hard kill can repeat at most one
copy per sending worker. A graceful stop lets each worker finish its copy and record it: no repeats.

Exactly one instance sends a broadcast: a PostgreSQL advisory lock per broadcast is held while sending.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from loguru import logger

from db.uow import UnitOfWorkFactory
from services.delivery import Content, Outcome, Pace, Send, send_one
from services.errors import DomainError
from services.telegram_html import CAPTION_LIMIT, TEXT_LIMIT, HtmlError, visible_text


class Audience(StrEnum):
    ALL = "all"
    LANGUAGE = "language"
    WITH_CV = "with_cv"


class Status(StrEnum):
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class BroadcastInvalid(DomainError):
    """The admin's text would be refused by Telegram (bad HTML, too long, empty)."""

    code = "broadcast_invalid"

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.params = {"problem": problem}


@dataclass(frozen=True, slots=True)
class Draft:
    text: str
    photo_file_id: str | None
    audience: Audience
    language: str | None = None


def check_text(text: str, *, with_photo: bool) -> str:
    """The HTML as Telegram would take it, or BroadcastInvalid saying what is wrong."""
    try:
        shown = visible_text(text)
    except HtmlError as exc:
        raise BroadcastInvalid(f"HTML: {exc}") from None
    limit = CAPTION_LIMIT if with_photo else TEXT_LIMIT
    if not with_photo and not shown.strip():
        raise BroadcastInvalid("the message is empty")
    if len(shown) > limit:
        raise BroadcastInvalid(f"{len(shown)} characters; at most {limit}")
    return text


@dataclass(frozen=True, slots=True)
class Progress:
    broadcast_id: int
    admin_id: int
    status: Status
    total: int
    sent: int
    blocked: int
    failed: int
    pending: int
    progress_message_id: int | None
    seconds_left: float | None = None
    """At the pace of this run so far; None before there is a pace."""

    @property
    def finished(self) -> bool:
        return self.status is not Status.SENDING


ProgressHook = Callable[[Progress], Awaitable[None]]


class Broadcasts:
    def __init__(self, uow: UnitOfWorkFactory, pace: Pace, *, workers: int = 4, report_every: float = 2.0) -> None:
        self._uow = uow
        self._pace = pace
        self._workers = workers
        self._report_every = report_every

    async def audience_size(self, audience: Audience, language: str | None = None) -> int:
        async with self._uow() as work:
            return await work.broadcasts.audience_size(audience.value, language)

    async def create(self, admin_id: int, draft: Draft) -> int:
        """The broadcast with one pending row per user in its audience (as it is now)."""
        check_text(draft.text, with_photo=draft.photo_file_id is not None)
        async with self._uow() as work:
            row = await work.broadcasts.create(admin_id, draft.text, draft.photo_file_id, draft.audience.value,
                                               draft.language)  # fmt: skip
            await work.commit()
            logger.info("broadcast {} by admin {} to {} users ({})", row.id, admin_id, row.total, draft.audience)
            return row.id

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        async with self._uow() as work:
            await work.broadcasts.set_progress_message(broadcast_id, message_id)
            await work.commit()

    async def cancel(self, broadcast_id: int) -> bool:
        """Stop sending; the copies already sent stay sent. False when it had already finished."""
        async with self._uow() as work:
            changed = await work.broadcasts.finish(broadcast_id, Status.CANCELLED, dt.datetime.now(dt.UTC))
            await work.commit()
        if changed:
            logger.info("broadcast {} cancelled", broadcast_id)
        return changed

    async def unfinished(self) -> list[int]:
        async with self._uow() as work:
            return list(await work.broadcasts.sending())

    async def progress(self, broadcast_id: int, *, rate: float | None = None) -> Progress:
        async with self._uow() as work:
            row = await work.broadcasts.get(broadcast_id)
            if row is None:
                raise LookupError(f"no broadcast {broadcast_id}")
            counts = await work.broadcasts.counts(broadcast_id)
        pending = counts.get("pending", 0)
        return Progress(
            row.id, row.admin_id, Status(row.status), row.total, counts.get("sent", 0), counts.get("blocked", 0),
            counts.get("failed", 0), pending, row.progress_message_id,
            pending / rate if rate else None,
        )  # fmt: skip

    async def run(
        self, broadcast_id: int, send: Send, *, on_progress: ProgressHook | None = None,
        stop: asyncio.Event | None = None,
    ) -> Progress | None:  # fmt: skip
        """Send the pending copies. Returns the last progress, or None when another instance is sending it.

        `stop` set (a shutdown) makes every worker finish the copy in hand and return; the broadcast stays
        `sending` and the next start resumes it.
        """
        async with self._uow.lock(f"broadcast:{broadcast_id}", wait=False) as mine:
            if not mine:
                logger.info("broadcast {} is being sent by another instance", broadcast_id)
                return None
            return await self._send_all(broadcast_id, send, on_progress, stop or asyncio.Event())

    async def _send_all(self, broadcast_id: int, send: Send, on_progress: ProgressHook | None,
                        stop: asyncio.Event) -> Progress:  # fmt: skip
        async with self._uow() as work:
            row = await work.broadcasts.get(broadcast_id)
            if row is None:
                raise LookupError(f"no broadcast {broadcast_id}")
            content = Content(row.text, row.photo_file_id)
        halt = asyncio.Event()  # a shutdown or a cancel: workers stop taking new users
        queue = _Pending(self._uow, broadcast_id)
        started, done_here = time.monotonic(), [0]

        async def worker() -> None:
            while not halt.is_set() and not stop.is_set():
                user_id = await queue.next()
                if user_id is None:
                    return
                outcome, error = await send_one(send, self._pace, user_id, content)
                await self._record(broadcast_id, user_id, outcome, error)
                done_here[0] += 1

        def rate() -> float | None:
            elapsed = time.monotonic() - started
            return done_here[0] / elapsed if done_here[0] and elapsed > 0 else None

        async def reporter() -> None:
            while True:
                await asyncio.sleep(self._report_every)
                progress = await self.progress(broadcast_id, rate=rate())
                if progress.status is Status.CANCELLED:
                    halt.set()
                if on_progress is not None:
                    await _safely(on_progress, progress)

        reporting = asyncio.create_task(reporter())
        try:
            await asyncio.gather(*(worker() for _ in range(self._workers)))
        finally:
            reporting.cancel()
        progress = await self.progress(broadcast_id)
        if progress.status is Status.SENDING and progress.pending == 0:
            async with self._uow() as work:
                await work.broadcasts.finish(broadcast_id, Status.DONE, dt.datetime.now(dt.UTC))
                await work.commit()
            progress = await self.progress(broadcast_id)
            logger.info("broadcast {} done: {} sent, {} blocked, {} failed", broadcast_id, progress.sent,
                        progress.blocked, progress.failed)  # fmt: skip
        if on_progress is not None:
            await _safely(on_progress, progress)
        return progress

    async def _record(self, broadcast_id: int, user_id: int, outcome: Outcome, error: str | None) -> None:
        now = dt.datetime.now(dt.UTC)
        async with self._uow() as work:
            await work.broadcasts.record(broadcast_id, user_id, outcome.value, error, now)
            if outcome is Outcome.BLOCKED:
                await work.user_admin.mark_blocked(user_id, now)
            await work.commit()


class _Pending:
    """The pending users of one broadcast, read from the database a page at a time, handed out once each."""

    PAGE = 200

    def __init__(self, uow: UnitOfWorkFactory, broadcast_id: int) -> None:
        self._uow = uow
        self._id = broadcast_id
        self._buffer: list[int] = []
        self._after = 0
        self._exhausted = False
        self._lock = asyncio.Lock()

    async def next(self) -> int | None:
        async with self._lock:
            if not self._buffer and not self._exhausted:
                async with self._uow() as work:
                    page = list(await work.broadcasts.pending(self._id, self._after, self.PAGE))
                self._exhausted = len(page) < self.PAGE
                self._buffer = page[::-1]
                if page:
                    self._after = page[-1]
            return self._buffer.pop() if self._buffer else None


async def _safely(hook: ProgressHook, progress: Progress) -> None:
    """A progress message that cannot be edited never stops the broadcast."""
    try:
        await hook(progress)
    except Exception as exc:
        logger.warning("broadcast {}: progress report failed ({})", progress.broadcast_id, type(exc).__name__)
