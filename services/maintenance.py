"""Pruning what has outlived its use: searches past the retention period, embedding-cache entries nobody asked for
in a while, finished broadcasts (with their delivery rows), old task runs and usage counts, alert rows of jobs
long gone from the board, CV profiles kept for a choice or an undo past their day. Cached query vectors and member
entries in Redis expire by themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from loguru import logger

from db.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Retention:
    searches_days: int = 180
    embeddings_days: int = 30
    broadcasts_days: int = 30
    task_runs_days: int = 30
    usage_days: int = 400
    alerts_days: int = 90


@dataclass(frozen=True, slots=True)
class PruneReport:
    searches: int
    embeddings: int
    broadcasts: int
    task_runs: int
    usage: int
    alerts: int
    profile_versions: int = 0
    """A new CV's profile waiting for the user's word, or a replaced one kept for undo, past its day."""

    @property
    def total(self) -> int:
        return sum(asdict(self).values())


class Maintenance:
    def __init__(self, uow: UnitOfWorkFactory, model: str, retention: Retention = Retention()) -> None:
        self._uow = uow
        self._model = model
        self.retention = retention

    async def prune(self, now: dt.datetime | None = None) -> PruneReport:
        now = now or dt.datetime.now(dt.UTC)
        r = self.retention

        def ago(days: int) -> dt.datetime:
            return now - dt.timedelta(days=days)

        async with self._uow() as work:
            report = PruneReport(
                searches=await work.maintenance.old_searches(ago(r.searches_days)),
                embeddings=await work.maintenance.unused_embeddings(ago(r.embeddings_days)),
                broadcasts=await work.maintenance.finished_broadcasts(ago(r.broadcasts_days)),
                task_runs=await work.maintenance.old_task_runs(ago(r.task_runs_days)),
                usage=await work.maintenance.usage(ago(r.usage_days)),
                alerts=await work.alerts.prune(self._model, ago(r.alerts_days)),
                profile_versions=await work.accounts.drop_expired_profile_versions(now),
            )
            await work.commit()
        logger.info("pruned {}", ", ".join(f"{k} {v}" for k, v in asdict(report).items()))
        return report
