"""Counts of events that leave no row of their own (CVs processed, errors, alerts sent), kept per hour in our
schema so that every instance adds to the same numbers; observers (the Prometheus metrics) hear of each one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

from loguru import logger
from sqlalchemy.exc import SQLAlchemyError

from db.uow import UnitOfWork, UnitOfWorkFactory


class Event(StrEnum):
    CV_PROCESSED = "cv_processed"
    ERROR = "error"
    ALERT_SENT = "alert_sent"


Observer = Callable[[Event, int], None]


class Usage:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow
        self.observers: list[Observer] = []

    async def add(self, event: Event, count: int = 1, *, work: UnitOfWork | None = None) -> None:
        """Count `event`. A failure to write is logged and swallowed: counting never breaks what is counted. With
        `work`, the count is part of the caller's unit of work and commits (or not) with it."""
        for observer in self.observers:
            observer(event, count)
        hour = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
        if work is not None:
            await work.stats.add_usage(hour, event.value, count)
            return
        try:
            async with self._uow() as work:
                await work.stats.add_usage(hour, event.value, count)
                await work.commit()
        except SQLAlchemyError as exc:
            logger.warning("could not count {}: {}", event.value, type(exc).__name__)
