"""Refreshing the job index from the board: real PostgreSQL with pgvector, the real offline model."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.devtools.dev_data import import_jobs
from db.engine import create_session_factory
from db.legacy import Job
from db.legacy_writer import LegacyWriter
from db.models import EmbeddingCacheEntry, JobIndexEntry
from db.uow import UnitOfWorkFactory
from services.errors import IndexBusy
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService, LocalMiniLM, text_hash
from tests.support.board import build_board


@pytest.fixture(scope="session")
def local_model() -> Iterator[LocalMiniLM]:
    model = LocalMiniLM()
    model.warm_up()
    yield model
    model.close()


@pytest.fixture
def uow(engine: AsyncEngine) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(create_session_factory(engine))


@pytest.fixture
def indexer(uow: UnitOfWorkFactory, local_model: LocalMiniLM) -> JobIndexer:
    return JobIndexer(uow, EmbeddingService(local_model, uow), batch_size=50)


async def _scalar(engine: AsyncEngine, stmt: object) -> object:
    async with engine.connect() as conn:
        return await conn.scalar(stmt)  # type: ignore[call-overload]


async def test_full_then_no_change_refresh(engine: AsyncEngine, indexer: JobIndexer) -> None:
    await build_board(engine, jobs=120)
    planner_rows = text("SELECT reltuples FROM pg_class WHERE oid = 'jobbot.job_index'::regclass")
    assert await _scalar(engine, planner_rows) == -1  # never analysed
    seen: list[tuple[int, int]] = []
    first = await indexer.refresh(progress=lambda done, total: seen.append((done, total)))
    assert (first.jobs_seen, first.embedded, first.unchanged, first.removed) == (120, 120, 0, 0)
    assert first.provider_calls == 3  # 120 jobs in batches of 50
    assert seen[0] == (0, 120) and seen[-1] == (120, 120)
    assert await _scalar(engine, select(func.count()).select_from(JobIndexEntry)) == 120
    assert await _scalar(engine, planner_rows) == 120  # analysed at once after a big change, not a minute later

    second = await indexer.refresh()
    assert (second.embedded, second.unchanged, second.provider_calls) == (0, 120, 0)


async def test_index_rows_carry_parsed_fields_and_searchable_vectors(engine: AsyncEngine, indexer: JobIndexer) -> None:
    await build_board(engine, jobs=150)
    await indexer.refresh()
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(JobIndexEntry).where(JobIndexEntry.salary_stated, JobIndexEntry.seniority.is_not(None)).limit(1)
            )
        ).one()
        assert row.model == "all-MiniLM-L6-v2-int8"
        assert len(row.embedding) == 384
        assert row.salary_min is not None or row.salary_max is not None
        assert row.country == "United Kingdom"
        # The title weighs more than the body in full-text search.
        best = await conn.scalar(
            text(
                "SELECT title FROM jobbot.job_index WHERE tsv @@ websearch_to_tsquery('english', 'payroll') "
                "ORDER BY ts_rank(tsv, websearch_to_tsquery('english', 'payroll')) DESC LIMIT 1"
            )
        )
        assert "payroll" in best.lower()
        # The HNSW index answers a nearest-neighbour query.
        nearest = await conn.scalar(
            text(
                "SELECT j.title FROM jobbot.job_index j ORDER BY j.embedding <=> "
                "(SELECT embedding FROM jobbot.job_index WHERE title ILIKE '%tax%' LIMIT 1) LIMIT 1"
            )
        )
        assert "tax" in nearest.lower()


async def test_a_changed_job_is_reembedded_alone(engine: AsyncEngine, indexer: JobIndexer, tmp_path: Path) -> None:
    await build_board(engine, jobs=60)
    await indexer.refresh()
    job_id = await _scalar(engine, select(func.min(Job.id)))
    changed = tmp_path / "changed.jsonl"
    changed.write_text(
        json.dumps({"id": job_id, "job_title": "Payroll Manager", "firm_name": "KPMG",
                    "description": "<p>CIPP qualified payroll manager, BrightPay.</p>", "location": "Leeds / Hybrid"})
    )  # fmt: skip
    await import_jobs(LegacyWriter(engine), changed, production=False)

    report = await indexer.refresh()
    assert (report.embedded, report.unchanged, report.provider_calls) == (1, 59, 1)
    async with engine.connect() as conn:
        row = (await conn.execute(select(JobIndexEntry).where(JobIndexEntry.job_id == job_id))).one()
    assert row.title == "Payroll Manager"
    assert row.software == ["BrightPay"] and row.places == ["Leeds"] and row.work_mode == "hybrid"


async def test_a_parser_change_reparses_without_making_jobs_new(
    engine: AsyncEngine, indexer: JobIndexer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Job alerts send what was indexed since a moment: a re-parse after a parser change must not look like new
    jobs (every subscriber would get old jobs), while a job changed on the board must."""
    await build_board(engine, jobs=40)
    await indexer.refresh()
    when = select(JobIndexEntry.job_id, JobIndexEntry.indexed_at)
    async with engine.connect() as conn:
        before = dict((await conn.execute(when)).all())
        terms = await conn.scalar(text("SELECT jobs FROM jobbot.title_terms WHERE term = ''"))
    assert terms == 40  # the count of titles' words is built with the index
    monkeypatch.setattr("services.jobs.index.PARSER_VERSION", 999)
    job_id = min(before)
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps({"id": job_id, "job_title": "Payroll Manager", "firm_name": "KPMG",
                                   "description": "<p>Payroll manager.</p>", "location": "Leeds"}))  # fmt: skip
    await import_jobs(LegacyWriter(engine), changed, production=False)
    report = await indexer.refresh()
    assert report.embedded == 40  # every job re-parsed
    async with engine.connect() as conn:
        after = dict((await conn.execute(when)).all())
        family = await conn.scalar(select(JobIndexEntry.family).where(JobIndexEntry.job_id == job_id))
    assert after[job_id] > before[job_id] and family == "payroll"
    assert {j: t for j, t in after.items() if j != job_id} == {j: t for j, t in before.items() if j != job_id}


