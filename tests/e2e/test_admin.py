"""Admins through the real Dispatcher and the Bot API stand-in: /stats, /user with ban and unban, /broadcast under
a 429 storm with blocked users, a broadcast stopped mid-way and resumed by a new process, non-admins refused, and
unexpected errors reported to the admins (RELIABILITY.md scenarios 1, 2 and 9)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import pytest
from loguru import logger
from redis.asyncio import Redis
from sqlalchemy import text

from bot.devtools.playground import BotApiStandIn, Faults
from bot.runtime import Runtime
from handlers.senders import TelegramSend
from services.admin.stats import StatsService
from services.delivery.broadcasts import Audience, Broadcasts, Draft, Status
from services.delivery.pace import Content, Pace
from tests.support.botharness import Harness, e2e_runtime, running_bot

ADMIN = 900_001
RATE = 30  # copies a second in these tests: Telegram's ceiling (the default is 25)
CROWD = range(2_000_000, 2_001_000)  # 1,000 users who only ever receive broadcasts
BLOCKED = {uid for uid in CROWD if uid % 20 == 7}  # 5%
RUSSIAN = ("By language", "Русский")


@pytest.fixture(scope="module")
async def runtime(pg_root_url: str, e2e_template: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
                  ) -> AsyncIterator[Runtime]:  # fmt: skip
    async with e2e_runtime(pg_root_url, e2e_template, redis_url, tmp_path_factory.mktemp("admin-bot"),
                           admin_ids=str(ADMIN), broadcast_rate=RATE, error_alert_minutes=5) as rt:  # fmt: skip
        yield rt


@pytest.fixture(scope="module")
async def bot(runtime: Runtime, redis_url: str) -> AsyncIterator[Harness]:
    redis = Redis.from_url(redis_url)
    try:
        async with running_bot(runtime, redis) as harness:
            await harness.say(ADMIN, "/start")
            yield harness
    finally:
        await redis.aclose()


@pytest.fixture
def warnings() -> Iterator[list[str]]:
    lines: list[str] = []
    handler = logger.add(lambda m: lines.append(str(m.record["message"])), level="WARNING")
    yield lines
    logger.remove(handler)


async def _seed_crowd(runtime: Runtime) -> None:
    async with runtime.engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO jobbot.users (telegram_id, first_name, language_code) "
                 "SELECT g, 'User ' || g, CASE WHEN g % 3 = 0 THEN 'ru' ELSE 'en' END "
                 "FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) g ON CONFLICT DO NOTHING"),
            {"a": CROWD.start, "b": CROWD.stop - 1},
        )  # fmt: skip


async def _compose(bot: Harness, message: str, audience: tuple[str, ...] = ("Everyone",)) -> None:
    """An admin's /broadcast up to the preview."""
    await bot.say(ADMIN, "/broadcast")
    await bot.say(ADMIN, message)
    for label in audience:
        await bot.press(ADMIN, label)


async def _send_until(bot: Harness, message: str, copies: int) -> None:
    """Broadcast `message` to the Russian speakers; return once `copies` users have it (the rest still to go)."""
    await _compose(bot, message, RUSSIAN)
    await bot.press(ADMIN, "Send now")
    deadline = time.monotonic() + 60
    while len(_copies(bot.stand_in, message)) < copies:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)


def _reachable_russians() -> list[int]:
    return [uid for uid in CROWD if uid % 3 == 0 and uid not in BLOCKED]


def _copies(stand_in: BotApiStandIn, marker: str) -> Counter[int]:
    return Counter(m.chat_id for chat in stand_in.messages.values() for m in chat.values() if marker in m.text)


async def _deliveries(runtime: Runtime, broadcast_id: int) -> dict[str, int]:
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT status, count(*) FROM jobbot.broadcast_deliveries WHERE broadcast_id = :b GROUP BY status"),
            {"b": broadcast_id},
        )
        return {status: n for status, n in rows}


async def _finished(runtime: Runtime, broadcast_id: int) -> None:
    while True:
        async with runtime.engine.connect() as conn:
            status = await conn.scalar(text("SELECT status FROM jobbot.broadcasts WHERE id = :b"), {"b": broadcast_id})
        if status != "sending":
            return
        await asyncio.sleep(0.1)


async def _latest_broadcast(runtime: Runtime) -> int:
    async with runtime.engine.connect() as conn:
        return int(await conn.scalar(text("SELECT max(id) FROM jobbot.broadcasts")))


