"""Alembic environment: our schema only, URL from Settings, metadata from `db`.

Called two ways:
- by `db.migrate` (and so `python -m bot migrate` and the tests), which hands over an open
  connection in `config.attributes["connection"]`;
- by the `alembic` command line, which builds Settings and connects itself.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.base import SCHEMA, Base
from db.migrate import include_name
from db.models import User, UserSearch  # noqa: F401  (registers our tables on Base.metadata)

config = context.config
target_metadata = Base.metadata


def ensure_schema(connection: Connection) -> None:
    exists = connection.scalar(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": SCHEMA})
    if not exists:
        connection.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))


def run_with_connection(connection: Connection) -> None:
    ensure_schema(connection)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table_schema=SCHEMA,
        include_schemas=True,
        include_name=include_name,
        transaction_per_migration=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or "postgresql://",
        target_metadata=target_metadata,
        version_table_schema=SCHEMA,
        include_schemas=True,
        include_name=include_name,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_settings() -> None:
    from bot.runtime import database_url_from_settings
    from bot.settings import load_settings
    from db.engine import create_engine

    settings = load_settings()
    url, embedded = database_url_from_settings(settings)
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(run_with_connection)
    finally:
        await engine.dispose()
        if embedded is not None:
            embedded.stop()


if context.is_offline_mode():
    run_offline()
elif (conn := config.attributes.get("connection")) is not None:
    run_with_connection(conn)
else:
    asyncio.run(_run_from_settings())