async def test_a_job_gone_from_the_board_leaves_the_index(engine: AsyncEngine, indexer: JobIndexer) -> None:
    await build_board(engine, jobs=40)
    await indexer.refresh()
    async with LegacyWriter(engine).transaction() as conn:
        gone = await conn.scalar(
            text('DELETE FROM public."JobsApp_job" WHERE id = (SELECT max(id) FROM public."JobsApp_job") RETURNING id')
        )
    report = await indexer.refresh()
    assert (report.removed, report.embedded, report.provider_calls) == (1, 0, 0)
    assert await _scalar(engine, select(func.count()).where(JobIndexEntry.job_id == gone)) == 0


async def test_the_cache_saves_provider_calls_for_texts_seen_before(
    engine: AsyncEngine, uow: UnitOfWorkFactory, local_model: LocalMiniLM
) -> None:
    await build_board(engine, jobs=30)
    await JobIndexer(uow, EmbeddingService(local_model, uow)).refresh()
    cached = await _scalar(engine, select(func.count()).select_from(EmbeddingCacheEntry))
    assert cached == 30
    async with uow() as work:  # the index is lost, the cache is not
        await work.session.execute(text("TRUNCATE jobbot.job_index"))
        await work.commit()
    service = EmbeddingService(local_model, uow)
    report = await JobIndexer(uow, service).refresh()
    assert (report.embedded, report.provider_calls, report.cache_hits) == (30, 0, 30)


async def test_two_refreshes_at_once(engine: AsyncEngine, uow: UnitOfWorkFactory, local_model: LocalMiniLM) -> None:
    await build_board(engine, jobs=80)
    a = JobIndexer(uow, EmbeddingService(local_model, uow), batch_size=20)
    b = JobIndexer(uow, EmbeddingService(local_model, uow), batch_size=20)
    first, second = await asyncio.gather(a.refresh(), b.refresh())
    assert sorted([first.embedded, second.embedded]) == [0, 80]
    assert first.provider_calls + second.provider_calls == 4
    assert await _scalar(engine, select(func.count()).select_from(JobIndexEntry)) == 80


async def test_a_refresh_that_may_not_wait_says_it_is_busy(engine: AsyncEngine, indexer: JobIndexer) -> None:
    await build_board(engine, jobs=5)
    async with indexer._uow.lock("job-index-refresh", wait=True):
        with pytest.raises(IndexBusy):
            await indexer.refresh(wait=False)
    assert (await indexer.refresh(wait=False)).embedded == 5


async def test_an_empty_or_missing_board(engine: AsyncEngine, indexer: JobIndexer) -> None:
    report = await indexer.refresh()
    assert (report.jobs_seen, report.embedded, report.provider_calls) == (0, 0, 0)


async def test_the_board_is_never_written(engine: AsyncEngine, indexer: JobIndexer) -> None:
    await build_board(engine, jobs=25)
    digest = "SELECT md5(string_agg(t::text, '' ORDER BY id)) FROM public.\"JobsApp_job\" t"
    before = await _scalar(engine, text(digest))
    await indexer.refresh()
    assert await _scalar(engine, text(digest)) == before


