"""`python -m bot backup` and `restore` as an operator runs them: our schema dumped, dropped, restored, the data
identical; the job board's tables untouched throughout."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.devtools.dev_data import seed_demo
from db.legacy_writer import LegacyWriter
from db.migrate import head_revision
from tests.integration.test_cli import run_bot
from tests.support.pg import pg_dump


def _dump(bin_dir: Path, url: str, *args: str) -> str:
    """pg_dump's text, without the random key of pg_dump 18's `\\restrict` lines."""
    lines = pg_dump(bin_dir, url, *args, "--no-owner").splitlines()
    return "\n".join(line for line in lines if not line.startswith(("\\restrict", "\\unrestrict")))


async def _fill(engine: AsyncEngine) -> None:
    await seed_demo(LegacyWriter(engine), jobs=30, seed=3, production=False)
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO jobbot.users (telegram_id, username, first_name) VALUES "
                                "(1, 'ann', 'Ann'), (2, NULL, 'Борис')"))  # fmt: skip
        await conn.execute(text("INSERT INTO jobbot.user_searches (user_id, query_text, filters) VALUES "
                                "(1, 'audit leeds', '{\"places\": [\"Leeds\"]}'), (2, 'налог', '{}')"))  # fmt: skip
        await conn.execute(text("INSERT INTO jobbot.user_profiles (user_id, profile, source) VALUES "
                                "(1, '{\"role_family\": \"audit\"}', 'pdf')"))  # fmt: skip


async def test_backup_drop_restore_gives_the_same_data(engine: AsyncEngine, db_url: str, pg_bin_dir: Path,
                                                       tmp_path: Path) -> None:  # fmt: skip
    await _fill(engine)
    ours_before = _dump(pg_bin_dir, db_url, "--schema=jobbot", "--data-only")
    board_before = _dump(pg_bin_dir, db_url, "--schema=public")
    assert "audit leeds" in ours_before and "JobsApp_job" in board_before

    file = tmp_path / "backups" / "jobbot.dump"
    done = run_bot("backup", str(file), cwd=tmp_path, DATABASE_URL=db_url)
    assert done.returncode == 0, done.stderr
    assert "Backed up our schema" in done.stdout and file.stat().st_size > 0
    assert "JobsApp" not in file.read_bytes().decode("latin-1")  # the board's tables are not in it

    refused = run_bot("restore", str(file), cwd=tmp_path, DATABASE_URL=db_url)
    assert refused.returncode == 1 and "--replace" in refused.stderr  # nothing is overwritten by accident

    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA jobbot CASCADE"))  # the worst case: our schema gone, pgvector too
    assert _dump(pg_bin_dir, db_url, "--schema=public") == board_before

    restored = run_bot("restore", str(file), cwd=tmp_path, DATABASE_URL=db_url)
    assert restored.returncode == 0, restored.stderr
    assert f"revision {head_revision()}" in restored.stdout
    assert _dump(pg_bin_dir, db_url, "--schema=jobbot", "--data-only") == ours_before
    assert _dump(pg_bin_dir, db_url, "--schema=public") == board_before

    again = run_bot("restore", str(file), "--replace", cwd=tmp_path, DATABASE_URL=db_url)
    assert again.returncode == 0, again.stderr
    assert _dump(pg_bin_dir, db_url, "--schema=jobbot", "--data-only") == ours_before
    async with engine.connect() as conn:  # the restored schema works: a vector column and its index are back
        assert await conn.scalar(text("SELECT count(*) FROM jobbot.job_index")) == 0
        assert await conn.scalar(text("SELECT count(*) FROM jobbot.users")) == 2


async def test_the_scheduled_backup_keeps_the_newest_few(db_url: str, pg_bin_dir: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """With BACKUP_DIR set, the scheduler's daily `backup` task dumps our schema there and keeps BACKUP_KEEP."""
    import datetime as dt

    from aiogram import Bot

    from bot.runtime import create_services, open_runtime
    from bot.scheduling import create_scheduler
    from bot.settings import load_settings
    from handlers.senders import BroadcastRunner

    monkeypatch.setenv("PG_BIN_DIR", str(pg_bin_dir))
    folder = tmp_path / "backups"
    settings = load_settings(database_url=db_url, redis_url=None, data_dir=tmp_path, openai_api_key=None,
                             backup_dir=folder, backup_keep=2)  # fmt: skip
    now = [dt.datetime(2030, 1, 1, 1, 0, tzinfo=dt.UTC)]
    bot = Bot("123456:never-called")
    try:
        async with open_runtime(settings) as runtime:
            services = create_services(runtime)
            broadcaster = BroadcastRunner(bot, services.broadcasts, services.user_admin)
            scheduler = create_scheduler(runtime, services, bot, broadcaster, clock=lambda: now[0])
            for _ in range(3):  # three days
                result = await scheduler.run_task("backup")
                assert result.outcome == "ok" and result.items > 0
                now[0] += dt.timedelta(days=1)
    finally:
        await bot.session.close()
    assert sorted(p.name for p in folder.iterdir()) == ["jobbot-20300102-010000.dump", "jobbot-20300103-010000.dump"]
