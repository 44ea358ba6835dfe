"""Broadcasts: an admin's message to many users, sent in the background at Telegram's pace.

Every copy has its own delivery row (broadcast, user), written as soon as Telegram has answered for it, so a
broadcast that stops (a deploy, a crash) resumes with the pending rows only. The one gap: a copy Telegram accepted
whose row was not yet written when the process died is sent again on resume, so a hard kill can repeat at most one
copy per sending worker. A graceful stop lets each worker finish its copy and record it: no repeats.

A 429 is waited out for as long as Telegram asks, however often; a copy that kept meeting 5xx or network errors
stays pending (its attempts counted) and is tried again in a later pass, after a pause, and by the periodic resume;
only after `MAX_ATTEMPTS` such rounds is it FAILED. A user erased meanwhile simply has no row left to send.

Exactly one instance sends a broadcast: the sender holds a lease on it in PostgreSQL (owner, until), renewed every
`LEASE_SECONDS / 3` while it sends. A dropped connection loses nothing (the next renewal uses another); a sender that
cannot renew in time stops its workers, and once a lease has run out (the sender died) the periodic resume of any
instance takes the broadcast over.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import TypeVar

from loguru import logger

from db.uow import UnitOfWorkFactory
from services.delivery.pace import Content, Outcome, Send, SendPace, send_one
from services.delivery.telegram_html import CAPTION_LIMIT, TEXT_LIMIT, HtmlError, visible_text
from services.errors import DomainError


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


MAX_ATTEMPTS = 8
"""Rounds of 5xx or network errors (each already retried with backoff) before a copy counts as FAILED."""
LEASE_SECONDS = 30.0
PASSES = 3
"""Passes over the copies still pending within one run (a pause of 2, then 4 s between); the periodic resume
takes over after that."""


class Broadcasts:
    def __init__(self, uow: UnitOfWorkFactory, pace: SendPace, *, workers: int = 4, report_every: float = 2.0,
                 lease_seconds: float = LEASE_SECONDS) -> None:  # fmt: skip
        self._uow = uow
        self._pace = pace
        self._workers = workers
        self._report_every = report_every
        self._lease_seconds = lease_seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        """This process, as a lease holder (unique even when a restarted process gets the same pid)."""

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
        if not await self._lease(broadcast_id):
            logger.info("broadcast {} is being sent by another instance (or has finished)", broadcast_id)
            return None
        halt = asyncio.Event()
        heartbeat = asyncio.create_task(self._keep_lease(broadcast_id, halt))
        try:
            return await self._send_all(broadcast_id, send, on_progress, stop or asyncio.Event(), halt)
        finally:
            halt.set()
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat  # no renewal may land after the lease is given back
            with contextlib.suppress(Exception):  # a lease not given back runs out by itself
                async with self._uow() as work:
                    await work.broadcasts.drop_lease(broadcast_id, self.owner)
                    await work.commit()

    async def _lease(self, broadcast_id: int) -> bool:
        async with self._uow() as work:
            mine = await work.broadcasts.take_lease(broadcast_id, self.owner, self._lease_seconds)
            await work.commit()
        return mine

    async def _keep_lease(self, broadcast_id: int, halt: asyncio.Event) -> None:
        """Renew the lease every third of its length; when it cannot be renewed before it runs out, stop sending
        (another instance may take over) rather than risk two senders."""
        renewed = time.monotonic()
        while not halt.is_set():
            await asyncio.sleep(self._lease_seconds / 3)
            try:
                async with asyncio.timeout(self._lease_seconds / 3):
                    mine = await self._lease(broadcast_id)
                if mine:
                    renewed = time.monotonic()
                    continue
                logger.warning("broadcast {}: the lease was lost; this instance stops sending it", broadcast_id)
                halt.set()
            except Exception as exc:  # unreachable or too slow for now: try again until the lease runs out
                logger.warning("broadcast {}: lease renewal failed ({})", broadcast_id, type(exc).__name__)
                if time.monotonic() - renewed > self._lease_seconds * 2 / 3:
                    logger.warning("broadcast {}: the lease may run out; this instance stops sending", broadcast_id)
                    halt.set()

    async def _send_all(self, broadcast_id: int, send: Send, on_progress: ProgressHook | None,
                        stop: asyncio.Event, halt: asyncio.Event) -> Progress:  # fmt: skip
        async with self._uow() as work:
            row = await work.broadcasts.get(broadcast_id)
            if row is None:
                raise LookupError(f"no broadcast {broadcast_id}")
            content = Content(row.text, row.photo_file_id)
        # `halt`: a cancel, or the lease lost; `stop`: a shutdown. Either way workers stop taking new users.
        started, done_here, retried = time.monotonic(), [0], [0]

        def stopping() -> bool:
            return halt.is_set() or stop.is_set()

        async def worker(queue: _Pending) -> None:
            while not stopping():
                user_id = await _persistently(queue.next)
                if user_id is None:
                    return
                outcome, error = await send_one(send, self._pace, user_id, content, stopping=stopping)
                if outcome is Outcome.RETRY:
                    if not stopping():
                        retried[0] += 1
                        await _persistently(partial(self._retry_later, broadcast_id, user_id, error))
                    continue
                await _persistently(partial(self._record, broadcast_id, user_id, outcome, error))
                done_here[0] += 1

        def rate() -> float | None:
            elapsed = time.monotonic() - started
            return done_here[0] / elapsed if done_here[0] and elapsed > 0 else None

        async def reporter() -> None:
            while True:
                await asyncio.sleep(self._report_every)
                try:
                    progress = await self.progress(broadcast_id, rate=rate())
                except Exception as exc:  # the database for a moment: the next report will do
                    logger.warning("broadcast {}: progress unavailable ({})", broadcast_id, type(exc).__name__)
                    continue
                if progress.status is Status.CANCELLED:
                    halt.set()
                if on_progress is not None:
                    await _safely(on_progress, progress)

        reporting = asyncio.create_task(reporter())
        try:
            for n in range(PASSES):
                retried[0] = 0
                queue = _Pending(self._uow, broadcast_id)
                # A TaskGroup: when one worker fails for good, the others are cancelled (and awaited) before the
                # lease is given back, so no worker sends on without it.
                async with asyncio.TaskGroup() as workers:
                    for _ in range(self._workers):
                        workers.create_task(worker(queue))
                if not retried[0] or stopping() or n == PASSES - 1:
                    break
                logger.info("broadcast {}: {} copies met Telegram errors; another pass in {} s", broadcast_id,
                            retried[0], 2 ** (n + 1))  # fmt: skip
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(_either(halt, stop), 2 ** (n + 1))
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

    async def _retry_later(self, broadcast_id: int, user_id: int, error: str | None) -> None:
        """Count a round of Telegram errors; the copy stays pending until MAX_ATTEMPTS rounds, then FAILED."""
        async with self._uow() as work:
            attempts = await work.broadcasts.count_attempt(broadcast_id, user_id, error, MAX_ATTEMPTS)
            await work.commit()
        if attempts >= MAX_ATTEMPTS:
            logger.warning("broadcast {}: a copy failed after {} rounds of Telegram errors", broadcast_id, attempts)

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


T = TypeVar("T")


async def _persistently(step: Callable[[], Awaitable[T]], *, tries: int = 4) -> T:
    """A database step of a running broadcast, tried again after a dropped connection or a failover (0.5, 1, 2 s)
    rather than ending the broadcast; the last failure is raised."""
    for attempt in range(tries):
        try:
            return await step()
        except Exception as exc:
            if attempt == tries - 1:
                raise
            logger.warning("broadcast: a database step failed ({}); trying again", type(exc).__name__)
            await asyncio.sleep(0.5 * 2**attempt)
    raise AssertionError("unreachable")


async def _either(*events: asyncio.Event) -> None:
    waits = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()


async def _safely(hook: ProgressHook, progress: Progress) -> None:
    """A progress message that cannot be edited never stops the broadcast."""
    try:
        await hook(progress)
    except Exception as exc:
        logger.warning("broadcast {}: progress report failed ({})", progress.broadcast_id, type(exc).__name__)