async def test_switching_to_openai_reembeds_and_never_mixes_models(
    engine: AsyncEngine, uow: UnitOfWorkFactory, indexer: JobIndexer
) -> None:
    from services.search.embeddings import OpenAIEmbeddings
    from tests.support.openai_standin import OpenAIStandIn

    await build_board(engine, jobs=30)
    await indexer.refresh()
    standin = OpenAIStandIn()
    await standin.start()
    try:
        openai_provider = OpenAIEmbeddings("sk-test-key", base_url=standin.url, timeout=2, max_attempts=2)
        report = await JobIndexer(uow, EmbeddingService(openai_provider, uow)).refresh()
        await openai_provider.close()
    finally:
        await standin.stop()
    assert (report.model, report.embedded, report.provider_calls) == ("openai/text-embedding-3-small@384", 30, 1)
    async with engine.connect() as conn:
        models = (await conn.scalars(select(JobIndexEntry.model).distinct())).all()
        cached = (await conn.scalars(select(EmbeddingCacheEntry.model).distinct())).all()
    assert models == ["openai/text-embedding-3-small@384"]
    assert sorted(cached) == ["all-MiniLM-L6-v2-int8", "openai/text-embedding-3-small@384"]
    # And back: the local vectors come from the cache, no model call.
    back = await indexer.refresh()
    assert (back.embedded, back.provider_calls) == (30, 0)


async def test_local_query_embeddings_are_cached_in_redis_only(
    uow: UnitOfWorkFactory, local_model: LocalMiniLM, redis_url: str
) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    try:
        await redis.flushdb()
        service = EmbeddingService(local_model, uow, redis)
        calls = local_model.calls
        first = await service.embed_query("part qualified ACCA Leeds")
        assert await service.embed_query("part qualified ACCA Leeds") == pytest.approx(first, abs=1e-6)
        assert local_model.calls == calls + 1  # the second came from Redis
        await service.drain()
        keys = await redis.keys("jobbot:qemb:*")
        assert len(keys) == 1 and 0 < await redis.ttl(keys[0]) <= 24 * 3600
        async with uow() as work:  # embedding again (3 ms) is cheaper than a PostgreSQL round trip under load
            assert await work.embeddings.get_many(local_model.name, [text_hash("part qualified ACCA Leeds")]) == {}
        await redis.delete(*keys)
        assert await service.embed_query("part qualified ACCA Leeds") == pytest.approx(first, abs=1e-6)
        assert local_model.calls == calls + 2
    finally:
        await redis.flushdb()
        await redis.aclose()


async def test_api_query_embeddings_are_cached_in_redis_and_postgresql(uow: UnitOfWorkFactory, redis_url: str) -> None:
    from redis.asyncio import Redis

    from services.search.embeddings import OpenAIEmbeddings
    from tests.support.openai_standin import OpenAIStandIn

    redis = Redis.from_url(redis_url)
    standin = OpenAIStandIn()
    await standin.start()
    provider = OpenAIEmbeddings("sk-test-key", base_url=standin.url, timeout=2, max_attempts=2)
    try:
        await redis.flushdb()
        service = EmbeddingService(provider, uow, redis)
        first = await service.embed_query("audit manager Bristol")
        assert provider.calls == 1
        await service.drain()  # the database cache is written in the background
        keys = await redis.keys("jobbot:qemb:*")
        assert len(keys) == 1
        await redis.delete(*keys)  # gone from Redis: the database cache still answers, no second API call
        assert await service.embed_query("audit manager Bristol") == pytest.approx(first, abs=1e-6)
        assert await service.embed_query("audit manager Bristol") == pytest.approx(first, abs=1e-6)
        assert provider.calls == 1
    finally:
        await provider.close()
        await standin.stop()
        await redis.flushdb()
        await redis.aclose()


async def test_a_broken_redis_does_not_stop_query_embedding(uow: UnitOfWorkFactory, local_model: LocalMiniLM) -> None:
    from redis.asyncio import Redis

    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    try:
        vector = await EmbeddingService(local_model, uow, dead).embed_query("tax senior")
    finally:
        await dead.aclose()
    assert len(vector) == 384


async def test_a_refresh_cancelled_during_a_write_ends_and_keeps_that_batch(
    engine: AsyncEngine, indexer: JobIndexer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The playground cancels its background refresh when the chat ends, and shutdown cancels a running one. Cut in
    the middle of a batch's write, asyncpg's pipelined executemany left the server and the client each waiting for
    the other, and the process never exited (seen: one start in three). The write now runs to its end first."""
    from db.index_repositories import JobIndexRepository

    await build_board(engine, jobs=120)
    writing = asyncio.Event()
    upsert = JobIndexRepository.upsert_many

    async def noticed(self: JobIndexRepository, rows: list[dict[str, object]]) -> None:
        writing.set()
        await upsert(self, rows)

    monkeypatch.setattr(JobIndexRepository, "upsert_many", noticed)
    refresh = asyncio.create_task(indexer.refresh())
    await asyncio.wait_for(writing.wait(), 60)
    await asyncio.sleep(0)  # the write is under way: asyncpg is sending the batch
    refresh.cancel()
    done, _ = await asyncio.wait([refresh], timeout=30)
    assert done and refresh.cancelled()  # ended, as cancelled, instead of hanging
    assert await _scalar(engine, select(func.count()).select_from(JobIndexEntry)) == 50  # the first batch, whole
    report = await indexer.refresh()  # and the next refresh goes on from there
    assert (report.embedded, report.unchanged) == (70, 50)
