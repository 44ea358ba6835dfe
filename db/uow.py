"""The unit of work: one session, one transaction, committed by the service that opened it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from db.account_repositories import AccountReads, AccountRepository
from db.admin_repositories import (
    AlertRepository,
    ApiTokenRepository,
    BroadcastRepository,
    MaintenanceRepository,
    StatsRepository,
    TaskRunRepository,
    UserAdminRepository,
)
from db.application_repositories import ApplicationRepository
from db.board import BoardReader
from db.index_repositories import EmbeddingCacheRepository, JobIndexRepository
from db.locks import advisory_lock
from db.repositories import SearchRepository, UserRepository
from db.retrieval import RetrievalRepository


class UnitOfWork:
    """`async with uow:` opens a session; leaving the block rolls back unless `commit()` was called.

    Services own the transaction: they call `await uow.commit()` when their work is whole.
    Repositories hang off the unit of work and share its session.
    """

    session: AsyncSession
    users: UserRepository
    accounts: AccountRepository
    applications: ApplicationRepository
    searches: SearchRepository
    board: BoardReader
    embeddings: EmbeddingCacheRepository
    job_index: JobIndexRepository
    retrieval: RetrievalRepository
    stats: StatsRepository
    broadcasts: BroadcastRepository
    user_admin: UserAdminRepository
    alerts: AlertRepository
    maintenance: MaintenanceRepository
    task_runs: TaskRunRepository
    api_tokens: ApiTokenRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.users = UserRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.applications = ApplicationRepository(self.session)
        self.searches = SearchRepository(self.session)
        self.board = BoardReader(self.session)
        self.embeddings = EmbeddingCacheRepository(self.session)
        self.job_index = JobIndexRepository(self.session)
        self.retrieval = RetrievalRepository(self.session)
        self.stats = StatsRepository(self.session)
        self.broadcasts = BroadcastRepository(self.session)
        self.user_admin = UserAdminRepository(self.session)
        self.alerts = AlertRepository(self.session)
        self.maintenance = MaintenanceRepository(self.session)
        self.task_runs = TaskRunRepository(self.session)
        self.api_tokens = ApiTokenRepository(self.session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() gives the connection back and so discards anything not committed, without expiring what was
        # loaded (rollback() would expire it, and a caller reading a returned row would fail).
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


class Reads:
    """Reads on one pooled connection in autocommit, with no ORM session (`UnitOfWorkFactory.reads`)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.accounts = AccountReads(connection)


class UnitOfWorkFactory:
    """What services receive: call it to get a fresh unit of work."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        engine = session_factory.kw["bind"]
        assert isinstance(engine, AsyncEngine)
        self._engine = engine
        self._session_factory = session_factory
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._reader_factory = async_sessionmaker(**{**session_factory.kw, "bind": self._autocommit})

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._session_factory)

    def reader(self) -> UnitOfWork:
        """A unit of work for reads that need no transaction: each statement runs on its own (autocommit), which
        saves the BEGIN and ROLLBACK round trips (the search's two stages). Only for reads: a write in it would be
        committed at once, with no way back."""
        return UnitOfWork(self._reader_factory)

    @asynccontextmanager
    async def reads(self) -> AsyncIterator[Reads]:
        """Core reads that need neither a transaction nor a session, on one pooled connection in autocommit: for a
        read made on every press of a button (the saved list), where opening and closing an ORM session cost a
        quarter of the read (docs/bot.md, "The fifth step"). Each statement runs on its own, as in `reader`."""
        async with self._autocommit.connect() as connection:
            yield Reads(connection)

    def lock(self, name: str, *, wait: bool) -> AbstractAsyncContextManager[bool]:
        """A lock across every instance (a PostgreSQL advisory lock), held for a `async with` block."""
        return advisory_lock(self._engine, name, wait=wait)
