"""One engine and one session factory per process, and the guard on the legacy tables."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from loguru import logger
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, ExecutionContext
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session

from db.base import SCHEMA
from db.errors import DatabaseUnavailable, LegacyWriteError
from db.legacy import LEGACY_TABLES, AccountingFirm, Job

ALLOW_LEGACY_WRITES = "allow_legacy_writes"
"""Execution option that the development-only seeder sets on its own connection. Nothing else may."""

_LEGACY_WRITE_SQL = re.compile(
    r"""\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|ALTER\s+TABLE|DROP\s+TABLE|COPY)"""
    r"""\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(?:"?public"?\.)?"?(?:JobsApp_accountingfirm|JobsApp_job)\b""",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PoolOptions:
    pool_size: int = 10
    max_overflow: int = 0
    """A fixed pool of `pool_size` connections, kept open. An overflow connection is closed as soon as it is given
    back while the pool is full, so under a load above `pool_size` each use of one opened and closed a connection
    (a new server process, and its statements prepared again): with 5 kept and 5 overflow, 40 users pressing buttons
    opened 21 connections per 400 presses, and none with ten kept (docs/bot.md, "The fifth step", has what it cost).
    Past `pool_size` a unit of work waits for a connection given back (up to `pool_timeout`)."""
    pool_timeout: float = 10.0
    pool_recycle: int = 1800
    connect_timeout: float = 5.0
    ping_after_idle: float = 5.0
    """Seconds a pooled connection may rest before its next checkout pings it (`_ping_after_rest`)."""


VECTOR_EF_SEARCH = 200
"""HNSW's candidate list (pgvector's `hnsw.ef_search`): costs little beside the rows read, and keeps recall up on a
weaker graph (docs/search.md has the grid)."""

SESSION_SETTINGS = {
    # Search statements are planned for their own values: asyncpg prepares statements, and after five runs
    # PostgreSQL may switch to a generic plan that ignores the query's words and filters (a rare word and a word
    # in half the jobs then get the same plan). Planning a short statement costs tens of microseconds.
    "plan_cache_mode": "force_custom_plan",
    # pgvector's HNSW scans: iterative, so that a filtered search still returns k rows (services/search/job_search.py).
    # Placeholders until pgvector's library loads in the session, which then takes them up.
    "hnsw.iterative_scan": "relaxed_order",
    "hnsw.ef_search": str(VECTOR_EF_SEARCH),
    "hnsw.max_scan_tuples": "40000",
}
"""Set once when a connection opens, rather than with `set_config` in each search's transaction: one round trip
less per search stage, which lets a stage run without a transaction at all (`UnitOfWorkFactory.reader`)."""


