"""Driving the real bot (the `run` code path: polling) through the Bot API stand-in, as a user would."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.app import BotApp, build_bot_app, poll_until
from bot.devtools.playground import Activity, BotApiStandIn, SentMessage, wait_idle
from bot.runtime import Runtime, open_runtime
from bot.settings import load_settings
from tests.support.pg import create_database, drop_database, with_database


@dataclass
class Harness:
    stand_in: BotApiStandIn
    activity: Activity
    app: BotApp
    runtime: Runtime
    redis: Redis
    _next_user: list[int] = field(default_factory=lambda: [5000])

    def new_user(self) -> int:
        self._next_user[0] += 1
        return self._next_user[0]

    async def idle(self, limit: float = 60.0) -> None:
        await wait_idle(self.stand_in, self.activity, limit=limit)

    async def say(self, user: int, text: str, *, language: str = "en") -> SentMessage:
        self.stand_in.send_text(user, text, language_code=language)
        await self.idle()
        return self.stand_in.last(user)

    async def press(self, user: int, label: str, *, language: str = "en") -> SentMessage:
        self.stand_in.press(user, label, language_code=language)
        await self.idle()
        return self.stand_in.last(user)

    async def press_raw(self, user: int, message: SentMessage, data: str) -> str | None:
        """Press a button with this callback data under `message`, as an old message's button would send it,
        whatever the message shows now; the popup's text (None for a silent answer). Fails if nothing answers."""
        update = self.stand_in.callback_update(user, message, data)
        self.stand_in.push_raw(update)
        await self.idle()
        query_id = update["callback_query"]["id"]
        answers = [a for a in self.stand_in.callback_answers if a["callback_query_id"] == query_id]
        assert answers, f"{data!r} was not answered"
        text: str | None = answers[0].get("text")
        return text

    async def send_file(self, user: int, data: bytes, name: str | None, mime: str | None = None, **kw: Any) -> None:
        self.stand_in.send_document(user, data, name, mime, **kw)
        await self.idle(limit=120)

    async def onboard(self, user: int, *, language: str = "en") -> SentMessage:
        await self.say(user, "/start", language=language)
        return await self.press(user, "✅", language=language)

    def texts(self, user: int) -> list[str]:
        return [m.text for m in self.stand_in.chat(user)]

    def buttons(self, message: SentMessage) -> list[str]:
        return [b["text"] for row in message.buttons for b in row]

    @staticmethod
    def item_ids(message: SentMessage, widget: str) -> list[int]:
        """The item ids behind a Select's buttons (aiogram-dialog's callback data ends with 'widget:item')."""
        ids = []
        for row in message.buttons:
            for button in row:
                data = str(button.get("callback_data", ""))
                tail = data.rsplit("\x1d", 1)[-1]
                if tail.startswith(widget + ":"):
                    ids.append(int(tail.split(":", 1)[1]))
        return ids

    def exported(self, user: int) -> dict[str, Any]:
        message = self.stand_in.last(user)
        assert message.document is not None, message.text
        return json.loads(self.stand_in.files[message.document["file_id"]])


@asynccontextmanager
async def running_bot(runtime: Runtime, redis: Redis, *, update_ids_from: int = 1) -> AsyncIterator[Harness]:
    """`update_ids_from`: a second bot on the same Redis needs update ids the first has not used (duplicates are
    dropped)."""
    stand_in = BotApiStandIn(update_ids_from=update_ids_from)
    await stand_in.start()
    activity = Activity()
    app = build_bot_app(runtime, stand_in.token, api_base=stand_in.base_url, on_done=activity.done)
    stop = asyncio.Event()
    task = asyncio.create_task(poll_until(app, stop))
    try:
        yield Harness(stand_in, activity, app, runtime, redis)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await stand_in.stop()


@asynccontextmanager
async def e2e_runtime(pg_root_url: str, template: str, redis_url: str, data_dir: Path, **settings: Any
                      ) -> AsyncIterator[Runtime]:  # fmt: skip
    """A runtime over a fresh clone of the indexed demo board, with Redis emptied before and after; `settings`
    on top of the development defaults (the scheduler off: tests drive its jobs themselves)."""
    name = await create_database(pg_root_url, template=template)
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    config = load_settings(database_url=with_database(pg_root_url, name), redis_url=redis_url, bot_token=None,
                           data_dir=data_dir, environment="development", openai_api_key=None,
                           **{"scheduler": False, **settings})  # fmt: skip
    try:
        async with open_runtime(config) as runtime:
            yield runtime
    finally:
        try:
            await redis.flushdb()
        except RedisError:  # a test that stopped and started its own Redis: the old connection is gone
            await redis.connection_pool.disconnect()
            await redis.flushdb()
        await redis.aclose()
        await drop_database(pg_root_url, name)
