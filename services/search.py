"""Hybrid job search: pgvector (HNSW with iterative scans) and full-text search, fused, then ranked with reasons.

Retrieval happens in PostgreSQL with every filter in SQL, so a filter that keeps 1% of the jobs still
returns k results (`hnsw.iterative_scan`, pgvector 0.8+). The two candidate lists are fused by reciprocal
rank; a ranker then scores the candidates on what the query (and the profile, when there is one) asks for,
and every result carries short, true reasons.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, literal_column, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import JobIndexEntry
from db.uow import UnitOfWorkFactory
from services.cv_profile import CvProfile
from services.embeddings import EmbeddingService
from services.search_query import ParsedQuery, RemotePolicy, SearchFilters, parse_query
from services.taxonomy import Seniority, role_family_of_title

CANDIDATES = 100
RRF_K = 60


@dataclass(frozen=True, slots=True)
class Weights:
    """Every ranking weight in one place. Scores are sums of these times features in [0, 1]."""

    retrieval: float = 1.0
    seniority: float = 0.35
    qualifications: float = 0.25
    missing_qualification: float = 0.15
    role_family: float = 0.3
    skills: float = 0.2
    service: float = 0.2
    location: float = 0.15
    salary: float = 0.1
    recency: float = 0.1


WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class SearchResult:
    job_id: int
    title: str
    firm: str
    score: float
    reasons: list[str]
    location: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None


@dataclass(frozen=True, slots=True)
class SearchResponse:
    results: list[SearchResult]
    took_ms: float
    filters: SearchFilters
    query_text: str
    few_fit: bool = False
    """The profile shows little accounting signal, or nothing fits well: say so instead of dressing it up."""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "results": [
                {"job_id": r.job_id, "title": r.title, "firm": r.firm, "score": round(r.score, 4), "reasons": r.reasons}
                for r in self.results
            ],
            "took_ms": round(self.took_ms, 1),
        }


def filter_clause(filters: SearchFilters, model: str, today: dt.date) -> Any:
    """The filters as one SQL condition on the index."""
    j = JobIndexEntry
    conditions: list[Any] = [j.model == model]
    if filters.places or filters.regions:
        where = []
        if filters.places:
            where.append(j.places.overlap(list(filters.places)))
        if filters.regions:
            where.append(j.region.in_(list(filters.regions)))
        where.append(j.work_mode == "remote")  # a remote job can be done from anywhere in the country
        conditions.append(or_(*where))
    if filters.remote is RemotePolicy.REMOTE:
        conditions.append(j.work_mode == "remote")
    elif filters.remote is RemotePolicy.HYBRID:
        conditions.append(j.work_mode.in_(["remote", "hybrid"]))
    if filters.min_salary is not None:
        meets = func.coalesce(j.salary_max, j.salary_min) >= filters.min_salary
        conditions.append(or_(meets, ~j.salary_stated) if filters.include_unstated_salary else meets)
    if filters.seniority_min is not None:
        conditions.append(or_(j.seniority.is_(None), j.seniority >= filters.seniority_min))
    if filters.seniority_max is not None:
        conditions.append(or_(j.seniority.is_(None), j.seniority <= filters.seniority_max))
    if filters.services:
        conditions.append(j.service.in_(list(filters.services)))
    if filters.employment:
        conditions.append(j.employment.overlap(list(filters.employment)))
    if filters.max_firm_ranking is not None:
        conditions.append(j.firm_ranking <= filters.max_firm_ranking)
    if filters.posted_within_days is not None:
        conditions.append(j.posted_on >= today - dt.timedelta(days=filters.posted_within_days))
    if filters.excluded_firms:
        conditions.append(j.firm_id.not_in(list(filters.excluded_firms)))
    if filters.excluded_jobs:
        conditions.append(j.job_id.not_in(list(filters.excluded_jobs)))
    return and_(*conditions)


async def vector_candidates(
    session: AsyncSession, vector: Sequence[float], where: Any, limit: int, *, exact: bool = False
) -> list[int]:
    """Nearest jobs by cosine distance. Approximate (HNSW, iterative scan) unless `exact`."""
    distance = JobIndexEntry.embedding.cosine_distance(list(vector))
    if exact:
        await session.execute(text("SET LOCAL enable_indexscan = off"))
    else:
        await session.execute(text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
        await session.execute(text(f"SET LOCAL hnsw.ef_search = {max(40, min(1000, limit * 2))}"))
        await session.execute(text("SET LOCAL hnsw.max_scan_tuples = 40000"))
    stmt: Select[Any] = (
        select(JobIndexEntry.job_id, distance.label("distance")).where(where).order_by(distance).limit(limit)
    )
    rows = (await session.execute(stmt)).all()
    # relaxed_order may return a few rows out of order: order them exactly here.
    return [int(job_id) for job_id, _ in sorted(rows, key=lambda r: (r[1], r[0]))]


async def text_candidates(session: AsyncSession, query_text: str, where: Any, limit: int) -> list[int]:
    """Best full-text matches; any word may match (OR), more and rarer words rank higher."""
    words = [w for w in query_text.replace('"', " ").split() if w.strip(" -")]
    if not words:
        return []
    tsquery = func.websearch_to_tsquery(literal_column("'english'::regconfig"), " OR ".join(words))
    rank = func.ts_rank_cd(JobIndexEntry.tsv, tsquery, 32)
    stmt = (
        select(JobIndexEntry.job_id)
        .where(where, JobIndexEntry.tsv.op("@@")(tsquery))
        .order_by(rank.desc(), JobIndexEntry.job_id)
        .limit(limit)
    )
    return [int(job_id) for job_id in (await session.scalars(stmt)).all()]


def fuse(*rankings: Sequence[int], k: int = RRF_K) -> dict[int, float]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for position, job_id in enumerate(ranking):
            scores[job_id] = scores.get(job_id, 0.0) + 1.0 / (k + position + 1)
    return scores


def _salary_text(row: Any) -> str | None:
    low, high = row.salary_min, row.salary_max
    if not row.salary_stated:
        return None
    if low and high and low != high:
        return f"£{low / 1000:.0f}k-£{high / 1000:.0f}k"
    return f"£{(high or low) / 1000:.0f}k" if (high or low) else None


def rank(
    rows: Sequence[Any],
    fused: dict[int, float],
    parsed: ParsedQuery,
    profile: CvProfile | None,
    today: dt.date,
    weights: Weights = WEIGHTS,
) -> list[SearchResult]:
    """Score candidates on what was asked and what the profile holds; explain each score."""
    top = max(fused.values(), default=1.0)
    wanted_level = parsed.seniority
    held = {q.code for q in profile.qualifications} if profile else set(parsed.qualifications)
    software = set(profile.software) if profile else set()
    results = []
    for row in rows:
        score = weights.retrieval * fused.get(row.job_id, 0.0) / top
        reasons: list[str] = []
        level = profile.seniority_level if profile and profile.seniority_level is not None else wanted_level
        if level is not None and row.seniority is not None:
            gap = abs(int(row.seniority) - int(level))
            score += weights.seniority * max(0.0, 1 - gap / 2)
            if gap == 0:
                reasons.append(f"{Seniority(row.seniority).label} ✓")
            elif gap >= 2:
                direction = "senior" if row.seniority > level else "junior"
                reasons.append(f"more {direction} than you" if profile else f"{Seniority(row.seniority).label}")
        asked = set(row.qualifications or [])
        if asked and held:
            matched = asked & held
            if matched:
                score += weights.qualifications
                reasons.append(" ".join(sorted(matched)) + " ✓")
            else:
                score -= weights.missing_qualification
                reasons.append("asks for " + "/".join(sorted(asked)[:3]))
        if profile is not None:
            family = role_family_of_title(row.title)
            if family is not None and family.value == profile.role_family:
                score += weights.role_family
                reasons.append(f"{profile.role_family.replace('_', ' ')} ✓")
            overlap = {s for s in row.software or [] if s in software}
            if overlap:
                score += weights.skills * min(1.0, len(overlap) / 2)
                reasons.append(", ".join(sorted(overlap)) + " ✓")
        if parsed.service and row.service == parsed.service:
            score += weights.service
            reasons.append(f"{row.service.replace('_', ' ')} ✓")
        places = set(parsed.filters.places)
        if places and set(row.places or []) & places:
            score += weights.location
            reasons.append(", ".join(sorted(set(row.places) & places)) + " ✓")
        elif row.work_mode == "remote":
            reasons.append("remote")
        elif row.work_mode == "hybrid":
            reasons.append("hybrid")
        salary = _salary_text(row)
        if salary is None:
            reasons.append("salary not stated")
        elif parsed.filters.min_salary is not None:
            score += weights.salary
            reasons.append(f"{salary} ✓")
        age = (today - row.posted_on).days if row.posted_on else 60
        score += weights.recency * max(0.0, 1 - age / 60)
        results.append(
            SearchResult(
                job_id=row.job_id,
                title=row.title,
                firm=row.firm_name,
                score=score,
                reasons=reasons[:5],
                location=", ".join(row.places) if row.places else row.region or row.country,
                salary_min=row.salary_min,
                salary_max=row.salary_max,
            )
        )
    results.sort(key=lambda r: (-r.score, r.job_id))
    return results


def collapse_duplicates(results: list[SearchResult], rows_by_id: dict[int, Any]) -> list[SearchResult]:
    """One result per (firm, title, place): the board often lists the same job twice."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for result in results:
        row = rows_by_id[result.job_id]
        key = (row.firm_name.lower(), " ".join(row.title.lower().split()), ",".join(sorted(row.places or [])))
        if key in seen:
            continue
        seen.add(key)
        out.append(result)
    return out


