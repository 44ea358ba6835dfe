"""The judged board: the 667 real ads of `../shared/data/jobs/` in a throwaway embedded PostgreSQL, indexed by the
product's own indexer and offline model, and the 30 judged CVs read by the product's own CV reader."""

from __future__ import annotations

import json
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.devtools.dev_data import import_jobs
from db.engine import create_session_factory
from db.legacy_writer import LegacyWriter
from db.migrate import upgrade
from db.uow import UnitOfWorkFactory
from services.cv.reading import CvReader
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService, LocalMiniLM
from tests.benchmarks.bench_search import _load_vectors, _save_vectors
from tests.eval.judgments import DATA, JOB_FILES
from tests.support.pg import scratch_database

CACHE = Path(__file__).resolve().parents[2] / ".cache" / "eval"


def ads() -> dict[str, dict[str, Any]]:
    """Every ad by its `doc_id`."""
    out = {}
    for name in JOB_FILES:
        for line in (DATA / "jobs" / name).read_text().splitlines():
            if line.strip():
                ad = json.loads(line)
                out[ad["doc_id"]] = ad
    return out


def _as_board_line(ad: dict[str, Any]) -> str:
    return json.dumps({
        "job_title": ad["title"], "description": ad["description"] or ad["title"],
        "firm_name": ad["company"] or f"{ad['source']} employer", "location": ad["location"] or "",
        "salary": ad["salary_raw"] or "", "employment": ad["employment_type"] or "",
        "date_published": ad["date_posted"] or None, "req_no": ad["doc_id"],
    })  # fmt: skip


@dataclass
class Board:
    uow: UnitOfWorkFactory
    embeddings: EmbeddingService
    doc_of: dict[int, str]
    """The board's job id -> the judgments' doc id."""


@asynccontextmanager
async def judged_board() -> AsyncIterator[Board]:
    async with scratch_database("judged-") as engine:
        await upgrade(engine)
        with tempfile.TemporaryDirectory(prefix="judged-") as folder:
            path = Path(folder) / "ads.jsonl"
            path.write_text("\n".join(_as_board_line(ad) for ad in ads().values()))
            await import_jobs(LegacyWriter(engine), path, production=False)
        model = LocalMiniLM()
        uow = UnitOfWorkFactory(create_session_factory(engine))
        kept = CACHE / f"ads-{model.name}.copy"
        cached = await _load_vectors(engine, kept)
        embeddings = EmbeddingService(model, uow)
        report = await JobIndexer(uow, embeddings).refresh()
        if report.embedded > cached:
            await _save_vectors(engine, kept)
        async with engine.connect() as conn:
            rows = (await conn.execute(text('SELECT id, req_no FROM public."JobsApp_job"'))).all()
        try:
            yield Board(uow, embeddings, {int(job_id): doc for job_id, doc in rows})
        finally:
            model.close()


async def cv_texts(paths: list[str]) -> dict[str, str]:
    """Each CV's text, as the bot reads it (its sandboxed reader)."""
    reader = CvReader()
    try:
        return {path: (await reader.read(Path(path).read_bytes())).text for path in paths}  # noqa: ASYNC240
    finally:
        await reader.close()