# ---------------------------------------------------------------------------------------------- refused
async def test_admin_commands_do_not_exist_for_others_and_the_attempt_is_logged(
    bot: Harness, warnings: list[str]
) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    for command in ("/stats", "/broadcast", "/user 900001"):
        reply = await bot.say(user, command)
        assert "I don't know that command" in reply.text, reply.text
    assert sum(f"non-admin {user} tried" in line for line in warnings) == 3


async def test_a_non_admin_pressing_the_admins_confirm_button_is_refused(
    bot: Harness, runtime: Runtime, warnings: list[str]
) -> None:
    before = await StatsService(runtime.uow, runtime.embeddings.model).report()
    await _compose(bot, "Forged confirm test")
    preview = bot.stand_in.last(ADMIN)
    found = bot.stand_in.find_button(ADMIN, "Send now")
    assert found is not None, preview.text
    message, button = found
    intruder = bot.new_user()
    await bot.onboard(intruder)
    forged = bot.stand_in.callback_update(intruder, message, button["callback_data"])
    bot.stand_in.push_raw(forged)
    await bot.idle()
    query_id = forged["callback_query"]["id"]
    assert any(a["callback_query_id"] == query_id for a in bot.stand_in.callback_answers)  # the spinner stopped
    assert any(f"non-admin {intruder} tried an admin button" in line for line in warnings)
    after = await StatsService(runtime.uow, runtime.embeddings.model).report()
    assert after.broadcast == before.broadcast  # nothing was sent
    assert not any("Forged confirm test" in t for t in bot.texts(intruder))
    await bot.press(ADMIN, "Cancel")


# ---------------------------------------------------------------------------------------------- stats and users
async def test_stats_shows_the_services_numbers(bot: Harness, runtime: Runtime) -> None:
    reply = await bot.say(ADMIN, "/stats")
    stats = await StatsService(runtime.uow, runtime.embeddings.model).report()
    assert reply.text.startswith("📊 Stats")
    assert f"Users: {stats.users['total']:,}" in reply.text
    assert f"Jobs on the board: {stats.jobs['on_board']:,}, indexed: {stats.jobs['indexed']:,}" in reply.text


