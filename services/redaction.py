"""Keeping secrets and CV text out of every log line.

The log sink (bot.logging) passes every formatted line through `redact()`. Secrets are
registered once at start; CV text is registered for the duration of its processing with
`sensitive(text)`, so that an exception message quoting a CV line is masked too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

MASK = "***"
CV_MASK = "[cv text]"

# Shapes that are secret whoever owns them.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b\d{5,12}:[A-Za-z0-9_-]{30,}\b"),  # Telegram bot tokens
    re.compile(r"\bsk-[A-Za-z0-9_-]{16,}\b"),  # OpenAI keys
    re.compile(r"(?i)(?<=bearer )[A-Za-z0-9._~+/=-]{8,}"),  # Authorization headers
    re.compile(r"(?<=://)([^:/@\s]*):([^@\s]+)(?=@)"),  # passwords in URLs
    re.compile(r"(?i)(?<=/bot)\d{5,12}:[A-Za-z0-9_-]{20,}"),  # Bot API URLs
)

_MIN_FRAGMENT = 12  # shorter CV lines ("Skills", "2019") are too common to be worth masking

_secrets: set[str] = set()
_sensitive: ContextVar[tuple[str, ...]] = ContextVar("sensitive_fragments", default=())


def register_secrets(values: Iterable[str]) -> None:
    """Mask these exact values wherever they appear (tokens, passwords from settings)."""
    _secrets.update(v for v in values if v and len(v) >= 4)


def _fragments(text: str) -> tuple[str, ...]:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return tuple(sorted({ln for ln in lines if len(ln) >= _MIN_FRAGMENT}, key=len, reverse=True))


@contextmanager
def sensitive(text: str) -> Iterator[None]:
    """While the block runs (in this task), no line of `text` can reach a log line."""
    token = _sensitive.set(_sensitive.get() + _fragments(text))
    try:
        yield
    finally:
        _sensitive.reset(token)


def redact(line: str) -> str:
    for secret in _secrets:
        if secret in line:
            line = line.replace(secret, MASK)
    for pattern in _PATTERNS:
        line = pattern.sub(
            lambda m: f"{m.group(1)}:{MASK}" if m.re.groups == 2 else MASK,
            line,
        )
    fragments = _sensitive.get()
    if fragments:
        folded = " ".join(line.split())
        for fragment in fragments:
            if fragment in line:
                line = line.replace(fragment, CV_MASK)
            elif fragment in folded:
                line = folded = folded.replace(fragment, CV_MASK)
    return line
