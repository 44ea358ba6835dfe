"""/healthz and /readyz over real HTTP, with the real database and Redis up and down."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from redis.asyncio import Redis

from bot.app import build_web_app
from bot.runtime import Runtime
from bot.settings import load_settings
from db.engine import create_engine, create_session_factory
from db.uow import UnitOfWorkFactory


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serve(db_url: str, redis_url: str | None) -> AsyncIterator[str]:
    settings = load_settings(database_url=db_url, redis_url=redis_url)
    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    redis = Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1) if redis_url else None
    runtime = Runtime(settings, engine, sessions, UnitOfWorkFactory(sessions), redis)
    runner = web.AppRunner(build_web_app(runtime))
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
        if redis is not None:
            await redis.aclose()
        await engine.dispose()


async def _get(url: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, await resp.json()


async def test_ready_when_database_and_redis_answer(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url) as base:
        assert await _get(f"{base}/healthz") == (200, {"status": "ok"})
        status, body = await _get(f"{base}/readyz")
    assert status == 200, body
    assert body["failing"] == [] and body["database"]["migrated"] and body["redis"]["configured"]


async def test_not_ready_when_the_database_is_down(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    dead = f"postgresql://postgres:@/postgres?host={tmp_path_factory.mktemp('nopg')}"
    async with serve(dead, redis_url) as base:
        assert (await _get(f"{base}/healthz"))[0] == 200  # alive, only not ready
        status, body = await _get(f"{base}/readyz")
    assert status == 503
    assert body["failing"] == ["database"]
    assert "/nopg" not in str(body)  # no host names or paths leak out


async def test_not_ready_when_redis_is_down(db_url: str) -> None:
    async with serve(db_url, f"redis://127.0.0.1:{_free_port()}/0") as base:
        status, body = await _get(f"{base}/readyz")
    assert status == 503
    assert body["failing"] == ["redis"]


async def test_not_ready_when_not_migrated(empty_db_url: str) -> None:
    async with serve(empty_db_url, None) as base:
        status, body = await _get(f"{base}/readyz")
    assert status == 503
    assert body["database"]["reachable"] and not body["database"]["migrated"]
