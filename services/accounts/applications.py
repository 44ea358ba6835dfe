"""The application tracker: jobs the user says they applied for, and where each stands.

A job card's "I applied" records the day (today, a few days ago, or a typed date, in the user's time zone); the
user then moves it through the stages (applied, interview, offer, rejected, no reply) and may ask for a follow-up
reminder on a day of their choosing (`services.delivery.reminders` sends it). After `QUIET_DAYS` without news
(since applying, or since the interview) the card and the list suggest "no reply": a stage the user confirms, never
set for them. Title and firm are kept, so an application outlives the job's ad. Each method is one unit of work.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from db.models import Application
from db.uow import UnitOfWork, UnitOfWorkFactory
from services.accounts.preferences import default_timezone
from services.accounts.saved import JobGone
from services.accounts.users import pick_language, utc_now
from services.errors import DomainError


class Stage(StrEnum):
    """Where an application stands, in the order lists show them."""

    APPLIED = "applied"
    INTERVIEW = "interview"
    OFFER = "offer"
    REJECTED = "rejected"
    NO_REPLY = "no_reply"


WAITING = frozenset({Stage.APPLIED, Stage.INTERVIEW})
"""Stages that wait on the employer: the ones a long silence turns into "no reply?"."""
QUIET_DAYS = 21
"""Days without news after which "no reply" is suggested."""
REMIND_IN_DAYS = (3, 7, 14)
"""The follow-up reminders offered: in this many days."""
APPLIED_DAYS_AGO = (0, 1, 2, 7, 14)
"""The days offered for "I applied": today, yesterday, and so many days ago (any other is typed)."""
OLDEST_DAYS = 366
"""An application recorded as older than this is refused (a typo in the year, most likely)."""
LONGEST_REMINDER_DAYS = 90


class ApplicationNotFound(DomainError):
    """The user has no application for this job (an old button, or one removed meanwhile)."""

    code = "application_not_found"


class InvalidApplyDate(DomainError):
    """The day given for an application is unreadable, in the future, or more than a year ago."""

    code = "apply_date"


@dataclass(frozen=True, slots=True)
class ApplicationView:
    job_id: int
    title: str
    firm: str
    applied_on: dt.date
    stage: Stage
    stage_changed_on: dt.date
    remind_on: dt.date | None
    """The follow-up reminder still to go; None when none is set or it has gone."""
    closed: bool
    """The job has left the board (the application stays)."""
    days: int
    """Days since the user applied, in their time zone."""
    no_reply_suggested: bool
    """`QUIET_DAYS` without news: the card and the list offer to mark it "no reply"."""


def quiet_since(stage: Stage, applied_on: dt.date, stage_changed_on: dt.date) -> dt.date:
    """The day the user last heard anything: when they applied, or when the stage last moved on."""
    return applied_on if stage is Stage.APPLIED else max(applied_on, stage_changed_on)


def suggests_no_reply(stage: Stage, applied_on: dt.date, stage_changed_on: dt.date, today: dt.date) -> bool:
    return stage in WAITING and (today - quiet_since(stage, applied_on, stage_changed_on)).days >= QUIET_DAYS


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\s*$")


def parse_day(text: str, today: dt.date) -> dt.date | None:
    """A typed day: `2026-11-28`, or day first as the UK and Russia write it (`28.11.2026`, `28/11/26`, `28.11`: a
    day with no year is the latest such day on or before `today`). None when it is no date."""
    try:
        if match := _ISO.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_FIRST.match(text):
            day, month = int(match[1]), int(match[2])
            if match[3] is None:
                candidate = dt.date(today.year, month, day)
                return candidate if candidate <= today else dt.date(today.year - 1, month, day)
            year = int(match[3])
            return dt.date(year + 2000 if year < 100 else year, month, day)
    except ValueError:  # 31.02, month 13
        return None
    return None


class Applications:
    """Recording applications, moving their stages, reminders, and listing them."""

    def __init__(self, uow: UnitOfWorkFactory, model: str) -> None:
        self._uow = uow
        self._model = model
        """The index's embedding model: an application's job is open while the index holds it."""

    @staticmethod
    async def _zone(work: UnitOfWork, user_id: int) -> ZoneInfo:
        """The user's time zone: the one they chose, else their language's."""
        prefs = await work.accounts.preferences(user_id)
        timezone = prefs.timezone if prefs is not None else None
        if timezone is None:
            user = await work.users.get(user_id)
            language = pick_language(prefs.language if prefs else None, user.language_code if user else None)
            timezone = default_timezone(language)
        return ZoneInfo(timezone)

    @staticmethod
    def _view(row: Application, zone: ZoneInfo, *, closed: bool = False) -> ApplicationView:
        today, stage = utc_now().astimezone(zone).date(), Stage(row.stage)
        changed = row.stage_changed_at.astimezone(zone).date()
        return ApplicationView(
            row.job_id, row.title, row.firm_name, row.applied_on, stage, changed,
            row.remind_on if row.reminded_at is None else None, closed, max(0, (today - row.applied_on).days),
            suggests_no_reply(stage, row.applied_on, changed, today),
        )  # fmt: skip

    async def apply(self, user_id: int, job_id: int, *, days_ago: int = 0, typed: str | None = None
                    ) -> ApplicationView:  # fmt: skip
        """Record that the user applied `days_ago` days ago, or on the `typed` day; applying again changes only the
        day. Raises `JobGone` for a job not on the board, `InvalidApplyDate` for a day that cannot be right."""
        async with self._uow() as work:
            zone = await self._zone(work, user_id)
            today = utc_now().astimezone(zone).date()
            applied_on = parse_day(typed, today) if typed is not None else today - dt.timedelta(days=days_ago)
            if applied_on is None or applied_on > today or (today - applied_on).days > OLDEST_DAYS:
                raise InvalidApplyDate()
            facts = await work.job_index.facts(self._model, job_id)
            if facts is None:
                raise JobGone()
            row = await work.applications.add(user_id, job_id, facts.title, facts.firm_name, applied_on)
            await work.commit()
        return self._view(row, zone)

    async def application(self, user_id: int, job_id: int) -> ApplicationView | None:
        async with self._uow() as work:
            row = await work.applications.get(user_id, job_id)
            if row is None:
                return None
            zone = await self._zone(work, user_id)
            closed = await work.job_index.facts(self._model, job_id) is None
        return self._view(row, zone, closed=closed)

    async def set_stage(self, user_id: int, job_id: int, stage: Stage) -> ApplicationView:
        """Move the application to `stage` (any stage: the user may correct a slip). Rejected cancels a follow-up
        reminder still to go. Raises `ApplicationNotFound`."""
        async with self._uow() as work:
            row = await work.applications.get(user_id, job_id)
            if row is None:
                raise ApplicationNotFound()
            if row.stage != stage.value:
                values: dict[str, object] = {"stage": stage.value, "stage_changed_at": utc_now()}
                if stage is Stage.REJECTED and row.reminded_at is None:
                    values["remind_on"] = None
                row = await work.applications.update(user_id, job_id, **values)
                assert row is not None
            zone = await self._zone(work, user_id)
            await work.commit()
        return self._view(row, zone)

    async def set_reminder(self, user_id: int, job_id: int, in_days: int | None) -> ApplicationView:
        """A follow-up reminder in `in_days` days (sent from 09:00 the user's time), replacing any other; None
        removes it. Raises `ApplicationNotFound`."""
        if in_days is not None and not 1 <= in_days <= LONGEST_REMINDER_DAYS:
            raise ValueError(f"a reminder in {in_days} days")
        async with self._uow() as work:
            zone = await self._zone(work, user_id)
            today = utc_now().astimezone(zone).date()
            remind_on = today + dt.timedelta(days=in_days) if in_days is not None else None
            row = await work.applications.update(user_id, job_id, remind_on=remind_on, reminded_at=None)
            if row is None:
                raise ApplicationNotFound()
            await work.commit()
        return self._view(row, zone)

    async def withdraw(self, user_id: int, job_id: int) -> bool:
        """Forget the application (pressed by mistake); True when there was one."""
        async with self._uow() as work:
            removed = await work.applications.remove(user_id, job_id)
            await work.commit()
        return removed

    async def applications(self, user_id: int) -> list[ApplicationView]:
        """The user's applications by stage (in `Stage`'s order), latest applied first within each."""
        async with self._uow() as work:
            rows = await work.applications.of_user(user_id, self._model)
            zone = await self._zone(work, user_id) if rows else ZoneInfo("UTC")
        order = {stage: i for i, stage in enumerate(Stage)}
        views = [self._view(row, zone, closed=not still_open) for row, still_open in rows]
        return sorted(views, key=lambda v: order[v.stage])  # stable: latest applied first within a stage

    async def applied_ids(self, user_id: int) -> set[int]:
        """The jobs the user applied for (results and alerts mark or skip them)."""
        async with self._uow() as work:
            return await work.applications.job_ids(user_id)
