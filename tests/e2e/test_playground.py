"""`python -m bot chat`: the terminal playground as a person (or a script) uses it, in a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.pg import create_database, drop_database, with_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def board_url(pg_root_url: str, e2e_template: str) -> AsyncIterator[str]:
    name = await create_database(pg_root_url, template=e2e_template)
    yield with_database(pg_root_url, name)
    await drop_database(pg_root_url, name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chat(script: str, database_url: str, tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "REDIS_", "DB__"))}
    env.update({"DATABASE_URL": database_url, "DATA_DIR": str(tmp_path), "LOG_LEVEL": "WARNING", **extra})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=script, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)  # fmt: skip


def test_a_scripted_chat_plays_each_line_after_the_answers(board_url: str, tmp_path: Path, shared_data: Path) -> None:
    cv = shared_data / "cvs" / "ACCOUNTANT" / "10554236.pdf"
    script = f"/start\n@press agree\naudit senior\n@press next\n@file {cv}\n@press show\n"
    done = chat(script, board_url, tmp_path, "chat")
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "you> /start" in out and "bot: Hello!" in out and "[✅ I agree] [Not now]" in out
    assert "bot (edited): Main menu" in out  # the welcome becomes the menu
    assert "Jobs for “audit senior”" in out and "page 2 of" in out and "[Next ▶️]" in out
    assert "⏳ Reading your CV…" in out and "bot (edited): ✅ Done:" in out and "Your profile" in out
    assert "Jobs that fit your CV" in out
    assert out.index("you> audit senior") < out.index("Jobs for “audit senior”") < out.index("you> @press next")


def test_run_without_a_token_opens_the_playground_beside_the_web_app(board_url: str, tmp_path: Path) -> None:
    port = _free_port()
    done = chat("/start\n", board_url, tmp_path, "run", PORT=str(port), LOG_LEVEL="INFO")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Playground:" in done.stdout and "bot: Hello!" in done.stdout
    assert f"web app listening on :{port}" in done.stderr


def test_a_missing_button_or_file_is_said_and_fails_the_script(board_url: str, tmp_path: Path) -> None:
    done = chat("@press nothing like this\n@file /no/such/cv.pdf\n", board_url, tmp_path, "chat")
    assert done.returncode == 1
    assert "(no button labelled like 'nothing like this')" in done.stdout
    assert "No such file" in done.stdout
