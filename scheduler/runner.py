"""Exactly one runner per job and period, across instances, and a record of every run.

Each run takes a PostgreSQL advisory lock named after the task, without waiting: the instance that gets it runs,
the others skip. The lock lives on the holder's database connection, so when the holder dies (killed, its
machine gone) PostgreSQL drops the lock with the connection and the next instance to try takes over; the dead
holder's run, left `running`, is then marked failed ("abandoned"). Every instance fires at the same wall-clock
times (triggers aligned to a fixed origin), and a run that finished well within the period makes the others skip
too, so a job runs once per period even when instances' clocks or timers drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from loguru import logger

from db.uow import UnitOfWorkFactory

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class RunResult:
    outcome: str
    """ok, failed or skipped."""
    items: int = 0
    reason: str | None = None


class TaskRunner:
    def __init__(self, uow: UnitOfWorkFactory, instance: str, *, clock: Clock = utc_now) -> None:
        self._uow = uow
        self.instance = instance
        self._clock = clock

    async def run(self, task: str, work: Callable[[], Awaitable[int]], *, period: dt.timedelta) -> RunResult:
        """Run `work` (which returns how many items it handled) unless another instance holds the task or ran it
        less than half a period ago."""
        async with self._uow.lock(f"task:{task}", wait=False) as mine:
            if not mine:
                return RunResult("skipped", reason="another instance is running it")
            now = self._clock()
            async with self._uow() as work_unit:
                abandoned = await work_unit.task_runs.abandon_running(task, now)
                last = await work_unit.task_runs.last_ok(task)
                if last is not None and now - last < period / 2:
                    await work_unit.commit()
                    return RunResult("skipped", reason=f"ran at {last:%H:%M:%S}")
                run_id = await work_unit.task_runs.start(task, self.instance, now)
                await work_unit.commit()
            if abandoned:
                logger.warning("task {}: took over from an instance that stopped mid-run", task)
            outcome, items, error = "ok", 0, None
            try:
                items = await work()
            except Exception as exc:  # a failed run is recorded and reported; the scheduler goes on
                outcome, error = "failed", f"{type(exc).__name__}: {exc}"[:500]
                logger.opt(exception=exc).error("task {} failed: {}", task, type(exc).__name__)
            finally:
                async with self._uow() as work_unit:
                    await work_unit.task_runs.finish(run_id, outcome, items, error, self._clock())
                    await work_unit.commit()
            return RunResult(outcome, items, error)
