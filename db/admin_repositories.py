"""What admins and the scheduler read and change: the numbers behind /stats, broadcasts and their deliveries,
users by name, job alerts, task runs and pruning. Add, get, list and flush; never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Date, Select, case, cast, delete, func, literal, or_, select, true, update
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    AlertDelivery,
    ApiToken,
    Application,
    Broadcast,
    BroadcastDelivery,
    EmbeddingCacheEntry,
    FirmAlert,
    JobIndexEntry,
    SavedJob,
    TaskRun,
    UsageCount,
    User,
    UserPreferences,
    UserProfile,
    UserSearch,
)


class StatsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_usage(self, hour: dt.datetime, name: str, count: int) -> None:
        stmt = insert(UsageCount).values(hour=hour, name=name, count=count)
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[UsageCount.hour, UsageCount.name], set_={"count": UsageCount.count + count}
            )
        )

    async def usage(self, since: dt.datetime | None) -> dict[str, int]:
        stmt = select(UsageCount.name, func.sum(UsageCount.count)).group_by(UsageCount.name)
        if since is not None:
            stmt = stmt.where(UsageCount.hour >= since)
        return {name: int(total) for name, total in await self._session.execute(stmt)}

    async def users(self, now: dt.datetime) -> dict[str, int]:
        day, week = now - dt.timedelta(days=1), now - dt.timedelta(days=7)

        def count_if(condition: Any) -> Any:
            return func.count().filter(condition)

        stmt = select(
            func.count(),
            count_if(User.created_at >= day),
            count_if(User.last_active_at >= week),
            count_if(User.is_blocked),
            count_if(User.is_banned),
        ).select_from(User)
        total, new, active, blocked, banned = (await self._session.execute(stmt)).one()
        with_cv = await self._session.scalar(select(func.count()).select_from(UserProfile))
        return {"total": total, "new_24h": new, "active_7d": active, "with_cv": int(with_cv or 0),
                "blocked_us": blocked, "banned": banned}  # fmt: skip

    async def searches(self, today: dt.datetime, week: dt.datetime) -> tuple[int, int]:
        stmt = select(func.count().filter(UserSearch.created_at >= today), func.count()).where(
            UserSearch.created_at >= week
        )
        day_count, week_count = (await self._session.execute(stmt)).one()
        return int(day_count), int(week_count)

    async def saved_jobs(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(SavedJob)) or 0)

    async def indexed(self, model: str) -> int:
        stmt = select(func.count()).select_from(JobIndexEntry).where(JobIndexEntry.model == model)
        return int(await self._session.scalar(stmt) or 0)

    async def per_day(self, since: dt.datetime) -> dict[str, dict[dt.date, int]]:
        """New users and searches per day (UTC) since `since`."""
        out: dict[str, dict[dt.date, int]] = {}
        for name, column in (("users", User.created_at), ("searches", UserSearch.created_at)):
            day = cast(func.timezone("UTC", column), Date)
            stmt = select(day, func.count()).where(column >= since).group_by(day)
            out[name] = {d: int(n) for d, n in await self._session.execute(stmt)}
        return out

    async def last_task_runs(self) -> Sequence[TaskRun]:
        stmt = select(TaskRun).ext(distinct_on(TaskRun.task)).order_by(TaskRun.task, TaskRun.started_at.desc())
        return (await self._session.scalars(stmt)).all()


class BroadcastRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @staticmethod
    def _audience(audience: str, language: str | None) -> Any:
        """Users a broadcast goes to: never those who blocked the bot or are banned."""
        stmt = select(User.telegram_id).where(~User.is_blocked, ~User.is_banned)
        if audience == "with_cv":
            stmt = stmt.where(select(UserProfile.user_id).where(UserProfile.user_id == User.telegram_id).exists())
        elif audience == "language":
            chosen = select(UserPreferences.language).where(UserPreferences.user_id == User.telegram_id)
            telegram = func.lower(func.split_part(func.coalesce(User.language_code, ""), "-", 1))
            spoken = func.coalesce(chosen.scalar_subquery(), case((telegram.in_(["en", "ru"]), telegram), else_="en"))
            stmt = stmt.where(spoken == language)
        return stmt

    async def audience_size(self, audience: str, language: str | None) -> int:
        subquery = self._audience(audience, language).subquery()
        return int(await self._session.scalar(select(func.count()).select_from(subquery)) or 0)

    async def create(self, admin_id: int, text: str, photo_file_id: str | None, audience: str,
                     language: str | None) -> Broadcast:  # fmt: skip
        """The broadcast and one pending delivery row per user in the audience, in one transaction."""
        row = Broadcast(admin_id=admin_id, text=text, photo_file_id=photo_file_id, audience=audience,
                        language=language, status="sending")  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        users = self._audience(audience, language).add_columns(literal(row.id, BigInteger))
        result = await self._session.execute(insert(BroadcastDelivery).from_select(["user_id", "broadcast_id"], users))
        row.total = int(getattr(result, "rowcount", 0) or 0)
        await self._session.flush()
        return row

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self._session.get(Broadcast, broadcast_id, populate_existing=True)

    async def latest(self) -> Broadcast | None:
        stmt = select(Broadcast).order_by(Broadcast.id.desc()).limit(1)
        return (await self._session.scalars(stmt)).first()

    async def sending(self) -> Sequence[int]:
        stmt = select(Broadcast.id).where(Broadcast.status == "sending").order_by(Broadcast.id)
        return (await self._session.scalars(stmt)).all()

    async def pending(self, broadcast_id: int, after_user: int, limit: int) -> Sequence[int]:
        stmt = (
            select(BroadcastDelivery.user_id)
            .where(BroadcastDelivery.broadcast_id == broadcast_id, BroadcastDelivery.status == "pending",
                   BroadcastDelivery.user_id > after_user)
            .order_by(BroadcastDelivery.user_id)
            .limit(limit)
        )  # fmt: skip
        return (await self._session.scalars(stmt)).all()

    async def counts(self, broadcast_id: int) -> dict[str, int]:
        stmt = (
            select(BroadcastDelivery.status, func.count())
            .where(BroadcastDelivery.broadcast_id == broadcast_id)
            .group_by(BroadcastDelivery.status)
        )
        return {status: int(n) for status, n in await self._session.execute(stmt)}

    async def record(self, broadcast_id: int, user_id: int, status: str, error: str | None,
                     at: dt.datetime) -> None:  # fmt: skip
        await self._session.execute(
            update(BroadcastDelivery)
            .where(BroadcastDelivery.broadcast_id == broadcast_id, BroadcastDelivery.user_id == user_id)
            .values(status=status, error=error, attempts=BroadcastDelivery.attempts + 1,
                    sent_at=at if status == "sent" else None)
        )  # fmt: skip

    async def count_attempt(self, broadcast_id: int, user_id: int, error: str | None, fail_after: int) -> int:
        """One more round of Telegram errors for a pending copy; FAILED at `fail_after`. The attempts so far
        (0 when the row is gone: the user was erased)."""
        stmt = (
            update(BroadcastDelivery)
            .where(BroadcastDelivery.broadcast_id == broadcast_id, BroadcastDelivery.user_id == user_id,
                   BroadcastDelivery.status == "pending")
            .values(attempts=BroadcastDelivery.attempts + 1, error=(error or "")[:120] or None,
                    status=case((BroadcastDelivery.attempts + 1 >= fail_after, "failed"), else_="pending"))
            .returning(BroadcastDelivery.attempts)
        )  # fmt: skip
        return int(await self._session.scalar(stmt) or 0)

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        await self._session.execute(
            update(Broadcast).where(Broadcast.id == broadcast_id).values(progress_message_id=message_id)
        )

    async def take_lease(self, broadcast_id: int, owner: str, seconds: float) -> bool:
        """The lease on a sending broadcast for `owner` (new, renewed, or taken over from a sender whose lease ran
        out), by the database's clock; False when someone else holds a live one or it has stopped sending."""
        now = func.now()
        stmt = (
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == "sending",
                   or_(Broadcast.lease_owner.is_(None), Broadcast.lease_owner == owner, Broadcast.lease_until < now))
            .values(lease_owner=owner, lease_until=now + dt.timedelta(seconds=seconds))
            .returning(Broadcast.id)
        )  # fmt: skip
        return (await self._session.scalar(stmt)) is not None

    async def drop_lease(self, broadcast_id: int, owner: str) -> None:
        await self._session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )

    async def finish(self, broadcast_id: int, status: str, at: dt.datetime) -> bool:
        """From sending to `status` (done or cancelled); False when it had already left sending."""
        stmt = (
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == "sending")
            .values(status=status, finished_at=at)
            .returning(Broadcast.id)
        )
        return (await self._session.scalar(stmt)) is not None


class UserAdminRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def set_banned(self, user_id: int, banned: bool) -> bool:
        stmt = update(User).where(User.telegram_id == user_id).values(is_banned=banned).returning(User.telegram_id)
        return (await self._session.scalar(stmt)) is not None

    async def mark_blocked(self, user_id: int, at: dt.datetime) -> None:
        await self._session.execute(
            update(User).where(User.telegram_id == user_id, ~User.is_blocked).values(is_blocked=True, blocked_at=at)
        )

    async def search(self, query: str, limit: int, offset: int) -> tuple[Sequence[Any], int]:
        """Users whose id, username or names contain `query` (all users when it is empty), most recently active
        first, as `cards` rows; and how many match."""
        condition: Any = true()
        query = query.strip().lstrip("@")
        if query:
            like = f"%{query.replace('%', '').replace('_', '')}%"
            conditions: list[Any] = [User.username.ilike(like), User.first_name.ilike(like), User.last_name.ilike(like)]
            if query.isascii() and query.isdigit() and len(query) <= 18:  # "¹" is a digit to str.isdigit()
                conditions.append(User.telegram_id == int(query))
            condition = or_(*conditions)
        total = int(await self._session.scalar(select(func.count()).select_from(User).where(condition)) or 0)
        page = _cards().where(condition).order_by(User.last_active_at.desc(), User.telegram_id)
        return (await self._session.execute(page.limit(limit).offset(offset))).all(), total

    async def cards(self, user_ids: Sequence[int]) -> Sequence[Any]:
        """The `cards` rows of these users (those that exist, in no particular order)."""
        if not user_ids:
            return []
        rows: Sequence[Any] = (await self._session.execute(_cards().where(User.telegram_id.in_(list(user_ids))))).all()
        return rows


