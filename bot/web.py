"""The one aiohttp application on PORT: `/healthz`, `/readyz`, `/metrics`, the admin pages and the HTTP API under
`/api/v1` (the webhook route joins them in webhook mode).

`/metrics` carries user, error and broadcast counts, so it is not public: with `METRICS_PORT` it is served only on
that port (`create_metrics_app`; fly.io's `[metrics]` scrapes it over the private network, and no public service
points at it); else on PORT behind `Authorization: Bearer <METRICS_TOKEN>`; with neither it is open in development
(the playground) and off (404) in production."""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from loguru import logger

from bot.admin_web import AdminSite
from bot.api import create_api_app
from bot.logbuffer import RECENT_LOGS, RecentLogs
from bot.metrics import CONTENT_TYPE, Metrics
from bot.runtime import Runtime, create_services
from db.health import check_database
from services.api_tokens import ApiTokens
from services.container import Services

RUNTIME_KEY = web.AppKey("runtime", Runtime)
METRICS_KEY = web.AppKey("metrics", Metrics)
METRICS_TOKEN_KEY = web.AppKey("metrics_token", object)
SERVICES_KEY = web.AppKey("services", Services)
HEARTBEAT_KEY = web.AppKey("heartbeat", object)

Heartbeat = Callable[[], Awaitable[float | None]]
"""Seconds since the scheduler's last heartbeat (None: never beat)."""
HEARTBEAT_STALE = 180.0


async def healthz(_request: web.Request) -> web.Response:
    """Alive: the process answers. No dependency is consulted."""
    return web.json_response({"status": "ok"})


async def _redis_ok(runtime: Runtime) -> dict[str, Any]:
    if runtime.redis is None:
        return {"ok": True, "configured": False}
    try:
        async with asyncio.timeout(2):
            await runtime.redis.ping()
        return {"ok": True, "configured": True}
    except Exception as exc:  # any failure means not ready
        return {"ok": False, "configured": True, "error": type(exc).__name__}


async def _scheduler_ok(heartbeat: Heartbeat | None) -> dict[str, Any]:
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
    runtime = request.app[RUNTIME_KEY]
    heartbeat = request.app[HEARTBEAT_KEY]
    database, redis, scheduler = await asyncio.gather(
        check_database(runtime.engine),
        _redis_ok(runtime),
        _scheduler_ok(heartbeat),  # type: ignore[arg-type]
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
    runtime: Runtime,
    *,
    services: Services | None = None,
    metrics_registry: Metrics | None = None,
    logs: RecentLogs = RECENT_LOGS,
    heartbeat: Heartbeat | None = None,
) -> web.Application:
    """`services` and `metrics_registry` are the running bot's when it runs beside (shared counters)."""
    services = services or create_services(runtime)
    app = web.Application(client_max_size=1024**2)
    app[RUNTIME_KEY] = runtime
    app[SERVICES_KEY] = services
    app[METRICS_KEY] = metrics_registry or Metrics()
    app[HEARTBEAT_KEY] = heartbeat
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    settings = runtime.settings
    if settings.metrics_port is None and (settings.metrics_token is not None or not settings.is_production):
        app[METRICS_TOKEN_KEY] = settings.metrics_token.get_secret_value() if settings.metrics_token else None
        app.router.add_get("/metrics", metrics)
    token = settings.admin_token.get_secret_value() if settings.admin_token is not None else None
    site = AdminSite(token, services.stats, services.accounts, logs, runtime.redis, settings.is_production,
                     trusted_proxies=settings.trusted_proxies)  # fmt: skip
    site.routes(app)
    api = create_api_app(
        services,
        ApiTokens(runtime.uow),
        runtime.redis,
        per_minute=settings.api_rate_per_minute,
        origins=frozenset(settings.cors_origins),
    )
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
