"""The scheduler with a controllable clock (nothing sleeps for real time): triggers fire at the same wall-clock
times on every instance; two instances against one database run each job once per period; a holder killed
mid-run (a real process, SIGKILL) is taken over; a stale heartbeat makes the instance not ready; pruning."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine, create_session_factory
from db.uow import UnitOfWorkFactory
from scheduler.heartbeat import Heartbeat
from scheduler.jobs import BotScheduler, Schedule
from scheduler.runner import TaskRunner
from services.delivery.alerts import AlertKind, AlertReport
from services.maintenance import Maintenance
from tests.support.webapp import serve

T0 = dt.datetime(2026, 11, 30, 9, 0, 7, tzinfo=dt.UTC)
PERIOD = dt.timedelta(minutes=15)
ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


@pytest.fixture
async def two_engines(db_url: str) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """Two instances: each its own engine (its own connections), one database."""
    a, b = create_engine(db_url), create_engine(db_url)
    yield a, b
    await a.dispose()
    await b.dispose()


def _uow(engine: AsyncEngine) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(create_session_factory(engine))


async def _runs(engine: AsyncEngine, task: str) -> list[tuple[str, str, str | None]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT instance, outcome, error FROM jobbot.task_runs WHERE task = :t ORDER BY id"), {"t": task}
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def _scheduler(runner: TaskRunner, calls: list[str], *, changed: int = 0) -> BotScheduler:
    async def refresh() -> int:
        calls.append("refresh")
        await asyncio.sleep(0.2)  # long enough for the other instance to try meanwhile
        return changed

    async def alerts(kinds: object) -> AlertReport:
        calls.append(f"alerts:{','.join(sorted(str(k) for k in kinds))}")  # type: ignore[attr-defined]
        return AlertReport(alerts=1)

    async def prune() -> int:
        calls.append("prune")
        return 0

    return BotScheduler(runner, refresh_index=refresh, alerts=alerts, prune=prune, schedule=Schedule())


def test_every_instance_fires_at_the_same_wall_clock_times() -> None:
    triggers = _scheduler(TaskRunner(None, "x"), []).triggers()  # type: ignore[arg-type]
    now = dt.datetime(2026, 11, 30, 9, 7, 31, tzinfo=dt.UTC)
    expected = {
        "refresh-index": dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC),
        "digests": dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC),
        "prune": dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC),
        "heartbeat": dt.datetime(2026, 11, 30, 9, 8, tzinfo=dt.UTC),
    }
    for name, when in expected.items():
        assert triggers[name].get_next_fire_time(None, now) == when, name
    after = triggers["refresh-index"].get_next_fire_time(expected["refresh-index"], expected["refresh-index"])
    assert after == dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)


async def test_two_instances_run_each_job_once_per_period(two_engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    engine_a, engine_b = two_engines
    clock = Clock(T0)
    calls: list[str] = []
    a = _scheduler(TaskRunner(_uow(engine_a), "a", clock=clock), calls, changed=3)
    b = _scheduler(TaskRunner(_uow(engine_b), "b", clock=clock), calls, changed=3)

    first = await asyncio.gather(a.run_task("refresh-index"), b.run_task("refresh-index"))
    assert sorted(r.outcome for r in first) == ["ok", "skipped"]
    assert calls == ["refresh", "alerts:firm,instant"]  # new jobs found: firm and instant alerts, once

    clock.advance(dt.timedelta(minutes=1))  # a late timer on one instance: the period's run is done
    late = await b.run_task("refresh-index")
    assert late.outcome == "skipped" and "ran at" in str(late.reason)

    clock.advance(PERIOD)
    second = await asyncio.gather(b.run_task("refresh-index"), a.run_task("refresh-index"))
    assert sorted(r.outcome for r in second) == ["ok", "skipped"]
    assert calls.count("refresh") == 2

    for name in ("digests", "prune"):
        both = await asyncio.gather(a.run_task(name), b.run_task(name))
        assert sorted(r.outcome for r in both) == ["ok", "skipped"], name
    assert calls.count("alerts:daily,weekly") == 1 and calls.count("prune") == 1
    assert [o for _, o, _ in await _runs(engine_a, "refresh-index")] == ["ok", "ok"]


async def test_a_failing_job_is_recorded_and_the_next_period_runs_again(engine: AsyncEngine) -> None:
    clock = Clock(T0)
    runner = TaskRunner(_uow(engine), "a", clock=clock)

    async def broken() -> int:
        raise RuntimeError("the board's database is away")

    result = await runner.run("refresh-index", broken, period=PERIOD)
    assert result.outcome == "failed" and "RuntimeError" in str(result.reason)
    clock.advance(dt.timedelta(minutes=1))

    async def works() -> int:
        return 7

    assert (await runner.run("refresh-index", works, period=PERIOD)).items == 7  # a failure does not count as done
    assert [o for _, o, _ in await _runs(engine, "refresh-index")] == ["failed", "ok"]


async def test_when_the_holder_is_killed_another_instance_takes_over(db_url: str, engine: AsyncEngine) -> None:
    script = textwrap.dedent(f"""
        import asyncio, datetime as dt
        from db.engine import create_engine, create_session_factory
        from db.uow import UnitOfWorkFactory
        from scheduler.runner import TaskRunner

        async def main():
            runner = TaskRunner(UnitOfWorkFactory(create_session_factory(create_engine({db_url!r}))), "doomed")
            async def forever():
                await asyncio.Event().wait()
                return 0
            await runner.run("refresh-index", forever, period=dt.timedelta(minutes=15))

        asyncio.run(main())
    """)
    holder = await asyncio.create_subprocess_exec(sys.executable, "-c", script, cwd=ROOT,
                                                  env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while ("doomed", "running", None) not in await _runs(engine, "refresh-index"):
            assert holder.returncode is None, "the holder exited early"
            assert time.monotonic() < deadline, "the holder never started its run"
            await asyncio.sleep(0.1)
        other = TaskRunner(_uow(engine), "survivor")

        async def work() -> int:
            return 1

        assert (await other.run("refresh-index", work, period=PERIOD)).outcome == "skipped"  # held: alive
        holder.send_signal(signal.SIGKILL)
        await asyncio.wait_for(holder.wait(), 10)
        deadline = time.monotonic() + 10
        while (result := await other.run("refresh-index", work, period=PERIOD)).outcome == "skipped":
            assert time.monotonic() < deadline, result.reason  # PostgreSQL drops the lock with the connection
            await asyncio.sleep(0.1)
    finally:
        if holder.returncode is None:
            holder.kill()
            await holder.wait()
    assert result.outcome == "ok"
    runs = await _runs(engine, "refresh-index")
    assert runs[0][:2] == ("doomed", "failed") and "abandoned" in str(runs[0][2])
    assert runs[-1][:2] == ("survivor", "ok")


async def test_readiness_turns_503_when_the_heartbeat_is_stale(db_url: str) -> None:
    now = [1000.0]
    heartbeat = Heartbeat(clock=lambda: now[0])
    heartbeat.beat()
    async with serve(db_url, None, heartbeat=heartbeat.age) as site, aiohttp.ClientSession() as http:
        async with http.get(f"{site.base}/readyz") as resp:
            assert resp.status == 200
        now[0] += 181  # the scheduler's loop has not beaten for three minutes
        async with http.get(f"{site.base}/readyz") as resp:
            body = await resp.json()
            assert resp.status == 503 and body["failing"] == ["scheduler"]
        heartbeat.beat()
        async with http.get(f"{site.base}/readyz") as resp:
            assert resp.status == 200


async def test_a_real_scheduler_starts_beats_and_stops(db_url: str, engine: AsyncEngine) -> None:
    heartbeat = Heartbeat()
    scheduler = _scheduler(TaskRunner(_uow(engine), "a"), [])
    scheduler.heartbeat = heartbeat
    assert await heartbeat.age() is None
    scheduler.start()
    try:
        age = await heartbeat.age()
        assert age is not None and age < 1
    finally:
        await scheduler.shutdown()
    assert scheduler.stopping


async def test_prune_removes_only_what_outlived_its_use(engine: AsyncEngine) -> None:
    now = T0
    old, recent = now - dt.timedelta(days=400), now - dt.timedelta(days=1)
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO jobbot.users (telegram_id) VALUES (1)"))
        for at in (old, recent):
            await conn.execute(text("INSERT INTO jobbot.user_searches (user_id, query_text, created_at) "
                                    "VALUES (1, 'audit', :at)"), {"at": at})  # fmt: skip
            await conn.execute(text("INSERT INTO jobbot.task_runs (task, instance, started_at, outcome) "
                                    "VALUES ('prune', 'a', :at, 'ok')"), {"at": at})  # fmt: skip
            await conn.execute(text("INSERT INTO jobbot.broadcasts (admin_id, text, audience, status, finished_at) "
                                    "VALUES (1, 'x', 'all', 'done', :at)"), {"at": at})  # fmt: skip
        await conn.execute(text("INSERT INTO jobbot.broadcasts (admin_id, text, audience, status) "
                                "VALUES (1, 'still going', 'all', 'sending')"))  # fmt: skip
        version = text("INSERT INTO jobbot.profile_versions (user_id, kind, profile, source, expires_at) "
                       "VALUES (1, :kind, '{}', 'pdf', :expires)")  # fmt: skip
        for kind, expires in (("pending", recent), ("previous", now + dt.timedelta(hours=1))):
            await conn.execute(version, {"kind": kind, "expires": expires})
    report = await Maintenance(_uow(engine), "m").prune(now)
    assert (report.searches, report.task_runs, report.broadcasts, report.profile_versions) == (1, 1, 1, 1)
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM jobbot.user_searches")) == 1
        assert await conn.scalar(text("SELECT count(*) FROM jobbot.broadcasts")) == 2  # the recent and the live one
        assert await conn.scalar(text("SELECT kind FROM jobbot.profile_versions")) == "previous"  # still in its day


def test_alert_kinds_are_the_alert_frequencies_and_a_firms_own_alert() -> None:
    from services.accounts.preferences import AlertFrequency

    assert {k.value for k in AlertKind} == {f.value for f in AlertFrequency} - {"off"} | {"firm"}
