"""Who the user is to the bot: membership (created or refreshed on every update, cached a minute), consent, and
what the user may ask of everything we hold: export and erasure. Each method is one unit of work."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from loguru import logger
from redis.asyncio import Redis

from db.uow import UnitOfWorkFactory
from services.cache import Cache
from services.cv.profile import CvProfile

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"


def pick_language(chosen: str | None, telegram: str | None) -> str:
    """The language the user chose; else their Telegram language when we speak it; else English."""
    for candidate in (chosen, (telegram or "").split("-")[0].lower()):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Member:
    """Who sent an update, as the bot needs to know it on every update."""

    telegram_id: int
    language: str
    is_banned: bool
    consented: bool


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


MEMBER_TTL = 60
"""Seconds a user's Member is served from Redis: their last-active time is written at most this often."""


class Users:
    """Membership, consent, export and erasure."""

    forget_vectors: Callable[[Sequence[str], CvProfile | None], Awaitable[int]] | None = None
    """Set by the composition root (`JobSearch.forget`): drops the cached vectors of an erased user's texts."""

    def __init__(self, uow: UnitOfWorkFactory, model: str, redis: Redis | None = None) -> None:
        self._uow = uow
        self._model = model
        """The index's embedding model: an exported saved job is open while the index holds it."""
        self._members = Cache(redis, "member", seconds=MEMBER_TTL)
        """With Redis, `seen` answers from it for a minute; every change to what it answers drops the entry."""

    @staticmethod
    def _member_key(telegram_id: int) -> str:
        return f"member:{telegram_id}"

    def cached_keys(self, telegram_id: int) -> tuple[str, ...]:
        """The Redis keys `seen` reads first: a caller that reads them in a round trip of its own hands them over
        with `services.cache.serve_ahead` (the bot does, with the user's lock)."""
        return (self._member_key(telegram_id),)

    async def forget_member(self, telegram_id: int) -> None:
        """Drop the cached answer of `seen` (consent, language, ban or erasure changed it)."""
        await self._members.delete(self._member_key(telegram_id))  # if Redis fails, it expires within MEMBER_TTL

    async def seen(
        self,
        telegram_id: int,
        *,
        username: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> Member:
        """Create or refresh the user on any update, and say how to treat them.

        With Redis, the answer is kept for `MEMBER_TTL` seconds (while the user's names and language stay the
        same), so a busy user costs one Redis read per update and one database write a minute.
        """
        fingerprint = hashlib.sha256(repr((username, first_name, last_name, language_code)).encode()).hexdigest()[:16]
        cached = await self._members.get(self._member_key(telegram_id))
        if cached is not None:
            data = json.loads(cached)
            if data.pop("fingerprint", None) == fingerprint:
                return Member(**data)
        member = await self._seen_in_database(telegram_id, username, first_name, last_name, language_code)
        if self._members.keeps:
            value = json.dumps({**asdict(member), "fingerprint": fingerprint})
            await self._members.put(self._member_key(telegram_id), value)
        return member

    async def _seen_in_database(
        self, telegram_id: int, username: str | None, first_name: str | None, last_name: str | None,
        language_code: str | None,
    ) -> Member:  # fmt: skip
        async with self._uow() as work:
            user = await work.users.upsert_seen(
                telegram_id, username=username, first_name=first_name, last_name=last_name,
                language_code=language_code, seen_at=utc_now(),
            )  # fmt: skip
            prefs = await work.accounts.preferences(telegram_id)
            await work.commit()
            return Member(
                telegram_id=telegram_id,
                language=pick_language(prefs.language if prefs else None, language_code),
                is_banned=bool(user.is_banned),
                consented=user.consent_at is not None,
            )

    async def give_consent(self, user_id: int) -> None:
        async with self._uow() as work:
            await work.accounts.set_consent(user_id, utc_now())
            await work.commit()
        await self.forget_member(user_id)

    async def export(self, user_id: int) -> dict[str, Any]:
        """Everything we hold about the user, as plain JSON values."""
        async with self._uow() as work:
            user = await work.users.get(user_id)
            if user is None:
                return {"user": None}
            profile = await work.accounts.profile(user_id)
            prefs = await work.accounts.preferences(user_id)
            saved = await work.accounts.saved_jobs(user_id, self._model)
            dismissed = await work.accounts.dismissed(user_id)
            searches = await work.accounts.searches(user_id)
            deliveries = await work.accounts.deliveries(user_id)
            alerted = await work.accounts.alerted(user_id)
            versions = await work.accounts.profile_versions(user_id)
            applications = await work.applications.of_user(user_id, self._model)
            firm_alerts = await work.alerts.firm_alerts(user_id)
            filters = dict(prefs.filters or {}) if prefs else {}
            if excluded := [int(f) for f in filters.get("excluded_firms", [])]:
                # Excluded firms by name, the id kept too (a firm with no job on the board now has no name to show).
                names = await work.job_index.firm_names(self._model, excluded)
                filters["excluded_firms"] = [{"id": firm_id, "name": names.get(firm_id)} for firm_id in excluded]

        def iso(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "user": {
                "telegram_id": user.telegram_id, "username": user.username, "first_name": user.first_name,
                "last_name": user.last_name, "language_code": user.language_code, "created_at": iso(user.created_at),
                "last_active_at": iso(user.last_active_at), "consent_at": iso(user.consent_at),
            },
            "cv_profile": {"source": profile.source, "updated_at": iso(profile.updated_at), **profile.profile}
            if profile else None,
            # A new CV's reading waiting for the user's word, and the profile a new CV replaced (kept for undo).
            **{f"cv_profile_{v.kind}": {"source": v.source, "created_at": iso(v.created_at),
                                        "expires_at": iso(v.expires_at), **v.profile} for v in versions},
            "preferences": {"filters": filters, "alert_frequency": prefs.alert_frequency,
                            "language": prefs.language, "timezone": prefs.timezone,
                            "leanings": dict(prefs.leanings or {})} if prefs else None,
            "saved_jobs": [{"job_id": row.job_id, "title": row.title, "firm": row.firm_name,
                            "saved_at": iso(row.saved_at), "closed": not row.still_open} for row in saved],
            "not_interested": [{"job_id": d.job_id, "reason": d.reason, "at": iso(d.created_at)} for d in dismissed],
            "searches": [{"query": s.query_text, "filters": s.filters, "results": s.result_count,
                          "at": iso(s.created_at)} for s in searches],
            "broadcasts": [{"broadcast_id": d.broadcast_id, "status": d.status, "sent_at": iso(d.sent_at)}
                           for d in deliveries],
            "job_alerts": [{"job_id": a.job_id, "kind": a.kind, "sent_at": iso(a.sent_at)} for a in alerted],
            "firm_alerts": [{"firm": firm, "since": iso(since)} for firm, since in firm_alerts.items()],
            "applications": [{"job_id": a.job_id, "title": a.title, "firm": a.firm_name,
                              "applied_on": a.applied_on.isoformat(), "stage": a.stage,
                              "stage_changed_at": iso(a.stage_changed_at),
                              "remind_on": a.remind_on.isoformat() if a.remind_on else None,
                              "reminded_at": iso(a.reminded_at), "closed": not still_open}
                             for a, still_open in applications],
        }  # fmt: skip

    async def delete(self, user_id: int) -> bool:
        """Erase the user and everything that hangs off them (profile, preferences, searches, saved jobs, applications,
        firm alerts, alert and broadcast deliveries), their name on broadcasts they sent as an admin, and, through
        `forget_vectors`, the cached vectors of their searches and CV."""
        async with self._uow() as work:
            queries = [s.query_text for s in await work.accounts.searches(user_id)]
            stored = await work.accounts.profile(user_id)
            kept = [CvProfile.model_validate(v.profile) for v in await work.accounts.profile_versions(user_id)]
            deleted = await work.accounts.delete_user(user_id)
            await work.commit()
        await self.forget_member(user_id)
        if self.forget_vectors is not None:
            profile = CvProfile.model_validate(stored.profile) if stored is not None else None
            try:
                await self.forget_vectors(queries, profile)
                for version in kept:  # a replaced profile was matched (its vectors cached) before it was replaced
                    await self.forget_vectors([], version)
            except Exception as exc:  # the account is gone; cached vectors also age out (Redis in a day)
                logger.warning("erasure of user {}: cached vectors not dropped ({})", user_id, type(exc).__name__)
        return deleted

    async def rows_left(self, user_id: int) -> int:
        async with self._uow() as work:
            return await work.accounts.rows_left(user_id)
