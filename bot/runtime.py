"""The composition root's resources: settings in, engine, sessions, Redis and the embedded server out.

`open_runtime()` is what `python -m bot ...` and the test fixtures use, so both run the same wiring.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from loguru import logger
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings
from db.embedded import EmbeddedPostgres
from db.engine import PoolOptions, create_engine, create_session_factory, wait_for_database
from db.uow import UnitOfWorkFactory
from services.accounts.applications import Applications
from services.accounts.preferences import UserPreferences
from services.accounts.profiles import Profiles
from services.accounts.saved import SavedJobs
from services.accounts.users import Users
from services.admin.stats import StatsService
from services.admin.users import UserAdmin
from services.container import Services
from services.counters import Counters
from services.cv.formats import Limits
from services.cv.intake import CvIntake, CvQuota
from services.cv.llm import LlmCvExtractor
from services.cv.matching import CvMatching
from services.cv.reading import CvReader, ReadingLimits
from services.delivery.alerts import JobAlerts
from services.delivery.broadcasts import Broadcasts
from services.delivery.pace import Pace, SendPace, SharedPace
from services.delivery.reminders import ApplicationReminders
from services.jobs.cards import JobCards
from services.jobs.salary_estimate import SalaryEstimates
from services.maintenance import Maintenance, Retention
from services.search.embeddings import EmbeddingProvider, EmbeddingService, LocalMiniLM, OpenAIEmbeddings
from services.search.for_user import UserSearch
from services.search.job_search import JobSearch
from services.usage import Usage


def database_url_from_settings(settings: Settings) -> tuple[str, EmbeddedPostgres | None]:
    """DATABASE_URL when set; otherwise start (or reuse) the embedded server in DATA_DIR."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value(), None
    if settings.is_production:
        raise RuntimeError("DATABASE_URL must be set in production; the embedded database is for development")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    embedded = EmbeddedPostgres(settings.data_dir)
    url = embedded.start()
    logger.info("DATABASE_URL is unset: using the embedded PostgreSQL with pgvector in {}", embedded.pgdata)
    return url, embedded


def pool_options(settings: Settings) -> PoolOptions:
    db = settings.db
    return PoolOptions(
        pool_size=db.pool_size,
        max_overflow=db.max_overflow,
        pool_timeout=db.pool_timeout,
        pool_recycle=db.pool_recycle,
        connect_timeout=db.connect_timeout,
    )


def create_embedding_provider(settings: Settings) -> EmbeddingProvider:
    """OpenAI when OPENAI_API_KEY is set, else the offline model. The index keeps each model's vectors apart."""
    if settings.openai_api_key is not None:
        return OpenAIEmbeddings(
            settings.openai_api_key.get_secret_value(),
            model=settings.openai_embedding_model,
            base_url=settings.openai_base_url,
            timeout=settings.openai_timeout,
            max_attempts=settings.openai_max_attempts,
        )
    return LocalMiniLM()


def create_cv_intake(settings: Settings, redis: Redis | None = None) -> CvIntake:
    """Rule-based extraction, with the LLM merged in when OPENAI_API_KEY is set; daily quotas per sender (shared
    through Redis when there is one)."""
    limits = ReadingLimits(
        max_bytes=int(settings.cv_max_mb * 1024**2),
        content=Limits(max_pages=settings.cv_max_pages),
        parallel=settings.cv_workers,
        memory_mb=settings.cv_worker_memory_mb,
    )
    llm = None
    if settings.openai_api_key is not None:
        llm = LlmCvExtractor(
            settings.openai_api_key.get_secret_value(),
            model=settings.openai_cv_model,
            base_url=settings.openai_base_url,
            timeout=settings.openai_timeout * 2,
        )
    quota = CvQuota(Counters(redis), cvs_per_day=settings.cv_per_day, llm_per_day=settings.cv_llm_per_day)
    return CvIntake(CvReader(limits), llm, quota)


