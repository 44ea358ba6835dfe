"""Job alerts: for each user with alerts on, the jobs new since they turned alerts on, never alerted to them
before nor applied for by them (the application tracker), within their preferences, ranked against their CV
profile (or their latest typed search when they have no CV), and only those above a fit threshold.

Instant alerts go out after a refresh of the index finds new jobs; daily and weekly digests at 09:00 in the user's
time zone (weekly: Mondays). A favourite firm's own alert (`AlertKind.FIRM`, asked for firm by firm) goes out after a
refresh too, before the instant alerts, whatever the user's alert frequency (also with alerts off): that firm's jobs
indexed since the user turned it on, fitting or not, in a message of their own. One delivery row per (user, job) is
written as a claim *before* the message is sent, and given back when Telegram did not take it: two instances, or a run
after a crash, never alert the same job twice (a crash between the claim and the send loses that one alert rather than
repeating it). A user erased meanwhile has nothing claimed and is skipped. Sending shares the broadcast's pace and its
429/5xx/403 handling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from loguru import logger

from db.uow import UnitOfWorkFactory
from services.accounts.preferences import UserPreferences, default_timezone
from services.accounts.users import pick_language
from services.cv.profile import CvProfile
from services.delivery.claimed import Undelivered, send_claimed
from services.delivery.pace import Content, Send, SendPace
from services.search.job_search import JobSearch, SearchResult
from services.search.query import SearchFilters
from services.usage import Event, Usage


class AlertKind(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"
    FIRM = "firm"
    """A favourite firm's own alert: not a frequency the user picks, a subscription per firm."""


DIGEST_HOUR = 9
LATE_LIMIT = dt.timedelta(hours=12)
"""A digest missed (the bot was down at 09:00) still goes out within this time, never later."""
MAX_NEW = 300
"""New jobs looked at per user and run (newest first)."""
FIRM_EARLIER = dt.timedelta(seconds=1)
"""A firm alert's batch moment, before the same run's other alert of that user (`AlertBatch.at` names a batch)."""
MOST_PER_ALERT = 20
"""Jobs in one alert: the message shows the first few, a button the rest."""


