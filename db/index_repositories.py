"""Repositories of the job index and the embedding cache. They flush; the unit of work commits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import bindparam, case, delete, func, literal_column, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import EmbeddingCacheEntry, JobIndexEntry, TitleTerm

Vector = list[float]


class EmbeddingCacheRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, model: str, hashes: Sequence[bytes], *, touch: bool = True) -> dict[bytes, Vector]:
        if not hashes:
            return {}
        stmt = select(EmbeddingCacheEntry.text_hash, EmbeddingCacheEntry.embedding).where(
            EmbeddingCacheEntry.model == model, EmbeddingCacheEntry.text_hash.in_(list(hashes))
        )
        found = {bytes(h): np.asarray(v, dtype=np.float32).tolist() for h, v in await self._session.execute(stmt)}
        if found and touch:  # `used_at` tells the maintenance job which entries are still wanted
            await self._session.execute(
                update(EmbeddingCacheEntry)
                .where(EmbeddingCacheEntry.model == model, EmbeddingCacheEntry.text_hash.in_(list(found)))
                .values(used_at=func.now())
            )
        return found

    async def delete_many(self, hashes: Sequence[bytes]) -> int:
        """The cached vectors of these texts, under every model (an erased user's queries and CV)."""
        if not hashes:
            return 0
        result = await self._session.execute(
            delete(EmbeddingCacheEntry).where(EmbeddingCacheEntry.text_hash.in_(list(hashes)))
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def put_many(self, model: str, items: dict[bytes, Vector]) -> None:
        if not items:
            return
        stmt = insert(EmbeddingCacheEntry).on_conflict_do_nothing(index_elements=["model", "text_hash"])
        await self._session.execute(stmt, [{"model": model, "text_hash": h, "embedding": v} for h, v in items.items()])


def _tsv() -> Any:
    """Weighted full-text vector: the title above the facts, the facts above the description."""

    def part(name: str, weight: str) -> Any:
        tsvector = func.to_tsvector(literal_column("'english'::regconfig"), bindparam(name))
        return func.setweight(tsvector, literal_column(f"'{weight}'"))

    return part("tsv_title", "A").op("||")(part("tsv_facts", "B")).op("||")(part("tsv_body", "C"))


_INDEX_COLUMNS = [c.name for c in JobIndexEntry.__table__.columns if c.name not in ("tsv", "indexed_at")]


class JobIndexRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def source_hashes(self, model: str) -> dict[int, str]:
        rows = await self._session.execute(
            select(JobIndexEntry.job_id, JobIndexEntry.source_hash).where(JobIndexEntry.model == model)
        )
        return {int(job_id): str(digest) for job_id, digest in rows}

    async def analyze(self) -> None:
        """Fresh planner statistics for the index table."""
        await self._session.execute(text("ANALYZE jobbot.job_index"))

    async def upsert_many(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert or replace index rows; each row carries `tsv_title`, `tsv_facts` and `tsv_body` texts."""
        if not rows:
            return
        values = {name: bindparam(name, type_=JobIndexEntry.__table__.c[name].type) for name in _INDEX_COLUMNS}
        stmt = insert(JobIndexEntry).values(**values, tsv=_tsv())
        # `indexed_at` says when the job last changed on the board (job alerts send what changed since): a re-parse
        # after a parser change (the hash's ":p<version>" suffix alone differs) keeps it.
        board_hash = func.split_part(JobIndexEntry.source_hash, ":", 1)
        same_job = board_hash == func.split_part(stmt.excluded.source_hash, ":", 1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["job_id", "model"],
            set_={**{name: stmt.excluded[name] for name in _INDEX_COLUMNS}, "tsv": stmt.excluded.tsv,
                  "indexed_at": case((same_job, JobIndexEntry.indexed_at), else_=func.now())},
        )  # fmt: skip
        await self._session.execute(stmt, list(rows))

    async def delete_jobs(self, model: str, job_ids: Sequence[int]) -> int:
        if not job_ids:
            return 0
        result = await self._session.execute(
            delete(JobIndexEntry).where(JobIndexEntry.model == model, JobIndexEntry.job_id.in_(list(job_ids)))
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def delete_other_models(self, model: str) -> int:
        result = await self._session.execute(delete(JobIndexEntry).where(JobIndexEntry.model != model))
        return int(getattr(result, "rowcount", 0) or 0)

    async def count(self, model: str) -> int:
        stmt = select(func.count()).select_from(JobIndexEntry).where(JobIndexEntry.model == model)
        return int(await self._session.scalar(stmt) or 0)

    async def facts(self, model: str, job_id: int) -> Any | None:
        """One job's parsed fields (no vectors), or None when the job is not (or no longer) indexed."""
        columns = [c for c in JobIndexEntry.__table__.columns if c.name not in ("embedding", "tsv", "text_hash")]
        stmt = select(*columns).where(JobIndexEntry.model == model, JobIndexEntry.job_id == job_id)
        return (await self._session.execute(stmt)).first()

    async def pay_facts(self, model: str) -> Sequence[Any]:
        """Every indexed job's pay and what it is compared by (the salary estimates' table)."""
        e = JobIndexEntry
        stmt = select(e.job_id, e.salary_stated, e.salary_currency, e.salary_min, e.salary_max, e.family, e.step,
                      e.region, e.country).where(e.model == model)  # fmt: skip
        return (await self._session.execute(stmt)).all()

    async def names_a_firm(self, model: str, words: list[str]) -> bool:
        """One of these words is a whole word of the name of a firm with jobs in the index (any case)."""
        pattern = r"\m(" + "|".join(re.escape(w) for w in words) + r")\M"
        stmt = (
            select(JobIndexEntry.job_id)
            .where(JobIndexEntry.model == model, JobIndexEntry.firm_name.op("~*")(pattern))
            .limit(1)
        )
        return (await self._session.execute(stmt)).first() is not None

    async def firms_named(self, model: str, name: str, limit: int = 6) -> list[tuple[int, str]]:
        """Firms with jobs in the index whose name contains `name` (any case), exact matches first."""
        pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = (
            select(JobIndexEntry.firm_id, JobIndexEntry.firm_name)
            .where(JobIndexEntry.model == model, JobIndexEntry.firm_name.ilike(pattern))
            .group_by(JobIndexEntry.firm_id, JobIndexEntry.firm_name)
            .order_by(func.lower(JobIndexEntry.firm_name) != name.lower(), func.length(JobIndexEntry.firm_name))
            .limit(limit)
        )
        return [(int(firm_id), str(firm)) for firm_id, firm in (await self._session.execute(stmt)).all()]

    async def firm_names(self, model: str, firm_ids: Sequence[int]) -> dict[int, str]:
        stmt = (
            select(JobIndexEntry.firm_id, JobIndexEntry.firm_name)
            .where(JobIndexEntry.model == model, JobIndexEntry.firm_id.in_(list(firm_ids)))
            .distinct()
        )
        return {int(firm_id): str(firm) for firm_id, firm in (await self._session.execute(stmt)).all()}

    async def rebuild_title_terms(self, model: str) -> int:
        """Count again how many jobs' titles hold each word (and, as the empty term, how many jobs there are).
        The counts of other models go: the index holds one model's rows at a time."""
        await self._session.execute(delete(TitleTerm))
        await self._session.execute(
            text(
                "INSERT INTO jobbot.title_terms (model, term, jobs) "
                "SELECT :model, w, count(DISTINCT job_id) FROM jobbot.job_index, unnest(title_words) AS w "
                "WHERE model = :model GROUP BY w "
                "UNION ALL SELECT :model, '', count(*) FROM jobbot.job_index WHERE model = :model"
            ),
            {"model": model},
        )
        stmt = select(func.count()).select_from(TitleTerm).where(TitleTerm.model == model)
        return int(await self._session.scalar(stmt) or 0)

    async def title_terms(self, model: str, terms: Sequence[str]) -> tuple[dict[str, int], int]:
        """How many jobs' titles hold each of `terms` (absent: none), and how many jobs there are."""
        stmt = select(TitleTerm.term, TitleTerm.jobs).where(TitleTerm.model == model, TitleTerm.term.in_(["", *terms]))
        counts = {str(term): int(jobs) for term, jobs in await self._session.execute(stmt)}
        return counts, counts.pop("", 0)
