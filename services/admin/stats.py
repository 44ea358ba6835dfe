"""The numbers admins watch, from one place: `/stats`, the admin page, `/admin/api/stats`, `/metrics` and
`python -m bot stats --json` all read `StatsService.report()`."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from db.uow import UnitOfWorkFactory
from services.accounts.applications import Stage
from services.jobs.fields import PARSER_VERSION
from services.usage import Event


@dataclass(frozen=True, slots=True)
class TaskStatus:
    task: str
    instance: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    outcome: str
    items: int
    error: str | None


@dataclass(frozen=True, slots=True)
class BroadcastStatus:
    id: int
    status: str
    audience: str
    total: int
    sent: int
    blocked: int
    failed: int
    pending: int
    created_at: dt.datetime
    finished_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Stats:
    at: dt.datetime
    users: dict[str, int]
    cvs_processed: dict[str, int]
    searches: dict[str, int]
    saved_jobs: int
    alerts_sent: dict[str, int]
    jobs: dict[str, int]
    errors_24h: int
    tasks: list[TaskStatus] = field(default_factory=list)
    broadcast: BroadcastStatus | None = None
    applications: dict[str, int] = field(default_factory=dict)
    """The application tracker: applications by stage, `total`, `users` who have any, `reminders_pending`."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: times as ISO 8601 strings."""
        return _jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Day:
    day: dt.date
    users: int
    searches: int


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


class StatsService:
    def __init__(self, uow: UnitOfWorkFactory, model: str) -> None:
        self._uow = uow
        self._model = model
        """The embedding model whose index counts as "indexed"."""

    async def report(self, now: dt.datetime | None = None) -> Stats:
        now = now or dt.datetime.now(dt.UTC)
        day_ago = now - dt.timedelta(days=1)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        async with self._uow() as work:
            users = await work.stats.users(now)
            usage_all = await work.stats.usage(None)
            usage_day = await work.stats.usage(day_ago)
            today, week = await work.stats.searches(midnight, now - dt.timedelta(days=7))
            saved = await work.stats.saved_jobs()
            applications = {**{stage.value: 0 for stage in Stage}, **await work.applications.counts()}
            indexed = await work.stats.indexed(self._model)
            board = waiting = 0
            if await work.board.exists():
                board = await work.board.count()
                waiting = await work.board.waiting(self._model, f":p{PARSER_VERSION}")
            tasks = [
                TaskStatus(r.task, r.instance, r.started_at, r.finished_at, r.outcome, r.items, r.error)
                for r in await work.stats.last_task_runs()
            ]
            broadcast = None
            latest = await work.broadcasts.latest()
            if latest is not None:
                counts = await work.broadcasts.counts(latest.id)
                broadcast = BroadcastStatus(
                    latest.id, latest.status, latest.audience, latest.total, counts.get("sent", 0),
                    counts.get("blocked", 0), counts.get("failed", 0), counts.get("pending", 0), latest.created_at,
                    latest.finished_at,
                )  # fmt: skip

        def both(event: Event) -> dict[str, int]:
            return {"total": usage_all.get(event, 0), "last_24h": usage_day.get(event, 0)}

        return Stats(
            at=now,
            users=users,
            cvs_processed=both(Event.CV_PROCESSED),
            searches={"today": today, "last_7d": week},
            saved_jobs=saved,
            alerts_sent=both(Event.ALERT_SENT),
            jobs={"on_board": board, "indexed": indexed, "waiting": waiting},
            errors_24h=usage_day.get(Event.ERROR, 0),
            tasks=tasks,
            broadcast=broadcast,
            applications=applications,
        )  # fmt: skip

    async def daily(self, days: int = 14, now: dt.datetime | None = None) -> list[Day]:
        """New users and searches for each of the last `days` days (UTC), oldest first, zeros included."""
        now = now or dt.datetime.now(dt.UTC)
        first = (now - dt.timedelta(days=days - 1)).date()
        since = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
        async with self._uow() as work:
            per_day = await work.stats.per_day(since)
        return [
            Day(d, per_day["users"].get(d, 0), per_day["searches"].get(d, 0))
            for d in (first + dt.timedelta(days=i) for i in range(days))
        ]
