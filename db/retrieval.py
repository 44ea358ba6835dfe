"""The retrieval SQL of job search: the filters as one condition on the index, full-text and vector matches.

`services/search/job_search.py` fills a `JobFilter` (plain values, not its own types) and ranks the `Candidate`s these
statements return; what a search asks for and how its results are ranked stay there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ARRAY, Select, String, and_, cast, func, literal_column, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import JobIndexEntry

TEXT_RANKED = 500
"""A full-text search ranks at most this many matches, the most recent: a word most jobs contain ranks nothing."""
VECTOR_FETCH = 60
"""The vector search reads at least this many rows and keeps the closest `limit` of them (see `vector_matches`)."""


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
    salary_currency: str | None
    seniority: int | None
    service: str | None
    qualifications: list[str] | None
    software: list[str] | None
    posted_on: dt.date | None
    employment: list[str] | None
    family: str | None
    step: int | None
    title_words: list[str] | None
    ad_status: list[str] | None = None
    """`services.jobs.qualification_status.AdStatus.as_list`; None: not read yet."""
    ad_sectors: list[str] | None = None
    """`services.jobs.sectors.AdSectors.as_list`; None: not read yet."""
    ad_languages: list[str] | None = None
    """`services.jobs.languages.AdLanguages.as_list`; None: not read yet."""
    title_step: int | None = None
    """The step the title alone names (`step` may be its band's or its pay's); None: none, or not read yet."""


_CANDIDATE_COLUMNS = [getattr(JobIndexEntry, name) for name in Candidate._fields[1:]]
"""The columns each retrieval stage reads with its candidates' ids (the fields of `Candidate` after `job_id`)."""


@dataclass(frozen=True, slots=True)
class Places:
    """Any of these towns (as the index names them: a county already read as its towns), regions or countries;
    remote jobs count as reachable from anywhere."""

    places: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JobFilter:
    """What a search keeps of the index, as plain values: each field set is one SQL condition (`filter_clause`),
    and a job meets them all. Filled by `services.search.job_search.job_filter` from the user's filters."""

    model: str
    places: Places | None = None
    work_modes: tuple[str, ...] = ()
    """One of these work modes; empty: any."""
    min_salary: int | None = None
    """The most a job pays (its lower bound when it states no upper) is at least this."""
    include_unstated_salary: bool = True
    """With `min_salary`, jobs that state no salary are kept too."""
    seniority_min: int | None = None
    seniority_max: int | None = None
    """Jobs with no seniority are kept by both bounds."""
    services: tuple[str, ...] = ()
    employment: tuple[str, ...] = ()
    """Any of these employment types."""
    max_firm_ranking: int | None = None
    posted_since: dt.date | None = None
    excluded_firms: tuple[int, ...] = ()
    excluded_jobs: tuple[int, ...] = ()
    only_jobs: tuple[int, ...] = ()
    """Among these jobs only; empty: all jobs."""
    # What narrows one stage of a search (last in the condition):
    also_places: Places | None = None
    """In these places too (the full-text stage looks first where a query's words ask)."""
    also_work_modes: tuple[str, ...] = ()
    families: tuple[str, ...] | None = None
    """Within these role families; jobs whose titles are not parsed yet are kept (their family is not known)."""
    steps: tuple[int, int] | None = None
    """Within these steps on the career ladder, both ends included; jobs with no step are kept."""
    study_support: bool = False
    """Only jobs whose ad offers study support or is a training contract."""


def _place_clause(places: Places) -> Any | None:
    j = JobIndexEntry
    where = []
    if places.places:
        where.append(j.places.overlap(list(places.places)))
    if places.regions:
        where.append(j.region.in_(list(places.regions)))
    if places.countries:
        where.append(j.country.in_(list(places.countries)))
    if not where:
        return None
    return or_(*where, j.work_mode == "remote")


def _mode_clause(modes: Sequence[str]) -> Any:
    return JobIndexEntry.work_mode == modes[0] if len(modes) == 1 else JobIndexEntry.work_mode.in_(list(modes))


def filter_clause(where: JobFilter) -> Any:
    """The filter as one SQL condition on the index."""
    j = JobIndexEntry
    conditions: list[Any] = [j.model == where.model]
    if where.places is not None and (place := _place_clause(where.places)) is not None:
        conditions.append(place)
    if where.work_modes:
        conditions.append(_mode_clause(where.work_modes))
    if where.min_salary is not None:
        meets = func.coalesce(j.salary_max, j.salary_min) >= where.min_salary
        conditions.append(or_(meets, ~j.salary_stated) if where.include_unstated_salary else meets)
    if where.seniority_min is not None:
        conditions.append(or_(j.seniority.is_(None), j.seniority >= where.seniority_min))
    if where.seniority_max is not None:
        conditions.append(or_(j.seniority.is_(None), j.seniority <= where.seniority_max))
    if where.services:
        conditions.append(j.service.in_(list(where.services)))
    if where.employment:
        conditions.append(j.employment.overlap(list(where.employment)))
    if where.max_firm_ranking is not None:
        conditions.append(j.firm_ranking <= where.max_firm_ranking)
    if where.posted_since is not None:
        conditions.append(j.posted_on >= where.posted_since)
    if where.excluded_firms:
        conditions.append(j.firm_id.not_in(list(where.excluded_firms)))
    if where.excluded_jobs:
        conditions.append(j.job_id.not_in(list(where.excluded_jobs)))
    if where.only_jobs:
        conditions.append(j.job_id.in_(list(where.only_jobs)))
    if where.also_places is not None and (place := _place_clause(where.also_places)) is not None:
        conditions.append(place)
    if where.also_work_modes:
        conditions.append(_mode_clause(where.also_work_modes))
    if where.families is not None:
        conditions.append(or_(j.family.in_(list(where.families)), j.title_words.is_(None)))
    if where.steps is not None:
        conditions.append(or_(j.step.is_(None), j.step.between(*where.steps)))
    if where.study_support:
        conditions.append(j.ad_status.overlap(cast(["study_support", "training_contract"], ARRAY(String(20)))))
    return and_(*conditions)


