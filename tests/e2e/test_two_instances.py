"""Two live instances (RELIABILITY.md 1, 2 and 9 across machines): two `python -m bot run` processes in webhook mode
on one PostgreSQL and one Redis, each with its scheduler, both sending through one Bot API stand-in that answers with
random runs of 429s (some longer than the five retries the bot once stopped at), 500s and dropped connections, and
403 for blocked users.

An admin starts a 1,000-user broadcast on the first instance; the first instance is killed with SIGKILL part-way and
started again; then new jobs reach the board and the schedulers send the instant job alerts. Checked:

- every reachable user gets the broadcast; the only repeats are the copies the killed process had in flight (Telegram
  has no idempotency key, so a copy it took just before the kill cannot be known as sent: at most one per worker);
- the blocked users are marked and get nothing, nothing is `failed`, nothing is left pending;
- each alert subscriber gets exactly one alert with the new jobs, each job recorded once;
- the busiest second of sends, both instances together, stays within the shared budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis
from sqlalchemy import text

from bot.devtools.dev_data import import_jobs
from bot.devtools.playground import BotApiStandIn, Faults
from bot.runtime import create_services, open_runtime
from bot.settings import load_settings
from db.legacy_writer import LegacyWriter
from services.accounts.preferences import AlertFrequency
from tests.support.pg import create_database, drop_database, with_database

ROOT = Path(__file__).resolve().parents[2]
SECRET = "two-instances-secret_0123456789abcdef"
ADMIN = 900_101
RATE = 30
CROWD = range(4_000_000, 4_001_000)
BLOCKED = {uid for uid in CROWD if uid % 20 == 3}
SUBSCRIBERS = range(4_100_000, 4_100_012)
WORKERS = 4
CV = """Audit Senior
Leeds
ACA qualified chartered accountant with 4 years of external audit experience.
Experience
Audit Senior, Example & Co LLP, Leeds, 2021 - Present
Audit Semi-Senior, Northern Accountants, Leeds, 2019 - 2021
Skills: CaseWare, Excel, IFRS, FRS 102.
"""
NEW_JOBS = [
    {"job_title": "Audit Senior", "firm_name": firm, "location": "Leeds", "seniority": "Senior", "service": "Audit",
     "employment": "Permanent", "salary": "£42,000 - £48,000",
     "description": f"{firm} seeks an ACA or ACCA qualified Audit Senior in Leeds to lead external audits of "
                    "owner-managed businesses under FRS 102, with CaseWare."}
    for firm in ("Two Towers Audit LLP", "Instance Partners")
]  # fmt: skip


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Instance:
    """One `python -m bot run` process in webhook mode."""

    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name, self.port = name, _free_port()
        self.env = {**env, "PORT": str(self.port), "INSTANCE_NAME": name}
        self.process: asyncio.subprocess.Process | None = None
        self.log = Path(env["DATA_DIR"]) / f"{name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    async def start(self) -> None:
        out = self.log.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=self.env, stdout=out, stderr=asyncio.subprocess.STDOUT
        )
        out.close()
        deadline = time.monotonic() + 120
        async with aiohttp.ClientSession() as http:
            while True:
                assert self.process.returncode is None, self.log.read_text()[-3000:]
                assert time.monotonic() < deadline, f"{self.name} did not start"
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"http://127.0.0.1:{self.port}/readyz") as resp:
                        if resp.status == 200:
                            return
                await asyncio.sleep(0.3)

    async def post(self, update: dict[str, Any]) -> int:
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as resp,
        ):
            return resp.status

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 40)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


@pytest.fixture
async def database(pg_root_url: str, e2e_template: str, redis_url: str) -> AsyncIterator[str]:
    """A fresh clone of the indexed demo board, and Redis emptied before and after (update claims, the budget)."""
    name = await create_database(pg_root_url, template=e2e_template)
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    try:
        yield with_database(pg_root_url, name)
    finally:
        await redis.flushdb()
        await redis.aclose()
        await drop_database(pg_root_url, name)


async def _prepare(url: str, redis_url: str, data_dir: Path) -> None:
    """The crowd, and the alert subscribers with a CV each, in the shared database."""
    settings = load_settings(database_url=url, redis_url=redis_url, data_dir=data_dir, openai_api_key=None)
    async with open_runtime(settings) as runtime:
        async with runtime.engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO jobbot.users (telegram_id, first_name, language_code) "
                     "SELECT g, 'User ' || g, 'en' FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) g"),
                {"a": CROWD.start, "b": CROWD.stop - 1},
            )  # fmt: skip
        services = create_services(runtime)
        profile = (await services.cv.from_text(CV)).profile
        for user in SUBSCRIBERS:
            await services.users.seen(user, first_name="Sub", language_code="en")
            await services.users.give_consent(user)
            await services.profiles.store_profile(user, profile, "text")
            await services.preferences.update_preferences(user, alert_frequency=AlertFrequency.INSTANT)


async def _press(instance: Instance, stand_in: BotApiStandIn, user: int, label: str) -> None:
    found = stand_in.find_button(user, label)
    assert found is not None, (label, [m.text for m in stand_in.chat(user)][-3:])
    message, button = found
    assert await instance.post(stand_in.callback_update(user, message, button["callback_data"])) == 200


async def _counts(url: str, sql: str, **params: object) -> dict[str, int]:
    from sqlalchemy.ext.asyncio import create_async_engine

    from db.engine import normalize_database_url

    engine = create_async_engine(normalize_database_url(url))
    try:
        async with engine.connect() as conn:
            return {str(k): int(v) for k, v in (await conn.execute(text(sql), params)).all()}
    finally:
        await engine.dispose()


@pytest.mark.slow
async def test_two_instances_a_kill_and_a_storm(database: str, redis_url: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    await _prepare(database, redis_url, data_dir)
    stand_in = BotApiStandIn(update_ids_from=5_000_000)
    await stand_in.start()
    faults = Faults(blocked=set(BLOCKED), rate_limit=0.01, longest_run=8, retry_after=1, server_error=0.01,
                    network_error=0.01, seed=5, spared=frozenset({ADMIN}))  # fmt: skip
    env = {**os.environ, "BOT_TOKEN": stand_in.token, "TELEGRAM_API_BASE": stand_in.base_url,
           "WEBHOOK_URL": "https://bot.example.test/telegram", "WEBHOOK_SECRET": SECRET, "DATABASE_URL": database,
           "REDIS_URL": redis_url, "SCHEDULER": "true", "INDEX_REFRESH_MINUTES": "1", "ADMIN_IDS": str(ADMIN),
           "BROADCAST_RATE": str(RATE), "ENVIRONMENT": "development", "SHUTDOWN_GRACE": "20",
           "DATA_DIR": str(data_dir), "LOG_LEVEL": "INFO", "PYTHONPATH": str(ROOT)}  # fmt: skip
    env.pop("OPENAI_API_KEY", None)
    first, second = Instance("first", env), Instance("second", env)
    try:
        await asyncio.gather(first.start(), second.start())
        # The admin composes the broadcast through the first instance.
        assert await first.post(stand_in.message_update(ADMIN, text="/start")) == 200
        assert await first.post(stand_in.message_update(ADMIN, text="/broadcast")) == 200
        assert await first.post(stand_in.message_update(ADMIN, text="<b>Two towers</b>: the board is live")) == 200
        await _press(first, stand_in, ADMIN, "Everyone")
        stand_in.faults = faults  # from here on: the storm (the admin's own chat went through untroubled)
        await _press(first, stand_in, ADMIN, "Send now")
        while sum(1 for _, chat in stand_in.sends if chat in CROWD) < 200:  # noqa: ASYNC110 - the stand-in's log
            await asyncio.sleep(0.05)
        await first.kill()  # part-way, copies in flight
        copies_at_kill = Counter(chat for _, chat in stand_in.sends if chat in CROWD)
        await first.start()  # restarted; the lease of the dead process runs out, then a resume takes over

        deadline = time.monotonic() + 240
        while True:
            counts = await _counts(database, "SELECT status, count(*) FROM jobbot.broadcast_deliveries GROUP BY 1")
            if counts.get("pending", 0) == 0:
                break
            assert time.monotonic() < deadline, counts
            await asyncio.sleep(1)

        # New jobs on the board: the next refresh (every minute) on one instance sends the instant alerts.
        path = tmp_path / "new-jobs.jsonl"
        path.write_text("".join(json.dumps(ad) + "\n" for ad in NEW_JOBS))
        from db.engine import create_engine

        engine = create_engine(database)
        try:
            assert (await import_jobs(LegacyWriter(engine), path, production=False)).loaded == len(NEW_JOBS)
        finally:
            await engine.dispose()
        deadline = time.monotonic() + 150
        while True:
            alerted = await _counts(database, "SELECT user_id, count(*) FROM jobbot.alert_deliveries "
                                              "WHERE user_id >= :a AND user_id < :b GROUP BY 1",
                                    a=SUBSCRIBERS.start, b=SUBSCRIBERS.stop)  # fmt: skip
            if len(alerted) == len(SUBSCRIBERS):
                break
            assert time.monotonic() < deadline, alerted
            await asyncio.sleep(1)
        await asyncio.sleep(3)  # any second alert would be on its way by now
    finally:
        await asyncio.gather(first.stop(), second.stop())
        await stand_in.stop()

    logs = first.log.read_text() + second.log.read_text()
    assert "Traceback" not in logs, logs[-3000:]
    # The broadcast: everyone reachable at least once; repeats only among the copies in flight at the kill.
    copies = Counter(chat for _, chat in stand_in.sends if chat in CROWD)
    reachable = [uid for uid in CROWD if uid not in BLOCKED]
    assert all(copies[uid] >= 1 for uid in reachable), [uid for uid in reachable if not copies[uid]][:5]
    repeated = [uid for uid in reachable if copies[uid] > 1]
    assert len(repeated) <= WORKERS and all(copies[uid] == 2 and copies_at_kill[uid] for uid in repeated), repeated
    assert not any(copies[uid] for uid in BLOCKED)
    counts = await _counts(database, "SELECT status, count(*) FROM jobbot.broadcast_deliveries GROUP BY 1")
    everyone_else = len(SUBSCRIBERS) + 1  # the subscribers and the admin are in "Everyone" too
    assert counts == {"sent": len(reachable) + everyone_else, "blocked": len(BLOCKED)}, counts
    marked = await _counts(database, "SELECT 'blocked', count(*) FROM jobbot.users WHERE is_blocked")
    assert marked["blocked"] == len(BLOCKED)
    # The alerts: exactly one each, each job recorded once.
    for user in SUBSCRIBERS:
        assert sum(1 for m in stand_in.chat(user) if m.text.startswith("🔔")) == 1, user
    assert set(alerted.values()) == {len(NEW_JOBS)}
    # The storm happened, and both instances together kept to the budget.
    assert max(stand_in.runs) > 5 and stand_in.failed_on_purpose > 0 and faults.blocked
    assert stand_in.busiest_second({*CROWD, *SUBSCRIBERS}) <= RATE
