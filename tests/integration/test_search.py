"""Search on real PostgreSQL with pgvector: filters in SQL, filtered recall against exact search, odd input."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import AsyncIterator

import pytest
from loguru import logger
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.devtools.dev_data import seed_demo
from db.engine import create_engine, create_session_factory
from db.legacy_writer import LegacyWriter
from db.models import JobIndexEntry
from db.retrieval import filter_clause
from db.uow import UnitOfWorkFactory
from locales import ENGLISH, translator
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService, LocalMiniLM
from services.search.job_search import JobSearch, Reason, job_filter
from services.search.query import RemotePolicy, SearchFilters
from tests.support.board import FIXED_DAY
from tests.support.hashed_embeddings import HashedEmbeddings
from tests.support.pg import create_database, drop_database, with_database

TODAY = FIXED_DAY
JOBS = 20_000


@pytest.fixture(scope="module")
async def big_board(pg_root_url: str, migrated_template: str) -> AsyncIterator[UnitOfWorkFactory]:
    """20,000 generated jobs, indexed once for the module with the hashed stand-in embedder."""
    name = await create_database(pg_root_url, template=migrated_template)
    engine = create_engine(with_database(pg_root_url, name))
    try:
        await seed_demo(LegacyWriter(engine), jobs=JOBS, seed=21, production=False, today=TODAY)
        uow = UnitOfWorkFactory(create_session_factory(engine))
        await JobIndexer(uow, EmbeddingService(HashedEmbeddings(), uow), batch_size=2000).refresh()
        yield uow
    finally:
        await engine.dispose()
        await drop_database(pg_root_url, name)


@pytest.fixture(scope="module")
def search(big_board: UnitOfWorkFactory) -> JobSearch:
    return JobSearch(big_board, EmbeddingService(HashedEmbeddings(), big_board))


async def _rows(uow: UnitOfWorkFactory, ids: list[int]) -> list[JobIndexEntry]:
    async with uow() as work:
        return list((await work.session.scalars(select(JobIndexEntry).where(JobIndexEntry.job_id.in_(ids)))).all())


async def _share(uow: UnitOfWorkFactory, filters: SearchFilters) -> float:
    async with uow() as work:
        where = filter_clause(job_filter(filters, HashedEmbeddings.name, TODAY))
        kept = await work.session.scalar(select(func.count()).select_from(JobIndexEntry).where(where))
    return float(kept or 0) / JOBS


FILTERS = {
    "places": (SearchFilters(places=("Leeds",)), lambda r: "Leeds" in r.places or r.work_mode == "remote"),
    "regions": (SearchFilters(regions=("Scotland",)), lambda r: r.region == "Scotland" or r.work_mode == "remote"),
    "remote": (SearchFilters(remote=RemotePolicy.REMOTE), lambda r: r.work_mode == "remote"),
    "hybrid": (SearchFilters(remote=RemotePolicy.HYBRID), lambda r: r.work_mode in ("remote", "hybrid")),
    "salary": (SearchFilters(min_salary=60000),
               lambda r: not r.salary_stated or (r.salary_max or r.salary_min) >= 60000),
    "salary-stated": (SearchFilters(min_salary=60000, include_unstated_salary=False),
                      lambda r: r.salary_stated and (r.salary_max or r.salary_min) >= 60000),
    "seniority": (SearchFilters(seniority_min=5, seniority_max=6),
                  lambda r: r.seniority is None or 5 <= r.seniority <= 6),
    "services": (SearchFilters(services=("tax", "payroll")), lambda r: r.service in ("tax", "payroll")),
    "employment": (SearchFilters(employment=("contract",)), lambda r: "contract" in r.employment),
    "ranking": (SearchFilters(max_firm_ranking=4), lambda r: r.firm_ranking is not None and r.firm_ranking <= 4),
    "posted": (SearchFilters(posted_within_days=7), lambda r: r.posted_on >= TODAY - dt.timedelta(days=7)),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FILTERS))
async def test_each_filter_alone(search: JobSearch, big_board: UnitOfWorkFactory, name: str) -> None:
    filters, holds = FILTERS[name]
    response = await search.search("audit tax accounts", filters, top=20, today=TODAY)  # no level, place or pay words
    assert len(response.results) == 20
    for row in await _rows(big_board, [r.job_id for r in response.results]):
        assert holds(row), (name, row.job_id)


async def test_filters_combined(search: JobSearch, big_board: UnitOfWorkFactory) -> None:
    filters = SearchFilters(places=("London",), min_salary=45000, seniority_min=3, seniority_max=5,
                            services=("audit",), remote=RemotePolicy.HYBRID)  # fmt: skip
    response = await search.search("external audit", filters, top=10, today=TODAY)
    assert response.results
    for row in await _rows(big_board, [r.job_id for r in response.results]):
        assert row.service == "audit" and row.work_mode in ("remote", "hybrid")
        assert ("London" in row.places) or row.work_mode == "remote"
        assert row.seniority is None or 3 <= row.seniority <= 5
        assert not row.salary_stated or (row.salary_max or row.salary_min) >= 45000


async def test_excluded_firms_and_jobs_never_return(search: JobSearch) -> None:
    first = await search.search("tax manager", top=10, today=TODAY)
    banned_job = first.results[0].job_id
    rows = await _rows(search._uow, [r.job_id for r in first.results])
    banned_firm = rows[0].firm_id
    again = await search.search(
        "tax manager", SearchFilters(excluded_jobs=(banned_job,), excluded_firms=(banned_firm,)), top=10, today=TODAY
    )
    assert banned_job not in {r.job_id for r in again.results}
    assert banned_firm not in {r.firm_id for r in await _rows(search._uow, [r.job_id for r in again.results])}


SELECTIVE = [
    SearchFilters(places=("Plymouth",), remote=RemotePolicy.HYBRID),
    SearchFilters(services=("forensic",)),
    SearchFilters(services=("restructuring",), seniority_min=5, seniority_max=8),
    SearchFilters(regions=("Wales",), min_salary=40000, include_unstated_salary=False),
    SearchFilters(employment=("part_time",), services=("accounts", "payroll")),
]


@pytest.mark.parametrize("filters", SELECTIVE, ids=[f"f{i}" for i in range(len(SELECTIVE))])
async def test_a_filter_keeping_1_to_10_percent_still_returns_k(
    search: JobSearch, big_board: UnitOfWorkFactory, filters: SearchFilters
) -> None:
    share = await _share(big_board, filters)
    assert 0.001 <= share <= 0.10, share
    response = await search.search("senior accountant audit tax", filters, top=10, today=TODAY)
    assert len(response.results) == 10


async def test_filtered_recall_at_10_against_exact_search(big_board: UnitOfWorkFactory) -> None:
    embedder = HashedEmbeddings()
    queries = [
        "audit senior", "tax manager", "payroll supervisor", "forensic accountant", "trainee accountant",
        "management accounts", "insolvency manager", "internal audit", "vat returns", "corporate finance",
    ]  # fmt: skip
    recalls = []
    for filters in SELECTIVE:
        for q in queries:
            vector = embedder.vector(q)
            async with big_board() as work:
                where = job_filter(filters, embedder.name, TODAY)
                approximate = [r.job_id for r in await work.retrieval.vector_matches(vector, where, 10)]
            async with big_board() as work:
                exact = [r.job_id for r in await work.retrieval.vector_matches(vector, where, 10, exact=True)]
            recalls.append(len(set(approximate) & set(exact)) / max(1, len(exact)))
    mean = sum(recalls) / len(recalls)
    assert mean >= 0.95, mean


async def test_sql_looking_input_is_just_text(search: JobSearch, big_board: UnitOfWorkFactory) -> None:
    for query in ["'; DROP TABLE jobbot.job_index; --", 'audit" OR 1=1 --', "tax & | ! <-> :*", "", "   ", "is it",
                  "the of and", "¹ ² ³", "!!!"]:  # fmt: skip
        response = await search.search(query, top=5, today=TODAY)
        words = re.sub(r"[^\w\s]", " ", query)  # the same words, without the characters SQL or tsquery would read
        plain = await search.search(words, top=5, today=TODAY)
        assert [r.job_id for r in response.results] == [r.job_id for r in plain.results], query
    async with big_board() as work:
        assert await work.session.scalar(select(func.count()).select_from(JobIndexEntry)) == JOBS


async def test_nothing_matches_gives_an_empty_list(search: JobSearch) -> None:
    impossible = SearchFilters(places=("Aberdeen",), remote=RemotePolicy.REMOTE, min_salary=900_000,
                               include_unstated_salary=False)  # fmt: skip
    response = await search.search("audit", impossible, top=10, today=TODAY)
    assert response.results == []


async def test_results_are_deterministic(search: JobSearch) -> None:
    a = await search.search("audit senior leeds", top=10, today=TODAY)
    b = await search.search("audit senior leeds", top=10, today=TODAY)
    assert [r.job_id for r in a.results] == [r.job_id for r in b.results]


async def test_a_users_search_is_recorded(search: JobSearch, big_board: UnitOfWorkFactory) -> None:
    async with big_board() as work:
        await work.users.upsert_seen(77, username="u", first_name=None, last_name=None, language_code="en",
                                     seen_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))  # fmt: skip
        await work.commit()
    response = await search.search("payroll manager remote", top=5, user_id=77, today=TODAY)
    async with big_board() as work:
        (saved,) = await work.searches.list_for_user(77)
    assert saved.query_text == "payroll manager remote"
    assert saved.result_count == len(response.results)
    assert saved.filters == {"wanted": {"remote": "remote", "seniority_min": 4, "seniority_max": 6}}


async def test_with_the_real_model_the_query_words_lead(
    engine: AsyncEngine, local_model_for_search: LocalMiniLM
) -> None:
    await seed_demo(LegacyWriter(engine), jobs=300, seed=8, production=False, today=TODAY)
    uow = UnitOfWorkFactory(create_session_factory(engine))
    embeddings = EmbeddingService(local_model_for_search, uow)
    await JobIndexer(uow, embeddings).refresh()
    response = await JobSearch(uow, embeddings).search("audit senior leeds", top=5, today=TODAY)
    rows = {r.job_id: r for r in await _rows(uow, [r.job_id for r in response.results])}
    assert len(response.results) == 5
    # Leeds is asked for, not a filter: what is there comes first, and anything from elsewhere says so.
    in_leeds = ["Leeds" in rows[r.job_id].places for r in response.results]
    assert in_leeds[0] and in_leeds == sorted(in_leeds, reverse=True)
    for result, there in zip(response.results, in_leeds, strict=True):
        assert there or any(reason.key == "elsewhere" for reason in result.reasons), result
    best = response.results[0]
    assert "audit" in best.title.lower() and "senior" in best.title.lower()
    assert {Reason.of("level-fits"), Reason.of("place-match", places="Leeds")} <= set(best.reasons)
    assert {"level ✓", "Leeds ✓"} <= {ENGLISH.reason(r) for r in best.reasons}
    assert {"уровень ✓", "Leeds ✓"} <= {translator("ru").reason(r) for r in best.reasons}
    services = {reason for result in response.results for reason in result.reasons if reason.key == "service-match"}
    assert services and {ENGLISH.reason(r) for r in services} <= {"audit ✓", "internal audit ✓"}


@pytest.fixture(scope="module")
def local_model_for_search() -> LocalMiniLM:
    model = LocalMiniLM()
    model.warm_up()
    return model


async def test_match_cv_says_when_few_jobs_fit(search: JobSearch) -> None:
    from services.cv.profile import extract_profile
    from services.cv.reading import clean_text
    from tests.data.uk_cvs import REFERENCE_DATE, UK_CVS

    audit = next(cv for cv in UK_CVS if cv["id"] == "audit-senior-aca")
    profile = extract_profile(clean_text(audit["text"]), today=REFERENCE_DATE)
    response = await search.match_cv(profile, top=10, today=TODAY)
    assert len(response.results) == 10 and not response.few_fit
    assert sum("audit" in r.title.lower() or "assurance" in r.title.lower() for r in response.results) >= 8
    chef = extract_profile("Head Chef\nExperience\nHead Chef, Example Restaurant, 2015 - Present\nMenus, kitchen team")
    assert (await search.match_cv(chef, top=10, today=TODAY)).few_fit


async def test_a_connection_killed_mid_search_is_tried_once_more(search: JobSearch, big_board: UnitOfWorkFactory,
                                                                 ) -> None:  # fmt: skip
    """Issue #21's chaos: the search's connections die while it runs (here: killed while they wait for a table a
    maintenance transaction holds); the search runs again on new connections and answers."""
    warnings: list[str] = []
    handler = logger.add(lambda m: warnings.append(str(m.record["message"])), level="WARNING")
    async with big_board() as work:
        engine = work.session.bind
    try:
        async with engine.connect() as locker, engine.connect() as watcher:
            await locker.execute(text("LOCK TABLE jobbot.job_index IN ACCESS EXCLUSIVE MODE"))
            running = asyncio.create_task(search.search("audit senior", top=5, today=TODAY))
            waiting = 0
            for _ in range(200):  # until the search's queries wait for the lock (a state the database reports)
                waiting = await watcher.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"))  # fmt: skip
                await watcher.commit()
                if waiting:
                    break
                await asyncio.sleep(0.05)
            assert waiting, "the search never reached the database"
            await watcher.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"))  # fmt: skip
            await watcher.commit()
            await asyncio.sleep(0.2)
            await locker.rollback()  # the lock goes; the second try gets through
        response = await asyncio.wait_for(running, 30)
    finally:
        logger.remove(handler)
    assert response.results and any("connection was lost" in w for w in warnings)
