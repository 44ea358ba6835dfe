"""Running Alembic from code: over one of our async engines, in our schema only."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from db.base import SCHEMA
from db.legacy import LEGACY_TABLES

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate looks at our schema and nothing else: the board's tables (and Django's) stay invisible.

    `None` is the connection's default schema, `public` on our engines, which we never migrate.
    The board's tables are refused by name as well, whatever the search path.
    """
    if type_ == "schema":
        return name == SCHEMA
    if type_ == "table":
        return name not in LEGACY_TABLES and name != "alembic_version"
    return True


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def all_revisions() -> list[str]:
    """Every revision from the first to head."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _run(connection: Connection, action: str, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    if action == "upgrade":
        command.upgrade(cfg, revision)
    else:
        command.downgrade(cfg, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_run, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_run, "downgrade", revision)


def read_current_revision(connection: Connection) -> str | None:
    """Our schema's revision, read straight from Alembic's version table (quietly: probes call this)."""
    table = connection.scalar(text("SELECT to_regclass(:t)"), {"t": f"{SCHEMA}.alembic_version"})
    if table is None:
        return None
    rows = connection.execute(text(f'SELECT version_num FROM "{SCHEMA}".alembic_version')).scalars().all()
    return rows[0] if len(rows) == 1 else None


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(read_current_revision)
