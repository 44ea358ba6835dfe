"""What a user keeps with us: profile, preferences, saved and dismissed jobs. Add, get, list, flush; never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, bindparam, delete, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from db.models import (
    AlertDelivery,
    Broadcast,
    BroadcastDelivery,
    DismissedJob,
    JobIndexEntry,
    ProfileVersion,
    SavedJob,
    User,
    UserPreferences,
    UserProfile,
    UserSearch,
)

_SAVED_JOBS = (
    select(
        SavedJob.job_id, SavedJob.title, SavedJob.firm_name, SavedJob.saved_at,
        select(JobIndexEntry.job_id)
        .where(JobIndexEntry.job_id == SavedJob.job_id, JobIndexEntry.model == bindparam("model"))
        .exists()
        .label("still_open"),
    )
    .where(SavedJob.user_id == bindparam("user_id"))
    .order_by(SavedJob.saved_at.desc(), SavedJob.job_id.desc())
)  # fmt: skip
"""Built once: the saved-jobs list is read on every visit to it, and building the statement cost more than running
it (columns, not ORM objects, for the same reason)."""


class AccountReads:
    """The account's reads that are Core statements: they run in a unit of work's session, or on a bare pooled
    connection (`UnitOfWorkFactory.reads`) where no session is wanted."""

    def __init__(self, db: AsyncSession | AsyncConnection) -> None:
        self._db = db

    async def saved_jobs(self, user_id: int, model: str) -> Sequence[Row[int, str, str, dt.datetime, bool]]:
        """Newest first: `job_id`, `title`, `firm_name`, `saved_at` and `still_open` (the job is still on the board,
        in the index)."""
        return (await self._db.execute(_SAVED_JOBS, {"user_id": user_id, "model": model})).all()


class AccountRepository(AccountReads):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self._session = session

    # ---------------------------------------------------------------- profile
    async def profile(self, user_id: int) -> UserProfile | None:
        return await self._session.get(UserProfile, user_id)

    async def put_profile(self, user_id: int, profile: dict[str, Any], source: str, at: dt.datetime) -> None:
        values = {"profile": profile, "source": source, "updated_at": at}
        stmt = insert(UserProfile).values(user_id=user_id, **values)
        await self._session.execute(stmt.on_conflict_do_update(index_elements=[UserProfile.user_id], set_=values))

    async def delete_profile(self, user_id: int) -> None:
        await self._session.execute(delete(UserProfile).where(UserProfile.user_id == user_id))

    # ---------------------------------------------------------------- profiles beside the current one
    async def profile_version(self, user_id: int, kind: str, now: dt.datetime) -> ProfileVersion | None:
        """The user's unexpired `kind` ("pending", "previous") profile."""
        stmt = select(ProfileVersion).where(
            ProfileVersion.user_id == user_id, ProfileVersion.kind == kind, ProfileVersion.expires_at > now
        )
        return (await self._session.scalars(stmt)).first()

    async def profile_versions(self, user_id: int) -> Sequence[ProfileVersion]:
        stmt = select(ProfileVersion).where(ProfileVersion.user_id == user_id).order_by(ProfileVersion.kind)
        return (await self._session.scalars(stmt)).all()

    async def put_profile_version(
        self, user_id: int, kind: str, profile: dict[str, Any], source: str, at: dt.datetime, expires: dt.datetime
    ) -> None:
        values = {"profile": profile, "source": source, "created_at": at, "expires_at": expires}
        stmt = insert(ProfileVersion).values(user_id=user_id, kind=kind, **values)
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=[ProfileVersion.user_id, ProfileVersion.kind], set_=values)
        )

    async def drop_profile_version(self, user_id: int, kind: str) -> None:
        await self._session.execute(
            delete(ProfileVersion).where(ProfileVersion.user_id == user_id, ProfileVersion.kind == kind)
        )

    async def drop_expired_profile_versions(self, now: dt.datetime) -> int:
        stmt = delete(ProfileVersion).where(ProfileVersion.expires_at <= now).returning(ProfileVersion.user_id)
        return len((await self._session.execute(stmt)).all())

    # ---------------------------------------------------------------- preferences
    async def preferences(self, user_id: int, *, lock: bool = False) -> UserPreferences | None:
        """The user's preferences row; `lock` holds it (FOR UPDATE) until the transaction ends, for a
        read-modify-write (two changes at once must not lose one). A user without a row gets one of defaults
        first (it reads as no preferences): there would be nothing to hold, and two first changes at once would
        each write over the other."""
        if lock:
            await self._session.execute(insert(UserPreferences).values(user_id=user_id).on_conflict_do_nothing())
        return await self._session.get(UserPreferences, user_id, with_for_update=lock or None, populate_existing=lock)

    async def put_preferences(self, user_id: int, at: dt.datetime, **values: Any) -> None:
        values["updated_at"] = at
        stmt = insert(UserPreferences).values(user_id=user_id, **values)
        await self._session.execute(stmt.on_conflict_do_update(index_elements=[UserPreferences.user_id], set_=values))

    # ---------------------------------------------------------------- saved jobs
    async def save_job(self, user_id: int, job_id: int, title: str, firm_name: str) -> bool:
        stmt = (
            insert(SavedJob)
            .values(user_id=user_id, job_id=job_id, title=title, firm_name=firm_name)
            .on_conflict_do_nothing()
            .returning(SavedJob.job_id)
        )
        return (await self._session.scalar(stmt)) is not None

    async def unsave_job(self, user_id: int, job_id: int) -> bool:
        stmt = delete(SavedJob).where(SavedJob.user_id == user_id, SavedJob.job_id == job_id).returning(SavedJob.job_id)
        return (await self._session.scalar(stmt)) is not None

    async def is_saved(self, user_id: int, job_id: int) -> bool:
        return (await self._session.get(SavedJob, (user_id, job_id))) is not None

    # ---------------------------------------------------------------- dismissed jobs
    async def dismiss_job(self, user_id: int, job_id: int, reason: str) -> None:
        stmt = insert(DismissedJob).values(user_id=user_id, job_id=job_id, reason=reason)
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[DismissedJob.user_id, DismissedJob.job_id], set_={"reason": reason}
            )
        )

    async def dismissed(self, user_id: int) -> Sequence[DismissedJob]:
        stmt = select(DismissedJob).where(DismissedJob.user_id == user_id).order_by(DismissedJob.created_at)
        return (await self._session.scalars(stmt)).all()

    # ---------------------------------------------------------------- the whole account
    async def set_consent(self, user_id: int, at: dt.datetime | None) -> None:
        user = await self._session.get(User, user_id)
        if user is not None:
            user.consent_at = at
            await self._session.flush()

    async def delete_user(self, user_id: int) -> bool:
        """The user row and, by cascade, everything that hangs off it; broadcasts they sent as an admin keep their
        record with the sender's id cleared (0)."""
        await self._session.execute(update(Broadcast).where(Broadcast.admin_id == user_id).values(admin_id=0))
        stmt = delete(User).where(User.telegram_id == user_id).returning(User.telegram_id, User.is_banned)
        gone = (await self._session.execute(stmt)).first()
        if gone is not None and gone.is_banned:  # erasure must not lift a ban: the bare id and the ban stay
            self._session.add(User(telegram_id=user_id, is_banned=True))
            await self._session.flush()
        return gone is not None

    async def searches(self, user_id: int) -> Sequence[UserSearch]:
        stmt = select(UserSearch).where(UserSearch.user_id == user_id).order_by(UserSearch.created_at, UserSearch.id)
        return (await self._session.scalars(stmt)).all()

    async def deliveries(self, user_id: int) -> Sequence[BroadcastDelivery]:
        stmt = select(BroadcastDelivery).where(BroadcastDelivery.user_id == user_id)
        return (await self._session.scalars(stmt.order_by(BroadcastDelivery.broadcast_id))).all()

    async def alerted(self, user_id: int) -> Sequence[AlertDelivery]:
        stmt = select(AlertDelivery).where(AlertDelivery.user_id == user_id)
        return (await self._session.scalars(stmt.order_by(AlertDelivery.sent_at, AlertDelivery.job_id))).all()

    async def user_columns(self) -> list[tuple[str, str]]:
        """Every (table, column) of our schema that can name a user, read from the database's catalog: columns
        with a foreign key to `users`, and columns whose name says so (telegram_id, user_id, admin_id, chat_id)."""
        rows = await self._session.execute(text("""
            SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            WHERE c.table_schema = 'jobbot' AND c.data_type IN ('bigint', 'integer')
              AND (c.column_name IN ('telegram_id', 'user_id', 'admin_id', 'chat_id') OR EXISTS (
                SELECT 1 FROM information_schema.key_column_usage k
                JOIN information_schema.referential_constraints r
                  ON r.constraint_name = k.constraint_name AND r.constraint_schema = k.constraint_schema
                JOIN information_schema.constraint_column_usage u
                  ON u.constraint_name = r.unique_constraint_name AND u.constraint_schema = r.unique_constraint_schema
                WHERE k.table_schema = c.table_schema AND k.table_name = c.table_name
                  AND k.column_name = c.column_name AND u.table_name = 'users'))
            ORDER BY 1, 2"""))  # fmt: skip
        return [(str(t), str(c)) for t, c in rows]

    async def rows_left(self, user_id: int) -> int:
        """Rows anywhere in our schema that still name this user (0 after `delete_user`), by the catalog."""
        total = 0
        for table, column in await self.user_columns():
            total += int(
                await self._session.scalar(text(f'SELECT count(*) FROM jobbot."{table}" WHERE "{column}" = :u'),
                                           {"u": user_id}) or 0
            )  # fmt: skip
        return total
