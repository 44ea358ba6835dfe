"""Reading CVs safely (RELIABILITY.md scenario 10): each odd or hostile file gets its own clear answer within a
few seconds, memory stays bounded, and other CVs are read meanwhile."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import psutil
import pytest

from services.cv_reading import (
    TELEGRAM_DOWNLOAD_LIMIT,
    CvReader,
    CvRejected,
    CvText,
    ReadingLimits,
    clean_text,
    sniff,
)
from tests.support import hostile
from tests.support.render import to_docx, to_odt, to_pdf, to_rtf

LIMITS = ReadingLimits(cpu_seconds=3, memory_mb=512, wall_seconds=6.0)


@pytest.fixture(scope="module")
async def reader() -> AsyncIterator[CvReader]:
    cv_reader = CvReader(LIMITS)
    await cv_reader.warm_up()
    yield cv_reader
    await cv_reader.close()


@pytest.mark.parametrize(("render", "kind"), [(to_pdf, "pdf"), (to_docx, "docx"), (to_odt, "odt"), (to_rtf, "rtf")])
async def test_each_format_reads_to_the_same_text(reader: CvReader, render: Callable[[str], bytes], kind: str) -> None:
    cv = await reader.read(render(hostile.CV_TEXT))
    assert cv.kind == kind
    assert "Audit Senior, ACA qualified" in cv.text
    assert "Audit Senior, Example LLP, Leeds, 2020 - Present" in cv.text
    assert cv.text.count("- Delivered statutory audit") == 12


async def test_pasted_text_and_text_files(reader: CvReader) -> None:
    pasted = await reader.read_text(hostile.CV_TEXT)
    assert pasted.kind == "text" and pasted.text == clean_text(hostile.CV_TEXT)
    utf16 = await reader.read(hostile.CV_TEXT.encode("utf-16"))
    assert utf16.text == pasted.text
    cp1252 = await reader.read((hostile.CV_TEXT + "\nSalary £45,000").encode("cp1252"))
    assert "£45,000" in cp1252.text


async def test_the_name_of_a_file_does_not_matter(reader: CvReader) -> None:
    """Types come from the bytes: a PDF named .docx is a PDF, a DOCX named .pdf a DOCX."""
    assert sniff(to_pdf(hostile.CV_TEXT)) == "pdf"
    assert sniff(to_docx(hostile.CV_TEXT)) == "docx"
    assert sniff(b"\n\n  %PDF-1.4 junk") == "pdf"


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: b"", "empty"),
        (lambda: b"   \n\t  ", "empty"),
        (lambda: b"\x00" * (TELEGRAM_DOWNLOAD_LIMIT + 1), "too_large"),
        (lambda: b"%PDF" + b"\x00" * (11 * 1024**2), "too_large"),
        (hostile.legacy_doc, "unsupported_doc"),
        (hostile.png_photo, "unsupported_image"),
        (lambda: b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8, "unsupported_format"),
        (hostile.encrypted_pdf, "encrypted"),
        (hostile.encrypted_docx, "encrypted"),
        (hostile.broken_pdf, "corrupt"),
        (hostile.image_only_pdf, "scanned"),
        (hostile.docx_zip_bomb, "too_complex"),
        (hostile.docx_entity_bomb, "unsafe"),
        (lambda: to_pdf(hostile.CV_TEXT, pages=20), "too_many_pages"),
        (lambda: ("word " * 20_000).encode(), "too_long"),
        (lambda: b"PK\x03\x04" + b"\x00" * 64, "unsupported_format"),
        (lambda: to_docx(hostile.CV_TEXT)[:3000], "corrupt"),
    ],
    ids=["empty", "blank", "over-20MB", "over-limit", "legacy-doc", "image", "unknown-binary", "encrypted-pdf",
         "encrypted-docx", "broken-pdf", "image-only-scan", "docx-zip-bomb", "xml-entity-bomb", "too-many-pages",
         "too-long", "other-zip", "truncated-docx"],
)  # fmt: skip
async def test_odd_files_get_their_own_message(reader: CvReader, make: Callable[[], bytes], code: str) -> None:
    data = make()
    started = time.monotonic()
    with pytest.raises(CvRejected) as refused:
        await reader.read(data)
    assert time.monotonic() - started < LIMITS.wall_seconds + 2
    assert refused.value.code == code
    message = str(refused.value)
    assert message and "Traceback" not in message and "{" not in message


async def _outcome(reader: CvReader, data: bytes) -> CvText | CvRejected:
    try:
        return await reader.read(data)
    except CvRejected as refused:
        return refused


@pytest.mark.parametrize("make", [hostile.looping_pdf, hostile.truncated_pdf], ids=["looping", "truncated"])
async def test_malformed_pdfs_are_refused_or_read_within_bounds(reader: CvReader, make: Callable[[], bytes]) -> None:
    started = time.monotonic()
    outcome = await _outcome(reader, make())
    assert time.monotonic() - started < LIMITS.wall_seconds + 2
    if isinstance(outcome, CvRejected):
        assert outcome.code in {"corrupt", "too_complex", "no_text"}
    else:
        assert outcome.text  # pypdf recovered what it could


async def test_a_ballooning_pdf_is_stopped_and_memory_stays_bounded(reader: CvReader) -> None:
    data = hostile.ballooning_pdf()
    assert len(data) < 5 * 1024**2
    me = psutil.Process()
    before = me.memory_info().rss
    started = time.monotonic()
    with pytest.raises(CvRejected) as refused:
        await reader.read(data)
    assert refused.value.code == "too_complex"
    assert time.monotonic() - started < LIMITS.wall_seconds + 2
    assert me.memory_info().rss - before < 100 * 1024**2  # the bot's own process did not balloon


async def test_other_cvs_are_read_while_a_hostile_one_churns(reader: CvReader) -> None:
    good = to_pdf(hostile.CV_TEXT)
    hostile_task = asyncio.create_task(reader.read(hostile.ballooning_pdf()))
    await asyncio.sleep(0.2)  # the hostile file is in its sandbox now
    started = time.monotonic()
    results = await asyncio.gather(reader.read(good), reader.read_text(hostile.CV_TEXT))
    assert time.monotonic() - started < 3
    assert all("Audit Senior" in r.text for r in results)
    with pytest.raises(CvRejected):
        await hostile_task


async def test_a_cpu_hog_is_killed_by_the_deadline() -> None:
    tight = CvReader(ReadingLimits(cpu_seconds=1, wall_seconds=2.0))
    await tight.warm_up()
    started = time.monotonic()
    try:
        with pytest.raises(CvRejected) as refused:
            await tight.read(hostile.ballooning_pdf(300))
    finally:
        await tight.close()
    assert refused.value.code == "too_complex"
    assert time.monotonic() - started < 4


async def test_workers_are_used_once_and_replaced(reader: CvReader) -> None:
    first = await reader.read(to_pdf(hostile.CV_TEXT))
    second = await reader.read(to_pdf(hostile.CV_TEXT))
    assert first == second
    pool = reader._pool()
    await pool.warm_up()
    assert len(pool._idle) == LIMITS.parallel  # ready for the next files, none of them used before


def test_clean_text_joins_pdf_fragments_and_keeps_structure() -> None:
    raw = (
        "Company Name\n \nJuly 2011\n \nto \nNovember 2012\n \nAccountant\n\n\u2022 Reconciled   the ledger\n\u25aa VAT"
    )
    assert clean_text(raw) == "Company Name July 2011 to November 2012 Accountant\n\n- Reconciled the ledger\n- VAT"
