"""The end-to-end bot: real PostgreSQL with pgvector (300 demo jobs indexed by the offline model), real Redis,
the real Dispatcher polling the Bot API stand-in over HTTP. One bot per module; each test is its own user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.devtools.dev_data import seed_demo
from bot.runtime import open_runtime
from bot.settings import load_settings
from db.engine import create_engine, create_session_factory
from db.legacy_writer import LegacyWriter
from db.uow import UnitOfWorkFactory
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService, LocalMiniLM
from tests.support.botharness import Harness, running_bot
from tests.support.pg import create_database, drop_database, with_database

E2E_JOBS = 300


@pytest.fixture(scope="session")
async def e2e_template(pg_root_url: str, migrated_template: str) -> AsyncIterator[str]:
    """A migrated database with demo jobs, indexed once by the real offline model, to clone per module."""
    name = await create_database(pg_root_url, template=migrated_template, prefix="e2etemplate")
    engine = create_engine(with_database(pg_root_url, name))
    try:
        await seed_demo(LegacyWriter(engine), jobs=E2E_JOBS, seed=5, production=False)
        uow = UnitOfWorkFactory(create_session_factory(engine))
        model = LocalMiniLM()
        try:
            await JobIndexer(uow, EmbeddingService(model, uow)).refresh()
        finally:
            model.close()
    finally:
        await engine.dispose()
    yield name
    await drop_database(pg_root_url, name)


@pytest.fixture(scope="module")
async def bot(pg_root_url: str, e2e_template: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
              ) -> AsyncIterator[Harness]:  # fmt: skip
    name = await create_database(pg_root_url, template=e2e_template)
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    data_dir: Path = tmp_path_factory.mktemp("bot-data")
    settings = load_settings(database_url=with_database(pg_root_url, name), redis_url=redis_url, bot_token=None,
                             data_dir=data_dir, environment="development", openai_api_key=None,
                             scheduler=False)  # fmt: skip
    try:
        async with open_runtime(settings) as runtime, running_bot(runtime, redis) as harness:
            yield harness
    finally:
        await redis.flushdb()
        await redis.aclose()
        await drop_database(pg_root_url, name)