def normalize_database_url(url: str) -> str:
    """Accept the URL shapes hosting providers hand out and make it one asyncpg understands.

    `postgres://` (fly.io), `postgresql://` and `postgresql+asyncpg://` all work; libpq's
    `sslmode=` becomes asyncpg's `ssl=`.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("postgres", "postgresql", "postgresql+asyncpg"):
        raise ValueError(f"DATABASE_URL must be a PostgreSQL URL (postgres://...), not {scheme or 'empty'}://")
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "sslmode":
            key = "ssl"
        query.append((key, value))
    return urlunsplit(("postgresql+asyncpg", parts.netloc, parts.path, urlencode(query, safe="/"), ""))


def _is_legacy(statement: Any) -> bool:
    table = getattr(statement, "table", None)
    return getattr(table, "name", None) in LEGACY_TABLES


class GuardedSession(Session):
    """The session class behind every AsyncSession we make: it cannot write the legacy tables."""


@event.listens_for(GuardedSession, "before_flush")
def _refuse_legacy_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, AccountingFirm | Job) and (obj not in session.dirty or session.is_modified(obj)):
            raise LegacyWriteError(f"{type(obj).__name__} belongs to the job board and is read-only")


@event.listens_for(GuardedSession, "do_orm_execute")
def _refuse_legacy_dml(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and _is_legacy(state.statement):
        raise LegacyWriteError("the job board's tables are read-only for the bot")


def _refuse_legacy_sql(
    conn: Connection,
    _cursor: Any,
    statement: str,
    _params: Any,
    context: ExecutionContext | None,
    _many: bool,
) -> None:
    if _LEGACY_WRITE_SQL.search(statement) and not conn.get_execution_options().get(ALLOW_LEGACY_WRITES):
        raise LegacyWriteError("the job board's tables are read-only for the bot")


def create_engine(url: str, pool: PoolOptions | None = None, *, application_name: str = "jobbot") -> AsyncEngine:
    pool = pool or PoolOptions()
    engine = create_async_engine(
        normalize_database_url(url),
        pool_size=pool.pool_size,
        max_overflow=pool.max_overflow,
        pool_timeout=pool.pool_timeout,
        pool_recycle=pool.pool_recycle,
        connect_args={
            "timeout": pool.connect_timeout,
            # Every table we own is schema-qualified; our schema is on the path for pgvector's types.
            # `public` stays the default schema, so unqualified DDL can never land in ours.
            "server_settings": {
                "search_path": f"public,{SCHEMA}",
                "application_name": application_name,
                **SESSION_SETTINGS,
            },
        },
    )
    # Raw SQL too: anything that reaches the driver through our engine is checked.
    event.listen(engine.sync_engine, "before_cursor_execute", _refuse_legacy_sql)
    _ping_after_rest(engine, pool.ping_after_idle)
    return engine


def _ping_after_rest(engine: AsyncEngine, idle: float) -> None:
    """Ping a pooled connection at checkout only when it has rested `idle` seconds or more since it was last
    given back; a dead one is replaced there, as SQLAlchemy's `pool_pre_ping` does on every checkout.

    `pool_pre_ping` costs each unit of work three more round trips (asyncpg's ping runs BEGIN, an empty statement
    and ROLLBACK) and was a third of a saved-jobs list's time. A connection given back moments ago is as alive as
    the ping would show; if the server went away meanwhile, its next statement fails with a disconnect, which
    makes SQLAlchemy drop every connection opened before it (`docs/operations.md`, "When something fails")."""
    sync = engine.sync_engine
    dialect = sync.dialect

    @event.listens_for(sync, "checkin")
    def _rested_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["given_back"] = time.monotonic()

    @event.listens_for(sync, "checkout")
    def _ping_if_rested(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        given_back = record.info.get("given_back")
        if given_back is None or time.monotonic() - given_back < idle:
            return  # opened just now, or used moments ago
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as exc:  # asyncpg's errors for a closed connection are of many types
            raise DisconnectionError(f"a pooled connection did not answer its ping: {type(exc).__name__}") from exc


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=GuardedSession)


async def wait_for_database(engine: AsyncEngine, *, attempts: int = 6, backoff: float = 0.5) -> None:
    """Connect, retrying with exponential backoff; then fail with a message a person can act on."""
    last: BaseException | None = None
    for attempt in range(1, attempts + 1):
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            if attempt > 1:
                logger.info("database reachable after {} attempts", attempt)
            return
        except (OSError, TimeoutError) as exc:
            last = exc
        except Exception as exc:  # asyncpg and SQLAlchemy wrap connection failures in many types
            last = exc
        if attempt < attempts:
            delay = backoff * 2 ** (attempt - 1)
            logger.warning(
                "database not reachable (attempt {}/{}): {}; retrying in {:.1f}s",
                attempt,
                attempts,
                type(last).__name__,
                delay,
            )
            await asyncio.sleep(delay)
    host = engine.url.host or engine.url.query.get("host") or "?"
    raise DatabaseUnavailable(
        f"Cannot reach PostgreSQL at {host} (database {engine.url.database!r}) after {attempts} attempts: "
        f"{type(last).__name__}: {last}. Check DATABASE_URL and that the server is running."
    )