class JobSearch:
    def __init__(self, uow: UnitOfWorkFactory, embeddings: EmbeddingService) -> None:
        self._uow = uow
        self._embeddings = embeddings

    async def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        profile: CvProfile | None = None,
        top: int = 10,
        user_id: int | None = None,
        today: dt.date | None = None,
    ) -> SearchResponse:
        started = time.perf_counter()
        today = today or dt.date.today()
        parsed = parse_query(query)
        merged = (filters or SearchFilters()).merged(parsed.filters)
        parsed = ParsedQuery(parsed.text, merged, parsed.seniority, parsed.qualifications, parsed.service)
        vector = await self._embeddings.embed_query(parsed.text) if parsed.text.strip() else None
        async with self._uow() as work:
            where = filter_clause(merged, self._embeddings.model, today)
            by_vector = await vector_candidates(work.session, vector, where, CANDIDATES) if vector else []
            by_text = await text_candidates(work.session, parsed.text, where, CANDIDATES)
            fused = fuse(by_vector, by_text)
            rows = (
                await work.session.execute(select(JobIndexEntry).where(where, JobIndexEntry.job_id.in_(list(fused))))
            ).scalars().all() if fused else []  # fmt: skip
            ranked = rank(rows, fused, parsed, profile, today)
            results = collapse_duplicates(ranked, {r.job_id: r for r in rows})[:top]
            if user_id is not None:
                await work.searches.add(user_id, query, merged.as_dict(), len(results))
                await work.commit()
        return SearchResponse(results, (time.perf_counter() - started) * 1000, merged, parsed.text)
