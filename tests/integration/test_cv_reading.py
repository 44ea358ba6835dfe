"""Reading CVs safely (RELIABILITY.md scenario 10): each odd or hostile file gets its own clear answer within a
few seconds, memory stays bounded, and other CVs are read meanwhile."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import psutil
import pytest

from services.cv.reading import (
    _PROJECT_ROOT,
    TELEGRAM_DOWNLOAD_LIMIT,
    WORKER_ENV,
    CvReader,
    CvRejected,
    CvText,
    ReadingLimits,
    clean_text,
    sniff,
    worker_command,
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
async def test_malformed_pdfs_are_refused_within_bounds(reader: CvReader, make: Callable[[], bytes]) -> None:
    started = time.monotonic()
    outcome = await _outcome(reader, make())
    assert time.monotonic() - started < LIMITS.wall_seconds + 2
    # A page tree that holds itself, and a PDF cut off a third of the way: neither has a readable page.
    assert isinstance(outcome, CvRejected) and outcome.code == "corrupt", outcome


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
            await tight.read(hostile.ballooning_pdf(20))  # within memory: only the CPU limit stops it
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


async def test_a_worker_gets_no_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:secret-bot-token")
    monkeypatch.setenv("DATABASE_URL", "postgres://bot:pw@db/jobs")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    fresh = CvReader(LIMITS)
    await fresh.warm_up()
    try:
        worker = fresh._pool()._idle[0]
        environ = (await asyncio.to_thread(Path(f"/proc/{worker.pid}/environ").read_bytes)).split(b"\0")
    finally:
        await fresh.close()
    assert [e for e in environ if e] == [b"LC_ALL=C.UTF-8"]


async def test_a_confined_worker_cannot_reach_the_network_or_write_or_open_much() -> None:
    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)  # reachable from here
        writer.close()
        check = await asyncio.create_subprocess_exec(
            *worker_command("--self-check", "127.0.0.1", str(port)),
            stdout=asyncio.subprocess.PIPE, cwd=_PROJECT_ROOT, env=WORKER_ENV,
        )  # fmt: skip
        output, _ = await asyncio.wait_for(check.communicate(), 30)
    finally:
        server.close()
    report = json.loads(output)
    assert report["environment"] == ["LC_ALL"]
    assert report["python_connect"] == "refused"
    assert report["network_cut_by"] in ("namespace", "user namespace")  # this machine allows one (it runs as root)
    assert report["kernel_connect"] == "refused"  # below Python: the namespace has no route to anything
    assert report["file_over_1mb"] == "refused" and report["open_files_over_limit"] == "refused"


async def test_waiting_for_a_worker_has_a_deadline() -> None:
    one = CvReader(ReadingLimits(cpu_seconds=3, wall_seconds=6.0, parallel=1, wait_seconds=0.5))
    await one.warm_up()
    # 20 MB of text operators: small enough for memory, so it runs into its CPU limit (3 s), holding the only worker.
    good, bad = to_pdf(hostile.CV_TEXT), hostile.ballooning_pdf(20)  # made first: rendering blocks the loop
    try:
        hog = asyncio.create_task(one.read(bad))
        await asyncio.sleep(0)  # the hog takes the free slot at once
        assert one._slots.locked()
        started = time.monotonic()
        with pytest.raises(CvRejected) as refused:
            await one.read(good)
        assert refused.value.code == "busy" and time.monotonic() - started < 2
        with pytest.raises(CvRejected):
            await hog
        assert "Audit Senior" in (await one.read(good)).text  # free again
    finally:
        await one.close()


async def test_a_workers_memory_stays_under_its_limit() -> None:
    """Measured: the worker's resident memory, sampled while it chews a ballooning PDF under the default limit,
    never passes that limit; two workers and the bot fit fly.io's 1 GB machine (tests/unit/test_deploy.py)."""
    limits = ReadingLimits()
    bounded = CvReader(ReadingLimits(wall_seconds=6.0))
    await bounded.warm_up()
    peak = 0
    try:
        task = asyncio.create_task(bounded.read(hostile.ballooning_pdf()))
        workers = [psutil.Process(p.pid) for p in bounded._pool()._idle]
        while not task.done():
            for w in workers:
                with contextlib.suppress(psutil.Error):
                    peak = max(peak, w.memory_info().rss)
            await asyncio.sleep(0.02)
        with pytest.raises(CvRejected):
            await task
    finally:
        await bounded.close()
    assert 10 * 1024**2 < peak <= limits.memory_mb * 1024**2


def test_clean_text_joins_pdf_fragments_and_keeps_structure() -> None:
    raw = (
        "Company Name\n \nJuly 2011\n \nto \nNovember 2012\n \nAccountant\n\n\u2022 Reconciled   the ledger\n\u25aa VAT"
    )
    assert clean_text(raw) == "Company Name July 2011 to November 2012 Accountant\n\n- Reconciled the ledger\n- VAT"