def _cards() -> Select[Any]:
    """What an admin card shows of each user, one row per user: the user, when their CV profile was saved (never its
    content), their language and alert settings, and how many searches and saved jobs we keep."""

    def count(model: Any) -> Any:
        return select(func.count()).where(model.user_id == User.telegram_id).scalar_subquery()

    columns = [UserProfile.updated_at.label("cv_updated_at"), UserPreferences.language,
               UserPreferences.alert_frequency, count(UserSearch).label("searches"),
               count(SavedJob).label("saved_jobs")]  # fmt: skip
    return (
        select(User, *columns)
        .outerjoin(UserProfile, UserProfile.user_id == User.telegram_id)
        .outerjoin(UserPreferences, UserPreferences.user_id == User.telegram_id)
    )


def _new_to(user_id: int) -> tuple[Any, Any]:
    """Conditions on `JobIndexEntry`: never alerted to the user, nor applied for by them."""
    alerted = select(AlertDelivery.job_id).where(
        AlertDelivery.user_id == user_id, AlertDelivery.job_id == JobIndexEntry.job_id
    )
    applied = select(Application.job_id).where(
        Application.user_id == user_id, Application.job_id == JobIndexEntry.job_id
    )
    return ~alerted.exists(), ~applied.exists()


class AlertRepository:
    """Who gets job alerts, which jobs are new to them, and what was alerted."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def subscribers(self, frequencies: Sequence[str]) -> Sequence[Any]:
        """Users with alerts at one of `frequencies` who can be reached: their preferences, their CV profile (when
        they have one) and their latest typed search."""
        return await self._reachable(UserPreferences.alert_frequency.in_(list(frequencies)))

    async def _reachable(self, which: Any) -> Sequence[Any]:
        """The users `which` selects, not blocked nor banned: id, language, preferences, CV profile, last query."""
        last_query = (
            select(UserSearch.query_text)
            .where(UserSearch.user_id == User.telegram_id, UserSearch.query_text != "[cv]")
            .order_by(UserSearch.created_at.desc(), UserSearch.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        stmt = (
            select(User.telegram_id, User.language_code, UserPreferences, UserProfile.profile, last_query)
            .join(UserPreferences, UserPreferences.user_id == User.telegram_id)
            .outerjoin(UserProfile, UserProfile.user_id == User.telegram_id)
            .where(which, ~User.is_blocked, ~User.is_banned)
            .order_by(User.telegram_id)
        )
        return (await self._session.execute(stmt)).all()

    async def new_jobs(self, model: str, user_id: int, since: dt.datetime, limit: int) -> list[int]:
        """Jobs indexed after `since` that were never alerted to the user, nor applied for by them, newest first."""
        stmt = (
            select(JobIndexEntry.job_id)
            .where(JobIndexEntry.model == model, JobIndexEntry.indexed_at > since, *_new_to(user_id))
            .order_by(JobIndexEntry.indexed_at.desc(), JobIndexEntry.job_id.desc())
            .limit(limit)
        )
        return list((await self._session.scalars(stmt)).all())

    # ---------------------------------------------------------------- a favourite firm's own alert
    async def firm_subscribers(self) -> Sequence[Any]:
        """Users with at least one firm alert who can be reached, as `subscribers` gives them (whatever their alert
        frequency: a firm alert is asked for on its own)."""
        return await self._reachable(select(FirmAlert.user_id).where(FirmAlert.user_id == User.telegram_id).exists())

    async def new_firm_jobs(self, model: str, user_id: int, limit: int) -> list[int]:
        """Jobs of the firms the user asked alerts of, indexed after each alert was turned on, never alerted to
        the user nor applied for by them, newest first."""
        stmt = (
            select(JobIndexEntry.job_id)
            .join(FirmAlert, (FirmAlert.firm_name == JobIndexEntry.firm_name) & (FirmAlert.user_id == user_id))
            .where(JobIndexEntry.model == model, JobIndexEntry.indexed_at > FirmAlert.since, *_new_to(user_id))
            .order_by(JobIndexEntry.indexed_at.desc(), JobIndexEntry.job_id.desc())
            .limit(limit)
        )  # fmt: skip
        return list((await self._session.scalars(stmt)).all())

    async def firm_alerts(self, user_id: int) -> dict[str, dt.datetime]:
        """The firms the user asked alerts of, and since when."""
        rows = await self._session.execute(
            select(FirmAlert.firm_name, FirmAlert.since).where(FirmAlert.user_id == user_id)
        )
        return {firm: since for firm, since in rows.all()}

    async def add_firm_alert(self, user_id: int, firm: str, since: dt.datetime) -> None:
        await self._session.execute(
            insert(FirmAlert).values(user_id=user_id, firm_name=firm, since=since).on_conflict_do_nothing()
        )

    async def keep_firm_alerts(self, user_id: int, firms: Sequence[str]) -> int:
        """Drop the user's firm alerts of firms not among `firms` (no longer favourites); how many went."""
        stmt = delete(FirmAlert).where(FirmAlert.user_id == user_id)
        if firms:
            stmt = stmt.where(FirmAlert.firm_name.not_in(list(firms)))
        result = await self._session.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)

    async def claim(self, user_id: int, job_ids: Sequence[int], kind: str, at: dt.datetime) -> list[int]:
        """Rows for the jobs of an alert about to be sent, at `at`: the job ids claimed now (not those claimed or
        sent before, by this or another instance). Nothing when the user no longer exists (erased meanwhile)."""
        if not job_ids:
            return []
        exists = select(User.telegram_id).where(User.telegram_id == user_id).exists()
        jobs = select(
            literal(user_id, BigInteger),
            func.unnest(cast(list(job_ids), ARRAY(BigInteger))),
            literal(kind),
            literal(at),
        ).where(exists)
        stmt = (
            insert(AlertDelivery)
            .from_select(["user_id", "job_id", "kind", "sent_at"], jobs)
            .on_conflict_do_nothing()
            .returning(AlertDelivery.job_id)
        )
        try:
            async with self._session.begin_nested():
                return list((await self._session.scalars(stmt)).all())
        except IntegrityError:  # the user was erased between the check and the insert
            return []

    async def release(self, user_id: int, job_ids: Sequence[int], at: dt.datetime) -> None:
        """Give back the claim of an alert that was not sent (its jobs may be offered again): these jobs only."""
        await self._session.execute(
            delete(AlertDelivery).where(AlertDelivery.user_id == user_id, AlertDelivery.sent_at == at,
                                        AlertDelivery.job_id.in_(list(job_ids)))
        )  # fmt: skip

    async def set_last_digest(self, user_id: int, at: dt.datetime) -> None:
        await self._session.execute(
            update(UserPreferences).where(UserPreferences.user_id == user_id).values(last_digest_at=at)
        )

    async def sent_together(self, user_id: int, at: dt.datetime) -> list[int]:
        """The jobs of one alert (all rows of a user written at the same moment)."""
        stmt = select(AlertDelivery.job_id).where(AlertDelivery.user_id == user_id, AlertDelivery.sent_at == at)
        return list((await self._session.scalars(stmt.order_by(AlertDelivery.job_id))).all())

    async def prune(self, model: str, before: dt.datetime) -> int:
        """Old alert rows of jobs that have left the board (they cannot come back to be alerted again)."""
        gone = (
            ~select(JobIndexEntry.job_id)
            .where(JobIndexEntry.job_id == AlertDelivery.job_id, JobIndexEntry.model == model)
            .exists()
        )
        result = await self._session.execute(delete(AlertDelivery).where(AlertDelivery.sent_at < before, gone))
        return int(getattr(result, "rowcount", 0) or 0)


