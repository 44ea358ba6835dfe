"""The composition root's resources: settings in, engine, sessions, Redis and the embedded server out.

`open_runtime()` is what `python -m bot ...` and the test fixtures use, so both run the same wiring.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from loguru import logger
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings
from db.embedded import EmbeddedPostgres
from db.engine import PoolOptions, create_engine, create_session_factory, wait_for_database
from db.uow import UnitOfWorkFactory


def database_url_from_settings(settings: Settings) -> tuple[str, EmbeddedPostgres | None]:
    """DATABASE_URL when set; otherwise start (or reuse) the embedded server in DATA_DIR."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value(), None
    if settings.is_production:
        raise RuntimeError("DATABASE_URL must be set in production; the embedded database is for development")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    embedded = EmbeddedPostgres(settings.data_dir)
    url = embedded.start()
    logger.info("DATABASE_URL is unset: using the embedded PostgreSQL with pgvector in {}", embedded.pgdata)
    return url, embedded


def pool_options(settings: Settings) -> PoolOptions:
    db = settings.db
    return PoolOptions(
        pool_size=db.pool_size,
        max_overflow=db.max_overflow,
        pool_timeout=db.pool_timeout,
        pool_recycle=db.pool_recycle,
        connect_timeout=db.connect_timeout,
    )


@dataclass(slots=True)
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    uow: UnitOfWorkFactory
    redis: Redis | None = None
    embedded: EmbeddedPostgres | None = field(default=None, repr=False)


@asynccontextmanager
async def open_runtime(settings: Settings, *, wait: bool = True) -> AsyncIterator[Runtime]:
    url, embedded = database_url_from_settings(settings)
    engine = create_engine(url, pool_options(settings))
    redis: Redis | None = None
    try:
        if wait:
            await wait_for_database(engine, attempts=settings.db.startup_attempts, backoff=settings.db.startup_backoff)
        if settings.redis_url is not None:
            redis = Redis.from_url(settings.redis_url.get_secret_value(), socket_timeout=5)
        sessions = create_session_factory(engine)
        yield Runtime(settings, engine, sessions, UnitOfWorkFactory(sessions), redis, embedded)
    finally:
        if redis is not None:
            await redis.aclose()
        await engine.dispose()
        if embedded is not None:
            embedded.stop()
