"""The unit of work owns the transaction; repositories only flush."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.engine import PoolOptions, create_engine, create_session_factory
from db.uow import UnitOfWorkFactory

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def uow(engine: AsyncEngine) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(create_session_factory(engine))


async def _seen(uow: UnitOfWorkFactory, telegram_id: int, *, username: str, at: dt.datetime, commit: bool) -> None:
    async with uow() as work:
        await work.users.upsert_seen(
            telegram_id, username=username, first_name="Ann", last_name=None, language_code="en", seen_at=at
        )
        if commit:
            await work.commit()


async def test_committed_work_persists_and_upsert_refreshes(uow: UnitOfWorkFactory) -> None:
    await _seen(uow, 7, username="ann", at=NOW, commit=True)
    await _seen(uow, 7, username="Ann_CPA", at=NOW + dt.timedelta(hours=1), commit=True)
    async with uow() as work:
        user = await work.users.get(7)
        assert user is not None
        assert user.username == "Ann_CPA"
        assert user.created_at == NOW
        assert user.last_active_at == NOW + dt.timedelta(hours=1)
        assert (await work.users.find_by_username("@ann_cpa")) is not None
        assert await work.users.count() == 1


async def test_work_without_commit_is_rolled_back(uow: UnitOfWorkFactory) -> None:
    await _seen(uow, 8, username="bob", at=NOW, commit=False)
    async with uow() as work:
        assert await work.users.get(8) is None


async def _fail_halfway(uow: UnitOfWorkFactory) -> None:
    async with uow() as work:
        await work.users.upsert_seen(9, username=None, first_name=None, last_name=None, language_code=None, seen_at=NOW)
        await work.searches.add(9, "audit senior leeds", {"location": ["Leeds"]}, 12)
        raise RuntimeError("the service failed halfway")


async def test_an_error_rolls_back_everything_in_the_unit(uow: UnitOfWorkFactory) -> None:
    with pytest.raises(RuntimeError):
        await _fail_halfway(uow)
    async with uow() as work:
        assert await work.users.get(9) is None
        assert await work.searches.list_for_user(9) == []


async def test_searches_belong_to_their_user_and_go_with_them(uow: UnitOfWorkFactory) -> None:
    await _seen(uow, 10, username="cy", at=NOW, commit=True)
    async with uow() as work:
        await work.searches.add(10, "payroll manager remote", {"remote": True}, 3)
        await work.searches.add(10, "tax senior", {}, 0)
        await work.commit()
    async with uow() as work:
        found = await work.searches.list_for_user(10)
        assert [s.query_text for s in found] == ["tax senior", "payroll manager remote"]
        assert found[1].filters == {"remote": True}
        user = await work.users.get(10)
        await work.session.delete(user)
        await work.commit()
    async with uow() as work:
        assert await work.searches.list_for_user(10) == []


async def test_a_reader_runs_each_statement_on_its_own_with_the_search_settings(uow: UnitOfWorkFactory) -> None:
    xact = text("SELECT pg_current_xact_id()::text, current_setting('plan_cache_mode')")
    async with uow() as work:  # one transaction for the unit
        first, second = [(await work.session.execute(xact)).one() for _ in range(2)]
        assert first == second
        assert first[1] == "force_custom_plan"
    async with uow.reader() as work:  # no transaction: each statement is its own
        first, second = [(await work.session.execute(xact)).one() for _ in range(2)]
        assert first[0] != second[0]
        assert first[1] == "force_custom_plan"
        await work.session.execute(text("SELECT '[1,2]'::vector"))  # pgvector's library takes up its settings
        hnsw = text("SELECT current_setting('hnsw.iterative_scan'), current_setting('hnsw.ef_search')")
        assert (await work.session.execute(hnsw)).one() == ("relaxed_order", "200")


async def test_reads_give_what_the_unit_of_work_reads_on_a_pooled_connection_without_a_session(db_url: str) -> None:
    engine = create_engine(db_url, PoolOptions(pool_size=1))  # one connection: each unit below gets the same one
    uow = UnitOfWorkFactory(create_session_factory(engine))
    try:
        now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
        await _seen(uow, 11, username="reads", at=now, commit=True)
        async with uow() as work:
            for job_id in (501, 502):
                assert await work.accounts.save_job(11, job_id, f"Accountant {job_id}", "Firm")
            await work.commit()
        async with uow() as work:
            in_session = await work.accounts.saved_jobs(11, "m")
        async with uow.reads() as read:
            assert isinstance(read.connection, AsyncConnection)  # a bare connection, no ORM session
            assert engine.pool.checkedout() == 1
            on_connection = await read.accounts.saved_jobs(11, "m")
        assert engine.pool.checkedout() == 0  # given back
        assert [tuple(row) for row in on_connection] == [tuple(row) for row in in_session]
        assert [(row.job_id, row.still_open) for row in on_connection] == [(502, False), (501, False)]  # none indexed
        async with uow() as work:  # the same connection, given back out of autocommit: uncommitted work is undone
            assert await work.accounts.unsave_job(11, 501)
        async with uow() as work:
            assert [row.job_id for row in await work.accounts.saved_jobs(11, "m")] == [502, 501]
    finally:
        await engine.dispose()
