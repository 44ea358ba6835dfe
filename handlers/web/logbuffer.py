"""The latest warnings and errors of this process, kept in memory for the admin page (redacted like every
other log line). Each instance shows its own; the full history is in the platform's log store."""

from __future__ import annotations

import contextlib
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loguru import logger

from services.redaction import redact

if TYPE_CHECKING:
    from loguru import Message

LEVELS = ("WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True, slots=True)
class LogLine:
    time: str
    level: str
    source: str
    message: str


class RecentLogs:
    def __init__(self, size: int = 500) -> None:
        self._lines: deque[LogLine] = deque(maxlen=size)
        self._handler: int | None = None

    def install(self) -> None:
        """Add the sink (again after `logger.remove()`, which `setup_logging` calls)."""
        if self._handler is not None:
            with contextlib.suppress(ValueError):  # already removed with every other sink
                logger.remove(self._handler)
        self._handler = logger.add(self._sink, level="WARNING", format="{message}", backtrace=False, diagnose=False)

    def uninstall(self) -> None:
        if self._handler is not None:
            with contextlib.suppress(ValueError):
                logger.remove(self._handler)
            self._handler = None

    def _sink(self, message: Message) -> None:
        record = message.record
        source = str(record["extra"].get("logger_name", record["name"]))
        text = record["message"]
        if record["exception"] is not None and record["exception"].type is not None:
            text += f" ({record['exception'].type.__name__})"
        self._lines.append(LogLine(record["time"].strftime("%Y-%m-%d %H:%M:%S"), record["level"].name, source,
                                   redact(text)[:2000]))  # fmt: skip

    def lines(self, *, level: str | None = None, search: str = "", limit: int = 200) -> list[LogLine]:
        """Newest first; `level` keeps that level and above; `search` is a case-insensitive substring."""
        wanted = LEVELS[LEVELS.index(level) :] if level in LEVELS else LEVELS
        needle = search.strip().lower()
        out = []
        for line in reversed(self._lines):
            if line.level in wanted and (not needle or needle in line.message.lower() or needle in line.source):
                out.append(line)
                if len(out) >= limit:
                    break
        return out


RECENT_LOGS = RecentLogs()
