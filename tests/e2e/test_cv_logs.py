"""CV text never reaches a log line, even when extraction fails with the CV quoted in its message (issue #21).

The failure is made by replacing the rule-based extractor with one that raises, quoting pieces of the CV shorter
than any of its lines (what a validation error's `input_value` or a parser's complaint does); everything else is
the real bot: the Dispatcher, the CV reader, the error handlers, the logging set-up and the admin page's log view.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from loguru import logger

from bot.logging import setup_logging
from bot.settings import load_settings
from handlers.web.logbuffer import RECENT_LOGS
from tests.support.botharness import Harness

CV = """Jordan Example
Audit Senior, Example Partners LLP, Leeds, 09/2019 to Current
Led statutory audits of charities and academy trusts under FRS 102
ACA qualified 2021; CaseWare and Inflo data analytics
"""


def _pieces(text: str, size: int = 12) -> Iterator[str]:
    """Every stretch of `size` characters of every line (the pieces a leak could show)."""
    for line in text.splitlines():
        for start in range(0, max(1, len(line) - size + 1)):
            yield line[start : start + size]


def _failing_extractor(text: str, **_: object) -> None:
    lines = text.splitlines()
    raise ValueError(f"cannot read {lines[2][4:30]!r} near {lines[3][:20]!r} ({lines[0]})")


async def test_a_failing_extraction_logs_no_cv_text(bot: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("services.cv.intake.extract_profile", _failing_extractor)
    out = io.StringIO()
    setup_logging(load_settings(environment="development", log_level="DEBUG"), out)
    try:
        user = bot.new_user()
        await bot.onboard(user)
        await bot.send_file(user, CV.encode(), "cv.txt", "text/plain")
        answer = bot.stand_in.last(user).text
    finally:
        logger.remove()
    logged = out.getvalue() + "\n" + "\n".join(line.message for line in RECENT_LOGS.lines())
    assert "could not be read into a profile, and nothing of it was kept" in answer, answer
    assert "Traceback" not in answer
    assert "CV extraction failed: ValueError at" in logged, logged
    leaked = sorted({piece for piece in _pieces(CV) if piece in logged})
    assert leaked == [], leaked
