"""The one aiohttp application on PORT: `/healthz`, `/readyz`, `/metrics`, the admin pages and the HTTP API under
`/api/v1` (the webhook route joins them in webhook mode). The composition root builds it (`bot.app.build_web_app`)
and hands in what it needs: the services, the settings' values (`WebOptions`), the engine, Redis and the
scheduler's heartbeat.

`/metrics` carries user, error and broadcast counts, so it is not public: with `METRICS_PORT` it is served only on
that port (`create_metrics_app`; fly.io's `[metrics]` scrapes it over the private network, and no public service
points at it); else on PORT behind `Authorization: Bearer <METRICS_TOKEN>`; with neither it is open in development
(the playground) and off (404) in production."""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from loguru import logger
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from db.health import check_database
from handlers.web.admin_page import AdminSite
from handlers.web.api import create_api_app
from handlers.web.guard import Network
from handlers.web.logbuffer import RECENT_LOGS, RecentLogs
from handlers.web.metrics import CONTENT_TYPE, Metrics
from services.admin.api_tokens import ApiTokens
from services.container import Services

HeartbeatAge = Callable[[], Awaitable[float | None]]
"""Seconds since the scheduler's last heartbeat (None: never beat)."""
HEARTBEAT_STALE = 180.0


@dataclass(frozen=True, slots=True)
class WebOptions:
    """The settings the web app reads, as plain values (the composition root fills them from `Settings`)."""

    admin_token: str | None
    """None: the admin pages are off (404)."""
    secure_cookies: bool
    """The admin session's cookie is Secure (production)."""
    trusted_proxies: Sequence[Network]
    api_rate_per_minute: int
    cors_origins: frozenset[str]
    metrics_here: bool
    """`/metrics` on this app: not when METRICS_PORT serves it, nor in production without a token."""
    metrics_token: str | None
    """The bearer `/metrics` here wants; None: open (development)."""


@dataclass(frozen=True, slots=True)
class Readiness:
    """What `/readyz` consults: the database, Redis when configured, the scheduler's heartbeat when one runs."""

    engine: AsyncEngine
    redis: Redis | None
    heartbeat: HeartbeatAge | None


READINESS_KEY = web.AppKey("readiness", Readiness)
METRICS_KEY = web.AppKey("metrics", Metrics)
METRICS_TOKEN_KEY = web.AppKey("metrics_token", object)
SERVICES_KEY = web.AppKey("services", Services)


async def healthz(_request: web.Request) -> web.Response:
    """Alive: the process answers. No dependency is consulted."""
    return web.json_response({"status": "ok"})


async def _redis_ok(redis: Redis | None) -> dict[str, Any]:
    if redis is None:
        return {"ok": True, "configured": False}
    try:
        async with asyncio.timeout(2):
            await redis.ping()
        return {"ok": True, "configured": True}
    except Exception as exc:  # any failure means not ready
        return {"ok": False, "configured": True, "error": type(exc).__name__}


async def _scheduler_ok(heartbeat: HeartbeatAge | None) -> dict[str, Any]:
    if heartbeat is None:
        return {"ok": True, "configured": False}
    try:
        async with asyncio.timeout(2):
            age = await heartbeat()
    except Exception as exc:
        return {"ok": False, "configured": True, "error": type(exc).__name__}
    fresh = age is not None and age <= HEARTBEAT_STALE
    return {"ok": fresh, "configured": True, "seconds_since_heartbeat": age}


async def readyz(request: web.Request) -> web.Response:
    """Ready: the database is reachable and migrated (with pgvector), Redis answers when configured, and the
    scheduler's heartbeat is fresh when a scheduler runs."""
    ready = request.app[READINESS_KEY]
    database, redis, scheduler = await asyncio.gather(
        check_database(ready.engine), _redis_ok(ready.redis), _scheduler_ok(ready.heartbeat)
    )
    checks = {"database": {**database.as_dict(), "error": None}, "redis": redis, "scheduler": scheduler}
    if database.error:
        checks["database"]["error"] = database.error.split(":", 1)[0]  # the kind only; no hostnames
    failing = [name for name, check in checks.items() if not check["ok"]]
    status = 200 if not failing else 503
    if failing:
        logger.warning("not ready: {}", ", ".join(failing))
    return web.json_response(
        {"status": "ready" if not failing else "not ready", "failing": failing, **checks}, status=status
    )


async def metrics(request: web.Request) -> web.Response:
    """Prometheus text. The shared numbers are read from the database at scrape time, at most every 30 s; when it
    is down the process's own counters are still served."""
    token = request.app[METRICS_TOKEN_KEY]
    if isinstance(token, str):
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return web.json_response({"error": "unauthorised"}, status=401, headers={"WWW-Authenticate": "Bearer"})
    registry = request.app[METRICS_KEY]
    started = time.perf_counter()
    try:
        if registry.shared_stale():
            async with asyncio.timeout(5):
                registry.update_from(await request.app[SERVICES_KEY].stats.report())
    except Exception as exc:
        logger.warning("metrics: shared numbers unavailable ({})", type(exc).__name__)
    logger.debug("metrics gathered in {:.0f} ms", (time.perf_counter() - started) * 1000)
    return web.Response(body=registry.render(), headers={"Content-Type": CONTENT_TYPE})


def create_web_app(
    services: Services,
    tokens: ApiTokens,
    options: WebOptions,
    *,
    engine: AsyncEngine,
    redis: Redis | None,
    heartbeat: HeartbeatAge | None = None,
    metrics_registry: Metrics | None = None,
    logs: RecentLogs = RECENT_LOGS,
) -> web.Application:
    """`metrics_registry` is the running bot's when it runs beside (shared counters); `heartbeat` the scheduler's
    when one runs in this process."""
    app = web.Application(client_max_size=1024**2)
    app[READINESS_KEY] = Readiness(engine, redis, heartbeat)
    app[SERVICES_KEY] = services
    app[METRICS_KEY] = metrics_registry or Metrics()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    if options.metrics_here:
        app[METRICS_TOKEN_KEY] = options.metrics_token
        app.router.add_get("/metrics", metrics)
    site = AdminSite(options.admin_token, services.stats, services.user_admin, logs, redis, options.secure_cookies,
                     trusted_proxies=options.trusted_proxies)  # fmt: skip
    site.routes(app)
    api = create_api_app(services, tokens, redis, per_minute=options.api_rate_per_minute, origins=options.cors_origins)
    app.add_subapp("/api/v1", api)
    return app


def create_metrics_app(services: Services, metrics_registry: Metrics) -> web.Application:
    """`/metrics` alone, for METRICS_PORT: reachable by fly.io's scraper on the private network, never routed from
    the internet (no `[[services]]` or `[http_service]` names that port)."""
    app = web.Application()
    app[SERVICES_KEY] = services
    app[METRICS_KEY] = metrics_registry
    app[METRICS_TOKEN_KEY] = None
    app.router.add_get("/metrics", metrics)
    return app
