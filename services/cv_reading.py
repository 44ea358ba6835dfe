"""Reading a CV safely: the type from the bytes, limits with their own messages, parsing in a sandbox.

PDF, DOCX, ODT and RTF are parsed in a child process forked from a clean forkserver, with limits on CPU
time and address space and a wall-clock deadline; a file that hangs, loops or balloons kills only its own
child, and the bot's event loop only waits on a thread meanwhile. Plain text is decoded in-process.
Legacy .doc files, images and unknown formats are refused with a message that says what works.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from services.cv_formats import EXTRACTORS, Extracted, FileProblem, Limits
from services.errors import DomainError

TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024**2

MESSAGES = {
    "empty": "The file is empty. Please send your CV again.",
    "too_large": "The file is too large ({size_mb:.1f} MB). Please send a CV under {limit_mb:.0f} MB.",
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
    memory_mb: int = 768
    wall_seconds: float = 20.0
    parallel: int = 2
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
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
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

_BULLETS = re.compile(r"^[\s]*[•●▪■◦‣∙·\u2022\u25aa\u25cf\uf0b7\uf0a7*>]+\s*", re.MULTILINE)
_DASH_BULLET = re.compile(r"^[\s]*[-–—]\s+", re.MULTILINE)
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


def _child(kind: str, data: bytes, limits: Limits, cpu_seconds: int, memory_mb: int, conn: Connection) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024**2, memory_mb * 1024**2))
    try:
        result = EXTRACTORS[kind](data, limits)
        conn.send(("ok", result.text, result.pages))
    except FileProblem as exc:
        conn.send(("problem", exc.code, exc.params))
    except (MemoryError, RecursionError):
        conn.send(("problem", "too_complex", {}))
    except Exception:  # anything else a hostile file provokes means: we could not read it
        conn.send(("problem", "corrupt", {}))
    finally:
        conn.close()


class CvReader:
    """Reads CV bytes into clean text, or raises CvRejected. One instance per process."""

    def __init__(self, limits: ReadingLimits | None = None) -> None:
        self.limits = limits or ReadingLimits()
        self._slots = asyncio.Semaphore(self.limits.parallel)
        self._context: Any = None
        self._context_lock = threading.Lock()

    def _mp(self) -> Any:
        with self._context_lock:
            if self._context is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["services.cv_formats", "pypdf", "defusedxml.ElementTree"])
                self._context = context
            return self._context

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
        if kind in ("doc",):
            raise CvRejected("unsupported_doc")
        if kind == "encrypted_office":
            raise CvRejected("encrypted")
        if kind == "image":
            raise CvRejected("unsupported_image")
        if kind not in EXTRACTORS:
            raise CvRejected("unsupported_format")
        async with self._slots:
            extracted = await asyncio.to_thread(self._run_sandboxed, kind, data)
        return CvText(clean_text(extracted.text), kind, extracted.pages)

    async def read_text(self, text: str) -> CvText:
        """A CV pasted as a message."""
        return await self.read(text.encode("utf-8"))

    def _run_sandboxed(self, kind: str, data: bytes) -> Extracted:
        context = self._mp()
        receiver, sender = context.Pipe(duplex=False)
        limits = self.limits
        process = context.Process(
            target=_child,
            args=(kind, data, limits.content, limits.cpu_seconds, limits.memory_mb, sender),
            daemon=True,
        )
        process.start()
        sender.close()
        try:
            if not receiver.poll(limits.wall_seconds):
                raise CvRejected("too_complex")
            try:
                status, *payload = receiver.recv()
            except (EOFError, OSError) as exc:  # the child died: killed by a limit, or crashed
                raise CvRejected("too_complex") from exc
        finally:
            receiver.close()
            if process.is_alive():
                process.kill()
            process.join(5)
            process.close()
        if status == "ok":
            text, pages = payload
            return Extracted(text, pages)
        code, params = payload
        raise CvRejected(code, **params)
