"""Keeping our job index in step with the job board.

A refresh compares a hash of every board row (computed in PostgreSQL, cheap) with the hash stored in the
index. New and changed jobs are parsed, embedded through the cache and written in batches, each batch
committed on its own, so an interrupted refresh keeps what it finished. Unchanged jobs cost nothing; jobs
gone from the board leave the index. One refresh runs at a time across all instances (an advisory lock).
The board's tables are only read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from loguru import logger

from db.board import BoardJob
from db.uow import UnitOfWorkFactory
from services.errors import IndexBusy
from services.jobs.fields import PARSER_VERSION, JobFields, index_text, parse_job
from services.jobs.languages import read_languages
from services.jobs.qualification_status import read_status, sentences
from services.jobs.sectors import read_sectors
from services.search.embeddings import EmbeddingService, Vector, text_hash

LOCK_NAME = "job-index-refresh"
BATCH_SIZE = 128

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class RefreshReport:
    jobs_seen: int
    embedded: int
    """Jobs (re)indexed because they were new or changed."""
    unchanged: int
    removed: int
    provider_calls: int
    seconds: float
    model: str
    cache_hits: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def stored_hash(board_hash: str) -> str:
    """The board row's hash, tied to the parser version: a parser change re-parses every job."""
    return f"{board_hash}:p{PARSER_VERSION}"


def _row(job: BoardJob, fields: JobFields, text: str, vector: Vector, model: str, source: str) -> dict[str, Any]:
    salary, location = fields.salary, fields.location
    # Read once, for qualification status and sectors, from the text `parse_job` already made of the HTML.
    split = list(sentences(job.title, job.description, text=fields.description_text))
    facts = " ".join(
        filter(None, [job.firm_name, job.service, job.seniority, job.location, job.employment, job.industry])
    )
    return {
        "job_id": job.job_id,
        "model": model,
        "source_hash": source,
        "text_hash": text_hash(text),
        "embedding": vector,
        "title": job.title,
        "firm_id": job.firm_id,
        "firm_name": job.firm_name,
        "firm_ranking": job.firm_ranking,
        "places": list(location.places),
        "region": location.region,
        "country": location.country,
        "work_mode": location.work_mode.value,
        "salary_stated": salary.stated,
        "salary_min": salary.annual_min,
        "salary_max": salary.annual_max,
        "salary_rate_min": salary.minimum,
        "salary_rate_max": salary.maximum,
        "salary_currency": salary.currency,
        "salary_period": salary.period.value if salary.period else None,
        "seniority": int(fields.seniority) if fields.seniority is not None else None,
        "service": fields.service,
        "employment": [e.value for e in fields.employment],
        "qualifications": fields.qualifications,
        "qualified_by_experience": fields.qualified_by_experience,
        "software": fields.software,
        "posted_on": fields.posted_on,
        "family": fields.family,
        "step": fields.step,
        "title_words": fields.title_words,
        "title_step": fields.title_step,
        "ad_status": read_status(job.title, job.description, split).as_list(),
        "ad_sectors": read_sectors(job.title, job.description, split).as_list(),
        "ad_languages": read_languages(job.title, job.description, split).as_list(),
        "tsv_title": job.title,
        "tsv_facts": facts,
        "tsv_body": fields.description_text,
    }


ANALYZE_AFTER = 50
"""A refresh that changes at least this many rows, and a tenth of the board, analyses the index table at once."""


class JobIndexer:
    def __init__(self, uow: UnitOfWorkFactory, embeddings: EmbeddingService, *, batch_size: int = BATCH_SIZE) -> None:
        self._uow = uow
        self._embeddings = embeddings
        self._batch_size = batch_size

    async def refresh(self, *, wait: bool = True, progress: Progress | None = None) -> RefreshReport:
        """Bring the index up to date. With `wait=False`, raise IndexBusy when another refresh is running."""
        async with self._uow.lock(LOCK_NAME, wait=wait) as got:
            if not got:
                raise IndexBusy("another refresh of the job index is running")
            return await self._refresh(progress)

    async def _refresh(self, progress: Progress | None) -> RefreshReport:
        started = time.perf_counter()
        model = self._embeddings.model
        calls_before = self._embeddings.provider.calls
        hits_before = self._embeddings.cache_hits
        async with self._uow() as work:
            if not await work.board.exists():
                board: dict[int, str] = {}
            else:
                board = {job_id: stored_hash(h) for job_id, h in (await work.board.source_hashes()).items()}
            indexed = await work.job_index.source_hashes(model)
            other_models = await work.job_index.delete_other_models(model)
            removed_ids = [job_id for job_id in indexed if job_id not in board]
            removed = await work.job_index.delete_jobs(model, removed_ids)
            await work.commit()
        if other_models:
            logger.info("dropped {} index rows of other embedding models (the model is now {})", other_models, model)
        changed = sorted(job_id for job_id, digest in board.items() if indexed.get(job_id) != digest)
        done = 0
        if progress:
            progress(0, len(changed))
        for start in range(0, len(changed), self._batch_size):
            batch = changed[start : start + self._batch_size]
            done += await self._index_batch(batch, board, model)
            if progress:
                progress(min(start + len(batch), len(changed)), len(changed))
        if done or removed or other_models:
            async with self._uow() as work:
                await work.job_index.rebuild_title_terms(model)
                await work.commit()
        if done + removed + other_models >= max(ANALYZE_AFTER, len(board) // 10):
            # Autovacuum would analyse a table changed this much within a minute or so; the searches right after a
            # big load (the first index, a model switch) should not be planned without statistics meanwhile.
            async with self._uow() as work:
                await work.job_index.analyze()
                await work.commit()
        report = RefreshReport(
            jobs_seen=len(board),
            embedded=done,
            unchanged=len(board) - len(changed),
            removed=removed,
            provider_calls=self._embeddings.provider.calls - calls_before,
            seconds=round(time.perf_counter() - started, 3),
            model=model,
            cache_hits=self._embeddings.cache_hits - hits_before,
        )
        logger.info(
            "job index refreshed: {} seen, {} indexed, {} unchanged, {} removed, {} provider calls in {:.1f}s",
            report.jobs_seen, report.embedded, report.unchanged, report.removed, report.provider_calls,
            report.seconds,
        )  # fmt: skip
        return report

    async def _index_batch(self, job_ids: Sequence[int], board: dict[int, str], model: str) -> int:
        async with self._uow() as work:
            jobs = await work.board.jobs(job_ids)  # a job deleted meanwhile is simply not returned
        parsed = [(job, parse_job(job)) for job in jobs]
        texts = [index_text(job, fields) for job, fields in parsed]
        vectors = await self._embeddings.embed_texts(texts)
        rows = [
            _row(job, fields, text, vector, model, board[job.job_id])
            for (job, fields), text, vector in zip(parsed, texts, vectors, strict=True)
        ]
        # A batch's write runs to its end even when the refresh is cancelled (the playground's chat ends, the bot
        # shuts down): cut in the middle, asyncpg's pipelined executemany leaves the server waiting for the rest of
        # it and the client for the server, and the cancelled refresh never ends. The cancellation then goes on.
        write = asyncio.ensure_future(self._write(rows))
        try:
            await asyncio.shield(write)
        except asyncio.CancelledError:
            await write
            raise
        return len(rows)

    async def _write(self, rows: list[dict[str, Any]]) -> None:
        async with self._uow() as work:
            await work.job_index.upsert_many(rows)
            await work.commit()
