"""The one aiohttp application on PORT: health and readiness now; webhook, admin and metrics later."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from loguru import logger

from bot.runtime import Runtime
from db.health import check_database

RUNTIME_KEY = web.AppKey("runtime", Runtime)


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


async def readyz(request: web.Request) -> web.Response:
    """Ready: the database is reachable and migrated (with pgvector), Redis answers when configured."""
    runtime = request.app[RUNTIME_KEY]
    database, redis = await asyncio.gather(check_database(runtime.engine), _redis_ok(runtime))
    checks = {"database": {**database.as_dict(), "error": None}, "redis": redis}
    if database.error:
        checks["database"]["error"] = database.error.split(":", 1)[0]  # the kind only; no hostnames
    failing = [name for name, check in checks.items() if not check["ok"]]
    status = 200 if not failing else 503
    if failing:
        logger.warning("not ready: {}", ", ".join(failing))
    return web.json_response(
        {"status": "ready" if not failing else "not ready", "failing": failing, **checks}, status=status
    )


def create_web_app(runtime: Runtime) -> web.Application:
    app = web.Application(client_max_size=1024**2)
    app[RUNTIME_KEY] = runtime
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app
