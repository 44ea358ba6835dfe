"""The application tracker's pure parts: typed days, the "no reply" suggestion, when a reminder is due, and the
reminder message in both languages (every stage has words in each)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from handlers.senders import render_reminder
from locales import message_ids
from services.accounts.applications import QUIET_DAYS, Stage, parse_day, suggests_no_reply
from services.accounts.users import LANGUAGES
from services.delivery.reminders import FollowUp, ReminderBatch, due_now

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("typed", "day"),
    [("2026-11-28", dt.date(2026, 11, 28)), ("28.11.2026", dt.date(2026, 11, 28)), ("28/11/26", dt.date(2026, 11, 28)),
     (" 3-12-2026 ", dt.date(2026, 12, 3)), ("28.11", dt.date(2026, 11, 28)), ("7.12", TODAY),
     ("24.12", dt.date(2025, 12, 24)), ("31.02.2026", None), ("13.13", None), ("yesterday", None), ("", None),
     ("12/28/2026", None), ("2026-11-28 10:00", None)],
)  # fmt: skip
def test_a_typed_day_is_read_day_first(typed: str, day: dt.date | None) -> None:
    """Day first, as the UK and Russia write it; a day with no year is the latest one on or before today."""
    assert parse_day(typed, TODAY) == day


def test_no_reply_is_suggested_after_three_silent_weeks_of_waiting() -> None:
    quiet = TODAY - dt.timedelta(days=QUIET_DAYS)
    assert suggests_no_reply(Stage.APPLIED, quiet, TODAY, TODAY)  # applied three weeks ago, recorded today
    assert not suggests_no_reply(Stage.APPLIED, quiet + dt.timedelta(days=1), TODAY, TODAY)
    assert not suggests_no_reply(Stage.INTERVIEW, quiet, TODAY - dt.timedelta(days=3), TODAY)  # news since
    assert suggests_no_reply(Stage.INTERVIEW, quiet - dt.timedelta(days=9), quiet, TODAY)
    for stage in (Stage.OFFER, Stage.REJECTED, Stage.NO_REPLY):  # nothing to wait for
        assert not suggests_no_reply(stage, quiet - dt.timedelta(days=60), quiet, TODAY)


def test_a_reminder_is_due_from_nine_on_its_day_and_any_time_after() -> None:
    london = ZoneInfo("Europe/London")
    assert not due_now(TODAY, dt.datetime(2026, 12, 7, 8, 59, tzinfo=london))
    assert due_now(TODAY, dt.datetime(2026, 12, 7, 9, 0, tzinfo=london))
    assert due_now(TODAY, dt.datetime(2026, 12, 8, 1, 0, tzinfo=london))  # the bot was down at nine
    assert not due_now(TODAY, dt.datetime(2026, 12, 6, 23, 0, tzinfo=london))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_stage_has_words(language: str) -> None:
    assert sorted({f"stage-{stage.value}" for stage in Stage} - message_ids(language)) == []


def test_the_reminder_message_in_both_languages() -> None:
    item = FollowUp(7, "Audit Senior <Leeds>", "Aire & Co", dt.date(2026, 11, 2), Stage.INTERVIEW, 21, True)
    at = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    english = render_reminder(ReminderBatch(1, "en", [item], at, at.date()))
    assert english.text.splitlines()[:3] == [
        "🔔 Time to follow up on your application:",
        "• <b>Audit Senior &lt;Leeds&gt;</b> — Aire &amp; Co: applied 2026-11-02 (21 days ago), 🗣 Interview",
        "  <i>No news for three weeks: no reply? Open it to mark it so.</i>",
    ]
    assert english.buttons == ((("1. Audit Senior <Leeds>", "alert:job:7"),),)
    russian = render_reminder(ReminderBatch(1, "ru", [item, item], at, at.date())).text
    assert russian.startswith("🔔 Пора напомнить о себе по 2 откликам:")
    assert "(21 день назад), 🗣 Собеседование" in russian


def test_a_result_the_user_applied_for_is_marked() -> None:
    from dialogs.results import result_lines
    from locales import translator

    items = [{"id": 7, "title": "Audit Senior", "firm": "Aire & Co", "location": "Leeds", "reasons": []},
             {"id": 8, "title": "Tax Senior", "firm": "Kirkgate", "location": "", "reasons": []}]  # fmt: skip
    lines = result_lines(items, 0, translator("en"), {7}).splitlines()
    assert lines == ["1. <b>Audit Senior</b> — Aire &amp; Co · Leeds · ✅ applied", "2. <b>Tax Senior</b> — Kirkgate"]
    assert "✅ отклик отправлен" in result_lines(items, 0, translator("ru"), {8})
    assert "applied" not in result_lines(items, 0, translator("en"))
