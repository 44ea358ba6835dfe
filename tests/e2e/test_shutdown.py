"""SIGINT under load (RELIABILITY.md 16): `python -m bot run` in webhook mode, in a process of its own, gets SIGINT
while three CVs are being read. It takes no new update (503, so Telegram delivers it again elsewhere), lets the
three finish (each answered 200, each profile stored whole), and exits 0."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from bot.devtools.playground import BotApiStandIn, Faults
from services.accounts.profiles import Profiles
from tests.support.pg import create_database, drop_database, with_database

SECRET = "shutdown-secret_42_0123456789abcdef"
ROOT = Path(__file__).resolve().parents[2]
CV = b"Jane Example\nAudit Senior, Leeds\nACA qualified, 4 years of external audit.\nSkills: CaseWare, Excel\n"
USERS = (6101, 6102, 6103)


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _post(url: str, update: dict) -> int:
    async with aiohttp.ClientSession() as http, http.post(url, json=update, headers={
        "X-Telegram-Bot-Api-Secret-Token": SECRET}) as resp:  # fmt: skip
        return resp.status


@pytest.mark.slow
async def test_sigint_lets_running_updates_finish(pg_root_url: str, e2e_template: str, redis_url: str,
                                                  tmp_path: Path) -> None:  # fmt: skip
    name = await create_database(pg_root_url, template=e2e_template)
    stand_in = BotApiStandIn(update_ids_from=3_000_000)
    await stand_in.start()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    env = {**os.environ, "BOT_TOKEN": stand_in.token, "TELEGRAM_API_BASE": stand_in.base_url,
           "WEBHOOK_URL": "https://bot.example.test/telegram", "WEBHOOK_SECRET": SECRET, "PORT": str(port),
           "DATABASE_URL": with_database(pg_root_url, name), "REDIS_URL": redis_url, "SCHEDULER": "false",
           "ENVIRONMENT": "development", "SHUTDOWN_GRACE": "30", "DATA_DIR": str(tmp_path / "data"),
           "LOG_LEVEL": "INFO", "PYTHONPATH": str(ROOT)}  # fmt: skip
    env.pop("OPENAI_API_KEY", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not any(method == "setWebhook" for method, _ in stand_in.calls):
            assert process.returncode is None, (await process.stdout.read()).decode()[-3000:]  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the bot did not start"
            await asyncio.sleep(0.2)
        webhook = next(params for method, params in stand_in.calls if method == "setWebhook")
        assert webhook["url"] == "https://bot.example.test/telegram" and webhook["secret_token"] == SECRET
        for user in USERS:  # consent first, as users do
            assert await _post(url, stand_in.message_update(user, text="/start")) == 200
            message, button = stand_in.find_button(user, "I agree") or (None, None)
            assert message is not None and button is not None
            assert await _post(url, stand_in.callback_update(user, message, button["callback_data"])) == 200

        stand_in.faults = Faults(file_delay=2)
        deliveries = []
        for user in USERS:
            deliveries.append(asyncio.create_task(_post(url, stand_in.document_update(user, CV, "cv.txt"))))
        while sum(method == "getFile" for method, _ in stand_in.calls) < len(USERS):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        process.send_signal(signal.SIGINT)  # three CVs are downloading
        before: list[bytes] = []

        async def until_stopping() -> None:  # the receiver says it stopped taking updates: no guessed sleep
            assert process.stdout is not None
            while line := await process.stdout.readline():
                before.append(line)
                if b"waiting up to" in line:
                    return

        await asyncio.wait_for(until_stopping(), 30)
        late = await _post(url, stand_in.message_update(6104, text="/help"))
        assert late == 503  # no new update is taken; Telegram delivers it again to another instance
        assert await asyncio.wait_for(asyncio.gather(*deliveries), 60) == [200, 200, 200]
        out, _ = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, out.decode()[-3000:]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await stand_in.stop()
    log = b"".join(before).decode() + out.decode()
    assert "waiting up to 30 s for 3 updates in progress" in log and "Traceback" not in log
    frozen = re.search(r"start-up objects frozen for the garbage collector: (\d+)", log)
    assert frozen is not None and int(frozen.group(1)) > 100_000, log[-3000:]  # aiogram and the rest, once
    from db.engine import create_engine, create_session_factory
    from db.uow import UnitOfWorkFactory

    engine = create_engine(with_database(pg_root_url, name))
    try:
        profiles = Profiles(UnitOfWorkFactory(create_session_factory(engine)))
        for user in USERS:
            profile = await profiles.profile(user)
            assert profile is not None and [q.code for q in profile.qualifications] == ["ACA"], user
    finally:
        await engine.dispose()
        await drop_database(pg_root_url, name)