async def test_user_lookup_ban_and_unban(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    card = await bot.say(ADMIN, f"/user {user}")
    assert f"User {user}" in card.text and "Banned: no" in card.text
    assert "Consent: yes" in card.text
    banned = await bot.press(ADMIN, "Ban")
    assert "Banned: yes" in banned.text and any("Unban" in b for b in bot.buttons(banned))
    seen = len(bot.texts(user))
    await bot.say(user, "/help")
    assert len(bot.texts(user)) == seen  # ignored while banned
    await bot.press(ADMIN, "Unban")
    reply = await bot.say(user, "/help")
    assert len(bot.texts(user)) == seen + 1 and reply.text
    missing = await bot.say(ADMIN, "/user @nobody_here")
    assert "No user @nobody_here" in missing.text


async def test_admin_buttons_sent_before_callback_data_still_work(bot: Harness) -> None:
    """/user's ban and unban and a broadcast's cancel button sent before the `CallbackData` factories: their data
    written here as the hand-made code wrote it, pressed through the real Dispatcher."""
    user = bot.new_user()
    await bot.onboard(user)
    card = await bot.say(ADMIN, f"/user {user}")

    async def press(data: str) -> str | None:
        return await bot.press_raw(ADMIN, card, data)

    assert await press(f"adm:user:ban:{user}") == "Banned: the bot ignores them now."
    assert "Banned: yes" in bot.stand_in.last(ADMIN).text
    assert await press(f"adm:user:unban:{user}") == "Unbanned."
    assert "Banned: no" in bot.stand_in.last(ADMIN).text
    assert await press("adm:bc:cancel:987654321") == "This broadcast has already finished."  # none such


# ---------------------------------------------------------------------------------------------- broadcasts
async def test_a_banned_user_may_still_export_and_erase_their_data(bot: Harness, runtime: Runtime) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    assert await bot.app.services.user_admin.set_banned(user, True)
    shown = len(bot.stand_in.chat(user))
    for text_ in ("/help", "/EXPORT", "/export please", "/export@another_bot", "/delete_me now"):
        bot.stand_in.send_text(user, text_)
        await bot.idle()
        assert len(bot.stand_in.chat(user)) == shown, text_  # banned: ignored, all but the two exact commands
    await bot.say(user, "/export")
    assert bot.exported(user)["user"]["telegram_id"] == user
    confirm = await bot.say(user, "/delete_me")
    assert "Erase everything?" in confirm.text
    done = await bot.press(user, "Yes, erase it all")
    assert "everything I held about you has been erased" in done.text
    async with runtime.engine.connect() as conn:  # erased, all but the bare id and its ban
        row = (await conn.execute(text("SELECT is_banned, username, first_name, consent_at FROM jobbot.users "
                                       "WHERE telegram_id = :u"), {"u": user})).one()  # fmt: skip
    assert tuple(row) == (True, None, None, None)
    assert await bot.app.services.users.rows_left(user) == 1  # that row; no profile, search, preference
    shown = len(bot.stand_in.chat(user))
    bot.stand_in.send_text(user, "/start")
    await bot.idle()
    assert len(bot.stand_in.chat(user)) == shown  # still banned: erasing oneself does not lift a ban


async def test_a_worker_that_fails_for_good_stops_the_others(bot: Harness, runtime: Runtime,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The database fails for good under a running broadcast: the run ends with the error, and no worker goes on
    sending without the lease (the others are cancelled before it is given back)."""
    await _seed_crowd(runtime)
    broadcast_id = await bot.app.services.broadcasts.create(ADMIN, Draft("Failing news", None, Audience.ALL))
    sender = Broadcasts(runtime.uow, Pace(200), lease_seconds=3)
    sent: list[int] = []
    send = TelegramSend(bot.app.bot)

    async def counting(user_id: int, content: Content) -> None:
        await send(user_id, content)
        sent.append(user_id)

    recorded = 0

    async def failing_record(*_args: object) -> None:
        nonlocal recorded
        recorded += 1
        if recorded > 20:
            raise ConnectionError("the database is gone")

    monkeypatch.setattr(sender, "_record", failing_record)
    with pytest.raises(ExceptionGroup):
        await asyncio.wait_for(sender.run(broadcast_id, counting), 60)
    after_failure = len(sent)
    await asyncio.sleep(1.0)
    assert len(sent) == after_failure, "a worker kept sending after the run ended"
    await bot.app.services.broadcasts.cancel(broadcast_id)


async def test_bad_html_is_refused_before_anything_is_sent(bot: Harness) -> None:
    await bot.say(ADMIN, "/broadcast")
    reply = await bot.say(ADMIN, "<b>unclosed news")
    assert "unclosed tag" in reply.text and "New broadcast" in reply.text
    reply = await bot.say(ADMIN, "<script>x</script>")
    assert "Unsupported start tag" in reply.text
    await bot.press(ADMIN, "Cancel")


async def test_broadcast_in_a_429_storm_reaches_everyone_once_and_marks_the_blocked(
    bot: Harness, runtime: Runtime
) -> None:
    """RELIABILITY.md 1: random runs of 429s (some longer than the 5 retries the bot once stopped at), 500s and
    dropped connections, 5% of users blocked; everyone reachable gets exactly one copy."""
    await _seed_crowd(runtime)
    stand_in = bot.stand_in
    stand_in.faults = Faults(blocked=set(BLOCKED), rate_limit=0.004, longest_run=8, retry_after=1, server_error=0.01,
                             network_error=0.01, seed=3, spared=frozenset({ADMIN}))  # fmt: skip
    stand_in.sends.clear()
    try:
        await _compose(bot, "<b>Storm news</b>: the new job board is live")
        preview = bot.stand_in.last(ADMIN)
        assert "It goes to" in preview.text
        await bot.press(ADMIN, "Send now")
        started = time.monotonic()
        await asyncio.wait_for(bot.app.broadcaster.wait(), 120)
        took = time.monotonic() - started
    finally:
        stand_in.faults = Faults()
    broadcast_id = await _latest_broadcast(runtime)
    copies = _copies(stand_in, "Storm news")
    reachable = [uid for uid in CROWD if uid not in BLOCKED]
    assert all(copies[uid] == 1 for uid in reachable), [uid for uid in reachable if copies[uid] != 1][:5]
    assert not any(copies[uid] for uid in BLOCKED)
    assert stand_in.rate_limited >= 2, "the storm did not happen"
    assert max(stand_in.runs) > 5, f"no run of 429s outlasted the old retry cap: {stand_in.runs}"
    assert stand_in.failed_on_purpose >= 5, "no 500 or dropped connection happened"
    assert stand_in.premature == 0, "a send went out before a 429's retry_after had passed"
    crowd_sends = [t for t, chat in stand_in.sends if chat in CROWD]
    assert stand_in.busiest_second(CROWD) <= RATE
    counts = await _deliveries(runtime, broadcast_id)
    assert counts.get("blocked") == len(BLOCKED) and counts.get("pending", 0) == 0 and not counts.get("failed")
    async with runtime.engine.connect() as conn:
        marked = await conn.scalar(
            text("SELECT count(*) FROM jobbot.users WHERE is_blocked AND telegram_id BETWEEN :a AND :b"),
            {"a": CROWD.start, "b": CROWD.stop - 1},
        )
    assert marked == len(BLOCKED)
    progress = next(m for m in stand_in.chat(ADMIN) if f"Broadcast #{broadcast_id}" in m.text and m.edits)
    assert "finished" in progress.text and not progress.buttons
    assert "finished" in stand_in.last(ADMIN).text
    logger.info("storm broadcast: {} copies in {:.1f} s, {} 429s", len(crowd_sends), took, stand_in.rate_limited)

    # The blocked users are skipped from now on: no later audience holds them.
    async with runtime.engine.connect() as conn:
        users = await conn.scalar(text("SELECT count(*) FROM jobbot.users WHERE NOT is_blocked AND NOT is_banned"))
    assert await bot.app.services.broadcasts.audience_size(Audience.ALL) == users


async def test_a_broadcast_stopped_mid_way_resumes_in_a_new_process_without_repeats(
    bot: Harness, runtime: Runtime, redis_url: str
) -> None:
    """RELIABILITY.md 2: the first process stops (gracefully) part-way; the next start sends only the rest."""
    await _seed_crowd(runtime)
    redis = Redis.from_url(redis_url)
    try:
        async with running_bot(runtime, redis, update_ids_from=1_000_000) as first:
            await first.say(ADMIN, "/start")
            await _send_until(first, "Resume news", 100)
        broadcast_id = await _latest_broadcast(runtime)
        halfway = await _deliveries(runtime, broadcast_id)
        assert halfway.get("pending", 0) > 0, halfway
        async with running_bot(runtime, redis, update_ids_from=2_000_000) as second:  # resumes at start
            await asyncio.wait_for(_finished(runtime, broadcast_id), 120)
            await second.app.broadcaster.wait()
            first_copies, second_copies = _copies(first.stand_in, "Resume news"), _copies(second.stand_in,
                                                                                          "Resume news")  # fmt: skip
    finally:
        await redis.aclose()
    total = first_copies + second_copies
    reachable = _reachable_russians()
    assert all(total[uid] == 1 for uid in reachable), [uid for uid in reachable if total[uid] != 1][:5]
    assert second_copies and first_copies
    done = await _deliveries(runtime, broadcast_id)
    assert done.get("pending", 0) == 0
    assert any("finished" in m.text for m in second.stand_in.chat(ADMIN))


async def test_a_photo_broadcast_to_one_language(bot: Harness, runtime: Runtime) -> None:
    russian = bot.new_user()
    await bot.onboard(russian, language="ru")
    await bot.say(ADMIN, "/broadcast")
    bot.stand_in.send_photo(ADMIN, caption="<i>Photo news</i>")
    await bot.idle()
    await bot.press(ADMIN, "By language")
    await bot.press(ADMIN, "Русский")
    preview = [m for m in bot.stand_in.chat(ADMIN) if m.photo and "Photo news" in m.text]
    assert preview, "the admin sees the photo first"
    await bot.press(ADMIN, "Send now")
    await asyncio.wait_for(bot.app.broadcaster.wait(), 60)
    got = [m for m in bot.stand_in.chat(russian) if m.photo]
    assert len(got) == 1 and got[0].text == "Photo news"
    assert all(sum(bool(m.photo) for m in bot.stand_in.chat(uid)) == 1 for uid in _reachable_russians())
    english = next(uid for uid in CROWD if uid % 3 and uid not in BLOCKED)
    assert not any(m.photo for m in bot.stand_in.chat(english))


async def test_the_admin_cancels_a_broadcast(bot: Harness, runtime: Runtime) -> None:
    await _compose(bot, "Cancelled news")
    await bot.press(ADMIN, "Send now")
    await bot.press(ADMIN, "Cancel the broadcast")
    await asyncio.wait_for(bot.app.broadcaster.wait(), 60)
    broadcast_id = await _latest_broadcast(runtime)
    counts = await _deliveries(runtime, broadcast_id)
    assert counts.get("pending", 0) > 0, "cancelled before the end"
    assert "cancelled" in bot.stand_in.last(ADMIN).text


async def test_a_killed_broadcast_repeats_at_most_the_copies_in_flight(bot: Harness, runtime: Runtime) -> None:
    """A hard stop (no grace): copies Telegram took but nobody recorded are sent again, one per worker at most."""
    await _seed_crowd(runtime)
    await _send_until(bot, "Killed news", 100)
    await bot.app.broadcaster.stop(grace=0)  # cancelled mid-send
    from handlers.senders import BroadcastRunner

    restarted = BroadcastRunner(bot.app.bot, bot.app.services.broadcasts, bot.app.services.user_admin)
    assert await restarted.resume() == [await _latest_broadcast(runtime)]
    await asyncio.wait_for(restarted.wait(), 120)
    copies = _copies(bot.stand_in, "Killed news")
    reachable = _reachable_russians()
    assert all(copies[uid] >= 1 for uid in reachable)
    assert sum(copies[uid] - 1 for uid in reachable) <= 4  # the workers' in-flight copies
    bot.app.broadcaster = bot.app.dp["broadcaster"] = restarted  # the module's bot keeps a live runner


async def test_the_senders_lease_survives_dropped_connections_and_keeps_a_second_sender_out(
    bot: Harness, runtime: Runtime
) -> None:
    """Every connection of the sender's pool killed mid-broadcast (a network blip, a failover): the sender goes on
    over new connections and keeps its lease, so another instance cannot start sending the same broadcast; when
    the sender stops, the other takes over the rest, and everyone gets one copy."""
    await _seed_crowd(runtime)
    draft = Draft("Lease news", None, Audience.LANGUAGE, "ru")
    broadcast_id = await bot.app.services.broadcasts.create(ADMIN, draft)
    send = TelegramSend(bot.app.bot)
    sender = Broadcasts(runtime.uow, Pace(RATE), lease_seconds=3)  # one instance
    other = Broadcasts(runtime.uow, Pace(RATE), lease_seconds=3)  # another
    stop = asyncio.Event()
    sending = asyncio.create_task(sender.run(broadcast_id, send, stop=stop))
    await asyncio.sleep(1.0)
    async with runtime.engine.connect() as conn:
        killed = await conn.scalar(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))  # fmt: skip
    assert killed
    await asyncio.sleep(4.0)  # longer than the lease: the sender renewed it over a new connection
    assert not sending.done()
    assert await other.run(broadcast_id, send) is None  # still the sender's
    stop.set()
    assert (await sending).status is Status.SENDING  # stopped part-way, as at a shutdown
    finished = await asyncio.wait_for(other.run(broadcast_id, send), 120)  # the lease was given back: it takes over
    assert finished is not None and finished.pending == 0
    copies = _copies(bot.stand_in, "Lease news")
    reachable = _reachable_russians()
    assert all(copies[uid] == 1 for uid in reachable), [uid for uid in reachable if copies[uid] != 1][:5]


# ---------------------------------------------------------------------------------------------- error alerts
async def test_unexpected_errors_reach_the_admins_once_per_kind(bot: Harness, runtime: Runtime) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    alerts_before = sum("Unexpected error" in t for t in bot.texts(ADMIN))
    async with runtime.engine.begin() as conn:  # a real failure: the database refuses every new search row
        await conn.execute(text("ALTER TABLE jobbot.user_searches ADD CONSTRAINT no_rows CHECK (false) NOT VALID"))
    try:
        first = await bot.say(user, "audit manager leeds")
        await bot.say(user, "tax senior london")
    finally:
        async with runtime.engine.begin() as conn:
            await conn.execute(text("ALTER TABLE jobbot.user_searches DROP CONSTRAINT no_rows"))
    assert "went wrong" in "\n".join(bot.texts(user)[-4:]), first.text
    alerts = [t for t in bot.texts(ADMIN) if "Unexpected error" in t]
    assert len(alerts) - alerts_before == 1, alerts
    assert "IntegrityError" in alerts[-1] and "audit" not in alerts[-1]
    stats = await StatsService(runtime.uow, runtime.embeddings.model).report()
    assert stats.errors_24h >= 2
