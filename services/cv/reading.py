"""Reading a CV safely: the type from the bytes, limits with their own messages, parsing in a sandbox.

PDF, DOCX, ODT and RTF are parsed in a worker process of their own (`python -m services.cv.worker`,
started ahead of time with an empty environment, used once), with no network, limits on CPU time, address space,
file size and open files, and a wall-clock deadline; a file that hangs, loops or balloons kills only its own
worker, and the bot's event loop just awaits a pipe meanwhile. Waiting for a free worker has a deadline too: past
it the sender is told the reader is busy and to try again. Plain text is decoded in-process.
Legacy .doc files, images and unknown formats are refused with a message that says what works.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.cv.formats import EXTRACTORS, Extracted, Limits
from services.cv.worker import encode_job
from services.errors import DomainError

TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024**2

MESSAGES = {
    "empty": "The file is empty. Please send your CV again.",
    "too_large": "The file is too large ({size_mb:.1f} MB). Please send a CV under {limit_mb:g} MB.",
    "unsupported_doc": "Old Word .doc files can't be read. Please save your CV as PDF or DOCX and send it again.",
    "unsupported_image": "That looks like a photo or image. Please send your CV as PDF, DOCX or text.",
    "unsupported_format": "This file type can't be read. Please send your CV as PDF, DOCX, ODT, RTF or plain text.",
    "encrypted": "The file is password-protected. Please send a copy without a password.",
    "corrupt": "The file seems to be damaged and can't be opened. Please export it again and resend.",
    "unsafe": "The file contains content that can't be read safely. Please export it again as PDF or DOCX.",
    "too_many_pages": "The CV has {pages} pages; up to {limit} can be read. Please send a shorter version.",
    "too_long": "The CV is too long to read (over {limit:,} characters). Please send a shorter version.",
    "scanned": "This PDF is a scanned image with no text in it. Please send a PDF with selectable text, a DOCX, "
    "or paste your CV as a message.",
    "no_text": "No readable text was found in the file. Please send your CV as PDF, DOCX or text.",
    "too_complex": "The file took too long or too much memory to read. Please export it again as a simple PDF or DOCX.",
    "too_many_today": "You have sent {limit} CVs today, the most one day allows. Please send it again tomorrow.",
    "busy": "Many CVs are being read right now. Please send yours again in a minute.",
    "not_a_cv": "This doesn't look like a CV: I found no job titles, no dates and no work history in it. Your "
    "profile is unchanged. Please send your CV as PDF, DOCX or text.",
    "not_understood": "Something in this CV could not be read into a profile, and nothing of it was kept. Please try "
    "again, or send it in another format (PDF, DOCX or text).",
}


class CvRejected(DomainError):
    """A CV we refuse, with a code (for translations) and a friendly English message."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code].format(**params))


@dataclass(frozen=True, slots=True)
class ReadingLimits:
    max_bytes: int = 10 * 1024**2
    cpu_seconds: int = 10
    memory_mb: int = 256
    """Address space of one worker. Every real CV in ../shared/data parses within 128 MB; two workers at 256 MB
    and the bot (about 350 MB) fit fly.io's 1 GB machine."""
    wall_seconds: float = 20.0
    parallel: int = 2
    wait_seconds: float = 15.0
    """How long a CV waits for a free worker before the sender is told to try again."""
    content: Limits = field(default_factory=Limits)


@dataclass(frozen=True, slots=True)
class CvText:
    text: str
    kind: str
    pages: int | None = None


# ---------------------------------------------------------------- what the bytes are

_ENCRYPTED_OLE = "EncryptedPackage".encode("utf-16-le")


def sniff(data: bytes) -> str:
    """pdf, docx, odt, zip, rtf, doc, encrypted_office, image, text or unknown (never trusting a file name)."""
    head = data[:2048]
    if head.lstrip(b"\x00\t\n\r ").startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in data[:200]:
            return "odt"
        if b"word/" in data or b"[Content_Types].xml" in data[:4096]:
            return "docx"
        return "zip"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "encrypted_office" if _ENCRYPTED_OLE in data else "doc"
    # A bitmap says "BM", its size, then four zero bytes: a text that begins "BM" ("BMW finance ...") is no image.
    bitmap = head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00"
    if (
        head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*"))
        or bitmap
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    ):
        return "image"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return "image"
    return "text" if _decode_text(data) is not None else "unknown"


def _decode_text(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "cp1252")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4000]
        controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
        if sample and controls / len(sample) < 0.01:
            return text
    return None


# ---------------------------------------------------------------- clean-up

