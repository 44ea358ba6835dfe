"""Serving the one aiohttp application in-process for tests, on a free port, with the real database and Redis."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from redis.asyncio import Redis
from sqlalchemy import text

from bot.app import build_web_app
from bot.runtime import Runtime, create_services
from bot.settings import load_settings
from db.engine import create_engine, create_session_factory
from db.uow import UnitOfWorkFactory
from handlers.web.app import HeartbeatAge
from handlers.web.logbuffer import RECENT_LOGS, RecentLogs
from handlers.web.metrics import Metrics
from services.container import Services

TOKEN = "correct-horse-battery-staple-0123456789"


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    base: str
    services: Services
    metrics: Metrics
    runtime: Runtime


@contextlib.asynccontextmanager
async def serve(db_url: str, redis_url: str | None, *, token: str | None = TOKEN, heartbeat: HeartbeatAge | None = None,
                logs: RecentLogs = RECENT_LOGS, **settings: Any) -> AsyncIterator[Site]:  # fmt: skip
    """`settings`: any other setting, by its field name."""
    config = load_settings(database_url=db_url, redis_url=redis_url, admin_token=token, openai_api_key=None, **settings)
    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    redis = Redis.from_url(redis_url) if redis_url else None
    if redis is not None:
        await redis.flushdb()
    runtime = Runtime(config, engine, sessions, UnitOfWorkFactory(sessions), redis)
    services, metrics = create_services(runtime), Metrics()
    services.usage.observers.append(metrics.on_event)
    runner = web.AppRunner(build_web_app(runtime, services=services, metrics=metrics, heartbeat=heartbeat, logs=logs))
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield Site(f"http://127.0.0.1:{port}", services, metrics, runtime)
    finally:
        await runner.cleanup()
        if redis is not None:
            await redis.flushdb()
            await redis.aclose()
        await engine.dispose()


def client(**headers: str) -> aiohttp.ClientSession:
    # unsafe=True: keep cookies for an IP address host (127.0.0.1), as a browser does.
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), headers=headers)


async def add_users(runtime: Runtime, *ids: int) -> None:
    async with runtime.engine.begin() as conn:
        for uid in ids:
            await conn.execute(
                text("INSERT INTO jobbot.users (telegram_id, username, first_name) VALUES (:i, :u, 'Ann')"),
                {"i": uid, "u": f"user{uid}"},
            )
