"""Text out of CV files, format by format. Runs inside the sandboxed child of `services.cv.reading`.

Nothing here trusts the file: zips are measured before anything is unpacked, XML is parsed without
DTDs or entities (defusedxml), sizes are capped while reading. Failures raise `FileProblem` with a code
that `services.cv.reading` turns into a friendly refusal.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class FileProblem(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class Limits:
    max_pages: int = 15
    max_chars: int = 60_000
    max_zip_entries: int = 2_000
    max_unzipped_bytes: int = 60 * 1024**2
    max_ratio: int = 200
    max_xml_bytes: int = 20 * 1024**2


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    pages: int | None = None


def _capped(parts: Iterator[str], limit: int) -> str:
    out: list[str] = []
    total = 0
    for part in parts:
        total += len(part)
        if total > limit:
            raise FileProblem("too_long", limit=limit)
        out.append(part)
    return "".join(out)


# ---------------------------------------------------------------- PDF


def pdf_text(data: bytes, limits: Limits) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):  # an owner password only still opens with an empty user password
                    raise FileProblem("encrypted")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise FileProblem("encrypted") from exc
        pages = len(reader.pages)
        if pages == 0:
            raise FileProblem("corrupt")
        if pages > limits.max_pages:
            raise FileProblem("too_many_pages", pages=pages, limit=limits.max_pages)
        texts = (f"{page.extract_text() or ''}\n" for page in reader.pages)
        text = _capped(texts, limits.max_chars)
        if sum(ch.isalnum() for ch in text) < 40:
            has_images = any(_has_images(page) for page in reader.pages)
            raise FileProblem("scanned" if has_images else "no_text")
        return Extracted(text, pages)
    except FileProblem:
        raise
    except FileNotDecryptedError as exc:
        raise FileProblem("encrypted") from exc
    except LimitReachedError as exc:  # pypdf's own guard against streams that decompress to gigabytes
        raise FileProblem("too_complex") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError, OSError) as exc:
        raise FileProblem("corrupt") from exc
    except RecursionError as exc:
        raise FileProblem("too_complex") from exc


def _has_images(page: Any) -> bool:
    try:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        return any(xobjects[name].get_object().get("/Subtype") == "/Image" for name in xobjects)
    except Exception:  # a page too broken to inspect has no usable text either
        return False


# ---------------------------------------------------------------- zipped XML (DOCX, ODT)


def _open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem("corrupt") from exc
    if len(infos) > limits.max_zip_entries:
        raise FileProblem("too_complex")
    if sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
        raise FileProblem("too_complex")
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileProblem("encrypted")
        if info.file_size > 1024**2 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise FileProblem("too_complex")
    return archive


def _read_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    try:
        with archive.open(name) as member:
            raw = member.read(limits.max_xml_bytes + 1)
    except KeyError as exc:
        raise FileProblem("corrupt") from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem("corrupt") from exc
    if len(raw) > limits.max_xml_bytes:
        raise FileProblem("too_complex")
    return raw


def _parse_xml(raw: bytes) -> Any:
    try:
        return SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FileProblem("unsafe") from exc
    except SafeET.ParseError as exc:
        raise FileProblem("corrupt") from exc


def _docx_parts(root: Any) -> Iterator[str]:
    """Paragraph by paragraph (table cells included); list paragraphs become "- " bullets."""
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        listed = style is not None and str(style.get(f"{W}val", "")).lower().startswith("list")
        if listed or paragraph.find(f"{W}pPr/{W}numPr") is not None:
            yield "- "
        for element in paragraph.iter():
            tag = element.tag
            if tag == f"{W}t" and element.text:
                yield element.text
            elif tag == f"{W}tab":
                yield "\t"
            elif tag in (f"{W}br", f"{W}cr"):
                yield "\n"
        yield "\n"


def _zipped_xml_text(data: bytes, limits: Limits, member: str, parts: Callable[[Any], Iterator[str]]) -> Extracted:
    """A zip measured before anything is unpacked, one XML member read safely, its text within the limits."""
    archive = _open_zip(data, limits)
    if member not in set(archive.namelist()):
        raise FileProblem("unsupported_format")
    text = _capped(parts(_parse_xml(_read_member(archive, member, limits))), limits.max_chars)
    if sum(ch.isalnum() for ch in text) < 40:
        raise FileProblem("no_text")
    return Extracted(text)


def docx_text(data: bytes, limits: Limits) -> Extracted:
    return _zipped_xml_text(data, limits, "word/document.xml", _docx_parts)


def _odt_parts(root: Any) -> Iterator[str]:
    for element in root.iter():
        tag = element.tag
        if tag in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
            yield "\n"
        if element.text and tag.startswith(TEXT_NS):
            yield element.text
        if tag == f"{TEXT_NS}s":
            yield " " * int(element.get(f"{TEXT_NS}c", "1") or 1)
        elif tag == f"{TEXT_NS}tab":
            yield "\t"
        elif tag == f"{TEXT_NS}line-break":
            yield "\n"
        if element.tail and tag.startswith(TEXT_NS):
            yield element.tail


def odt_text(data: bytes, limits: Limits) -> Extracted:
    return _zipped_xml_text(data, limits, "content.xml", _odt_parts)


# ---------------------------------------------------------------- RTF


def rtf_text(data: bytes, limits: Limits) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    try:
        text = rtf_to_text(data.decode("cp1252", errors="replace"), errors="ignore")  # type: ignore[no-untyped-call]
    except (ValueError, IndexError) as exc:
        raise FileProblem("corrupt") from exc
    if len(text) > limits.max_chars:
        raise FileProblem("too_long", limit=limits.max_chars)
    if sum(ch.isalnum() for ch in text) < 40:
        raise FileProblem("no_text")
    return Extracted(text)


EXTRACTORS = {"pdf": pdf_text, "docx": docx_text, "odt": odt_text, "rtf": rtf_text}
