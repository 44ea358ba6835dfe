"""`python -m bot chat` (and `run` without BOT_TOKEN): the bot against the local Bot API stand-in, in a terminal.

Each input line is one action: `@file PATH` sends that file as a document, `@press TEXT` presses the first button
of the latest message whose label contains TEXT (any case), anything else is a text message. When standard input
is not a terminal, the lines are played in order, each after the bot has answered the one before, and the chat
ends with the input.
"""

from __future__ import annotations

import asyncio
import mimetypes
import sys
from pathlib import Path
from typing import TextIO

from loguru import logger

from bot.app import build_bot_app, poll_until
from bot.metrics import Metrics
from bot.playground import Activity, BotApiStandIn, SentMessage, render, wait_idle
from bot.runtime import Runtime
from scheduler.heartbeat import Heartbeat
from services.container import Services

PLAYGROUND_USER = 1001
PROMPT = "you> "


async def play(
    runtime: Runtime, lines: TextIO, out: TextIO, *, interactive: bool, services: Services | None = None,
    metrics: Metrics | None = None, heartbeat: Heartbeat | None = None,
) -> int:  # fmt: skip
    stand_in = BotApiStandIn()
    await stand_in.start()
    activity = Activity()
    app = build_bot_app(runtime, stand_in.token, services=services, metrics=metrics, api_base=stand_in.base_url,
                        on_done=activity.done, heartbeat=heartbeat)  # fmt: skip

    def show(how: str, message: SentMessage) -> None:
        if message.chat_id == PLAYGROUND_USER:
            out.write(render(message, edited=how == "edited") + "\n")
            out.flush()

    stand_in.listeners.append(show)
    stop = asyncio.Event()
    bot_task = asyncio.create_task(poll_until(app, stop))
    logger.info("playground: the bot runs against a local Bot API stand-in on {}", stand_in.base_url)
    out.write("Playground: type a message, '@file PATH' to send a CV, '@press TEXT' to press a button.\n")
    failures = 0
    try:
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                out.write(PROMPT)
                out.flush()
            line = await loop.run_in_executor(None, lines.readline)
            if not line:
                break
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if not interactive:
                out.write(f"{PROMPT}{line}\n")
            try:
                act(stand_in, line, out)
            except (LookupError, OSError) as exc:
                failures += 1
                out.write(f"  ({exc})\n")
                continue
            await wait_idle(stand_in, activity, limit=120)
    finally:
        stop.set()
        await bot_task
        await stand_in.stop()
    return 1 if failures and not interactive else 0


def act(stand_in: BotApiStandIn, line: str, out: TextIO) -> None:
    if line.startswith("@file "):
        path = Path(line[6:].strip()).expanduser()
        data = path.read_bytes()
        stand_in.send_document(PLAYGROUND_USER, data, path.name, mimetypes.guess_type(path.name)[0])
    elif line.startswith("@press "):
        button = stand_in.press(PLAYGROUND_USER, line[7:].strip())
        if "url" in button:
            out.write(f"  (opens {button['url']})\n")
    else:
        stand_in.send_text(PLAYGROUND_USER, line)


async def run_chat(runtime: Runtime, *, services: Services | None = None, metrics: Metrics | None = None,
                   heartbeat: Heartbeat | None = None) -> int:  # fmt: skip
    return await play(runtime, sys.stdin, sys.stdout, interactive=sys.stdin.isatty(), services=services,
                      metrics=metrics, heartbeat=heartbeat)  # fmt: skip
