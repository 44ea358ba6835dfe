"""Job alerts end to end: real PostgreSQL with the demo board indexed by the offline model, real Redis, the real
Dispatcher and the Bot API stand-in. New jobs arrive on the board, the scheduled refresh finds them and sends the
instant alerts (exactly once per user and job); daily and weekly digests go out at 09:00 in each user's time zone
(the clock is the test's); paused users get nothing; a blocked user is marked and skipped."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy import text

from bot.devtools.dev_data import import_jobs
from bot.devtools.playground import Faults, SentMessage
from bot.runtime import Runtime
from bot.scheduling import create_scheduler
from db.legacy_writer import LegacyWriter
from dialogs.states import AlertFirmOff
from handlers.senders import TelegramSend, render_alert
from services.accounts.preferences import AlertFrequency
from services.delivery.alerts import AlertKind
from services.delivery.pace import Content
from services.jobs.index import JobIndexer
from services.search.leanings import value_key
from tests.support.botharness import Harness, e2e_runtime, running_bot

CV = """Jane Example
Audit Senior
Leeds, West Yorkshire
ACA qualified chartered accountant with 4 years of external audit experience.
Experience
Audit Senior, Example & Co LLP, Leeds, 2021 - Present
Led statutory audits of owner-managed businesses under FRS 102; planning, fieldwork and completion.
Audit Semi-Senior, Northern Accountants, Leeds, 2019 - 2021
Skills: CaseWare, Excel, IFRS, FRS 102, team supervision.
"""
AUDIT_FIRMS = ["Aire Audit LLP", "Kirkgate Partners", "Headrow & Co", "Wharf Accountants", "Briggate LLP",
               "Calls Lane Audit", "Roundhay Chartered"]  # fmt: skip
INSTANT, DAILY_LONDON, WEEKLY_QUERY, BLOCKED, DAILY_MOSCOW = 7001, 7002, 7003, 7004, 7005
MONDAY = dt.datetime(2030, 12, 2, tzinfo=dt.UTC)  # a Monday in winter: London is UTC, Moscow UTC+3


def _ads(firms: list[str], title: str = "Audit Senior") -> list[dict[str, str]]:
    return [
        {"job_title": title, "firm_name": firm, "location": "Leeds", "seniority": "Senior", "service": "Audit",
         "employment": "Permanent", "salary": "£42,000 - £48,000",
         "description": f"{firm} seeks an ACA or ACCA qualified {title} in Leeds to lead external audits of "
                        "owner-managed businesses under FRS 102, with CaseWare."}
        for firm in firms
    ]  # fmt: skip


PAYROLL = {"job_title": "Payroll Administrator", "firm_name": "City Payroll Bureau", "location": "London",
           "seniority": "Junior", "service": "Payroll", "employment": "Permanent", "salary": "£28,000",
           "description": "Process weekly and monthly payroll for client companies in London; Sage Payroll, "
                          "RTI submissions, pensions auto-enrolment."}  # fmt: skip


@pytest.fixture(scope="module")
async def runtime(pg_root_url: str, e2e_template: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
                  ) -> AsyncIterator[Runtime]:  # fmt: skip
    async with e2e_runtime(pg_root_url, e2e_template, redis_url, tmp_path_factory.mktemp("alerts-bot")) as rt:
        yield rt


@pytest.fixture(scope="module")
async def bot(runtime: Runtime, redis_url: str) -> AsyncIterator[Harness]:
    redis = Redis.from_url(redis_url)
    try:
        async with running_bot(runtime, redis) as harness:
            yield harness
    finally:
        await redis.aclose()


async def _subscribe(bot: Harness, user: int, frequency: AlertFrequency, *, cv: bool = True,
                     timezone: str | None = None, query: str | None = None) -> None:  # fmt: skip
    app = bot.app.services
    await app.users.seen(user, first_name="Ann", language_code="en")
    await app.users.give_consent(user)
    if cv:
        await app.profiles.store_profile(user, (await app.cv.from_text(CV)).profile, "text")
    if query:
        await app.search.search(query, user_id=user)  # their latest typed search
    await app.preferences.update_preferences(user, alert_frequency=frequency, timezone=timezone)


async def _new_jobs_on_the_board(runtime: Runtime, tmp_path: Path, ads: list[dict[str, str]]) -> None:
    path = tmp_path / "new-jobs.jsonl"
    path.write_text("".join(json.dumps(ad) + "\n" for ad in ads))
    report = await import_jobs(LegacyWriter(runtime.engine), path, production=False)
    assert report.loaded == len(ads)


async def _alerted(runtime: Runtime, user: int) -> list[int]:
    async with runtime.engine.connect() as conn:
        rows = await conn.scalars(text("SELECT job_id FROM jobbot.alert_deliveries WHERE user_id = :u"), {"u": user})
        return sorted(rows)


def _alerts(bot: Harness, user: int) -> list[str]:
    return [m.text for m in bot.stand_in.chat(user) if m.text.startswith("🔔")]


async def test_alerts_from_refresh_to_digests(bot: Harness, runtime: Runtime, tmp_path: Path) -> None:
    await _subscribe(bot, INSTANT, AlertFrequency.INSTANT)
    await _subscribe(bot, BLOCKED, AlertFrequency.INSTANT)
    await _subscribe(bot, DAILY_LONDON, AlertFrequency.DAILY, timezone="Europe/London")
    await _subscribe(bot, DAILY_MOSCOW, AlertFrequency.DAILY, timezone="Europe/Moscow")
    await _subscribe(bot, WEEKLY_QUERY, AlertFrequency.WEEKLY, cv=False, query="payroll administrator london")
    bot.stand_in.faults = Faults(blocked={BLOCKED})
    app = bot.app.services
    now = [dt.datetime.now(dt.UTC)]
    scheduler = create_scheduler(runtime, app, bot.app.bot, bot.app.broadcaster, clock=lambda: now[0])
    try:
        # Nothing new on the board yet: the refresh changes nothing and nobody is alerted.
        assert (await scheduler.run_task("refresh-index")).items == 0
        assert _alerts(bot, INSTANT) == []

        await _new_jobs_on_the_board(runtime, tmp_path, [*_ads(AUDIT_FIRMS), PAYROLL])
        now[0] += dt.timedelta(minutes=16)  # the next period
        refreshed = await scheduler.run_task("refresh-index")
    finally:
        bot.stand_in.faults = Faults()
    assert refreshed.outcome == "ok" and refreshed.items == len(AUDIT_FIRMS) + 1

    # The instant subscriber: one alert, the audit jobs in it, each recorded once.
    [alert] = _alerts(bot, INSTANT)
    assert "new jobs fit you" in alert and "Audit Senior" in alert and "Payroll" not in alert
    alerted = await _alerted(runtime, INSTANT)
    assert len(alerted) == len(AUDIT_FIRMS)
    message = next(m for m in bot.stand_in.chat(INSTANT) if m.text.startswith("🔔"))
    labels = bot.buttons(message)
    assert any(f"All {len(AUDIT_FIRMS)} jobs" in b for b in labels) and any("Pause alerts" in b for b in labels)
    # The blocked one is marked and skipped; digests wait for 09:00.
    async with runtime.engine.connect() as conn:
        assert await conn.scalar(text("SELECT is_blocked FROM jobbot.users WHERE telegram_id = :u"), {"u": BLOCKED})
    assert await _alerted(runtime, BLOCKED) == []
    for user in (DAILY_LONDON, DAILY_MOSCOW, WEEKLY_QUERY):
        assert _alerts(bot, user) == []

    # Exactly once: another round finds nothing new for them.
    send = TelegramSend(bot.app.bot)
    again = await app.alerts.run([AlertKind.INSTANT], send, render_alert)
    assert again.alerts == 0 and len(_alerts(bot, INSTANT)) == 1

    # The rest of the alert, and one job from it.
    shown = await bot.press(INSTANT, f"All {len(AUDIT_FIRMS)} jobs")
    assert f"All {len(AUDIT_FIRMS)} jobs of this alert" in shown.text and shown.text.count("Audit Senior") == 7
    card = await bot.press(INSTANT, "1. Audit Senior")
    assert "Audit Senior" in card.text and any("Save" in b for b in bot.buttons(card))

    # Digests at 09:00 local time: Moscow first, then London; the weekly one on Monday from the typed search.
    early = await app.alerts.run([AlertKind.DAILY, AlertKind.WEEKLY], send, render_alert,
                                 now=MONDAY.replace(hour=5, minute=50))  # fmt: skip
    assert early.alerts == 0
    moscow = await app.alerts.run([AlertKind.DAILY, AlertKind.WEEKLY], send, render_alert,
                                  now=MONDAY.replace(hour=6, minute=5))  # 09:05 in Moscow  # fmt: skip
    assert moscow.alerts == 1 and len(_alerts(bot, DAILY_MOSCOW)) == 1 and _alerts(bot, DAILY_LONDON) == []
    assert "daily digest" in _alerts(bot, DAILY_MOSCOW)[0]
    london = await app.alerts.run([AlertKind.DAILY, AlertKind.WEEKLY], send, render_alert,
                                  now=MONDAY.replace(hour=9, minute=5))  # fmt: skip
    assert london.alerts == 2
    assert len(_alerts(bot, DAILY_LONDON)) == 1 and "Audit Senior" in _alerts(bot, DAILY_LONDON)[0]
    [weekly] = _alerts(bot, WEEKLY_QUERY)
    assert "weekly digest" in weekly and "Payroll Administrator" in weekly and "Audit" not in weekly
    later = await app.alerts.run([AlertKind.DAILY, AlertKind.WEEKLY], send, render_alert,
                                 now=MONDAY.replace(hour=9, minute=20))  # fmt: skip
    assert later.alerts == 0 and len(_alerts(bot, DAILY_MOSCOW)) == 1

    # Paused from the alert itself: the next new jobs reach nobody paused.
    await bot.press(INSTANT, "Pause alerts")
    assert (await app.preferences.preferences(INSTANT)).alert_frequency is AlertFrequency.OFF
    await _new_jobs_on_the_board(runtime, tmp_path, _ads(["Park Square Audit"], "Senior Auditor"))
    now[0] += dt.timedelta(minutes=16)
    assert (await scheduler.run_task("refresh-index")).items == 1
    assert len(_alerts(bot, INSTANT)) == 1
    tuesday = await app.alerts.run([AlertKind.DAILY, AlertKind.WEEKLY], send, render_alert,
                                   now=MONDAY.replace(day=3, hour=9, minute=5))  # fmt: skip
    assert tuesday.alerts == 2  # both daily subscribers (12:05 in Moscow), with the one new job
    assert "Senior Auditor" in _alerts(bot, DAILY_LONDON)[-1] and "Senior Auditor" in _alerts(bot, DAILY_MOSCOW)[-1]
    assert len(_alerts(bot, WEEKLY_QUERY)) == 1  # weekly: not before next Monday


async def test_alert_buttons_sent_before_callback_data_still_work(bot: Harness, runtime: Runtime) -> None:
    """Buttons of alerts sent before the `CallbackData` factories: their data written here as the hand-made code
    wrote it, pressed through the real Dispatcher."""
    user = bot.new_user()
    await _subscribe(bot, user, AlertFrequency.INSTANT)
    message = await bot.say(user, "/help")
    async with runtime.engine.connect() as conn:
        job_id = await conn.scalar(text("SELECT min(job_id) FROM jobbot.job_index"))

    async def press(data: str) -> str | None:
        return await bot.press_raw(user, message, data)

    await press(f"alert:job:{job_id}")
    card = bot.stand_in.last(user)
    assert any("Save" in b for b in bot.buttons(card)), card.text
    await press("alert:all:1000000000")  # an alert of 2001 that is not theirs: nothing of it to show
    assert bot.stand_in.last(user).text == "These jobs have left the board."
    assert "Alerts are paused" in str(await press("alert:pause"))
    assert (await bot.app.services.preferences.preferences(user)).alert_frequency is AlertFrequency.OFF


async def test_the_time_zone_is_set_in_the_preferences(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.press(user, "Preferences")
    prefs = await bot.press(user, "Time zone")
    assert any("Europe/Moscow" in b for b in bot.buttons(prefs))
    shown = await bot.press(user, "Europe/Moscow")
    assert "Time zone for digests (09:00): Europe/Moscow" in shown.text
    assert (await bot.app.services.preferences.preferences(user)).timezone == "Europe/Moscow"


async def test_a_user_erased_mid_run_is_skipped_and_the_rest_are_alerted(bot: Harness, runtime: Runtime,
                                                                         tmp_path: Path) -> None:  # fmt: skip
    first, gone, last = 7101, 7102, 7103
    for user in (first, gone, last):
        await _subscribe(bot, user, AlertFrequency.INSTANT)
    await _new_jobs_on_the_board(runtime, tmp_path, _ads(["Otley Road Audit", "Kirkstall Audit LLP"]))
    await JobIndexer(runtime.uow, runtime.embeddings).refresh()  # indexed; no alert run yet
    app, send = bot.app.services, TelegramSend(bot.app.bot)

    async def send_then_erase(user_id: int, content: Content) -> None:
        await send(user_id, content)
        if user_id == first:
            assert await app.users.delete(gone)  # /delete_me while the run is under way

    report = await app.alerts.run([AlertKind.INSTANT], send_then_erase, render_alert)
    assert len(_alerts(bot, first)) == 1 and len(_alerts(bot, last)) == 1 and _alerts(bot, gone) == []
    assert report.alerts == 2 and await _alerted(runtime, gone) == []


async def test_two_runs_at_once_alert_each_job_once(bot: Harness, runtime: Runtime, tmp_path: Path) -> None:
    """Two instances' alert runs overlapping (a lock lost, a slow run): each delivery is claimed before it is
    sent, so every user gets one alert and each job is recorded once."""
    users = (7201, 7202, 7203)
    for user in users:
        await _subscribe(bot, user, AlertFrequency.INSTANT)
    await _new_jobs_on_the_board(runtime, tmp_path, _ads(["Chapel Allerton Audit", "Meanwood Partners"]))
    await JobIndexer(runtime.uow, runtime.embeddings).refresh()
    app, send = bot.app.services, TelegramSend(bot.app.bot)
    one, two = await asyncio.gather(app.alerts.run([AlertKind.INSTANT], send, render_alert),
                                    app.alerts.run([AlertKind.INSTANT], send, render_alert))  # fmt: skip
    for user in users:
        assert len(_alerts(bot, user)) == 1, user
        assert len(await _alerted(runtime, user)) == 2
    assert one.alerts + two.alerts == one.users == two.users  # every subscriber alerted once, by one run or the other


async def test_alerts_under_server_and_network_errors_go_out_once(bot: Harness, runtime: Runtime,
                                                                  tmp_path: Path) -> None:  # fmt: skip
    users = (7301, 7302, 7303, 7304)
    for user in users:
        await _subscribe(bot, user, AlertFrequency.INSTANT)
    await _new_jobs_on_the_board(runtime, tmp_path, _ads(["Horsforth Audit", "Pudsey Partners"]))
    await JobIndexer(runtime.uow, runtime.embeddings).refresh()
    app, send = bot.app.services, TelegramSend(bot.app.bot)
    bot.stand_in.faults = Faults(server_error=0.15, network_error=0.15, rate_limit=0.1, longest_run=7, seed=11)
    try:
        async with asyncio.timeout(120):
            report = await app.alerts.run([AlertKind.INSTANT], send, render_alert)
            for _ in range(5):  # what Telegram kept refusing is offered again by the next run
                if not report.retry:
                    break
                report = await app.alerts.run([AlertKind.INSTANT], send, render_alert)
        assert report.retry == 0
    finally:
        faults, bot.stand_in.faults = bot.stand_in.faults, Faults()
    assert faults.server_error and bot.stand_in.failed_on_purpose > 0, "no 5xx or dropped connection happened"
    for user in users:
        assert len(_alerts(bot, user)) == 1, user
        assert len(await _alerted(runtime, user)) == 2


async def test_a_favourite_firms_new_jobs_always_come_with_the_alerts(bot: Harness, runtime: Runtime,
                                                                    tmp_path: Path) -> None:  # fmt: skip
    """A payroll post does not fit an audit senior's CV, unless its firm is one of their favourites."""
    user = 7301
    await _subscribe(bot, user, AlertFrequency.INSTANT)
    app, send = bot.app.services, TelegramSend(bot.app.bot)
    await _new_jobs_on_the_board(runtime, tmp_path, [{**PAYROLL, "firm_name": "Harbury Payroll Bureau"},
                                                     {**PAYROLL, "firm_name": "Elsewhere Payroll Ltd"}])  # fmt: skip
    await JobIndexer(runtime.uow, runtime.embeddings).refresh()
    assert await app.preferences.add_favourite_firm(user, "harbury payroll bureau") == ["Harbury Payroll Bureau"]
    await app.alerts.run([AlertKind.INSTANT], send, render_alert)
    alerts = "\n".join(_alerts(bot, user))  # (jobs another test put on the board may come in a message too)
    assert "Harbury Payroll Bureau" in alerts and "Elsewhere Payroll" not in alerts, alerts