_ENGLISH: Any = literal_column("'english'::regconfig")


def _tsquery(concepts: Sequence[Sequence[str]], *, every: bool) -> Any:
    """A full-text query for the concepts (each: phrases any of which will do), all of them (`every`) or any."""
    joined: Any = None
    for phrases in concepts:
        alternatives: Any = None
        for phrase in phrases:
            one = func.phraseto_tsquery(_ENGLISH, phrase)
            alternatives = one if alternatives is None else alternatives.op("||")(one)
        joined = alternatives if joined is None else joined.op("&&" if every else "||")(alternatives)
    return joined


class RetrievalRepository:
    """The two retrieval stages of a search. Reads only: fit for a unit of work without a transaction
    (`UnitOfWorkFactory.reader`), except an exact vector search."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def text_matches(
        self, concepts: Sequence[Sequence[str]], where: JobFilter, limit: int, *, ranked: int | None = TEXT_RANKED
    ) -> list[Candidate]:
        """Best full-text matches, best first: jobs with every concept of the query first (a concept matches by
        any of its phrases: "CFO" finds "Director of Finance"); then, if those are too few, any of them.

        Ranking reads each match's whole text vector, so only the `ranked` most recent matches are ranked: for a
        word that half the board contains ("accountant"), ranking 50,000 jobs cost about 70 ms at 100,000 jobs and
        told the ranker nothing the vector search and the title match do not. `ranked=None` ranks every match (the
        evaluation's full-text baseline). Statements are planned for their own words (`db.engine.SESSION_SETTINGS`).
        """
        if not concepts:
            return []
        j = JobIndexEntry
        condition = filter_clause(where)
        found: list[Any] = []
        for every in dict.fromkeys((True, len(concepts) == 1)):
            tsquery = _tsquery(concepts, every=every)
            matches = select(j.job_id, j.model).where(condition, j.tsv.op("@@")(tsquery))
            if found:
                matches = matches.where(j.job_id.not_in([r[0] for r in found]))
            if ranked is not None:
                # Only the keys are sorted by date (a text vector in that sort spilled to disk); the chosen rows'
                # text vectors are then read again, by key, to be ranked.
                matches = matches.order_by(j.posted_on.desc(), j.job_id).limit(ranked)
            chosen = matches.subquery()
            stmt = (
                select(j.job_id, *_CANDIDATE_COLUMNS)
                .join(chosen, and_(chosen.c.job_id == j.job_id, chosen.c.model == j.model))
                .order_by(func.ts_rank_cd(j.tsv, tsquery, 32).desc(), j.job_id)
                .limit(limit)
            )
            found += (await self._session.execute(stmt)).all()[: limit - len(found)]
            if len(found) >= limit // 2:
                break
        return [Candidate._make(row) for row in found]

    async def vector_matches(
        self, vector: Sequence[float], where: JobFilter, limit: int, *, exact: bool = False
    ) -> list[Candidate]:
        """Nearest jobs by cosine distance, closest first. Approximate (HNSW, iterative scan) unless `exact`.

        With `relaxed_order` a scan emits rows roughly in order, so a plain LIMIT keeps the first rows emitted
        rather than the closest: we read at least `VECTOR_FETCH` rows and keep the closest `limit`. Every row read
        that a filter rejects costs a heap visit, so reading more rows than that is what makes a selective filter
        slow: at 100,000 jobs, reading four times the 60 candidates (the first setting) took "part qualified ACCA
        Manchester", whose filter keeps 5% of the jobs near the query, through 5,200 rows in 42 ms. Reading 60 rows
        costs a quarter of that; `ef_search` costs little beside it (100 or 200: the same time) and 200 keeps
        recall@10 against exact search at 0.991 (0.998 before) on the benchmark's queries. docs/search.md has the
        grid; the tests hold recall@10 at 0.95 or more on selective filters. The scan's settings are the
        connection's own (`db.engine.SESSION_SETTINGS`), so this needs no transaction; `exact` does (its setting is
        local to one).
        """
        distance = JobIndexEntry.embedding.cosine_distance(list(vector))
        fetch = limit if exact else max(limit, VECTOR_FETCH)
        if exact:
            await self._session.execute(text("SELECT set_config('enable_indexscan', 'off', true)"))
        stmt: Select[Any] = (
            select(JobIndexEntry.job_id, *_CANDIDATE_COLUMNS, distance)
            .where(filter_clause(where))
            .order_by(distance)
            .limit(fetch)
        )
        rows = (await self._session.execute(stmt)).all()
        return [Candidate._make(row[:-1]) for row in sorted(rows, key=lambda r: (r[-1], r[0]))[:limit]]

    async def candidates(self, model: str, job_ids: Sequence[int]) -> list[Candidate]:
        """These jobs as the ranker reads them (one job's fit on its card is judged by the same code as a list's)."""
        stmt = select(JobIndexEntry.job_id, *_CANDIDATE_COLUMNS).where(
            JobIndexEntry.model == model, JobIndexEntry.job_id.in_(list(job_ids))
        )
        return [Candidate._make(row) for row in (await self._session.execute(stmt)).all()]
