"""The jobs users applied for (`applications`): their stages and follow-up reminders. Add, get, list, update and
flush; never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Application, JobIndexEntry, User, UserPreferences


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user_id: int, job_id: int, title: str, firm_name: str, applied_on: dt.date) -> Application:
        """The application, new; or, when the user had already applied, the same one with this day."""
        stmt = (
            insert(Application)
            .values(user_id=user_id, job_id=job_id, title=title, firm_name=firm_name, applied_on=applied_on)
            .on_conflict_do_update(index_elements=[Application.user_id, Application.job_id],
                                   set_={"applied_on": applied_on})
            .returning(Application)
            .execution_options(populate_existing=True)
        )  # fmt: skip
        return (await self._session.scalars(stmt)).one()

    async def get(self, user_id: int, job_id: int) -> Application | None:
        return await self._session.get(Application, (user_id, job_id), populate_existing=True)

    async def update(self, user_id: int, job_id: int, **values: Any) -> Application | None:
        """Set these columns of one application; None when the user has no such application."""
        stmt = (
            update(Application)
            .where(Application.user_id == user_id, Application.job_id == job_id)
            .values(**values)
            .returning(Application)
            .execution_options(populate_existing=True)
        )
        return (await self._session.scalars(stmt)).first()

    async def remove(self, user_id: int, job_id: int) -> bool:
        stmt = (
            delete(Application)
            .where(Application.user_id == user_id, Application.job_id == job_id)
            .returning(Application.job_id)
        )
        return (await self._session.scalar(stmt)) is not None

    async def of_user(self, user_id: int, model: str) -> Sequence[tuple[Application, bool]]:
        """The user's applications, latest applied first, each with whether the job is still on the board."""
        open_ = (
            select(JobIndexEntry.job_id)
            .where(JobIndexEntry.job_id == Application.job_id, JobIndexEntry.model == model)
            .exists()
        )
        stmt = (
            select(Application, open_)
            .where(Application.user_id == user_id)
            .order_by(Application.applied_on.desc(), Application.created_at.desc(), Application.job_id.desc())
        )
        return [(row, bool(still_open)) for row, still_open in (await self._session.execute(stmt)).all()]

    async def job_ids(self, user_id: int) -> set[int]:
        stmt = select(Application.job_id).where(Application.user_id == user_id)
        return set((await self._session.scalars(stmt)).all())

    # ---------------------------------------------------------------- follow-up reminders
    async def due(self, until: dt.date) -> Sequence[Any]:
        """Reminders still to go on or before `until`, of users who can be reached: (application, the user's
        Telegram language, their chosen language, their time zone), by user."""
        stmt = (
            select(Application, User.language_code, UserPreferences.language, UserPreferences.timezone)
            .join(User, User.telegram_id == Application.user_id)
            .outerjoin(UserPreferences, UserPreferences.user_id == Application.user_id)
            .where(Application.remind_on <= until, Application.reminded_at.is_(None), ~User.is_blocked,
                   ~User.is_banned)
            .order_by(Application.user_id, Application.applied_on, Application.job_id)
        )  # fmt: skip
        return (await self._session.execute(stmt)).all()

    async def claim_reminders(self, user_id: int, job_ids: Sequence[int], at: dt.datetime, until: dt.date
                              ) -> list[int]:  # fmt: skip
        """Mark these reminders sent at `at` before sending them: the job ids claimed now (not those another run
        claimed first, nor those whose reminder was removed or moved past `until`, the user's day, meanwhile)."""
        stmt = (
            update(Application)
            .where(Application.user_id == user_id, Application.job_id.in_(list(job_ids)),
                   Application.reminded_at.is_(None), Application.remind_on <= until)
            .values(reminded_at=at)
            .returning(Application.job_id)
        )  # fmt: skip
        return sorted((await self._session.scalars(stmt)).all())

    async def release_reminders(self, user_id: int, job_ids: Sequence[int], at: dt.datetime) -> None:
        """Give back reminders claimed at `at` that did not go: the next run offers them again."""
        await self._session.execute(
            update(Application)
            .where(Application.user_id == user_id, Application.job_id.in_(list(job_ids)),
                   Application.reminded_at == at)
            .values(reminded_at=None)
        )  # fmt: skip

    # ---------------------------------------------------------------- for admins
    async def counts(self) -> dict[str, int]:
        """Applications by stage, with `total`, `users` (who have any) and `reminders_pending`."""
        by_stage = select(Application.stage, func.count()).group_by(Application.stage)
        out = {str(stage): int(n) for stage, n in await self._session.execute(by_stage)}
        pending = func.count().filter(Application.remind_on.is_not(None), Application.reminded_at.is_(None))
        total, users, reminders = (
            await self._session.execute(select(func.count(), func.count(func.distinct(Application.user_id)), pending))
        ).one()
        return {**out, "total": int(total), "users": int(users), "reminders_pending": int(reminders)}
