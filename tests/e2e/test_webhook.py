"""Webhook mode over real HTTP (RELIABILITY.md 4 and 8): the test plays Telegram, POSTing updates to the bot's
webhook route, and the bot answers through the Bot API stand-in. The right secret is dispatched; a missing or
wrong secret, an oversized body and invalid JSON are refused and never dispatched; the same update twice gives one
reply; an instance stopped in the middle of an update does not lose it; a second poller is reported plainly."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from loguru import logger
from redis.asyncio import Redis
from sqlalchemy import text

from bot.app import BotApp, build_bot_app, build_web_app, poll_until
from bot.devtools.playground import Activity, BotApiStandIn, Faults
from bot.runtime import Runtime
from handlers.web.metrics import Metrics
from handlers.web.webhook import SECRET_HEADER, WebhookReceiver
from tests.support.botharness import e2e_runtime

SECRET = "wh-secret_0123456789abcdef0123456789"
CV = b"Jane Example\nAudit Senior, Leeds\nACA qualified, 4 years of external audit.\nSkills: CaseWare, Excel\n"


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Instance:
    app: BotApp
    receiver: WebhookReceiver
    activity: Activity
    url: str
    runner: web.AppRunner


@pytest.fixture(scope="module")
async def runtime(pg_root_url: str, e2e_template: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
                  ) -> AsyncIterator[Runtime]:  # fmt: skip
    async with e2e_runtime(pg_root_url, e2e_template, redis_url, tmp_path_factory.mktemp("webhook-bot")) as rt:
        yield rt


@pytest.fixture(scope="module")
async def stand_in() -> AsyncIterator[BotApiStandIn]:
    server = BotApiStandIn()
    await server.start()
    yield server
    await server.stop()


@contextlib.asynccontextmanager
async def instance(runtime: Runtime, stand_in: BotApiStandIn) -> AsyncIterator[Instance]:
    """One bot instance in webhook mode: the web app with the webhook route on a port of its own."""
    activity, metrics = Activity(), Metrics()
    app = build_bot_app(runtime, stand_in.token, api_base=stand_in.base_url, on_done=activity.done, metrics=metrics)
    assert app.claims is not None
    receiver = WebhookReceiver(app.bot, app.dp, SECRET, app.claims)
    web_app = build_web_app(runtime, services=app.services, metrics=metrics)
    web_app.router.add_post("/telegram", receiver.handle)
    runner = web.AppRunner(web_app)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield Instance(app, receiver, activity, f"http://127.0.0.1:{port}/telegram", runner)
    finally:
        await receiver.stop(1)
        await runner.cleanup()
        await app.bot.session.close()


@pytest.fixture(scope="module")
async def bot(runtime: Runtime, stand_in: BotApiStandIn) -> AsyncIterator[Instance]:
    async with instance(runtime, stand_in) as one:
        yield one


async def post(url: str, body: Any, *, secret: str | None = SECRET, raw: bytes | None = None) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with aiohttp.ClientSession() as http:
        kwargs: dict[str, Any] = {"data": raw, "headers": {**headers, "Content-Type": "application/json"}} \
            if raw is not None else {"json": body, "headers": headers}  # fmt: skip
        async with http.post(url, **kwargs) as resp:
            return resp.status


async def onboard(bot: Instance, stand_in: BotApiStandIn, user: int) -> None:
    assert await post(bot.url, stand_in.message_update(user, text="/start")) == 200
    message, button = stand_in.find_button(user, "I agree") or (None, None)
    assert message is not None and button is not None
    assert await post(bot.url, stand_in.callback_update(user, message, button["callback_data"])) == 200


async def test_the_right_secret_is_dispatched(bot: Instance, stand_in: BotApiStandIn) -> None:
    assert await post(bot.url, stand_in.message_update(6001, text="/help")) == 200
    assert "/help" not in stand_in.last(6001).text and stand_in.last(6001).text  # answered before the 200
    async with aiohttp.ClientSession() as http, http.get(bot.url.replace("/telegram", "/metrics")) as resp:
        metrics = await resp.text()
    assert 'jobbot_updates_total{type="message"} 1.0' in metrics  # the update, counted and timed
    assert 'jobbot_update_seconds_count{type="message"} 1.0' in metrics


@pytest.mark.parametrize(
    ("secret", "raw", "status"),
    [
        (None, None, 401),
        ("wrong-secret", None, 401),
        (SECRET, b"{not json", 400),
        (SECRET, b'{"hello": "world"}', 400),
        (SECRET, b'{"update_id": 1, "message": ' + b"[" * 10 + b"]" * 10 + b"}", 400),
        (SECRET, b'{"update_id": 5, "pad": "' + b"x" * (300 * 1024) + b'"}', 413),
        (SECRET, b"[" * 100_000, 400),
        (SECRET, b'{"update_id": 6, "message": ' + b'{"a":' * 5_000 + b"1" + b"}" * 5_000 + b"}", 400),
    ],
    ids=[
        "no secret",
        "wrong secret",
        "invalid json",
        "not an update",
        "malformed update",
        "oversized",
        "nested deeper than the parser goes",
        "nested deeply in an update",
    ],
)
async def test_forged_calls_are_refused_and_never_dispatched(
    bot: Instance, stand_in: BotApiStandIn, secret: str | None, raw: bytes | None, status: int
) -> None:
    before = sum(bot.activity.finished.values())
    update = stand_in.message_update(6002, text="/help")
    assert await post(bot.url, update, secret=secret, raw=raw) == status
    assert sum(bot.activity.finished.values()) == before
    assert stand_in.chat(6002) == []


async def test_the_same_update_twice_gives_one_reply(bot: Instance, stand_in: BotApiStandIn) -> None:
    update = stand_in.message_update(6003, text="/help")
    assert await post(bot.url, update) == 200
    assert await post(bot.url, update) == 200  # a redelivery: answered, not handled again
    assert len(stand_in.chat(6003)) == 1
    twice = stand_in.message_update(6003, text="/menu")
    answers = await asyncio.gather(post(bot.url, twice), post(bot.url, twice))
    assert sorted(answers) in ([200, 200], [200, 503])  # 503: "being handled", Telegram tries again later
    if 503 in answers:
        assert await post(bot.url, twice) == 200
    assert len(stand_in.chat(6003)) == 2


async def test_an_instance_stopped_mid_update_loses_nothing(
    bot: Instance, runtime: Runtime, stand_in: BotApiStandIn
) -> None:
    user = 6004
    await onboard(bot, stand_in, user)
    update = stand_in.document_update(user, CV, "cv.txt")
    stand_in.faults = Faults(file_delay=5)
    try:
        async with instance(runtime, stand_in) as doomed:
            delivery = asyncio.create_task(post(doomed.url, update))
            while doomed.receiver.running == 0:  # noqa: ASYNC110 - the receiver offers no event to wait on
                await asyncio.sleep(0.02)
            await doomed.receiver.stop(grace=0.2)  # SIGTERM: the download is still going
            try:
                status: int | None = await delivery
            except aiohttp.ClientError:  # the connection went with the instance: no answer at all
                status = None
            assert status != 200  # Telegram did not get its 200, so it delivers again
    finally:
        stand_in.faults = Faults()
    assert await bot.app.services.profiles.profile(user) is None  # nothing half-written
    assert await post(bot.url, update) == 200  # the redelivery, to the instance still running
    profile = await bot.app.services.profiles.profile(user)
    assert profile is not None and [q.code for q in profile.qualifications] == ["ACA"]
    assert await post(bot.url, update) == 200  # and once more: handled once only
    async with runtime.engine.connect() as conn:  # one profile, and the CV's one search: handled once
        for table, where in (("user_profiles", ""), ("user_searches", " AND query_text = '[cv]'")):
            count = await conn.scalar(text(f"SELECT count(*) FROM jobbot.{table} WHERE user_id = :u{where}"),
                                      {"u": user})  # fmt: skip
            assert count == 1, table


async def test_a_second_poller_is_reported_plainly(runtime: Runtime) -> None:
    stand_in = BotApiStandIn()
    await stand_in.start()
    stand_in.faults = Faults(conflict=True)
    lines: list[str] = []
    handler = logger.add(lambda m: lines.append(str(m.record["message"])), level="ERROR")
    app = build_bot_app(runtime, stand_in.token, api_base=stand_in.base_url)
    stop = asyncio.Event()
    polling = asyncio.create_task(poll_until(app, stop, grace=1))
    try:
        deadline = asyncio.get_running_loop().time() + 20
        while not any("409 Conflict" in line for line in lines):
            assert asyncio.get_running_loop().time() < deadline, lines
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await asyncio.wait_for(polling, 30)
        logger.remove(handler)
        await stand_in.stop()
    assert sum("another process is polling" in line for line in lines) == 1  # once, not once per retry


async def test_redis_flushed_in_the_middle_of_an_update(bot: Instance, stand_in: BotApiStandIn, redis_url: str
                                                         ) -> None:  # fmt: skip
    """RELIABILITY.md 6 at its worst moment: the per-user lock vanishes while the CV is read; the work is kept and
    the user gets no apology for it."""
    user = 6005
    await onboard(bot, stand_in, user)
    update = stand_in.document_update(user, CV, "cv.txt")
    stand_in.faults = Faults(file_delay=1)
    redis = Redis.from_url(redis_url)
    try:
        delivery = asyncio.create_task(post(bot.url, update))
        while bot.receiver.running == 0:  # noqa: ASYNC110 - the receiver offers no event to wait on
            await asyncio.sleep(0.02)
        await redis.flushdb()
        assert await delivery == 200
    finally:
        stand_in.faults = Faults()
        await redis.aclose()
    assert not any("went wrong" in m.text for m in stand_in.chat(user))
    assert await bot.app.services.profiles.profile(user) is not None