@dataclass(frozen=True, slots=True)
class Subscriber:
    user_id: int
    language: str
    kind: AlertKind
    timezone: str
    alerts_since: dt.datetime
    last_digest_at: dt.datetime | None
    profile: CvProfile | None
    query: str | None

    @classmethod
    def from_row(cls, row: Any, kind: AlertKind | None = None) -> Subscriber:
        """A row of `AlertRepository.subscribers` (the kind is the user's frequency) or of `firm_subscribers`."""
        user_id, language_code, prefs, profile, query = row
        language = pick_language(prefs.language, language_code)
        return cls(
            user_id, language, kind or AlertKind(prefs.alert_frequency), prefs.timezone or default_timezone(language),
            prefs.alerts_since or prefs.updated_at, prefs.last_digest_at,
            CvProfile.model_validate(profile) if profile else None, query,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AlertBatch:
    """One alert message's worth: the jobs, best first, and the moment that ties their delivery rows together."""

    user_id: int
    language: str
    kind: AlertKind
    jobs: list[SearchResult]
    at: dt.datetime


@dataclass(slots=True)
class AlertReport(Undelivered):
    users: int = 0
    alerts: int = 0
    jobs: int = 0


Render = Callable[[AlertBatch], Content]


def digest_slot(kind: AlertKind, timezone: str, now: dt.datetime) -> dt.datetime:
    """The latest 09:00 (daily) or Monday 09:00 (weekly) in `timezone` at or before `now`, in UTC."""
    local = now.astimezone(ZoneInfo(timezone))
    slot = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if slot > local:
        slot -= dt.timedelta(days=1)
    if kind is AlertKind.WEEKLY:
        slot -= dt.timedelta(days=slot.weekday())
    return slot.astimezone(dt.UTC)


def digest_due(sub: Subscriber, now: dt.datetime) -> bool:
    """Whether the user's digest for the current slot is still to go: the slot has come (and is not more than
    LATE_LIMIT ago), alerts were on before it, and no digest has gone since."""
    slot = digest_slot(sub.kind, sub.timezone, now)
    if now - slot > LATE_LIMIT or sub.alerts_since > slot:
        return False
    return sub.last_digest_at is None or sub.last_digest_at < slot


class JobAlerts:
    def __init__(self, uow: UnitOfWorkFactory, search: JobSearch, preferences: UserPreferences, model: str,
                 pace: SendPace, usage: Usage | None = None) -> None:  # fmt: skip
        self._uow = uow
        self._search = search
        self._preferences = preferences
        self._model = model
        self._pace = pace
        self._usage = usage

    async def run(self, kinds: Iterable[AlertKind], send: Send, render: Render, *,
                  now: dt.datetime | None = None, stop: Callable[[], bool] | None = None) -> AlertReport:  # fmt: skip
        """Alert every subscriber of `kinds` who is due (instant and firm alerts: always; digests: at their slot).
        Firm alerts go first: a job they bring is not repeated in that user's instant alert."""
        now = now or dt.datetime.now(dt.UTC)
        report = AlertReport()
        kinds = list(kinds)
        subscribers: list[Subscriber] = []
        async with self._uow() as work:
            if AlertKind.FIRM in kinds:
                subscribers += [Subscriber.from_row(r, AlertKind.FIRM) for r in await work.alerts.firm_subscribers()]
            frequencies = [k.value for k in kinds if k is not AlertKind.FIRM]
            if frequencies:
                subscribers += [Subscriber.from_row(r) for r in await work.alerts.subscribers(frequencies)]
        seen: set[int] = set()
        blocked: set[int] = set()
        for sub in subscribers:
            if stop is not None and stop():
                break
            digest = sub.kind in (AlertKind.DAILY, AlertKind.WEEKLY)
            if sub.user_id in blocked or (digest and not digest_due(sub, now)):
                continue  # (a user who blocked the bot at their firm alert gets no second try in this run)
            if sub.user_id not in seen:
                seen.add(sub.user_id)
                report.users += 1
            batch = await self.batch_for(sub, now)
            if batch is None:
                if digest:  # nothing new today: the slot is done all the same
                    await self._digest_done(sub.user_id, now)
                continue
            was_blocked = report.blocked
            await self._deliver(batch, send, render, report, digest=digest, stop=stop)
            if report.blocked > was_blocked:
                blocked.add(sub.user_id)
        if report.alerts or report.blocked or report.failed:
            logger.info("alerts ({}): {} sent with {} jobs, {} blocked, {} failed", ",".join(kinds), report.alerts,
                        report.jobs, report.blocked, report.failed)  # fmt: skip
        return report

    async def batch_for(self, sub: Subscriber, now: dt.datetime) -> AlertBatch | None:
        """The jobs to alert `sub` of now, or None. With no CV and no search yet, only their favourite firms' jobs;
        in a firm alert, only the jobs of the firms they asked alerts of."""
        async with self._uow() as work:
            if sub.kind is AlertKind.FIRM:
                new = await work.alerts.new_firm_jobs(self._model, sub.user_id, MAX_NEW)
            else:
                new = await work.alerts.new_jobs(self._model, sub.user_id, sub.alerts_since, MAX_NEW)
        if not new:
            return None
        filters: SearchFilters = replace(await self._preferences.search_filters(sub.user_id), only_jobs=tuple(new))
        jobs = [] if sub.kind is AlertKind.FIRM else await self._fitting(sub, filters)
        # A favourite firm's new jobs always come (the user asked to hear of them), fitting or not: judged apart,
        # since a job far from the CV or the query is not among what they retrieve.
        favourites = await self._search.favourite_jobs(new, filters, profile=sub.profile, query=sub.query or "")
        jobs = [*(r for r in favourites if r.job_id not in {j.job_id for j in jobs}), *jobs][:MOST_PER_ALERT]
        # Whole seconds: the alert's "all of them" button names its batch by this moment. A firm alert goes a second
        # earlier than the same run's instant alert, so the two messages' batches never share one.
        at = now.replace(microsecond=0) - (FIRM_EARLIER if sub.kind is AlertKind.FIRM else dt.timedelta())
        return AlertBatch(sub.user_id, sub.language, sub.kind, jobs, at) if jobs else None

    async def _fitting(self, sub: Subscriber, filters: SearchFilters) -> list[SearchResult]:
        """Of the new jobs (`filters.only_jobs`), those that fit the user's CV, else their latest query."""
        if sub.profile is not None:
            response = await self._search.match_cv(sub.profile, filters, top=MOST_PER_ALERT)
            least = self._search.weights.cv_fit  # what matching calls a fit
            return [r for r in response.results if r.score >= least]
        if sub.query:  # strict: an alert for "audit Leeds" brings nothing from elsewhere
            response = await self._search.search(sub.query, filters, top=MOST_PER_ALERT, strict=True)
            return [r for r in response.results if r.score >= self._search.weights.query_fit]
        return []

    async def _deliver(self, batch: AlertBatch, send: Send, render: Render, report: AlertReport, *,
                       digest: bool, stop: Callable[[], bool] | None = None) -> None:  # fmt: skip
        jobs = [j.job_id for j in batch.jobs]
        sent = await send_claimed(
            self._uow, self._pace, send, batch.user_id, batch.at,
            claim=lambda work: work.alerts.claim(batch.user_id, jobs, batch.kind.value, batch.at),
            content=lambda claimed: render(replace(batch, jobs=[j for j in batch.jobs if j.job_id in claimed])),
            release=lambda work, ids: work.alerts.release(batch.user_id, ids, batch.at),
            on_sent=(lambda work: work.alerts.set_last_digest(batch.user_id, batch.at)) if digest else None,
            counts=report, what="alert", stopping=stop,
        )  # fmt: skip
        if sent:
            report.alerts += 1
            report.jobs += len(sent)
            if self._usage is not None:
                await self._usage.add(Event.ALERT_SENT)

    async def _digest_done(self, user_id: int, now: dt.datetime) -> None:
        async with self._uow() as work:
            await work.alerts.set_last_digest(user_id, now)
            await work.commit()

    async def alerted_together(self, user_id: int, at: dt.datetime) -> list[int]:
        """The jobs of one alert message (for its "all of them" button)."""
        async with self._uow() as work:
            return await work.alerts.sent_together(user_id, at)
