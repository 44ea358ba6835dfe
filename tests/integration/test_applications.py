"""The application tracker on real PostgreSQL: applying (the day in the user's time zone), stages, the "no reply"
suggestion, reminders (exactly once, at 09:00 local time, given back when Telegram does not take them), alerts
that never offer an applied job, export, erasure and the admins' counts."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db.engine import create_session_factory
from db.models import JobIndexEntry
from db.uow import UnitOfWorkFactory
from handlers.senders import render_reminder
from services.accounts.applications import ApplicationNotFound, Applications, InvalidApplyDate, Stage
from services.accounts.preferences import UserPreferences
from services.accounts.saved import JobGone
from services.accounts.users import Users
from services.admin.stats import StatsService
from services.delivery.pace import Content, Pace, SendFailed, Unreachable
from services.delivery.reminders import ApplicationReminders
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService
from tests.support.board import build_board
from tests.support.hashed_embeddings import HashedEmbeddings

MODEL = HashedEmbeddings.name
LONDON, MOSCOW = ZoneInfo("Europe/London"), ZoneInfo("Europe/Moscow")


@pytest.fixture
async def uow(engine) -> UnitOfWorkFactory:  # type: ignore[no-untyped-def]
    await build_board(engine, jobs=40)
    factory = UnitOfWorkFactory(create_session_factory(engine))
    await JobIndexer(factory, EmbeddingService(HashedEmbeddings(), factory)).refresh()
    return factory


@pytest.fixture
def tracker(uow: UnitOfWorkFactory) -> Applications:
    return Applications(uow, MODEL)


async def _jobs(uow: UnitOfWorkFactory, n: int) -> list[int]:
    async with uow() as work:
        return list((await work.session.scalars(select(JobIndexEntry.job_id).order_by(JobIndexEntry.job_id)))
                    .all()[:n])  # fmt: skip


def _today(zone: ZoneInfo) -> dt.date:
    return dt.datetime.now(dt.UTC).astimezone(zone).date()


async def test_applying_moving_stages_and_the_no_reply_suggestion(tracker: Applications, uow: UnitOfWorkFactory,
                                                                  ) -> None:  # fmt: skip
    users = Users(uow, MODEL)
    await users.seen(11, language_code="en")
    first, second, third, old = await _jobs(uow, 4)
    today = _today(LONDON)

    applied = await tracker.apply(11, first, days_ago=1)
    assert (applied.applied_on, applied.stage, applied.days, applied.remind_on) == (
        today - dt.timedelta(days=1), Stage.APPLIED, 1, None)  # fmt: skip
    assert not applied.no_reply_suggested and not applied.closed
    again = await tracker.apply(11, first, typed=(today - dt.timedelta(days=2)).strftime("%d.%m.%Y"))
    assert again.applied_on == today - dt.timedelta(days=2) and again.stage is Stage.APPLIED  # the day only

    for typed in ("tomorrow", "31.02.2026", (today + dt.timedelta(days=1)).isoformat(), "01.01.2001"):
        with pytest.raises(InvalidApplyDate):
            await tracker.apply(11, second, typed=typed)
    with pytest.raises(JobGone):
        await tracker.apply(11, 999_999_999)
    with pytest.raises(ApplicationNotFound):
        await tracker.set_stage(11, second, Stage.INTERVIEW)
    with pytest.raises(ApplicationNotFound):
        await tracker.set_reminder(11, second, 3)

    reminded = await tracker.set_reminder(11, first, 7)
    assert reminded.remind_on == today + dt.timedelta(days=7)
    assert (await tracker.set_stage(11, first, Stage.INTERVIEW)).remind_on == reminded.remind_on
    rejected = await tracker.set_stage(11, first, Stage.REJECTED)  # no point following up a rejection
    assert rejected.stage is Stage.REJECTED and rejected.remind_on is None

    await tracker.apply(11, second)
    await tracker.apply(11, third)
    await tracker.set_stage(11, third, Stage.OFFER)
    # Three weeks of silence since applying: "no reply?" is suggested, never set.
    quiet = await tracker.apply(11, old, typed=(today - dt.timedelta(days=22)).isoformat())
    assert quiet.no_reply_suggested and quiet.stage is Stage.APPLIED and quiet.days == 22
    assert not (await tracker.apply(11, old, typed=(today - dt.timedelta(days=20)).isoformat())).no_reply_suggested
    await tracker.apply(11, old, typed=(today - dt.timedelta(days=30)).isoformat())
    assert not (await tracker.set_stage(11, old, Stage.INTERVIEW)).no_reply_suggested  # news today

    listed = await tracker.applications(11)
    assert [(a.job_id, a.stage) for a in listed] == [
        (second, Stage.APPLIED), (old, Stage.INTERVIEW), (third, Stage.OFFER), (first, Stage.REJECTED)]  # fmt: skip
    assert await tracker.applied_ids(11) == {first, second, third, old}
    assert await tracker.applications(12) == [] and await tracker.application(12, first) is None
    assert await tracker.withdraw(11, second) is True and await tracker.withdraw(11, second) is False
    assert await tracker.application(11, second) is None


async def test_the_day_is_the_users_own(tracker: Applications, uow: UnitOfWorkFactory) -> None:
    """A Moscow user applying "today" late in London's evening gets Moscow's date (the zone from the language)."""
    await Users(uow, MODEL).seen(21, language_code="ru")
    ((job,),) = [await _jobs(uow, 1)]
    assert (await tracker.apply(21, job)).applied_on == _today(MOSCOW)
    prefs = UserPreferences(uow, MODEL, Users(uow, MODEL))
    await prefs.update_preferences(21, timezone="America/New_York")
    assert (await tracker.apply(21, job)).applied_on == _today(ZoneInfo("America/New_York"))


async def test_export_erasure_stats_and_alerts(tracker: Applications, uow: UnitOfWorkFactory) -> None:
    users = Users(uow, MODEL)
    await users.seen(31, language_code="en")
    await users.seen(32, language_code="en")
    applied, other = await _jobs(uow, 2)
    await tracker.apply(31, applied, days_ago=2)
    await tracker.set_reminder(31, applied, 3)
    await tracker.apply(32, applied)
    await tracker.set_stage(32, applied, Stage.INTERVIEW)

    # Alerts never offer a job the user applied for (the other user's application is theirs alone).
    async with uow() as work:
        since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        offered = await work.alerts.new_jobs(MODEL, 31, since, 1000)
        assert applied not in offered and other in offered
        assert applied in await work.alerts.new_jobs(MODEL, 33, since, 1000)

    counts = (await StatsService(uow, MODEL).report()).applications
    assert counts == {"applied": 1, "interview": 1, "offer": 0, "rejected": 0, "no_reply": 0, "total": 2, "users": 2,
                      "reminders_pending": 1}  # fmt: skip

    exported = (await users.export(31))["applications"]
    assert exported == [{
        "job_id": applied, "title": exported[0]["title"], "firm": exported[0]["firm"],
        "applied_on": (_today(LONDON) - dt.timedelta(days=2)).isoformat(), "stage": "applied",
        "stage_changed_at": exported[0]["stage_changed_at"],
        "remind_on": (_today(LONDON) + dt.timedelta(days=3)).isoformat(), "reminded_at": None, "closed": False,
    }]  # fmt: skip
    assert exported[0]["title"] and exported[0]["firm"]
    assert await users.delete(31) is True
    assert await users.rows_left(31) == 0
    assert await tracker.applied_ids(32) == {applied}  # someone else's erasure leaves theirs


async def test_reminders_go_once_from_nine_local_time_and_come_back_when_not_taken(
    tracker: Applications, uow: UnitOfWorkFactory
) -> None:
    users = Users(uow, MODEL)
    london, moscow, blocked, refused = 41, 42, 43, 44
    for user, language in ((london, "en"), (moscow, "ru"), (blocked, "en"), (refused, "en")):
        await users.seen(user, language_code=language)
    first, second, third = await _jobs(uow, 3)
    for user in (london, moscow, blocked, refused):
        await tracker.apply(user, first, days_ago=3)
        assert (await tracker.set_reminder(user, first, 1)).remind_on is not None
    await tracker.apply(london, second, typed=(_today(LONDON) - dt.timedelta(days=25)).isoformat())
    await tracker.set_reminder(london, second, 1)
    await tracker.apply(london, third)  # no reminder: never in one
    day = _today(LONDON) + dt.timedelta(days=2)  # one day for all of them, whatever the hour the test runs at
    async with uow() as work:
        for user, job in ((london, first), (london, second), (moscow, first), (blocked, first), (refused, first)):
            await work.applications.update(user, job, remind_on=day)
        await work.commit()

    sent: list[tuple[int, Content]] = []
    failing = {blocked: Unreachable("Forbidden: bot was blocked by the user"), refused: SendFailed("Bad Request")}

    async def send(user_id: int, content: Content) -> None:
        if user_id in failing:
            raise failing[user_id]
        sent.append((user_id, content))

    def at(zone: ZoneInfo, hour: int, minute: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), zone).astimezone(dt.UTC)

    reminders = ApplicationReminders(uow, Pace(1000))
    assert (await reminders.run(send, render_reminder, now=at(MOSCOW, 8, 50))).users == 0 and sent == []
    moscow_run = await reminders.run(send, render_reminder, now=at(MOSCOW, 9, 5))  # 06:05 in London
    assert moscow_run.sent == 1 and [u for u, _ in sent] == [moscow]
    assert sent[0][1].text.startswith("🔔 Пора напомнить о себе по отклику:")

    report = await reminders.run(send, render_reminder, now=at(LONDON, 9, 5))
    assert (report.sent, report.applications, report.blocked, report.failed) == (1, 2, 1, 1)
    assert [u for u, _ in sent] == [moscow, london]
    text, buttons = sent[1][1].text, sent[1][1].buttons
    assert text.startswith("🔔 Time to follow up on 2 applications:") and text.count("No news for three weeks") == 1
    assert [row[0][1] for row in buttons] == [f"alert:job:{second}", f"alert:job:{first}"]  # oldest first
    assert (await tracker.application(london, first)).remind_on is None  # type: ignore[union-attr]  # it went
    async with uow() as work:
        assert (await work.users.get(blocked)).is_blocked  # type: ignore[union-attr]

    # Exactly once, even with two runs at once; the refused one is offered again, the blocked user never.
    failing.pop(refused)
    again = await asyncio.gather(*(reminders.run(send, render_reminder, now=at(LONDON, 9, 20)) for _ in range(2)))
    assert [u for u, _ in sent] == [moscow, london, refused] and sum(r.sent for r in again) == 1
    assert (await reminders.run(send, render_reminder, now=at(LONDON, 9, 20) + dt.timedelta(days=3))).users == 0
    # A new reminder after one went: it goes on its own day.
    await tracker.set_reminder(london, first, 3)
    assert (await tracker.application(london, first)).remind_on == _today(LONDON) + dt.timedelta(days=3)  # type: ignore[union-attr]
