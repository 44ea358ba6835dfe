"""Redis stopped and started again mid-conversation (issue #21's chaos): a Redis server of this test's own, the real
Dispatcher and the Bot API stand-in. While Redis is down every message still gets an answer and nothing stored in
PostgreSQL is lost; the logs say what failed; once Redis is back the conversation goes on (from the menu: the state
it held is gone with it, as a restart without persistence loses it)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from loguru import logger
from redis.asyncio import Redis

from bot.runtime import Runtime
from tests.support.botharness import Harness, e2e_runtime, running_bot


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None, "redis-server is installed on this machine (the suite's Redis runs on it)"
        self.process = await asyncio.create_subprocess_exec(
            binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            await asyncio.sleep(0.05)
        raise AssertionError("redis-server did not start")

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()


@pytest.fixture
async def redis_server() -> AsyncIterator[RedisServer]:
    server = RedisServer(_free_port())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def runtime(pg_root_url: str, e2e_template: str, redis_server: RedisServer, tmp_path: Path
                  ) -> AsyncIterator[Runtime]:  # fmt: skip
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    async with e2e_runtime(pg_root_url, e2e_template, url, tmp_path / "data") as rt:
        yield rt


@pytest.fixture
async def bot(runtime: Runtime, redis_server: RedisServer) -> AsyncIterator[Harness]:
    redis = Redis.from_url(f"redis://127.0.0.1:{redis_server.port}/0")
    try:
        async with running_bot(runtime, redis) as harness:
            yield harness
    finally:
        with contextlib.suppress(Exception):
            await redis.aclose()


@pytest.mark.slow
async def test_redis_down_and_back_mid_conversation(bot: Harness, redis_server: RedisServer) -> None:
    lines: list[str] = []
    handler = logger.add(lambda m: lines.append(str(m.record["message"])), level="WARNING")
    try:
        user = bot.new_user()
        await bot.onboard(user)
        await bot.say(user, "audit senior Leeds")  # a search: its results held in the dialog's state in Redis
        saved_before = await bot.app.services.users.export(user)

        await redis_server.stop()
        shown = len(bot.stand_in.chat(user))
        await bot.say(user, "tax manager")
        answers = bot.stand_in.chat(user)[shown:]
        assert answers, "no answer while Redis was down"
        assert any("Jobs for “tax manager”" in m.text for m in answers), [m.text[:80] for m in answers]  # served
        assert all("Traceback" not in m.text for m in answers)
        assert any("redis" in line.lower() or "connection" in line.lower() for line in lines), lines[-5:]

        await redis_server.start()  # back, empty (no persistence)
        reply = await bot.say(user, "/start")
        assert "Main menu" in reply.text or "menu" in reply.text.lower()
        found = await bot.say(user, "payroll manager")
        assert "Jobs for" in found.text
        after = await bot.app.services.users.export(user)
        assert after["user"]["consent_at"] == saved_before["user"]["consent_at"]
        assert after["preferences"] == saved_before["preferences"]
        queries = [s["query"] for s in after["searches"]]
        assert queries == ["audit senior Leeds", "tax manager", "payroll manager"]  # the outage's search kept too
    finally:
        logger.remove(handler)
