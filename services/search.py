"""Hybrid job search: pgvector (HNSW with iterative scans) and full-text search, fused, then ranked with reasons.

Retrieval happens in PostgreSQL with every filter in SQL, so a filter that keeps 1% of the jobs still
returns k results (`hnsw.iterative_scan`, pgvector 0.8+). The two candidate lists are fused by reciprocal
rank; a ranker then scores the candidates on what the query (and the profile, when there is one) asks for,
and every result carries short, true reasons.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, func, literal_column, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import JobIndexEntry
from db.uow import UnitOfWorkFactory
from services.cv_profile import CvProfile
from services.embeddings import EmbeddingService
from services.search_query import ParsedQuery, RemotePolicy, SearchFilters, parse_query
from services.taxonomy import Seniority, role_family_of_title

CANDIDATES = 60
RRF_K = 60
TEXT_RANKED = 500
"""A full-text search ranks at most this many matches, the most recent: a word most jobs contain ranks nothing."""


@dataclass(frozen=True, slots=True)
class Weights:
    """Every ranking weight in one place. Scores are sums of these times features in [0, 1].

    Tuned on the judged set of `tests/evaluation.py` (`python -m tests.evaluation --tune` runs the grid;
    docs/search.md has the figures): service, seniority, title and retrieval weights were chosen from 48
    combinations by nDCG@10 on queries and CVs together; the rest are set by hand.
    """

    retrieval: float = 0.6
    seniority: float = 0.7
    qualifications: float = 0.25
    missing_qualification: float = 0.15
    role_family: float = 0.3
    skills: float = 0.2
    service: float = 1.2
    location: float = 0.15
    salary: float = 0.1
    recency: float = 0.1
    title_words: float = 1.0
    title_phrase: float = 0.8


WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Reason:
    """One short, true reason for (or against) a result: a translation key and its values.

    The keys are `reason-<key>` in `locales/`; values that are codes (a seniority level, a service line, a
    role family) are translated by the bot too, so a reason reads naturally in every language.
    """

    key: str
    args: tuple[tuple[str, str | int], ...] = ()

    @classmethod
    def of(cls, key: str, **args: str | int) -> Reason:
        return cls(key, tuple(sorted(args.items())))


@dataclass(frozen=True, slots=True)
class SearchResult:
    job_id: int
    title: str
    firm: str
    score: float
    reasons: list[Reason]
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

    def as_dict(self, explain: Callable[[Reason], str]) -> dict[str, Any]:
        """The JSON of ARCHITECTURE.md, with each reason rendered by `explain` (the bot's translations)."""
        return {
            "results": [
                {
                    "job_id": r.job_id,
                    "title": r.title,
                    "firm": r.firm,
                    "score": round(r.score, 4),
                    "reasons": [explain(reason) for reason in r.reasons],
                }
                for r in self.results
            ],
            "took_ms": round(self.took_ms, 1),
        }


class Candidate(NamedTuple):
    """What the ranker reads of a job: never its vectors (parsing 384 floats per candidate costs more than the
    search). A plain tuple: reading a field of a database row by name costs about 1.3 µs, of this 0.03 µs, and
    ranking reads some 30 fields of each of 60-120 candidates."""

    job_id: int
    title: str
    firm_name: str
    places: list[str] | None
    region: str | None
    country: str | None
    work_mode: str
    salary_stated: bool
    salary_min: int | None
    salary_max: int | None
    seniority: int | None
    service: str | None
    qualifications: list[str] | None
    software: list[str] | None
    posted_on: dt.date | None


RANK_COLUMNS = [getattr(JobIndexEntry, name) for name in Candidate._fields[1:]]
"""The columns each retrieval stage reads with its candidates' ids (the fields of `Candidate` after `job_id`)."""


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
    if filters.only_jobs:
        conditions.append(j.job_id.in_(list(filters.only_jobs)))
    return and_(*conditions)


VECTOR_FETCH = 60
"""The vector search reads at least this many rows and keeps the closest `limit` of them (see `vector_candidates`)."""


async def vector_matches(
    session: AsyncSession,
    vector: Sequence[float],
    where: Any,
    limit: int,
    *,
    exact: bool = False,
    columns: Sequence[Any] = (),
) -> list[tuple[Any, ...]]:
    """Nearest jobs by cosine distance, closest first: tuples of `job_id` and `columns`. Approximate (HNSW,
    iterative scan) unless `exact`.

    With `relaxed_order` a scan emits rows roughly in order, so a plain LIMIT keeps the first rows emitted rather
    than the closest: we read at least `VECTOR_FETCH` rows and keep the closest `limit`. Every row read that a
    filter rejects costs a heap visit, so reading more rows than that is what makes a selective filter slow: at
    100,000 jobs, reading four times the 60 candidates (the first setting) took "part qualified ACCA Manchester",
    whose filter keeps 5% of the jobs near the query, through 5,200 rows in 42 ms. Reading 60 rows costs a quarter
    of that; `ef_search` costs little beside it (100 or 200: the same time) and 200 keeps recall@10 against exact
    search at 0.991 (0.998 before) on the benchmark's queries. docs/search.md has the grid; the tests hold
    recall@10 at 0.95 or more on selective filters. The scan's settings are the connection's own
    (`db.engine.SESSION_SETTINGS`), so this needs no transaction; `exact` does (its setting is local to one).
    """
    distance = JobIndexEntry.embedding.cosine_distance(list(vector))
    fetch = limit if exact else max(limit, VECTOR_FETCH)
    if exact:
        await session.execute(text("SELECT set_config('enable_indexscan', 'off', true)"))
    stmt: Select[Any] = select(JobIndexEntry.job_id, *columns, distance).where(where).order_by(distance).limit(fetch)
    rows = (await session.execute(stmt)).all()
    return [row[:-1] for row in sorted(rows, key=lambda r: (r[-1], r[0]))[:limit]]


async def vector_candidates(
    session: AsyncSession, vector: Sequence[float], where: Any, limit: int, *, exact: bool = False
) -> list[int]:
    """The ids of `vector_matches`."""
    return [int(r[0]) for r in await vector_matches(session, vector, where, limit, exact=exact)]


async def text_matches(
    session: AsyncSession,
    query_text: str,
    where: Any,
    limit: int,
    *,
    ranked: int | None = TEXT_RANKED,
    columns: Sequence[Any] = (),
) -> list[tuple[Any, ...]]:
    """Best full-text matches, best first, as tuples of `job_id` and `columns`: jobs with all the words first;
    then, if those are too few, any of them.

    Ranking reads each match's whole text vector, so only the `ranked` most recent matches are ranked: for a
    word that half the board contains ("accountant"), ranking 50,000 jobs cost about 70 ms at 100,000 jobs and
    told the ranker nothing the vector search and the title match do not. `ranked=None` ranks every match (the
    evaluation's full-text baseline). Statements are planned for their own words (`db.engine.SESSION_SETTINGS`).
    """
    words = [w for w in query_text.replace('"', " ").split() if w.strip(" -")]
    if not words:
        return []
    j = JobIndexEntry
    found: list[tuple[Any, ...]] = []
    for joined in dict.fromkeys((" ".join(words), " OR ".join(words))):
        tsquery = func.websearch_to_tsquery(literal_column("'english'::regconfig"), joined)
        matches = select(j.job_id, j.model).where(where, j.tsv.op("@@")(tsquery))
        if found:
            matches = matches.where(j.job_id.not_in([r[0] for r in found]))
        if ranked is not None:
            # Only the keys are sorted by date (a text vector in that sort spilled to disk); the chosen rows' text
            # vectors are then read again, by key, to be ranked.
            matches = matches.order_by(j.posted_on.desc(), j.job_id).limit(ranked)
        chosen = matches.subquery()
        stmt = (
            select(j.job_id, *columns)
            .join(chosen, and_(chosen.c.job_id == j.job_id, chosen.c.model == j.model))
            .order_by(func.ts_rank_cd(j.tsv, tsquery, 32).desc(), j.job_id)
            .limit(limit)
        )
        found += (await session.execute(stmt)).all()[: limit - len(found)]
        if len(found) >= limit // 2:
            break
    return found


async def text_candidates(
    session: AsyncSession, query_text: str, where: Any, limit: int, *, ranked: int | None = TEXT_RANKED
) -> list[int]:
    """The ids of `text_matches`."""
    return [int(r[0]) for r in await text_matches(session, query_text, where, limit, ranked=ranked)]


def fuse(*rankings: Sequence[int], k: int = RRF_K) -> dict[int, float]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for position, job_id in enumerate(ranking):
            scores[job_id] = scores.get(job_id, 0.0) + 1.0 / (k + position + 1)
    return scores


# Service lines that answer each other's queries (the board files corporate finance under "Advisory").
RELATED_SERVICES = {
    "corporate_finance": {"corporate_finance", "advisory"},
    "advisory": {"advisory", "corporate_finance"},
}
_STOPWORDS = frozenset({"of", "and", "the", "in", "for", "a", "an", "to", "at", "&", "with", "jobs", "job", "role"})
_WORDS = re.compile(r"[a-z0-9&]+")


def _content_words(value: str) -> list[str]:
    return [w for w in _WORDS.findall(value.lower()) if w not in _STOPWORDS]


def title_match(query_words: list[str], title: str) -> tuple[float, bool]:
    """Share of the query's words found in the title, and whether they stand there together, in order."""
    if not query_words:
        return 0.0, False
    words = _content_words(title)
    present = sum(1 for w in query_words if w in words)
    phrase = len(query_words) > 1 and " ".join(query_words) in " ".join(words)
    return present / len(query_words), phrase


def _salary_text(row: Candidate) -> str | None:
    low, high = row.salary_min, row.salary_max
    if not row.salary_stated:
        return None
    if low and high and low != high:
        return f"£{low / 1000:.0f}k-£{high / 1000:.0f}k"
    single = high or low
    return f"£{single / 1000:.0f}k" if single else None


def rank(
    rows: Sequence[Candidate],
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
    query_words = _content_words(parsed.text)
    wanted_places = set(parsed.filters.places)
    results = []
    for row in rows:
        score = weights.retrieval * fused.get(row.job_id, 0.0) / top
        reasons: list[Reason] = []
        share, phrase = title_match(query_words, row.title)
        score += weights.title_words * share + (weights.title_phrase if phrase else 0.0)
        level = profile.seniority_level if profile and profile.seniority_level is not None else wanted_level
        if level is not None and row.seniority is not None:
            gap = abs(int(row.seniority) - int(level))
            score += weights.seniority * max(0.0, 1 - gap / 2)
            if gap == 0:
                reasons.append(Reason.of("level-match", level=int(row.seniority)))
            elif gap >= 2 and profile:
                reasons.append(Reason.of("more-senior" if row.seniority > level else "more-junior"))
            elif gap >= 2:
                reasons.append(Reason.of("level", level=int(row.seniority)))
        asked = set(row.qualifications or [])
        if asked and held:
            matched = asked & held
            if matched:
                score += weights.qualifications
                reasons.append(Reason.of("quals-held", codes=" ".join(sorted(matched))))
            else:
                score -= weights.missing_qualification
                reasons.append(Reason.of("asks-for", codes="/".join(sorted(asked)[:3])))
        if profile is not None:
            family = role_family_of_title(row.title)
            if family is not None and family.value == profile.role_family:
                score += weights.role_family
                reasons.append(Reason.of("family-match", family=profile.role_family))
            overlap = {s for s in row.software or [] if s in software}
            if overlap:
                score += weights.skills * min(1.0, len(overlap) / 2)
                reasons.append(Reason.of("software-match", names=", ".join(sorted(overlap))))
        if parsed.service and row.service in RELATED_SERVICES.get(parsed.service, {parsed.service}):
            score += weights.service
            reasons.append(Reason.of("service-match", service=row.service))
        in_places = set(row.places or []) & wanted_places
        if in_places:
            score += weights.location
            reasons.append(Reason.of("place-match", places=", ".join(sorted(in_places))))
        elif row.work_mode in ("remote", "hybrid"):
            reasons.append(Reason.of(row.work_mode))
        salary = _salary_text(row)
        if salary is None:
            reasons.append(Reason.of("salary-unstated"))
        elif parsed.filters.min_salary is not None:
            score += weights.salary
            reasons.append(Reason.of("salary-match", salary=salary))
        age = (today - row.posted_on).days if row.posted_on else 60
        score += weights.recency * max(0.0, 1 - age / 60)
        results.append(
            SearchResult(
                job_id=row.job_id,
                title=row.title,
                firm=row.firm_name,
                score=score,
                reasons=list(dict.fromkeys(reasons))[:5],
                location=", ".join(row.places) if row.places else row.region or row.country,
                salary_min=row.salary_min,
                salary_max=row.salary_max,
            )
        )
    results.sort(key=lambda r: (-r.score, r.job_id))
    return results


def collapse_duplicates(results: list[SearchResult], rows_by_id: dict[int, Candidate]) -> list[SearchResult]:
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


FAMILY_SERVICE = {"audit": "audit", "tax": "tax", "payroll": "payroll", "accounts": "accounts",
                  "ap_ar_bookkeeping": "accounts"}  # fmt: skip
FAMILY_WORDS = {
    "audit": "audit", "tax": "tax", "accounts": "accountant accounts", "management_accounting": "management accountant",
    "financial_accounting": "financial accountant reporting", "payroll": "payroll", "ap_ar_bookkeeping":
    "accounts payable receivable bookkeeper", "finance_management": "finance manager financial controller",
    "fpa_analysis": "financial analyst FP&A", "treasury": "treasury", "banking_operations": "banking",
}  # fmt: skip
FEW_FIT_SCORE = 1.0
"""Below this best score (retrieval 1.0 at most, plus fit signals) nothing fits the CV well."""


def profile_query(profile: CvProfile) -> str:
    """What a CV asks for, as search text: its role, family, credentials and strongest skills."""
    parts = [profile.current_title or "", FAMILY_WORDS.get(profile.role_family, ""),
             " ".join(q.code for q in profile.qualifications), " ".join(profile.skills[:6]),
             " ".join(profile.software[:4])]  # fmt: skip
    return " ".join(" ".join(parts).split())


class JobSearch:
    def __init__(self, uow: UnitOfWorkFactory, embeddings: EmbeddingService, weights: Weights = WEIGHTS) -> None:
        self._uow = uow
        self.embeddings = embeddings
        self.weights = weights

    @property
    def model(self) -> str:
        """The embedding model whose vectors this search compares."""
        return self.embeddings.model

    @staticmethod
    def prepare(query: str, filters: SearchFilters | None = None, *, query_filters: bool = True) -> ParsedQuery:
        """A typed query and the saved filters as one: the words' filters go over the saved ones (see `search`)."""
        parsed = parse_query(query)
        merged = (filters or SearchFilters()).merged(parsed.filters) if query_filters else filters or SearchFilters()
        return ParsedQuery(parsed.text, merged, parsed.seniority, parsed.qualifications, parsed.service)

    async def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        profile: CvProfile | None = None,
        top: int = 10,
        user_id: int | None = None,
        today: dt.date | None = None,
        query_filters: bool = True,
    ) -> SearchResponse:
        """A typed query (with saved preferences as `filters`, and the user's CV profile when there is one).

        The filters the query's words name (places, salary, level) go over `filters`, unless `query_filters` is
        off: the bot turns those words into filters once, and the user's filter buttons then have the last word.
        """
        parsed = self.prepare(query, filters, query_filters=query_filters)
        return await self._run(parsed, profile, top=top, user_id=user_id, logged_query=query, today=today)

    async def match_cv(
        self,
        profile: CvProfile,
        preferences: SearchFilters | None = None,
        *,
        top: int = 10,
        user_id: int | None = None,
        today: dt.date | None = None,
    ) -> SearchResponse:
        """The jobs that fit a CV, within the user's preferences."""
        filters = preferences or SearchFilters()
        level = profile.seniority_level
        if level is not None and filters.seniority_min is None and filters.seniority_max is None:
            filters = SearchFilters(**{**{n: getattr(filters, n) for n in filters.__dataclass_fields__},
                                       "seniority_min": max(0, level - 1), "seniority_max": level + 1})  # fmt: skip
        parsed = ParsedQuery(
            profile_query(profile),
            filters,
            Seniority(level) if level is not None else None,
            tuple(q.code for q in profile.qualifications),
            FAMILY_SERVICE.get(profile.role_family) or (profile.service_lines[0] if profile.service_lines else None),
        )
        response = await self._run(parsed, profile, top=top, user_id=user_id, logged_query="[cv]", today=today)
        few = not profile.is_accounting or not response.results or response.results[0].score < FEW_FIT_SCORE
        return SearchResponse(response.results, response.took_ms, response.filters, response.query_text, few_fit=few)

    async def _run(
        self,
        parsed: ParsedQuery,
        profile: CvProfile | None,
        *,
        top: int,
        user_id: int | None,
        logged_query: str,
        today: dt.date | None,
    ) -> SearchResponse:
        started = time.perf_counter()
        today = today or dt.date.today()
        where = filter_clause(parsed.filters, self.model, today)

        # Each stage reads without a transaction (`reader`): no BEGIN and ROLLBACK round trips.
        async def by_text() -> list[tuple[Any, ...]]:
            async with self._uow.reader() as work:
                return await text_matches(work.session, parsed.text, where, CANDIDATES, columns=RANK_COLUMNS)

        async def by_vector() -> list[tuple[Any, ...]]:
            if not parsed.text.strip():
                return []
            vector = await self.embeddings.embed_query(parsed.text)
            async with self._uow.reader() as work:
                return await vector_matches(work.session, vector, where, CANDIDATES, columns=RANK_COLUMNS)

        # Full-text and vector retrieval run at once, each on its own connection; the query is embedded
        # while the full-text search runs. Both read the ranker's columns with their candidates, so ranking
        # needs no third query.
        text_rows, vector_rows = await asyncio.gather(by_text(), by_vector())
        fused = fuse([r[0] for r in vector_rows], [r[0] for r in text_rows])
        rows_by_id = {r[0]: Candidate._make(r) for r in (*vector_rows, *text_rows)}
        ranked = rank(list(rows_by_id.values()), fused, parsed, profile, today, self.weights)
        results = collapse_duplicates(ranked, rows_by_id)[:top]
        if user_id is not None:
            async with self._uow() as work:
                await work.searches.add(user_id, logged_query, parsed.filters.as_dict(), len(results))
                await work.commit()
        return SearchResponse(results, (time.perf_counter() - started) * 1000, parsed.filters, parsed.text)
