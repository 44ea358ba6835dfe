"""`python -m bot ...` as a person runs it: a real process, real output, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from db.migrate import head_revision


def run_bot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "REDIS_", "DB__"))}
    clean.update({"DATA_DIR": str(cwd / ".data"), "LOG_LEVEL": "WARNING", **env})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=clean, capture_output=True, text=True, timeout=120
    )


def test_migrate_then_seed_then_import(db_url: str, tmp_path: Path) -> None:
    migrated = run_bot("migrate", cwd=tmp_path, DATABASE_URL=db_url)
    assert migrated.returncode == 0, migrated.stderr
    assert f"revision {head_revision()} (head)" in migrated.stdout

    seeded = run_bot("seed-demo", "--jobs", "300", "--seed", "4", cwd=tmp_path, DATABASE_URL=db_url)
    assert seeded.returncode == 0, seeded.stderr
    assert "and 300 jobs" in seeded.stdout

    again = run_bot("seed-demo", "--jobs", "300", cwd=tmp_path, DATABASE_URL=db_url)
    assert "already has 300 jobs" in again.stdout

    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        json.dumps({"job_title": "Payroll Manager", "description": "<p>CIPP</p>", "firm_name": "KPMG"})
        + "\n{broken\n"
        + json.dumps({"job_title": "", "description": "x", "firm_name": "y"})
        + "\n"
    )
    imported = run_bot("import-jobs", str(jobs), cwd=tmp_path, DATABASE_URL=db_url)
    assert imported.returncode == 0, imported.stderr
    assert "Loaded 1 of 3 jobs (1 new, 0 updated, 0 new firms); 2 lines skipped." in imported.stdout
    assert "line 2: skipped: invalid JSON" in imported.stderr
    assert "line 3: skipped: job_title" in imported.stderr


def test_index_prints_the_contract_json(db_url: str, tmp_path: Path) -> None:
    assert run_bot("seed-demo", "--jobs", "60", cwd=tmp_path, DATABASE_URL=db_url).returncode == 0
    first = run_bot("index", "--json", cwd=tmp_path, DATABASE_URL=db_url)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert set(summary) == {"jobs_seen", "embedded", "unchanged", "removed", "provider_calls", "seconds"}
    assert (summary["jobs_seen"], summary["embedded"], summary["unchanged"]) == (60, 60, 0)
    assert summary["provider_calls"] >= 1
    again = json.loads(run_bot("index", "--json", cwd=tmp_path, DATABASE_URL=db_url).stdout)
    assert (again["embedded"], again["unchanged"], again["provider_calls"]) == (0, 60, 0)
    human = run_bot("index", cwd=tmp_path, DATABASE_URL=db_url)
    assert "60 jobs on the board, 0 indexed, 60 unchanged" in human.stdout
    assert "\r" not in human.stderr  # no progress bar when stderr is not a terminal


def test_dev_commands_refuse_in_production(db_url: str, tmp_path: Path) -> None:
    done = run_bot("seed-demo", cwd=tmp_path, DATABASE_URL=db_url, ENVIRONMENT="production")
    assert done.returncode == 1
    assert "refused when ENVIRONMENT=production" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_setting_is_named_and_nothing_starts(tmp_path: Path) -> None:
    done = run_bot("migrate", cwd=tmp_path, PORT="99999")
    assert done.returncode == 2
    assert "PORT: Input should be less than or equal to 65535" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / ".data").exists()


def test_an_unreachable_database_fails_clearly(tmp_path: Path) -> None:
    dead = f"postgresql://postgres:@/postgres?host={tmp_path}"
    done = run_bot("migrate", cwd=tmp_path, DATABASE_URL=dead, DB__STARTUP_ATTEMPTS="2", DB__STARTUP_BACKOFF="0.01")
    assert done.returncode == 1
    assert "Cannot reach PostgreSQL" in done.stderr and "after 2 attempts" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    done = run_bot("import-jobs", str(tmp_path / "nope.jsonl"), cwd=tmp_path)
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_search_and_match_cv_print_the_contract_json(db_url: str, tmp_path: Path, shared_data: Path) -> None:
    assert run_bot("seed-demo", "--jobs", "80", cwd=tmp_path, DATABASE_URL=db_url).returncode == 0
    assert run_bot("index", cwd=tmp_path, DATABASE_URL=db_url).returncode == 0
    found = run_bot("search", "audit senior", "--location", "Leeds", "--top", "3", "--json", cwd=tmp_path,
                    DATABASE_URL=db_url)  # fmt: skip
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    assert {"results", "took_ms", "few_fit"} <= set(data) and 0 < len(data["results"]) <= 3  # ARCHITECTURE.md
    assert data["few_fit"] is False and data["understood"] is None and data["off_topic"] is False
    assert set(data["results"][0]) == {"job_id", "title", "firm", "score", "reasons"}
    matched = run_bot("match-cv", str(shared_data / "cvs" / "ACCOUNTANT" / "25867805.pdf"), "--top", "2", "--json",
                      cwd=tmp_path, DATABASE_URL=db_url)  # fmt: skip
    assert matched.returncode == 0, matched.stderr
    data = json.loads(matched.stdout)
    assert {"profile", "results", "took_ms"} <= set(data)
    assert data["profile"]["role_family"] == "accounts" and len(data["results"]) == 2


def test_stats_prints_what_slash_stats_shows(db_url: str, tmp_path: Path) -> None:
    seeded = run_bot("seed-demo", "--jobs", "40", "--seed", "2", cwd=tmp_path, DATABASE_URL=db_url)
    assert seeded.returncode == 0, seeded.stderr
    done = run_bot("stats", "--json", cwd=tmp_path, DATABASE_URL=db_url)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {"users", "cvs_processed", "searches", "saved_jobs", "alerts_sent", "jobs", "errors_24h", "tasks",
            "broadcast"} <= set(data)  # fmt: skip
    assert data["jobs"] == {"on_board": 40, "indexed": 0, "waiting": 40}
    assert data["users"]["total"] == 0 and data["broadcast"] is None
    human = run_bot("stats", cwd=tmp_path, DATABASE_URL=db_url)
    assert human.returncode == 0 and "Jobs: 40 on the board, 0 indexed, 40 waiting" in human.stdout


def test_parse_cv_prints_the_contract_json(tmp_path: Path, shared_data: Path) -> None:
    from tests.support.render import to_docx

    cv = tmp_path / "cv.bin"  # no telling extension: the type comes from the bytes
    cv.write_bytes(
        to_docx("Tax Senior\nExperience\nTax Senior, Example LLP, Leeds, 2020 - Present\nCTA qualified; Xero")
    )
    done = run_bot("parse-cv", str(cv), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    profile = json.loads(done.stdout)
    for key in ("qualifications", "skills", "software", "years_experience", "seniority", "role_family", "location",
                "is_accounting"):  # fmt: skip
        assert key in profile
    assert profile["qualifications"] == [{"code": "CTA", "status": "qualified", "level": None}]
    assert (profile["role_family"], profile["is_accounting"], profile["software"]) == ("tax", True, ["Xero"])
    assert isinstance(profile["years_experience"], float)

    real = run_bot("parse-cv", str(shared_data / "cvs" / "FINANCE" / "29998869.pdf"), cwd=tmp_path)
    assert "role family:    finance_management" in real.stdout


def test_parse_cv_refuses_a_bad_file_kindly(tmp_path: Path) -> None:
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    done = run_bot("parse-cv", str(bad), cwd=tmp_path)
    assert done.returncode == 1
    assert "Old Word .doc files can't be read" in done.stderr
    assert "Traceback" not in done.stderr


def test_api_tokens_are_created_listed_and_revoked(db_url: str, tmp_path: Path) -> None:
    created = run_bot("api-token", "create", "job board", "--scope", "read", "--scope", "match", cwd=tmp_path,
                      DATABASE_URL=db_url)  # fmt: skip
    assert created.returncode == 0, created.stderr
    secret = next(line for line in created.stdout.splitlines() if line.startswith("jbt_"))
    listed = json.loads(run_bot("api-token", "list", "--json", cwd=tmp_path, DATABASE_URL=db_url).stdout)
    [token] = listed["tokens"]
    assert token["name"] == "job board" and token["scopes"] == ["match", "read"] and not token["revoked"]
    assert secret.startswith(token["prefix"]) and secret not in json.dumps(listed)  # only a prefix is shown
    assert run_bot("api-token", "revoke", str(token["id"]), cwd=tmp_path, DATABASE_URL=db_url).returncode == 0
    again = run_bot("api-token", "revoke", str(token["id"]), cwd=tmp_path, DATABASE_URL=db_url)
    assert again.returncode == 1 and "No live token" in again.stderr
    bad = run_bot("api-token", "create", "x", "--scope", "everything", cwd=tmp_path, DATABASE_URL=db_url)
    assert bad.returncode == 2


async def test_run_never_seeds_a_board_named_by_database_url(db_url: str, tmp_path: Path) -> None:
    """Development mode against a DATABASE_URL (a staging copy of the job board, say): our schema is migrated and
    the index refreshed, but no demo job is written into the board's tables (only the embedded database gets them)."""
    from sqlalchemy import text

    from bot.cli import _prepare_dev_data
    from bot.runtime import open_runtime
    from bot.settings import load_settings

    settings = load_settings(database_url=db_url, redis_url=None, data_dir=tmp_path, openai_api_key=None)
    async with open_runtime(settings) as runtime:
        assert runtime.embedded is None
        await _prepare_dev_data(runtime)
        async with runtime.engine.connect() as conn:  # the board's tables were not even created
            assert await conn.scalar(text("""SELECT to_regclass('public."JobsApp_job"')""")) is None
