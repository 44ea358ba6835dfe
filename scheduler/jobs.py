"""The scheduled jobs and their scheduler. Each job is a thin call into a service, run through `TaskRunner` (one
instance per period, recorded in `task_runs`); the heartbeat is this instance's own and takes no lock."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from loguru import logger

from scheduler.heartbeat import Heartbeat
from scheduler.runner import RunResult, TaskRunner
from services.delivery.alerts import AlertKind, AlertReport
from services.lifecycle import finish_or_cancel

ORIGIN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""Every instance's intervals count from here, so all of them fire at the same wall-clock times."""

Work = Callable[[], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class Schedule:
    refresh: dt.timedelta = dt.timedelta(minutes=15)
    digests: dt.timedelta = dt.timedelta(minutes=15)
    prune: dt.timedelta = dt.timedelta(hours=24)
    broadcasts: dt.timedelta = dt.timedelta(minutes=1)
    backup: dt.timedelta = dt.timedelta(hours=24)
    reminders: dt.timedelta = dt.timedelta(minutes=15)
    heartbeat: dt.timedelta = dt.timedelta(seconds=30)


class BotScheduler:
    def __init__(
        self,
        runner: TaskRunner,
        *,
        refresh_index: Work,
        alerts: Callable[[Iterable[AlertKind]], Awaitable[AlertReport]],
        prune: Work,
        resume_broadcasts: Work | None = None,
        backup: Work | None = None,
        reminders: Work | None = None,
        schedule: Schedule = Schedule(),
        heartbeat: Heartbeat | None = None,
    ) -> None:
        self.runner = runner
        self._refresh_index = refresh_index
        self._alerts = alerts
        self._prune = prune
        self._resume_broadcasts = resume_broadcasts
        self._backup = backup
        self._reminders = reminders
        self.schedule = schedule
        self.heartbeat = heartbeat or Heartbeat()
        self.stopping = False
        self._scheduler: AsyncIOScheduler | None = None
        self._running: set[asyncio.Task[object]] = set()

    # ------------------------------------------------------------------ the jobs
    async def refresh_then_alert(self) -> int:
        """Refresh the job index; when it found new or changed jobs, send the favourite firms' own alerts, then the
        instant alerts."""
        changed = await self._refresh_index()
        if changed and not self.stopping:
            await self._alerts([AlertKind.FIRM, AlertKind.INSTANT])
        return changed

    async def send_digests(self) -> int:
        report = await self._alerts([AlertKind.DAILY, AlertKind.WEEKLY])
        return report.alerts

    def tasks(self) -> dict[str, tuple[Work, dt.timedelta]]:
        tasks: dict[str, tuple[Work, dt.timedelta]] = {
            "refresh-index": (self.refresh_then_alert, self.schedule.refresh),
            "digests": (self.send_digests, self.schedule.digests),
            "prune": (self._prune, self.schedule.prune),
        }
        if self._resume_broadcasts is not None:
            tasks["resume-broadcasts"] = (self._resume_broadcasts, self.schedule.broadcasts)
        if self._backup is not None:
            tasks["backup"] = (self._backup, self.schedule.backup)
        if self._reminders is not None:
            tasks["reminders"] = (self._reminders, self.schedule.reminders)
        return tasks

    async def run_task(self, name: str) -> RunResult:
        work, period = self.tasks()[name]
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            result = await self.runner.run(name, work, period=period)
        finally:
            if task is not None:
                self._running.discard(task)
        if result.outcome != "skipped":
            logger.info("task {}: {} ({} items)", name, result.outcome, result.items)
        return result

    # ------------------------------------------------------------------ the scheduler
    def triggers(self) -> dict[str, IntervalTrigger]:
        out = {
            name: IntervalTrigger(seconds=period.total_seconds(), start_date=ORIGIN, timezone=dt.UTC)
            for name, (_, period) in self.tasks().items()
        }
        out["heartbeat"] = IntervalTrigger(seconds=self.schedule.heartbeat.total_seconds(), start_date=ORIGIN,
                                           timezone=dt.UTC)  # fmt: skip
        return out

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=dt.UTC)
        for name, trigger in self.triggers().items():
            if name == "heartbeat":
                scheduler.add_job(self.heartbeat.beat, trigger, id=name, max_instances=1, coalesce=True)
                continue
            grace = max(1, int(self.tasks()[name][1].total_seconds() / 2))
            scheduler.add_job(self.run_task, trigger, args=[name], id=name, max_instances=1, coalesce=True,
                              misfire_grace_time=grace)  # fmt: skip
        scheduler.start()
        self._scheduler = scheduler
        self.heartbeat.beat()
        logger.info("scheduler started on {}: {}", self.runner.instance, ", ".join(self.tasks()))

    async def shutdown(self, grace: float = 10.0) -> None:
        """No new runs; a running job gets `grace` seconds to finish (alerts stop between users), then it is
        cancelled (its run is recorded as abandoned by whoever runs the task next)."""
        self.stopping = True
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        await finish_or_cancel(list(self._running), grace)