_BULLETS = re.compile(r"^[ \t]*[•●▪■◦‣∙·\u2022\u25aa\u25cf\uf0b7\uf0a7*>]+[ \t]*", re.MULTILINE)
_DASH_BULLET = re.compile(r"^[ \t]*[-–—][ \t]+", re.MULTILINE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")


def clean_text(raw: str) -> str:
    """Tidy extracted text, keeping what extraction needs: lines, bullets and dates.

    PDF extraction splits one visual line into fragments separated by space-only lines ("July 2011",
    " ", "to ", "November 2012"); those are joined back. Bullets become "- ".
    """
    text = unicodedata.normalize("NFKC", raw).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = text.split("\n")
    merged: list[str] = []
    join_next = False
    for line in lines:
        if line and not line.strip():  # a space-only line: the visual line goes on
            join_next = True
            continue
        if join_next and merged and line.strip():
            merged[-1] = f"{merged[-1].rstrip()} {line.strip()}"
        else:
            merged.append(line)
        join_next = line.endswith(" ") and bool(line.strip())
    text = "\n".join(merged)
    text = _BULLETS.sub("- ", text)
    text = _DASH_BULLET.sub("- ", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = re.sub(r" ([,.;:])", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# ---------------------------------------------------------------- the sandbox


class _WorkerPool:
    """Worker processes started ahead of time, each used for exactly one file.

    A worker is a fresh `python -m services.cv.worker` that has already imported the parsers and waits on
    its standard input; handing it a file costs a pipe write, not a process start. Every worker taken is
    replaced at once in the background.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._idle: list[asyncio.subprocess.Process] = []
        self._starting: set[asyncio.Task[None]] = set()

    async def _spawn(self) -> None:
        process = await asyncio.create_subprocess_exec(
            *worker_command(),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
            cwd=_PROJECT_ROOT, env=WORKER_ENV,
        )  # fmt: skip
        self._idle.append(process)

    def _refill(self) -> None:
        while len(self._idle) + len(self._starting) < self._size:
            task = asyncio.create_task(self._spawn())
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    async def warm_up(self) -> None:
        self._refill()
        if self._starting:
            await asyncio.gather(*self._starting)

    async def take(self) -> asyncio.subprocess.Process:
        while True:
            while self._idle:
                process = self._idle.pop()
                if process.returncode is None:
                    self._refill()
                    return process
            self._refill()
            await asyncio.gather(*self._starting)

    async def close(self) -> None:
        for task in list(self._starting):
            task.cancel()
        for process in self._idle:
            if process.returncode is None:
                process.kill()
                await process.wait()
        self._idle.clear()


_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])  # where `python -m services.cv.worker` resolves
WORKER_ENV = {"LC_ALL": "C.UTF-8"}
"""The worker's whole environment: none of the bot's (tokens, URLs with passwords, API keys)."""


def guard_own_environment() -> bool:
    """Make this process non-dumpable, so that a CV worker running as the same (non-root) user cannot read its
    environment (`/proc/<pid>/environ`: the bot token, the database URL, API keys). Root can read it all the same;
    the image runs the bot as a normal user. Returns whether it was applied (Linux only)."""
    try:
        import ctypes

        return bool(ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0) == 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        return False


def worker_command(*args: str) -> list[str]:
    """`-E`: ignore PYTHON* variables, `-s`: no user site-packages, `-B`: write no bytecode."""
    return [sys.executable, "-E", "-s", "-B", "-m", "services.cv.worker", *args]


class CvReader:
    """Reads CV bytes into clean text, or raises CvRejected. One instance per process."""

    def __init__(self, limits: ReadingLimits | None = None) -> None:
        self.limits = limits or ReadingLimits()
        self._slots = asyncio.Semaphore(self.limits.parallel)
        self._pools: dict[asyncio.AbstractEventLoop, _WorkerPool] = {}

    def _pool(self) -> _WorkerPool:
        loop = asyncio.get_running_loop()
        if loop not in self._pools:
            self._pools[loop] = _WorkerPool(self.limits.parallel)
        return self._pools[loop]

    async def warm_up(self) -> None:
        """Start the workers now (the bot does at start) so the first CV does not wait for them."""
        await self._pool().warm_up()

    async def close(self) -> None:
        for pool in self._pools.values():
            await pool.close()
        self._pools.clear()

    async def read(self, data: bytes) -> CvText:
        size = len(data)
        if size == 0 or not data.strip():
            raise CvRejected("empty")
        if size > self.limits.max_bytes:
            raise CvRejected("too_large", size_mb=size / 1024**2, limit_mb=self.limits.max_bytes / 1024**2)
        kind = sniff(data)
        if kind == "text":
            text = _decode_text(data) or ""
            if len(text) > self.limits.content.max_chars:
                raise CvRejected("too_long", limit=self.limits.content.max_chars)
            cleaned = clean_text(text)
            if sum(ch.isalnum() for ch in cleaned) < 40:
                raise CvRejected("no_text")
            return CvText(cleaned, "text")
        if kind == "doc":
            raise CvRejected("unsupported_doc")
        if kind == "encrypted_office":
            raise CvRejected("encrypted")
        if kind == "image":
            raise CvRejected("unsupported_image")
        if kind not in EXTRACTORS:
            raise CvRejected("unsupported_format")
        try:
            async with asyncio.timeout(self.limits.wait_seconds):
                await self._slots.acquire()
        except TimeoutError:
            raise CvRejected("busy") from None
        try:
            extracted = await self._run_sandboxed(kind, data)
        finally:
            self._slots.release()
        return CvText(clean_text(extracted.text), kind, extracted.pages)

    async def read_text(self, text: str) -> CvText:
        """A CV pasted as a message."""
        return await self.read(text.encode("utf-8"))

    async def _run_sandboxed(self, kind: str, data: bytes) -> Extracted:
        limits = self.limits
        process = await self._pool().take()
        job = encode_job(kind, data, limits.content, limits.cpu_seconds, limits.memory_mb)
        try:
            output, _ = await asyncio.wait_for(process.communicate(job), timeout=limits.wall_seconds)
        except TimeoutError as exc:
            raise CvRejected("too_complex") from exc
        except (BrokenPipeError, ConnectionResetError) as exc:  # the worker died before reading it all
            raise CvRejected("too_complex") from exc
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        try:
            answer = json.loads(output)
        except ValueError as exc:  # killed by a limit (SIGXCPU, out of memory) before it could answer
            raise CvRejected("too_complex") from exc
        if answer["status"] == "ok":
            return Extracted(answer["text"], answer["pages"])
        raise CvRejected(answer["code"], **answer["params"])