async def test_a_favourite_firms_own_alert_comes_at_once_even_with_alerts_off(bot: Harness, runtime: Runtime,
                                                                             tmp_path: Path) -> None:  # fmt: skip
    """Turned on in the preferences' favourite firms, a firm's own alert brings its jobs posted since, in a message
    of their own after the next refresh, to a user whose alerts are off, and to an instant subscriber without
    repeating them in their instant alert; its button stops it, and the firm stays a favourite."""
    quiet, instant, firm = 7401, 7402, "Moorgate Payroll Services"
    app = bot.app.services
    await _subscribe(bot, quiet, AlertFrequency.OFF)
    await _subscribe(bot, instant, AlertFrequency.INSTANT)
    ad = {**PAYROLL, "firm_name": firm}
    await _new_jobs_on_the_board(runtime, tmp_path, [{**ad, "job_title": "Payroll Supervisor"}])
    await JobIndexer(runtime.uow, runtime.embeddings).refresh()  # posted before the alert: never alerted
    for user in (quiet, instant):
        assert await app.preferences.add_favourite_firm(user, firm.lower()) == [firm]
        await bot.say(user, "/menu")
        await bot.press(user, "Preferences")
        window = await bot.press(user, "Favourite firms")
        assert bot.buttons(window)[:2] == [f"✖ {firm}", "🔕 Own alert: off"]
        window = await bot.press(user, "🔕 Own alert: off")
        assert bot.stand_in.callback_answers[-1]["text"].startswith(f"🔔 You will hear of {firm}'s new jobs")
        assert bot.buttons(window)[:2] == [f"✖ {firm}", "🔔 Own alert: on"]

    scheduler = create_scheduler(runtime, app, bot.app.bot, bot.app.broadcaster)
    await _new_jobs_on_the_board(runtime, tmp_path, [{**ad, "job_title": "Payroll Manager"},
                                                     {**ad, "job_title": "Payroll Officer"},
                                                     {**PAYROLL, "firm_name": "Cheapside Bureau"}])  # fmt: skip
    assert await scheduler.refresh_then_alert() > 0

    def firm_alerts(user: int) -> list[SentMessage]:
        return [m for m in bot.stand_in.chat(user) if m.text.startswith("⭐ New at")]

    for user in (quiet, instant):
        [alert] = firm_alerts(user)
        assert alert.text.startswith(f"⭐ New at {firm}: 2 jobs"), alert.text
        assert "Payroll Manager" in alert.text and "Payroll Officer" in alert.text, alert.text
        assert "Supervisor" not in alert.text and "Cheapside" not in alert.text, alert.text
        assert f"🔕 No more alerts from {firm}" in bot.buttons(alert)
        instants = "\n".join(m.text for m in bot.stand_in.chat(user) if m.text.startswith("🔔"))
        assert "Payroll Manager" not in instants and "Payroll Officer" not in instants, instants  # never twice
    assert _alerts(bot, quiet) == []  # their alerts are off: nothing else came
    # (The instant subscriber's alert may bring the Supervisor post: new since their alerts, of a favourite firm.)
    async with runtime.engine.connect() as conn:
        kinds = await conn.scalars(text("SELECT kind FROM jobbot.alert_deliveries WHERE user_id = :u"), {"u": quiet})
        assert list(kinds) == ["firm", "firm"]
        # Two messages of one run, two batches: each message's "all of them" names its own jobs only.
        moments = (await conn.execute(text("SELECT kind, sent_at FROM jobbot.alert_deliveries WHERE user_id = :u"),
                                      {"u": instant})).all()  # fmt: skip
    by_kind = {kind: {at for k, at in moments if k == kind} for kind, _ in moments}
    assert set(by_kind) == {"firm", "instant"} and not by_kind["firm"] & by_kind["instant"], moments

    # Stopped from the alert's own button: the next job of the firm brings nothing, and it stays a favourite.
    [alert] = firm_alerts(quiet)
    said = await bot.press_raw(quiet, alert, AlertFirmOff(key=value_key(firm)).pack())
    assert said is not None and said.startswith(f"🔕 No more alerts of its own from {firm}"), said
    assert await app.preferences.favourite_firms(quiet) == [(firm, False)]
    await _new_jobs_on_the_board(runtime, tmp_path, [{**ad, "job_title": "Payroll Assistant"}])
    assert await scheduler.refresh_then_alert() > 0
    assert len(firm_alerts(quiet)) == 1
    assert [m.text.split(":")[0] for m in firm_alerts(instant)] == [f"⭐ New at {firm}"] * 2  # still on for them
