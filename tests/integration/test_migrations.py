"""Migrations touch our schema only: the board's tables and `public` stay byte-for-byte the same."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
from loguru import logger
from sqlalchemy import text

from db import migrate
from db.base import SCHEMA, Base
from db.engine import create_engine
from db.migrate import include_name
from tests.support.board import build_board
from tests.support.pg import asyncpg_dsn, pg_dump, with_user

PUBLIC_OBJECTS = """
SELECT 'class:' || c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public'
UNION ALL SELECT 'type:' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = 'public'
UNION ALL SELECT 'proc:' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public'
UNION ALL SELECT 'trigger:' || tgname FROM pg_trigger WHERE NOT tgisinternal
ORDER BY 1
"""


def _legacy_dump(bin_dir: Path, url: str) -> str:
    tables = ("-t", 'public."JobsApp_job"', "-t", 'public."JobsApp_accountingfirm"')
    return pg_dump(bin_dir, url, *tables, "--no-owner", "--no-privileges", "--restrict-key=jobbottest")


async def _public_objects(url: str) -> list[str]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return [r[0] for r in await conn.fetch(PUBLIC_OBJECTS)]
    finally:
        await conn.close()


async def _our_tables(url: str) -> set[str]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = $1", SCHEMA)
        return {r[0] for r in rows}
    finally:
        await conn.close()


async def test_up_down_up_leaves_the_board_untouched(empty_db_url: str, pg_bin_dir: Path) -> None:
    engine = create_engine(empty_db_url)
    try:
        await build_board(engine, jobs=200)
        before_dump = _legacy_dump(pg_bin_dir, empty_db_url)
        before_public = await _public_objects(empty_db_url)
        assert 'CREATE TABLE public."JobsApp_job"' in before_dump and "COPY public" in before_dump

        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == migrate.head_revision()
        assert {"users", "user_searches", "alembic_version"} <= await _our_tables(empty_db_url)

        await migrate.downgrade(engine, "base")
        assert await migrate.current_revision(engine) is None
        assert await _our_tables(empty_db_url) == {"alembic_version"}

        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == migrate.head_revision()

        assert _legacy_dump(pg_bin_dir, empty_db_url) == before_dump
        assert await _public_objects(empty_db_url) == before_public
    finally:
        await engine.dispose()


async def test_stairway_every_revision_up_and_down(empty_db_url: str) -> None:
    """Each revision can be applied, reverted and applied again (catches half-written downgrades)."""
    engine = create_engine(empty_db_url)
    try:
        revisions = migrate.all_revisions()
        assert revisions and revisions[-1] == migrate.head_revision()
        previous = "base"
        for revision in revisions:
            await migrate.upgrade(engine, revision)
            await migrate.downgrade(engine, previous)
            await migrate.upgrade(engine, revision)
            assert await migrate.current_revision(engine) == revision
            previous = revision
    finally:
        await engine.dispose()


async def test_models_and_migrations_agree(db_url: str) -> None:
    """Autogenerate finds nothing to do at head: the models are what the migrations built."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:

            def diff(sync_conn):  # type: ignore[no-untyped-def]
                ctx = MigrationContext.configure(
                    sync_conn,
                    opts={
                        "include_schemas": True,
                        "include_name": include_name,
                        "version_table_schema": SCHEMA,
                        "compare_type": True,
                    },
                )
                return compare_metadata(ctx, Base.metadata)

            found = await conn.run_sync(diff)
            assert found == [], "\n".join(map(str, found))
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def _bot_role(url: str) -> AsyncIterator[str]:
    """Production's role: SELECT on the board, CREATE on the database (for our schema), nothing more."""
    dbname = urlsplit(url).path.lstrip("/")
    admin = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await admin.execute("DROP ROLE IF EXISTS bot_app")
        await admin.execute("CREATE ROLE bot_app LOGIN")
        await admin.execute(f'GRANT CONNECT, CREATE ON DATABASE "{dbname}" TO bot_app')
        await admin.execute('GRANT SELECT ON public."JobsApp_job", public."JobsApp_accountingfirm" TO bot_app')
        yield with_user(url, "bot_app")
    finally:
        await admin.execute("REASSIGN OWNED BY bot_app TO postgres; DROP OWNED BY bot_app")
        await admin.execute("DROP ROLE bot_app")
        await admin.close()


async def test_a_role_with_select_only_on_the_board_can_migrate(empty_db_url: str, pg_bin_dir: Path) -> None:
    """The owner installed pgvector (our role may not); the bot's role migrates everything it owns."""
    owner = create_engine(empty_db_url)
    await build_board(owner, jobs=50)
    async with owner.begin() as conn:
        await conn.execute(text("CREATE EXTENSION vector SCHEMA public"))
    await owner.dispose()
    before = _legacy_dump(pg_bin_dir, empty_db_url)
    async with _bot_role(empty_db_url) as role_url:
        bot_engine = create_engine(role_url)
        try:
            await migrate.upgrade(bot_engine)
            assert await migrate.current_revision(bot_engine) == migrate.head_revision()
            await migrate.downgrade(bot_engine, "base")
            await migrate.upgrade(bot_engine)
            # The database itself refuses the role's writes to the board, whatever our guard does.
            async with bot_engine.connect() as conn:
                raw = (await conn.get_raw_connection()).driver_connection
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await raw.execute('DELETE FROM public."JobsApp_job"')
        finally:
            await bot_engine.dispose()
    assert _legacy_dump(pg_bin_dir, empty_db_url) == before


async def test_without_pgvector_the_first_migration_says_so_and_the_index_refuses(empty_db_url: str) -> None:
    owner = create_engine(empty_db_url)
    await build_board(owner, jobs=10)
    await owner.dispose()
    async with _bot_role(empty_db_url) as role_url:
        messages: list[str] = []
        sink = logger.add(lambda m: messages.append(str(m)), level="INFO")
        bot_engine = create_engine(role_url)
        try:
            await migrate.upgrade(bot_engine, "0001")
            with pytest.raises(RuntimeError, match="CREATE EXTENSION vector"):
                await migrate.upgrade(bot_engine)
            assert await migrate.current_revision(bot_engine) == "0001"
        finally:
            logger.remove(sink)
            await bot_engine.dispose()
    assert any("could not create the pgvector extension" in m for m in messages)


async def test_an_existing_pgvector_is_left_alone(empty_db_url: str) -> None:
    """A database owner installed pgvector in public: we use it, and our downgrade never drops it."""
    admin = await asyncpg.connect(asyncpg_dsn(empty_db_url))
    try:
        await admin.execute("CREATE EXTENSION vector SCHEMA public")
        engine = create_engine(empty_db_url)
        await migrate.upgrade(engine)
        await migrate.downgrade(engine, "base")
        await engine.dispose()
        where = await admin.fetchval(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname='vector'"
        )
        assert where == "public"
    finally:
        await admin.close()