@dataclass(slots=True)
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    uow: UnitOfWorkFactory
    redis: Redis | None = None
    embedded: EmbeddedPostgres | None = field(default=None, repr=False)
    url: str = field(default="", repr=False)
    """The database URL (with its password): for the PostgreSQL tools of backup and restore."""
    _embeddings: EmbeddingService | None = field(default=None, repr=False)

    @property
    def embeddings(self) -> EmbeddingService:
        """Made on first use: commands that never embed never load a model."""
        if self._embeddings is None:
            self._embeddings = EmbeddingService(create_embedding_provider(self.settings), self.uow, self.redis)
        return self._embeddings

    async def aclose(self) -> None:
        provider = self._embeddings.provider if self._embeddings else None
        if isinstance(provider, OpenAIEmbeddings):
            await provider.close()
        elif isinstance(provider, LocalMiniLM):
            provider.close()


def redis_client(url: str) -> Redis:
    """The bot's Redis client: a command that gets no answer within 5 s fails, and the outage paths take over
    (`handlers/state.py`, `services/counters.py`), rather than hanging the update."""
    return Redis.from_url(url, socket_timeout=5)


@asynccontextmanager
async def open_runtime(settings: Settings, *, wait: bool = True) -> AsyncIterator[Runtime]:
    url, embedded = database_url_from_settings(settings)
    engine = create_engine(url, pool_options(settings))
    redis: Redis | None = None
    try:
        if wait:
            await wait_for_database(engine, attempts=settings.db.startup_attempts, backoff=settings.db.startup_backoff)
        if settings.redis_url is not None:
            redis = redis_client(settings.redis_url.get_secret_value())
        sessions = create_session_factory(engine)
        runtime = Runtime(settings, engine, sessions, UnitOfWorkFactory(sessions), redis, embedded, url=url)
        try:
            yield runtime
        finally:
            await runtime.aclose()
    finally:
        if redis is not None:
            await redis.aclose()
        await engine.dispose()
        if embedded is not None:
            embedded.stop()


def settle_heap() -> int:
    """Collect once, then move every object alive after start-up into the garbage collector's permanent generation.

    The modules, classes and functions of aiogram, SQLAlchemy and the rest are about 300,000 objects that live as
    long as the process. Each full (generation 2) collection walked all of them: measured in the search benchmark's
    process, a 160-190 ms pause of the event loop, which every user waiting at that moment paid. Frozen, they are no
    longer walked (a full collection then took 2 ms). Called once the bot has started; returns the count frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def create_services(runtime: Runtime) -> Services:
    return build_services(runtime.uow, runtime.embeddings, runtime.settings, runtime.redis)


def build_services(uow: UnitOfWorkFactory, embeddings: EmbeddingService, settings: Settings,
                   redis: Redis | None) -> Services:  # fmt: skip
    """Every service, wired once (the benchmarks and dialog tests bring their own embedding model)."""
    model = embeddings.model
    users, search = Users(uow, model, redis), JobSearch(uow, embeddings)
    users.forget_vectors = search.forget  # erasure reaches the cached vectors of a user's searches and CV
    preferences, profiles, user_admin = UserPreferences(uow, model, users), Profiles(uow), UserAdmin(uow, users)
    pace: SendPace = Pace(settings.broadcast_rate)
    if redis is not None and settings.redis_url is not None:  # one budget for every instance
        pace = SharedPace(redis, settings.broadcast_rate)
    usage = Usage(uow)
    retention = Retention(searches_days=settings.search_retention_days)
    cv, cv_max_bytes = create_cv_intake(settings, redis), int(settings.cv_max_mb * 1024**2)
    return Services(
        users=users,
        preferences=preferences,
        profiles=profiles,
        saved=SavedJobs(uow, model),
        user_admin=user_admin,
        search=search,
        user_search=UserSearch(search, preferences, profiles, uow),
        jobs=JobCards(uow, model, SalaryEstimates(uow, model)),
        cv=cv,
        matching=CvMatching(uow, cv, profiles, preferences, user_admin, search, max_bytes=cv_max_bytes, usage=usage),
        cv_max_bytes=cv_max_bytes,
        stats=StatsService(uow, model),
        broadcasts=Broadcasts(uow, pace),
        usage=usage,
        pace=pace,
        alerts=JobAlerts(uow, search, preferences, model, pace, usage),
        maintenance=Maintenance(uow, model, retention),
        applications=Applications(uow, model),
        reminders=ApplicationReminders(uow, pace),
    )
