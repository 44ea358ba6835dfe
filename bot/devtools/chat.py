"""`python -m bot chat` (and `run` without BOT_TOKEN): the bot against the local Bot API stand-in, in a terminal.

Each input line is one action: `@file PATH` sends that file as a document, `@press TEXT` presses a button of the
latest message that has a matching one (the label itself, any case and leading emoji aside; else the one label that
begins with TEXT; else the one label holding TEXT as whole words; several at once are listed, and nothing is
pressed), anything else is a text message. Popups (callback answers) show as `bot (popup): ...`. When standard input
is not a terminal, the lines are played in order, each after the bot has answered the one before, and the chat
ends with the input. Logs go to a file meanwhile (`bot.cli`), so nothing is written over the prompt.
"""

from __future__ import annotations

import asyncio
import mimetypes
import sys
from pathlib import Path
from typing import Any, TextIO

from loguru import logger

from bot.app import build_bot_app, poll_until
from bot.devtools.playground import (
    PROMPT,
    Activity,
    BotApiStandIn,
    Console,
    SentMessage,
    read_typed,
    render,
    render_popup,
    terminal_console,
    wait_idle,
)
from bot.runtime import Runtime
from handlers.web.metrics import Metrics
from scheduler.heartbeat import Heartbeat
from services.container import Services

PLAYGROUND_USER = 1001
INTRO = "Playground: type a message, '@file PATH' to send a CV, '@press TEXT' to press a button."


async def play(
    runtime: Runtime, lines: TextIO, out: TextIO | Console, *, interactive: bool, services: Services | None = None,
    metrics: Metrics | None = None, heartbeat: Heartbeat | None = None,
) -> int:  # fmt: skip
    """The chat until the input ends, on `out` (a console, or a plain stream)."""
    console = out if isinstance(out, Console) else Console(out, interactive=interactive)
    stand_in = BotApiStandIn()
    await stand_in.start()
    activity = Activity()
    app = build_bot_app(runtime, stand_in.token, services=services, metrics=metrics, api_base=stand_in.base_url,
                        on_done=activity.done, heartbeat=heartbeat)  # fmt: skip

    def show(how: str, message: SentMessage) -> None:
        if message.chat_id == PLAYGROUND_USER:
            console.line(render(message, edited=how == "edited"))

    def popup(user_id: int, answer: dict[str, Any]) -> None:
        shown = render_popup(answer)
        if user_id == PLAYGROUND_USER and shown is not None:
            console.line(shown)

    stand_in.listeners.append(show)
    stand_in.popup_listeners.append(popup)
    stop = asyncio.Event()
    bot_task = asyncio.create_task(poll_until(app, stop))
    logger.info("playground: the bot runs against a local Bot API stand-in on {}", stand_in.base_url)
    console.line(INTRO)
    failures = 0
    try:
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                console.prompting = True
                try:  # (at the terminal, through input(): readline's line editing, and its buffer to redraw)
                    line = await loop.run_in_executor(None, read_typed if lines is sys.stdin else lines.readline)
                finally:
                    console.prompting = False
            else:
                line = await loop.run_in_executor(None, lines.readline)
            if not line:
                break
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if not interactive:
                console.line(f"{PROMPT}{line}")
            try:
                act(stand_in, line, console)
            except (LookupError, OSError) as exc:
                failures += 1
                console.line(f"  ({exc})")
                continue
            await wait_idle(stand_in, activity, limit=120)
    finally:
        stop.set()
        await bot_task
        await stand_in.stop()
    return 1 if failures and not interactive else 0


def act(stand_in: BotApiStandIn, line: str, console: Console) -> None:
    if line.startswith("@file "):
        path = Path(line[6:].strip()).expanduser()
        data = path.read_bytes()
        stand_in.send_document(PLAYGROUND_USER, data, path.name, mimetypes.guess_type(path.name)[0])
    elif line.startswith("@press "):
        message, button = stand_in.choose_button(PLAYGROUND_USER, line[7:].strip())
        stand_in.press_button(PLAYGROUND_USER, message, button)
        if "url" in button:
            console.line(f"  (opens {button['url']})")
    else:
        stand_in.send_text(PLAYGROUND_USER, line)


async def run_chat(runtime: Runtime, *, services: Services | None = None, metrics: Metrics | None = None,
                   heartbeat: Heartbeat | None = None, console: Console | None = None) -> int:  # fmt: skip
    console = console or terminal_console()
    return await play(runtime, sys.stdin, console, interactive=console.interactive, services=services,
                      metrics=metrics, heartbeat=heartbeat)  # fmt: skip
