"""Nothing in our code can write the job board's tables; reading them works as usual."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import joinedload

from db.engine import create_session_factory
from db.errors import LegacyWriteError
from db.legacy import AccountingFirm, Job
from db.models import User
from tests.support.board import build_board


@pytest.fixture
async def board(engine: AsyncEngine) -> AsyncEngine:
    await build_board(engine, jobs=40)
    return engine


async def _job_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(Job)) or 0)


async def test_reading_the_board_works(board: AsyncEngine) -> None:
    sessions = create_session_factory(board)
    async with sessions() as session:
        job = (await session.scalars(select(Job).options(joinedload(Job.firm)).order_by(Job.id).limit(1))).one()
        assert job.job_title and job.firm.name
        await session.flush()  # loaded, unchanged legacy rows are no reason to refuse a flush
        await session.commit()


@pytest.mark.parametrize("change", ["add", "modify", "delete"])
async def test_the_orm_cannot_change_legacy_rows(board: AsyncEngine, change: str) -> None:
    sessions = create_session_factory(board)
    before = await _job_count(board)
    async with sessions() as session:
        job = (await session.scalars(select(Job).order_by(Job.id).limit(1))).one()
        if change == "add":
            session.add(AccountingFirm(name="Injected LLP"))
        elif change == "modify":
            job.job_title = "Changed by the bot"
        else:
            await session.delete(job)
        with pytest.raises(LegacyWriteError):
            await session.commit()
    assert await _job_count(board) == before
    async with board.connect() as conn:
        titles = (await conn.scalars(select(Job.job_title))).all()
    assert "Changed by the bot" not in titles


@pytest.mark.parametrize(
    "statement",
    [
        insert(AccountingFirm).values(name="x"),
        update(Job).values(job_title="x"),
        delete(Job),
    ],
    ids=["insert", "update", "delete"],
)
async def test_core_statements_through_a_session_are_refused(board: AsyncEngine, statement: object) -> None:
    sessions = create_session_factory(board)
    before = await _job_count(board)
    async with sessions() as session:
        with pytest.raises(LegacyWriteError):
            await session.execute(statement)  # type: ignore[call-overload]
    assert await _job_count(board) == before


@pytest.mark.parametrize(
    "sql",
    [
        'DELETE FROM "JobsApp_job"',
        'delete from public."JobsApp_job" where id > 0',
        "UPDATE \"JobsApp_accountingfirm\" SET name = 'x'",
        "INSERT INTO \"JobsApp_accountingfirm\" (name) VALUES ('x')",
        'TRUNCATE "JobsApp_job" CASCADE',
        'ALTER TABLE "JobsApp_job" ADD COLUMN x int',
        'WITH gone AS (DELETE FROM "JobsApp_job" RETURNING id) SELECT count(*) FROM gone',
    ],
)
async def test_raw_sql_through_our_engine_is_refused(board: AsyncEngine, sql: str) -> None:
    before = await _job_count(board)
    async with board.connect() as conn:
        with pytest.raises(LegacyWriteError):
            await conn.execute(text(sql))
    sessions = create_session_factory(board)
    async with sessions() as session:
        with pytest.raises(LegacyWriteError):
            await session.execute(text(sql))
    assert await _job_count(board) == before


async def test_our_own_tables_are_writable(board: AsyncEngine) -> None:
    sessions = create_session_factory(board)
    async with sessions() as session:
        session.add(User(telegram_id=1001, first_name="Ann"))
        await session.commit()
    async with sessions() as session:
        assert (await session.get(User, 1001)) is not None
