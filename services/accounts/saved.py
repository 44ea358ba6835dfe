"""Jobs the user saved, and jobs they marked not interesting (never shown to them again)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from db.uow import UnitOfWorkFactory
from services.accounts.users import utc_now
from services.errors import DomainError
from services.search.leanings import JobFacts, Leanings, Learned


class DismissReason(StrEnum):
    TOO_SENIOR = "too_senior"
    TOO_JUNIOR = "too_junior"
    WRONG_PLACE = "wrong_place"
    WRONG_FIELD = "wrong_field"
    SALARY = "salary"


class JobGone(DomainError):
    """The job has left the board."""

    code = "job_gone"


@dataclass(frozen=True, slots=True)
class SavedJobView:
    job_id: int
    title: str
    firm: str
    closed: bool


class SavedJobs:
    """Saving, listing and dismissing jobs."""

    def __init__(self, uow: UnitOfWorkFactory, model: str) -> None:
        self._uow = uow
        self._model = model
        """The index's embedding model: a saved job is open while the index holds it."""

    async def save_job(self, user_id: int, job_id: int) -> bool:
        """Save a job that is on the board; True when it was not saved before."""
        async with self._uow() as work:
            facts = await work.job_index.facts(self._model, job_id)
            if facts is None:
                raise JobGone()
            added = await work.accounts.save_job(user_id, job_id, facts.title, facts.firm_name)
            await work.commit()
        return added

    async def unsave_job(self, user_id: int, job_id: int) -> bool:
        async with self._uow() as work:
            removed = await work.accounts.unsave_job(user_id, job_id)
            await work.commit()
        return removed

    async def is_saved(self, user_id: int, job_id: int) -> bool:
        async with self._uow() as work:
            return await work.accounts.is_saved(user_id, job_id)

    async def saved_jobs(self, user_id: int) -> list[SavedJobView]:
        async with self._uow.reads() as read:  # read on every visit to the list: no transaction, no session
            rows = await read.accounts.saved_jobs(user_id, self._model)
        return [SavedJobView(row.job_id, row.title, row.firm_name, closed=not row.still_open) for row in rows]

    async def dismiss_job(self, user_id: int, job_id: int, reason: DismissReason) -> Learned | None:
        """Never show this job to this user again (and drop it from their saved jobs), and learn from the reason
        (`services.search.leanings`): what was learned, to tell the user, or None when nothing new was."""
        async with self._uow() as work:
            await work.accounts.dismiss_job(user_id, job_id, reason.value)
            await work.accounts.unsave_job(user_id, job_id)
            learned = None
            facts = await work.job_index.facts(self._model, job_id)
            if facts is not None:
                prefs = await work.accounts.preferences(user_id, lock=True)
                current = Leanings.from_dict(prefs.leanings if prefs is not None else None)
                updated, learned = current.learn(reason.value, job_facts(facts))
                if updated != current:
                    await work.accounts.put_preferences(user_id, utc_now(), leanings=updated.as_dict())
                else:
                    learned = None  # taught already
            await work.commit()
        return learned


def job_facts(facts: Any) -> JobFacts:
    """What a lesson reads of a job, from its row in the index."""
    gbp = facts.salary_stated and facts.salary_currency in (None, "GBP")
    pays = (facts.salary_max or facts.salary_min) if gbp else None
    return JobFacts(step=facts.step, family=facts.family, places=tuple(facts.places or ()), region=facts.region,
                    work_mode=facts.work_mode, annual_pay=pays)  # fmt: skip
