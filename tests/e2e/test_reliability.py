"""RELIABILITY.md scenarios 4, 5, 6, 7 and 12, through the real bot polling the Bot API stand-in."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.devtools.dev_data import import_jobs
from bot.devtools.playground import TEXT_LIMIT
from db.legacy_writer import LegacyWriter
from db.models import JobIndexEntry, SavedJob, UserSearch
from services.jobs.index import JobIndexer
from tests.support.botharness import Harness


async def _searches(bot: Harness, user: int) -> list[str]:
    async with bot.runtime.uow() as work:
        stmt = select(UserSearch.query_text).where(UserSearch.user_id == user).order_by(UserSearch.id)
        return list((await work.session.scalars(stmt)).all())


# ---------------------------------------------------------------- 4. the same update twice


async def test_an_update_delivered_twice_in_sequence_is_answered_once(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    update = bot.stand_in.message_update(user, text="audit manager")
    before = len(bot.stand_in.chat(user))
    bot.stand_in.push_raw(update)
    await bot.idle()
    bot.stand_in.push_raw(update)
    await bot.idle()
    assert len(bot.stand_in.chat(user)) == before + 1
    assert await _searches(bot, user) == ["audit manager"]


async def test_an_update_delivered_twice_at_once_is_answered_once(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    update = bot.stand_in.message_update(user, text="tax senior")
    before = len(bot.stand_in.chat(user))
    bot.stand_in.push_raw(update)
    bot.stand_in.push_raw(update)  # both in one getUpdates batch, handled concurrently
    await bot.idle()
    assert len(bot.stand_in.chat(user)) == before + 1
    assert await _searches(bot, user) == ["tax senior"]


# ---------------------------------------------------------------- 5. twenty updates at once


async def test_twenty_updates_at_once_are_handled_in_order_and_none_is_lost(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    queries = [f"audit {n}" for n in range(1, 21)]
    for query in queries:
        bot.stand_in.send_text(user, query)
    await bot.idle(limit=120)
    assert await _searches(bot, user) == queries
    assert bot.stand_in.last(user).text.startswith("Jobs for “audit 20”")


# ---------------------------------------------------------------- 6. Redis flushed, a state renamed


async def test_after_redis_is_flushed_a_button_leads_to_the_menu(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.say(user, "payroll")
    await bot.redis.flushdb()
    answered = len(bot.stand_in.callback_answers)
    reply = await bot.press(user, "Next")
    assert len(bot.stand_in.callback_answers) > answered  # the spinner stops
    texts = bot.texts(user)
    assert "That conversation has expired. Here is the main menu." in texts
    assert reply.text.startswith("Main menu")


async def test_a_renamed_state_left_in_redis_leads_to_the_menu(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.say(user, "payroll")
    renamed = 0
    async for key in bot.redis.scan_iter(match=f"fsm:{user}:{user}:aiogd:context:*:data"):
        data = json.loads(await bot.redis.get(key))
        data["state"] = "SearchOld:results"  # a state a newer version no longer has
        await bot.redis.set(key, json.dumps(data))
        renamed += 1
    assert renamed
    reply = await bot.press(user, "Next")
    assert "That conversation has expired. Here is the main menu." in bot.texts(user)
    assert reply.text.startswith("Main menu")


# ---------------------------------------------------------------- 7. old and forged buttons


async def test_an_old_button_leads_to_the_menu(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    old = await bot.say(user, "audit")
    old_buttons = [dict(b) for row in old.buttons for b in row]
    await bot.say(user, "/menu")  # the search dialog is closed; its message stays in the chat
    next_button = next(b for b in old_buttons if "Next" in b["text"])
    bot.stand_in.push_raw(bot.stand_in.callback_update(user, old, next_button["callback_data"]))
    await bot.idle()
    assert bot.stand_in.last(user).text.startswith("Main menu")
    assert "That conversation has expired. Here is the main menu." in bot.texts(user)


async def test_forged_callback_data_reaches_nothing_of_another_user(bot: Harness) -> None:
    owner, intruder = bot.new_user(), bot.new_user()
    await bot.onboard(owner)
    await bot.onboard(intruder)
    results = await bot.say(owner, "audit")
    job_id = bot.item_ids(results, "open")[0]
    await bot.press(owner, "1. ")
    await bot.press(owner, "⭐ Save")
    await bot.say(owner, "/menu")
    saved = await bot.press(owner, "Saved jobs")
    owners_button = next(b for row in saved.buttons for b in row if b["text"].startswith("1. "))

    # The intruder replays the owner's button (the owner's dialog id) from their own chat.
    answered = len(bot.stand_in.callback_answers)
    bot.stand_in.push_raw(bot.stand_in.callback_update(intruder, bot.stand_in.last(intruder),
                                                        owners_button["callback_data"]))  # fmt: skip
    await bot.idle()
    assert len(bot.stand_in.callback_answers) > answered
    assert all("Saved jobs" not in text for text in bot.texts(intruder))

    # Within their own saved-jobs list, an item id that is not theirs is refused.
    mine = await bot.say(intruder, "/menu")
    mine = await bot.press(intruder, "Saved jobs")
    intent = str(next(b for row in mine.buttons for b in row)["callback_data"]).split("\x1d")[0]
    bot.stand_in.push_raw(bot.stand_in.callback_update(intruder, mine, f"{intent}\x1dopen:{job_id}"))
    await bot.idle()
    assert bot.stand_in.callback_answers[-1].get("text") == "This button is no longer valid."
    assert bot.stand_in.callback_answers[-1].get("show_alert") in (True, "true")
    async with bot.runtime.uow() as work:
        owners = select(func.count()).select_from(SavedJob).where(SavedJob.user_id == owner)
        assert await work.session.scalar(owners) == 1


# ---------------------------------------------------------------- 12. replies longer than Telegram allows


async def test_a_huge_job_ad_is_shortened_to_fit_one_message(bot: Harness, tmp_path) -> None:
    title = "Senior Audit Manager " + "with a very long title " * 40  # the board allows 1,000 characters
    ad = {"job_title": title, "description": "<p>" + "Audit of listed groups. " * 2000 + "</p>",
          "firm_name": "Long & Winding <LLP>", "location": "Leeds", "salary": "£60,000"}  # fmt: skip
    path = tmp_path / "ad.jsonl"
    path.write_text(json.dumps(ad) + "\n")
    assert (await import_jobs(LegacyWriter(bot.runtime.engine), path, production=False)).loaded == 1
    await JobIndexer(bot.runtime.uow, bot.runtime.embeddings).refresh()
    async with bot.runtime.uow() as work:
        job_id = await work.session.scalar(select(JobIndexEntry.job_id).where(JobIndexEntry.title == title.strip()))
    assert job_id is not None
    user = bot.new_user()
    await bot.onboard(user)
    card = await bot.say(user, f"/start job_{job_id}")
    assert len(card.text) <= TEXT_LIMIT and card.text.endswith("…")
    assert card.text.startswith("Senior Audit Manager")
    results = await bot.say(user, "senior audit manager with a very long title")
    assert len(results.text) <= TEXT_LIMIT and "Long & Winding <LLP>" in results.text
