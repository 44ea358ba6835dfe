from __future__ import annotations

import io
import json
import logging

import pytest
from loguru import logger

from bot.logging import setup_logging
from bot.settings import load_settings
from services.redaction import sensitive

BOT_TOKEN = "7012345678:AAHkq3x-EXAMPLEexampleEXAMPLEexample12"
OPENAI_KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"
DB_PASSWORD = "pa55-w0rd-db"
CV = """Jane Example
Senior Audit Associate, Example & Co LLP, Leeds (2019 - present)
ACCA finalist; FRS 102 and IFRS group audits
"""


def _configure(stream: io.StringIO, environment: str) -> None:
    setup_logging(
        load_settings(
            bot_token=BOT_TOKEN,
            openai_api_key=OPENAI_KEY,
            database_url=f"postgres://bot:{DB_PASSWORD}@db.internal:5432/jobs",
            environment=environment,
            log_level="DEBUG",
        ),
        stream,
    )


def _emit_everything() -> None:
    logger.info("calling https://api.telegram.org/bot{}/getMe", BOT_TOKEN)
    logger.warning("openai said no for key {}", OPENAI_KEY)
    logging.getLogger("sqlalchemy.pool").error("cannot connect to postgres://bot:%s@db.internal/jobs", DB_PASSWORD)
    logging.getLogger("aiogram.dispatcher").warning("update failed: Authorization: Bearer abcdEFGH12345678")
    with sensitive(CV):
        try:
            raise ValueError("could not parse 'Senior Audit Associate, Example & Co LLP, Leeds (2019 - present)'")
        except ValueError:
            logger.exception("CV parsing failed")
        logger.bind(user_id=42).info("extracted from: ACCA finalist; FRS 102 and IFRS group audits")


@pytest.mark.parametrize("environment", ["development", "production"])
def test_no_secret_or_cv_text_reaches_the_log(environment: str) -> None:
    out = io.StringIO()
    _configure(out, environment)
    _emit_everything()
    logger.remove()
    written = out.getvalue()
    assert written.count("\n") >= 6
    for leaked in (
        BOT_TOKEN,
        OPENAI_KEY,
        DB_PASSWORD,
        "abcdEFGH12345678",
        "Senior Audit Associate, Example & Co LLP",
        "FRS 102 and IFRS group audits",
    ):
        assert leaked not in written
    # The lines still say what happened.
    assert "CV parsing failed" in written
    assert "ValueError" in written
    assert "[cv text]" in written


def test_production_writes_one_json_object_a_line() -> None:
    out = io.StringIO()
    _configure(out, "production")
    _emit_everything()
    logging.getLogger("apscheduler.scheduler").info("job ran")
    logger.remove()
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 7
    assert {"time", "level", "logger", "message"} <= set(records[0])
    by_logger = {r["logger"] for r in records}
    assert {"sqlalchemy.pool", "aiogram.dispatcher", "apscheduler.scheduler"} <= by_logger
    failed = next(r for r in records if r["message"] == "CV parsing failed")
    assert failed["level"] == "ERROR" and "ValueError" in failed["exception"]
    tagged = next(r for r in records if r.get("extra", {}).get("user_id") == 42)
    assert tagged["message"] == "extracted from: [cv text]"


def test_cv_text_is_only_masked_while_it_is_being_processed() -> None:
    out = io.StringIO()
    _configure(out, "development")
    with sensitive(CV):
        logger.info("inside: ACCA finalist; FRS 102 and IFRS group audits")
    logger.info("outside: ACCA finalist; FRS 102 and IFRS group audits")
    logger.remove()
    inside, outside = out.getvalue().splitlines()
    assert "[cv text]" in inside
    assert "FRS 102 and IFRS group audits" in outside


def test_library_levels_keep_noise_out() -> None:
    out = io.StringIO()
    _configure(out, "development")
    logging.getLogger("sqlalchemy.engine.Engine").info("SELECT 1")
    logging.getLogger("aiogram.event").info("Update id=1 is handled")
    logger.remove()
    assert "SELECT 1" not in out.getvalue()
    assert "Update id=1 is handled" in out.getvalue()
