"""The application tracker end to end: the real Dispatcher polling the Bot API stand-in, real PostgreSQL (the demo
board indexed by the offline model) and Redis. "I applied" on a job card (a day pressed or typed), stages, the
"no reply" suggestion, a follow-up reminder sent by the scheduler's job that opens the card, `/applications` and
the menu, alerts that never offer an applied job, `/export`, `/delete_me`, and the admins' counts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, text

from bot.devtools.dev_data import import_jobs
from bot.scheduling import create_scheduler
from db.legacy_writer import LegacyWriter
from db.models import Application, JobIndexEntry
from handlers.admin import stats_text
from handlers.senders import TelegramSend, render_alert
from locales import translator
from services.accounts.applications import Stage
from services.accounts.preferences import AlertFrequency
from services.delivery.alerts import AlertKind
from services.jobs.index import JobIndexer
from tests.support.botharness import Harness
from tests.support.webapp import TOKEN, client, serve

LONDON = ZoneInfo("Europe/London")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).astimezone(LONDON).date()


async def _applications(bot: Harness, user: int) -> list[Application]:
    async with bot.runtime.uow() as work:
        stmt = select(Application).where(Application.user_id == user).order_by(Application.job_id)
        return list((await work.session.scalars(stmt)).all())


async def test_from_i_applied_to_stages_reminder_and_my_applications(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    results = await bot.say(user, "audit senior")
    first, second = bot.item_ids(results, "open")[:2]
    card = await bot.press(user, "1. ")
    assert "✅ I applied" in bot.buttons(card) and "📌 Stage" not in bot.buttons(card)

    when = await bot.press(user, "I applied")
    assert when.text.startswith("When did you apply?")
    assert bot.buttons(when)[:5] == ["Today", "Yesterday", "2 days ago", "A week ago", "Two weeks ago"]
    card = await bot.press(user, "Yesterday")
    yesterday = _today() - dt.timedelta(days=1)
    assert f"✅ Applied on {yesterday.isoformat()} · 📨 Applied" in card.text
    assert "✅ I applied" not in bot.buttons(card) and {"📌 Stage", "🔔 Reminder"} <= set(bot.buttons(card))

    stages = await bot.press(user, "Stage")
    assert stages.text == "Where does this application stand?" and "• 📨 Applied" in bot.buttons(stages)
    card = await bot.press(user, "Interview")
    assert f"Applied on {yesterday.isoformat()} · 🗣 Interview" in card.text
    assert bot.stand_in.callback_answers[-1].get("text") == "Stage: 🗣 Interview"
    await bot.press(user, "Reminder")
    card = await bot.press(user, "In 3 days")
    in_three = _today() + dt.timedelta(days=3)
    assert f"🔔 Follow-up reminder on {in_three.isoformat()}" in card.text

    # A day typed: refused when it cannot be right; three silent weeks suggest "no reply", which the user confirms.
    await bot.say(user, "/menu")
    await bot.say(user, "audit senior")
    await bot.press(user, "2. ")
    await bot.press(user, "I applied")
    refused = await bot.say(user, (_today() + dt.timedelta(days=2)).strftime("%d.%m.%Y"))
    assert "I couldn't take that date" in bot.texts(user)[-2] and refused.text.startswith("When did you apply?")
    card = await bot.say(user, (_today() - dt.timedelta(days=25)).strftime("%d.%m.%Y"))
    assert "⏳ No news for 21 days or more: no reply?" in card.text and "🔕 Mark as no reply" in bot.buttons(card)
    card = await bot.press(user, "Mark as no reply")
    assert "· 🔕 No reply" in card.text and "No news for" not in card.text
    assert [(a.job_id, a.stage) for a in await _applications(bot, user)] == sorted(
        [(first, "interview"), (second, "no_reply")])  # fmt: skip

    # The list, by stage, from the command and from the menu; each opens its card.
    listed = await bot.say(user, "/applications")
    assert listed.text.startswith("My applications: 2, page 1 of 1")
    assert listed.text.index("🗣 Interview") < listed.text.index("🔕 No reply")
    assert f"reminder on {in_three.isoformat()}" in listed.text and "(a day ago)" in listed.text
    assert bot.item_ids(listed, "open") == [first, second]
    card = await bot.press(user, "1. ")
    assert "🗣 Interview" in card.text
    await bot.say(user, "/menu")
    from_menu = await bot.press(user, "My applications")
    assert from_menu.text.startswith("My applications: 2")

    # Pressed by mistake: removed, and the card offers "I applied" again.
    await bot.press(user, "2. ")
    await bot.press(user, "Stage")
    card = await bot.press(user, "I didn't apply")
    assert "✅ I applied" in bot.buttons(card) and "Applied on" not in card.text
    assert [a.job_id for a in await _applications(bot, user)] == [first]


async def test_the_reminder_comes_at_nine_once_and_opens_the_card(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    async with bot.runtime.uow() as work:
        job_id = (await work.session.scalars(select(JobIndexEntry.job_id).order_by(JobIndexEntry.job_id))).first()
    assert job_id is not None
    app = bot.app.services
    await app.applications.apply(user, job_id, days_ago=4)
    remind_on = (await app.applications.set_reminder(user, job_id, 7)).remind_on
    assert remind_on is not None
    now = [dt.datetime.combine(remind_on, dt.time(8, 45), LONDON).astimezone(dt.UTC)]
    scheduler = create_scheduler(bot.runtime, app, bot.app.bot, bot.app.broadcaster, clock=lambda: now[0])

    def reminders() -> list[str]:
        return [m.text for m in bot.stand_in.chat(user) if m.text.startswith("🔔 Time to follow up")]

    assert (await scheduler.run_task("reminders")).outcome == "ok" and reminders() == []  # before nine
    now[0] += dt.timedelta(minutes=30)
    assert (await scheduler.run_task("reminders")).outcome == "ok"
    [reminder] = reminders()
    assert "applied" in reminder and "(11 days ago), 📨 Applied" in reminder
    now[0] += dt.timedelta(minutes=30)
    await scheduler.run_task("reminders")
    assert len(reminders()) == 1  # once
    card = await bot.press(user, "1. ")
    assert "✅ Applied on" in card.text and "Follow-up reminder" not in card.text  # it went

    # The ad leaves the board: the application stays, shown as closed, and its stage can still move.
    async with bot.runtime.engine.begin() as conn:
        await conn.execute(text("DELETE FROM jobbot.job_index WHERE job_id = :id"), {"id": job_id})
    listed = await bot.say(user, "/applications")
    assert "closed" in listed.text and bot.item_ids(listed, "open") == [job_id]
    card = await bot.press(user, "1. ")
    assert "This job is closed" in card.text and "✅ Applied on" in card.text and "📌 Stage" in bot.buttons(card)
    await bot.press(user, "Stage")
    assert "· ✖️ Rejected" in (await bot.press(user, "Rejected")).text


async def test_alerts_never_offer_an_applied_job(bot: Harness, tmp_path: Path) -> None:
    user = bot.new_user()
    app = bot.app.services
    await bot.onboard(user)
    await app.search.search("tax senior bristol", user_id=user)  # alerts without a CV follow the latest search
    await app.preferences.update_preferences(user, alert_frequency=AlertFrequency.INSTANT)
    ads = [{"job_title": "Tax Senior", "firm_name": firm, "location": "Bristol", "seniority": "Senior",
            "service": "Tax", "employment": "Permanent", "salary": "£40,000 - £45,000",
            "description": f"{firm} seeks a Tax Senior in Bristol for personal and corporate tax compliance."}
           for firm in ("Redcliffe Tax LLP", "Clifton Tax Partners")]  # fmt: skip
    path = tmp_path / "ads.jsonl"
    path.write_text("".join(json.dumps(ad) + "\n" for ad in ads))
    assert (await import_jobs(LegacyWriter(bot.runtime.engine), path, production=False)).loaded == 2
    await JobIndexer(bot.runtime.uow, bot.runtime.embeddings).refresh()
    async with bot.runtime.uow() as work:
        rows = await work.session.execute(
            select(JobIndexEntry.firm_name, JobIndexEntry.job_id).where(
                JobIndexEntry.firm_name.in_([ad["firm_name"] for ad in ads])
            )
        )
        new = {str(firm): int(job) for firm, job in rows}  # fmt: skip
    await app.applications.apply(user, new["Redcliffe Tax LLP"])  # seen and applied for before the alert

    await app.alerts.run([AlertKind.INSTANT], TelegramSend(bot.app.bot), render_alert)
    [alert] = [m.text for m in bot.stand_in.chat(user) if m.text.startswith("🔔")]
    assert "Clifton Tax Partners" in alert and "Redcliffe" not in alert
    async with bot.runtime.engine.connect() as conn:
        alerted = await conn.scalars(text("SELECT job_id FROM jobbot.alert_deliveries WHERE user_id = :u"),
                                     {"u": user})  # fmt: skip
        assert new["Redcliffe Tax LLP"] not in set(alerted)


async def test_counts_for_admins_then_export_and_erasure(bot: Harness) -> None:
    user, other = bot.new_user(), bot.new_user()
    await bot.onboard(user)
    await bot.onboard(other)
    async with bot.runtime.uow() as work:
        jobs = list((await work.session.scalars(select(JobIndexEntry.job_id).limit(2))).all())
    app = bot.app.services
    await app.applications.apply(user, jobs[0])
    await app.applications.apply(user, jobs[1])
    await app.applications.apply(other, jobs[0])
    await app.applications.set_stage(other, jobs[0], Stage.OFFER)

    stats = await app.stats.report()
    counts = stats.applications
    assert counts["total"] >= 3 and counts["offer"] >= 1 and counts["users"] >= 2
    shown = stats_text(translator("en"), stats)
    assert f"📋 Applications: {counts['total']} from {counts['users']} users" in shown
    async with serve(bot.runtime.url, None) as site, client() as http:
        async with http.get(f"{site.base}/admin/login") as resp:
            csrf = re.search(r'name="csrf" value="([^"]+)"', await resp.text())
        assert csrf is not None
        async with http.post(f"{site.base}/admin/login", data={"csrf": csrf.group(1), "token": TOKEN}):
            pass
        async with http.get(f"{site.base}/admin") as resp:
            page = await resp.text()
        assert f'<b id="stat-applications">{counts["total"]}</b>' in page

    # Another user's application cannot be reached from one's own list by forged callback data.
    mine = await bot.say(other, "/applications")
    intent = str(next(b for row in mine.buttons for b in row)["callback_data"]).split("\x1d")[0]
    bot.stand_in.push_raw(bot.stand_in.callback_update(other, mine, f"{intent}\x1dopen:{jobs[1]}"))
    await bot.idle()
    assert bot.stand_in.callback_answers[-1].get("text") == "This button is no longer valid."
    assert bot.stand_in.last(other).text.startswith("My applications: 1")

    await bot.say(user, "/export")
    exported = bot.exported(user)["applications"]
    assert sorted(a["job_id"] for a in exported) == sorted(jobs) and {a["stage"] for a in exported} == {"applied"}
    await bot.say(user, "/delete_me")
    await bot.press(user, "Yes, erase")
    assert await app.users.rows_left(user) == 0 and await _applications(bot, user) == []
    assert len(await _applications(bot, other)) == 1
