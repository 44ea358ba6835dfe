"""/readyz while the real PostgreSQL and Redis are stopped and started again (servers of this test's own, so the
rest of the suite is not disturbed): 503 naming the part that is down, 200 once it is back."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from redis.asyncio import Redis

from bot.app import build_web_app
from bot.runtime import Runtime
from bot.settings import load_settings
from db import migrate
from db.embedded import EmbeddedPostgres
from db.engine import create_engine, create_session_factory
from db.uow import UnitOfWorkFactory


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """A redis-server process on a port of its own."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed")
        self.binary, self.port = binary, _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_postgres() -> Iterator[EmbeddedPostgres]:
    folder = Path(tempfile.mkdtemp(prefix="jobbot-ready-", dir="/tmp"))
    server = EmbeddedPostgres(folder)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


async def _ready(base: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(f"{base}/readyz") as resp:
        return resp.status, await resp.json()


async def _until(base: str, status: int, limit: float = 20) -> dict:
    """Readiness is asked the way fly.io asks it: again and again, until it gives `status`."""
    deadline = time.monotonic() + limit
    while True:
        got, body = await _ready(base)
        if got == status:
            return body
        assert time.monotonic() < deadline, (got, body)
        await asyncio.sleep(0.3)


async def test_readyz_follows_postgresql_and_redis_going_down_and_coming_back(
    own_postgres: EmbeddedPostgres, own_redis: RedisServer
) -> None:
    settings = load_settings(database_url=own_postgres.url, redis_url=own_redis.url)
    engine = create_engine(own_postgres.url)
    await migrate.upgrade(engine)
    sessions = create_session_factory(engine)
    redis = Redis.from_url(own_redis.url, socket_timeout=1, socket_connect_timeout=1)
    runtime = Runtime(settings, engine, sessions, UnitOfWorkFactory(sessions), redis)
    runner = web.AppRunner(build_web_app(runtime))
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    base = f"http://127.0.0.1:{port}"
    try:
        await _until(base, 200)

        own_redis.stop()
        body = await _until(base, 503)
        assert body["failing"] == ["redis"]
        own_redis.start()
        await _until(base, 200)

        await asyncio.to_thread(own_postgres.stop)
        body = await _until(base, 503)
        assert body["failing"] == ["database"] and body["database"]["reachable"] is False
        await asyncio.to_thread(own_postgres.start)
        body = await _until(base, 200)
        assert body["database"]["migrated"] is True
    finally:
        await runner.cleanup()
        await redis.aclose()
        await engine.dispose()
