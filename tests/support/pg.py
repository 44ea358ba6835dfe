"""Helpers for tests that need PostgreSQL: URLs, throwaway databases, psql-free inspection."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def asyncpg_dsn(url: str) -> str:
    """asyncpg's own connect() wants a plain postgresql:// URL."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def with_user(url: str, user: str, password: str = "") -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{user}:{password}@{host}", parts.path, parts.query, parts.fragment))


async def create_database(admin_url: str, *, template: str | None = None, prefix: str = "t") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        clause = f' TEMPLATE "{template}"' if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{clause}')
    finally:
        await conn.close()
    return name


async def drop_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def pg_dump(bin_dir: Path, url: str, *args: str) -> str:
    """pg_dump of the embedded server's own version; used to compare table definitions and data."""
    parts = urlsplit(url)
    host = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p).get("host", "")
    cmd = [str(bin_dir / "pg_dump"), "-h", host, "-U", parts.username or "postgres", "-d", parts.path.lstrip("/")]
    done = subprocess.run([*cmd, *args], capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"pg_dump failed: {done.stderr.strip()}")
    return done.stdout


@asynccontextmanager
async def scratch_database(prefix: str) -> AsyncIterator[AsyncEngine]:
    """A throwaway embedded PostgreSQL (with pgvector) under /tmp, for benchmarks and the evaluation."""
    from db.embedded import EmbeddedPostgres
    from db.engine import create_engine

    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    server = EmbeddedPostgres(folder)
    engine = create_engine(server.start())
    try:
        yield engine
    finally:
        await engine.dispose()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