class MaintenanceRepository:
    """Deleting what has outlived its use."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _delete(self, stmt: Any) -> int:
        result = await self._session.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)

    async def old_searches(self, before: dt.datetime) -> int:
        return await self._delete(delete(UserSearch).where(UserSearch.created_at < before))

    async def unused_embeddings(self, before: dt.datetime) -> int:
        return await self._delete(delete(EmbeddingCacheEntry).where(EmbeddingCacheEntry.used_at < before))

    async def finished_broadcasts(self, before: dt.datetime) -> int:
        """Finished broadcasts (their delivery rows go with them)."""
        return await self._delete(
            delete(Broadcast).where(Broadcast.status != "sending", Broadcast.finished_at < before)
        )

    async def old_task_runs(self, before: dt.datetime) -> int:
        return await self._delete(delete(TaskRun).where(TaskRun.started_at < before))

    async def usage(self, before: dt.datetime) -> int:
        return await self._delete(delete(UsageCount).where(UsageCount.hour < before))


class TaskRunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def last_ok(self, task: str) -> dt.datetime | None:
        stmt = select(func.max(TaskRun.started_at)).where(TaskRun.task == task, TaskRun.outcome == "ok")
        return await self._session.scalar(stmt)

    async def abandon_running(self, task: str, at: dt.datetime) -> int:
        """Runs left `running` by an instance that died (the caller holds the task's lock, so none is live)."""
        stmt = (
            update(TaskRun)
            .where(TaskRun.task == task, TaskRun.outcome == "running")
            .values(outcome="failed", finished_at=at, error="abandoned: the instance stopped mid-run")
        )
        result = await self._session.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)

    async def start(self, task: str, instance: str, at: dt.datetime) -> int:
        row = TaskRun(task=task, instance=instance, started_at=at, outcome="running")
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def finish(self, run_id: int, outcome: str, items: int, error: str | None, at: dt.datetime) -> None:
        await self._session.execute(
            update(TaskRun)
            .where(TaskRun.id == run_id)
            .values(outcome=outcome, items=items, error=error, finished_at=at)
        )


class ApiTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, name: str, token_hash: str, prefix: str, scopes: Sequence[str]) -> ApiToken:
        row = ApiToken(name=name, token_hash=token_hash, prefix=prefix, scopes=list(scopes))
        self._session.add(row)
        await self._session.flush()
        return row

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        stmt = select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
        return (await self._session.scalars(stmt)).first()

    async def all(self) -> Sequence[ApiToken]:
        return (await self._session.scalars(select(ApiToken).order_by(ApiToken.id))).all()

    async def revoke(self, token_id: int, at: dt.datetime) -> bool:
        stmt = (
            update(ApiToken)
            .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=at)
            .returning(ApiToken.id)
        )
        return (await self._session.scalar(stmt)) is not None

    async def touch(self, token_id: int, at: dt.datetime) -> None:
        await self._session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=at))
