"""The embedding provider down or slow (issue #21's chaos): a search answers from the full-text stage alone, within
`QUERY_EMBED_SECONDS`, says so (`keywords_only`), logs it, and is whole again once the provider answers. Real
PostgreSQL, a board indexed through the real `openai` client against the local stand-in over HTTP."""

from __future__ import annotations

import time

import pytest
from loguru import logger

from bot.devtools.dev_data import seed_demo
from db.engine import PoolOptions, create_engine, create_session_factory
from db.legacy_writer import LegacyWriter
from db.uow import UnitOfWorkFactory
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService, OpenAIEmbeddings
from services.search.job_search import QUERY_EMBED_SECONDS, JobSearch
from tests.support.openai_standin import OpenAIStandIn


@pytest.mark.slow
async def test_search_falls_back_to_full_text_when_the_provider_fails(db_url: str, standin: OpenAIStandIn) -> None:
    engine = create_engine(db_url)
    warnings: list[str] = []
    handler = logger.add(lambda m: warnings.append(str(m.record["message"])), level="WARNING")
    try:
        uow = UnitOfWorkFactory(create_session_factory(engine))
        await seed_demo(LegacyWriter(engine), jobs=120, production=False)
        provider = OpenAIEmbeddings("sk-test-key", base_url=standin.url, timeout=2.0, max_attempts=2, backoff=0.05)
        search = JobSearch(uow, EmbeddingService(provider, uow))
        await JobIndexer(uow, search.embeddings).refresh()

        whole = await search.search("audit senior", top=10)
        assert whole.results and not whole.keywords_only

        standin.then(*[("status", 500)] * 4)  # the provider fails (every retry too)
        started = time.monotonic()
        failing = await search.search("tax manager", top=10)
        assert failing.keywords_only and failing.results  # the words still find jobs
        assert time.monotonic() - started < QUERY_EMBED_SECONDS
        assert any("full-text results only" in w for w in warnings)

        standin.then(("slow", 30))  # the provider hangs
        started = time.monotonic()
        slow = await search.search("payroll administrator", top=10)
        assert slow.keywords_only and time.monotonic() - started < QUERY_EMBED_SECONDS + 2

        again = await search.search("payroll administrator", top=10)  # the provider answers again
        assert not again.keywords_only and again.results
    finally:
        logger.remove(handler)
        await engine.dispose()


@pytest.mark.slow
async def test_a_search_waits_for_its_query_vector_holding_no_connection(db_url: str, standin: OpenAIStandIn) -> None:
    """The query's embedding may need a pooled connection (an API model's vectors are kept in PostgreSQL): the vector
    stage must not hold one while it waits, or a pool that busy starves the embedding until `QUERY_EMBED_SECONDS` and
    the search loses its vector half. A pool of one connection makes that certain."""
    provider = OpenAIEmbeddings("sk-test-key", base_url=standin.url, timeout=2.0, max_attempts=2, backoff=0.05)
    engine = create_engine(db_url)  # the board seeded and indexed on the usual pool
    try:
        uow = UnitOfWorkFactory(create_session_factory(engine))
        await seed_demo(LegacyWriter(engine), jobs=60, production=False)
        await JobIndexer(uow, EmbeddingService(provider, uow)).refresh()
    finally:
        await engine.dispose()
    engine = create_engine(db_url, PoolOptions(pool_size=1))
    try:
        uow = UnitOfWorkFactory(create_session_factory(engine))
        search = JobSearch(uow, EmbeddingService(provider, uow))
        started = time.monotonic()
        found = await search.search("senior tax accountant", top=10)  # a query not embedded before
        assert not found.keywords_only and found.results
        assert time.monotonic() - started < QUERY_EMBED_SECONDS / 2
    finally:
        await engine.dispose()
