"""Salary estimates from a real index on PostgreSQL: a generated board, indexed with the hashed stand-in embedder."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_session_factory
from db.models import JobIndexEntry
from db.uow import UnitOfWorkFactory
from services.jobs.index import JobIndexer
from services.jobs.salary_estimate import DEFAULT_RULES, Basis, Estimate, SalaryEstimates
from services.search.embeddings import EmbeddingService
from tests.support.board import build_board
from tests.support.hashed_embeddings import HashedEmbeddings

MODEL = HashedEmbeddings.name


def _group(job: Any, estimate: Estimate) -> list[Any]:
    """The SQL conditions of the jobs an estimate compares `job` with."""
    e, basis = JobIndexEntry, estimate.basis
    where = [e.model == MODEL, e.salary_stated, e.salary_currency == estimate.currency, e.job_id != job.job_id,
             e.step.between(job.step - 1, job.step + 1)]  # fmt: skip
    if basis in (Basis.FAMILY_STEP_AREA, Basis.FAMILY_STEP, Basis.FAMILY_NEAR_STEP):
        where.append(e.family == job.family)
    if basis in (Basis.FAMILY_STEP_AREA, Basis.FAMILY_STEP, Basis.STEP):
        where.append(e.step == job.step)
    if basis is Basis.FAMILY_STEP_AREA:
        where.append(e.region == job.region if job.region else e.country == job.country)
    return where


async def test_estimates_come_from_the_stated_salaries_of_comparable_jobs(engine: AsyncEngine) -> None:
    await build_board(engine, jobs=300)
    uow = UnitOfWorkFactory(create_session_factory(engine))
    await JobIndexer(uow, EmbeddingService(HashedEmbeddings(), uow), batch_size=300).refresh()
    async with engine.connect() as conn:
        e = JobIndexEntry
        unstated = (await conn.execute(select(e).where(~e.salary_stated, e.step.is_not(None)).order_by(e.job_id))).all()
        stated = (await conn.scalars(select(e.job_id).where(e.salary_stated).order_by(e.job_id))).all()
    assert len(unstated) >= 10 and stated

    queries: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    estimates = SalaryEstimates(uow, MODEL)
    found = {job.job_id: await estimates.estimate(job.job_id) for job in unstated}
    assert len(queries) == 1  # one read of the table serves every card while it is fresh
    assert [await estimates.estimate(job_id) for job_id in stated[:20]] == [None] * 20  # never for a stated salary
    assert await estimates.estimate(10**9) is None  # not indexed: looked up once, in case it is newer than the table
    assert len(queries) == 2

    made = [(job, found[job.job_id]) for job in unstated if found[job.job_id] is not None]
    assert len(made) >= 10
    midpoint = (func.coalesce(e.salary_min, e.salary_max) + func.coalesce(e.salary_max, e.salary_min)) / 2
    async with engine.connect() as conn:
        for job in unstated:
            estimate = found[job.job_id]
            currency = await conn.scalar(
                select(e.salary_currency)
                .where(e.salary_stated, e.country == job.country)
                .group_by(e.salary_currency)
                .order_by(func.count().desc(), e.salary_currency)
                .limit(1)
            )  # the currency most of its country's ads state
            if estimate is None:  # no stated salary in its country, or too few jobs a step or less away
                widest = select(func.count()).where(
                    e.salary_stated, e.salary_currency == currency, e.step.between(job.step - 1, job.step + 1)
                )
                assert currency is None or await conn.scalar(widest) < DEFAULT_RULES.minimum
                continue
            count, median = (
                await conn.execute(
                    select(func.count(), func.percentile_cont(0.5).within_group(midpoint)).where(*_group(job, estimate))
                )
            ).one()
            assert (estimate.currency, estimate.count) == (currency, count)
            assert estimate.count >= DEFAULT_RULES.minimum
            assert estimate.low <= median <= estimate.high
            assert estimate.low % 1000 == 0 and estimate.high % 1000 == 0
