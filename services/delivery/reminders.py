"""Follow-up reminders of the application tracker: on the day a user chose (from 09:00 in their time zone, or at
the first run after it when the bot was down), one message per user listing the applications to follow up.

As job alerts do: each reminder is claimed (`reminded_at` set) *before* the message is sent and given back when
Telegram did not take it, so two instances, or a run after a crash, never send one twice (a crash between the claim
and the send loses that reminder rather than repeating it); a user erased meanwhile has nothing to claim. Sending
shares the broadcasts' and alerts' pace (one budget for every instance) and their 429/5xx/403 handling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from loguru import logger

from db.uow import UnitOfWorkFactory
from services.accounts.applications import Stage, suggests_no_reply
from services.accounts.preferences import default_timezone
from services.accounts.users import pick_language
from services.delivery.claimed import Undelivered, send_claimed
from services.delivery.pace import Content, Send, SendPace

REMINDER_HOUR = 9
"""Reminders go from this hour of the chosen day, in the user's time zone (the digests' hour)."""
MOST_PER_MESSAGE = 10
"""Applications in one reminder message; more wait for the next run."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One application to follow up, as the reminder shows it."""

    job_id: int
    title: str
    firm: str
    applied_on: dt.date
    stage: Stage
    days: int
    """Days since the user applied."""
    no_reply_suggested: bool


@dataclass(frozen=True, slots=True)
class ReminderBatch:
    """One reminder message: a user's applications due for a follow-up, and the moment they were claimed at."""

    user_id: int
    language: str
    items: list[FollowUp]
    at: dt.datetime
    until: dt.date
    """The user's day when the batch was read: a reminder moved past it meanwhile is not claimed."""


@dataclass(slots=True)
class ReminderReport(Undelivered):
    users: int = 0
    sent: int = 0
    applications: int = 0


Render = Callable[[ReminderBatch], Content]


def due_now(remind_on: dt.date, local: dt.datetime) -> bool:
    """A reminder for `remind_on` is due at the user's local time `local`: from 09:00 that day, or any time after."""
    return remind_on < local.date() or (remind_on == local.date() and local.hour >= REMINDER_HOUR)


class ApplicationReminders:
    def __init__(self, uow: UnitOfWorkFactory, pace: SendPace) -> None:
        self._uow = uow
        self._pace = pace

    async def batches(self, now: dt.datetime) -> list[ReminderBatch]:
        """What is due at `now`: one batch per user, their applications oldest first."""
        async with self._uow() as work:
            # The furthest time zones are 14 h ahead of UTC: tomorrow's (UTC) reminders may be due there already.
            rows = await work.applications.due(now.date() + dt.timedelta(days=1))
        at = now.replace(microsecond=0)
        batches = []
        for user_id, group in groupby(rows, key=lambda row: row[0].user_id):
            items: list[Any] = list(group)
            _, language_code, chosen, timezone = items[0]
            language = pick_language(chosen, language_code)
            local = now.astimezone(ZoneInfo(timezone or default_timezone(language)))
            follow = []
            for row, *_ in items:
                if not due_now(row.remind_on, local):
                    continue
                stage, changed = Stage(row.stage), row.stage_changed_at.astimezone(local.tzinfo).date()
                follow.append(FollowUp(row.job_id, row.title, row.firm_name, row.applied_on, stage,
                                       max(0, (local.date() - row.applied_on).days),
                                       suggests_no_reply(stage, row.applied_on, changed, local.date())))  # fmt: skip
            if follow:
                batches.append(ReminderBatch(user_id, language, follow[:MOST_PER_MESSAGE], at, local.date()))
        return batches

    async def run(self, send: Send, render: Render, *, now: dt.datetime | None = None,
                  stop: Callable[[], bool] | None = None) -> ReminderReport:  # fmt: skip
        """Send every reminder due at `now`."""
        now = now or dt.datetime.now(dt.UTC)
        report = ReminderReport()
        for batch in await self.batches(now):
            if stop is not None and stop():
                break
            report.users += 1
            await self._deliver(batch, send, render, report, stop=stop)
        if report.sent or report.blocked or report.failed:
            logger.info("reminders: {} sent for {} applications, {} blocked, {} failed", report.sent,
                        report.applications, report.blocked, report.failed)  # fmt: skip
        return report

    async def _deliver(self, batch: ReminderBatch, send: Send, render: Render, report: ReminderReport, *,
                       stop: Callable[[], bool] | None) -> None:  # fmt: skip
        jobs = [i.job_id for i in batch.items]
        sent = await send_claimed(
            self._uow, self._pace, send, batch.user_id, batch.at,
            claim=lambda work: work.applications.claim_reminders(batch.user_id, jobs, batch.at, batch.until),
            content=lambda claimed: render(replace(batch, items=[i for i in batch.items if i.job_id in claimed])),
            release=lambda work, ids: work.applications.release_reminders(batch.user_id, ids, batch.at),
            counts=report, what="reminder", stopping=stop,
        )  # fmt: skip
        if sent:
            report.sent += 1
            report.applications += len(sent)
