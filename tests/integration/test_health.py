"""The database health check and the start-up retry, against real servers that are up, down, and coming up."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from loguru import logger
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from db import migrate
from db.embedded import EmbeddedPostgres
from db.engine import PoolOptions, create_engine, wait_for_database
from db.errors import DatabaseUnavailable
from db.health import check_database


def _dead_url() -> str:
    """A server that is not there: a socket folder with no PostgreSQL behind it."""
    return f"postgresql://postgres:@/postgres?host={tempfile.mkdtemp(prefix='nopg-', dir='/tmp')}"


async def test_healthy_database(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        health = await check_database(engine)
    finally:
        await engine.dispose()
    assert health.ok and health.reachable and health.pgvector and health.migrated
    assert health.revision == migrate.head_revision()


async def test_an_unmigrated_database_is_not_healthy(empty_db_url: str) -> None:
    engine = create_engine(empty_db_url)
    try:
        health = await check_database(engine)
    finally:
        await engine.dispose()
    assert health.reachable and not health.migrated and not health.ok
    assert health.revision is None


async def test_a_database_that_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_engine(_dead_url())
    try:
        started = time.monotonic()
        health = await check_database(engine)
        assert time.monotonic() - started < 3.5
    finally:
        await engine.dispose()
    assert not health.reachable and not health.ok
    assert health.error


async def test_start_up_retries_with_backoff_then_names_the_problem() -> None:
    engine = create_engine(_dead_url())
    warnings: list[str] = []
    sink = logger.add(lambda m: warnings.append(m.record["message"]), level="WARNING")
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable) as err:
            await wait_for_database(engine, attempts=4, backoff=0.05)
        elapsed = time.monotonic() - started
    finally:
        logger.remove(sink)
        await engine.dispose()
    retries = [w for w in warnings if "database not reachable" in w]
    assert len(retries) == 3
    assert ["0.1s" in retries[1], "0.2s" in retries[2]] == [True, True]  # doubling delays
    assert elapsed >= 0.05 + 0.1 + 0.2
    assert "after 4 attempts" in str(err.value) and "DATABASE_URL" in str(err.value)


async def test_start_up_waits_for_a_database_that_comes_up() -> None:
    folder = Path(tempfile.mkdtemp(prefix="latepg-", dir="/tmp"))
    server = EmbeddedPostgres(folder)
    server.pgdata.mkdir(parents=True)
    # pgserver puts its socket in the data folder; point at it before anything listens there.
    engine = create_engine(f"postgresql://postgres:@/postgres?host={server.pgdata}")
    try:

        async def start_later() -> None:
            await asyncio.sleep(0.5)
            await asyncio.to_thread(server.start)

        starter = asyncio.create_task(start_later())
        await wait_for_database(engine, attempts=8, backoff=0.25)
        await starter
        assert (await check_database(engine)).reachable
    finally:
        await engine.dispose()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


async def _backend(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def _end_backend(db_url: str, pid: int) -> None:
    """The server drops one connection, as a restart or an idle timeout would."""
    other = create_engine(db_url)
    try:
        async with other.connect() as conn:
            assert (await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})).scalar_one()
    finally:
        await other.dispose()


async def test_a_connection_that_rested_is_pinged_and_a_dropped_one_replaced(db_url: str) -> None:
    engine = create_engine(db_url, PoolOptions(pool_size=1, max_overflow=0, ping_after_idle=0.3))
    try:
        before = await _backend(engine)
        await _end_backend(db_url, before)
        await asyncio.sleep(0.5)
        after = await _backend(engine)  # pinged at checkout, found dead, replaced: the statement never fails
        assert after != before
    finally:
        await engine.dispose()


async def test_a_connection_used_moments_ago_is_not_pinged_and_a_drop_costs_one_statement(db_url: str) -> None:
    engine = create_engine(db_url, PoolOptions(pool_size=2, max_overflow=0, ping_after_idle=60))
    try:
        async with engine.connect() as first, engine.connect() as second:  # two pooled connections
            pids = [int((await c.execute(text("SELECT pg_backend_pid()"))).scalar_one()) for c in (first, second)]
        for pid in pids:
            await _end_backend(db_url, pid)
        with pytest.raises(DBAPIError) as failed:
            await _backend(engine)
        assert failed.value.connection_invalidated  # a disconnect: every connection opened before it is dropped
        assert await _backend(engine) not in pids  # so the next statement runs on a new one, not the other dead one
    finally:
        await engine.dispose()


async def test_a_load_above_the_pool_waits_for_kept_connections_and_opens_none_per_use(db_url: str) -> None:
    """The default pool is fixed: forty units of work at once, again and again, open at most `pool_size`
    connections, all at the start, where an overflow connection was opened and closed per use (PoolOptions)."""
    engine = create_engine(db_url)
    opened: list[int] = []
    event.listen(engine.sync_engine, "connect", lambda *_: opened.append(1))

    async def unit_of_work() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT pg_sleep(0.002)"))

    try:
        await asyncio.gather(*(unit_of_work() for _ in range(40)))
        first = len(opened)
        for _ in range(5):
            await asyncio.gather(*(unit_of_work() for _ in range(40)))
        assert 1 <= first <= PoolOptions().pool_size
        assert len(opened) == first  # none opened after the first burst
        assert engine.pool.checkedin() == first  # and all of them kept
    finally:
        await engine.dispose()
