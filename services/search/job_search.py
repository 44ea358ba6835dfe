"""Hybrid job search: pgvector (HNSW with iterative scans) and full-text search, fused, then ranked with reasons.

Retrieval happens in PostgreSQL with every filter in SQL (the statements are `db/retrieval.py`'s), so a filter
that keeps 1% of the jobs still returns k results (`hnsw.iterative_scan`, pgvector 0.8+). Filters are what the
user set (saved preferences, filter buttons, command-line and API options); what a typed query's own words ask
for (a place, remote work, a salary, a level, part time) steers the ranking instead, so a query never starves its
own list: "treasury officer Sunderland" still shows the treasury officer in South Shields, after anything in
Sunderland that fits and marked as elsewhere.

The ranker reads each candidate's role as the index parsed it (`services.jobs.roles`: family, step on the career
ladder, title words) against what was asked: for a query, how much of its role the title holds (rarer words weigh
more), its level, place, salary, qualification and hours; for a CV, how near the CV's family and step are to the
job's, as a recruiter would judge it, with text as the tie-breaker. Every result carries short, true reasons.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from loguru import logger
from sqlalchemy.exc import DBAPIError

from db.retrieval import Candidate, JobFilter, Places
from db.uow import UnitOfWork, UnitOfWorkFactory
from services.cv.profile import CvProfile, QualificationStatus
from services.errors import EmbeddingUnavailable
from services.jobs import roles
from services.jobs.fields import FOREIGN, UK_PLACES
from services.jobs.languages import ASSUMED, AdLanguages, spoken
from services.jobs.sectors import AdSectors, meets
from services.jobs.taxonomy import RoleFamily, Seniority
from services.search import query_words
from services.search.embeddings import EmbeddingService
from services.search.leanings import Leanings, lean
from services.search.query import ParsedQuery, RemotePolicy, SearchFilters, expand_places, parse_query

CANDIDATES = 60
CV_CANDIDATES = 150
"""A CV's matches come from its family and step more than from its words: each stage brings more candidates."""
QUERY_EMBED_SECONDS = 6.0
"""The longest a search waits for its query's vector; past it (or when the provider fails) the full-text stage
answers alone and the response says so (`keywords_only`), well inside Telegram's patience with a webhook."""
RRF_K = 60


@dataclass(frozen=True, slots=True)
class Weights:
    """Every ranking weight in one place. A score is a sum of these times features, most in [0, 1]; for CVs it
    reads like the readers' grades (3 same family at the same step, less a point a step away ...).

    Chosen by nDCG@10 on the readers' judgments (`make eval`, docs/search.md), and reported there on held-out folds.
    """

    # Queries
    retrieval: float = 0.8
    """The two retrieval stages' fused rank (reciprocal-rank fusion), over the best candidate's."""
    title: float = 1.0
    """The share of the query's role words in the title, each word weighted by its rarity among titles."""
    phrase: float = 0.25
    """The role words stand together, in order, in the title."""
    employer: float = 0.3
    """The weighted share of the query's words found in the employer's name (not the title): "NHS", "hospice"."""
    family: float = 0.5
    """The title's role family is the one the query names."""
    not_finance: float = 1.0
    """Taken off a job whose title names no accounting or finance role."""
    step: float = 0.3
    """Taken off per step (two at most) between the level asked (by a level word or by the role) and the job's."""
    place: float = 0.5
    """In a named place (or its county, its region when a region was named; half for its wider region); remote
    when remote was asked. Another country than the one asked: half of it taken off."""
    salary: float = 0.4
    """Pays at least the salary asked; taken off, in proportion, when it pays less (up to a quarter less)."""
    qualification: float = 0.3
    """Asks for a qualification the query names."""
    employment: float = 0.3
    """The hours or contract the query names (part time, interim, contract)."""
    recency: float = 0.1
    """Posted today, falling to nothing at 60 days."""
    # CVs
    cv_family: float = 1.3
    """Per point of how near the CV's role family is to the job's: 3 the same, 2 close, 1 adjacent, 0 apart."""
    cv_step: float = 0.8
    """Taken off per step (three at most) between the CV's step on the ladder and the job's."""
    cv_qualification: float = 0.5
    """Taken off when the ad asks for a professional qualification the CV does not show as held."""
    cv_status: float = 0.3
    """What the ad says of qualification status (`services.jobs.qualification_status`) against the CV's: added when
    a CV that studies for a qualification meets an ad that considers part-qualified candidates, offers study support
    or is a training contract; taken off when it meets one that asks for the qualification held. Set, not fitted:
    `make eval` checks it costs nothing on the readers' judgments."""
    cv_sector: float = 0.0
    """The sector experience an ad asks (`services.jobs.sectors`: the NHS, the public sector, a charity, financial
    services, a practice) against the sectors the CV's experience shows: added when the CV meets an ask, taken off
    when it lacks a required one. The reasons and the gap are given whatever the weight; `make eval` weighs it on
    the readers' judgments (docs/search.md: no weight helped, so none is given)."""
    cv_language: float = 0.3
    """Taken off when the ad requires a language (English aside: `services.jobs.languages`) the CV does not show.
    The folds choose among 0, 0.3 and 1.3 (one grade, as the readers' guidelines weigh "one key requirement not
    shown"); four of five chose 0.3 (docs/search.md)."""
    cv_neighbour: float = 0.5
    """For a CV from a field next to finance (HR, IT, sales: `services.jobs.roles.cv_field`), the points of family
    nearness a post next to that field counts (payroll for HR, finance systems for IT); the folds choose among 0, 0.5
    (all five chose it) and 1, an adjacent family."""
    cv_move_steps: int = 2
    """A post of a family adjacent to the CV's, or apart from it, is a move, and a move starts lower: its step is
    compared with the CV's less this many (never under the first step). The folds choose between 0 and 2
    (docs/search.md)."""
    cv_retrieval: float = 0.5
    """Text and meaning (the fused retrieval rank): the tie-breaker among equally fitting jobs."""
    software: float = 0.1
    """Software the CV names and the ad asks for."""
    cv_director_step: int = 6
    """The step a CV's "Director of Finance" reads as, unless its title says chief, executive, group or vice president
    (`services.jobs.roles.cv_step`)."""
    query_fit: float = 1.52
    """The score of a result that fits a typed query: the threshold chosen on four folds of the judged queries (four
    of the five folds chose 1.52, one 1.53; `tests/eval/fit_threshold.py`), measured on the fifth: it keeps 86% of
    the jobs readers graded 2 or 3 among each query's top twenty and 11% of the rest (docs/search.md). A query whose
    best result scores less says "none of these fits well"; job alerts for a search send nothing less."""

    @property
    def cv_fit(self) -> float:
        """The score of a job that fits a CV: a close family at the CV's own step (before any qualification or
        language it asks, the same family a step away scores 3.1 to 3.6, two steps away 2.3 to 2.8). A CV whose best
        match scores less gets "few of these jobs fit"; job alerts send nothing less."""
        return 2 * self.cv_family


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

    @property
    def kind(self) -> str:
        """Either "fit" (why it fits) or "check" (a fact to check before applying: no salary stated, a qualification the
        user does not show, another place, another level, posted before the asked window, pay below the wish).
        Read from the key, so reasons kept in dialog storage as (key, args) keep their kind."""
        return "check" if self.key in CHECK_REASONS else "fit"


CHECK_REASONS = frozenset({"salary-unstated", "salary-below", "asks-for", "asks-qualified", "posted-before",
                           "elsewhere", "more-senior", "more-junior", "level", "asks-sector",
                           "asks-language"})  # fmt: skip
"""Reasons that are facts to check, not reasons why a job fits: shown apart ("To check: salary not stated")."""


def unique_texts(reasons: Sequence[Reason], explain: Callable[[Reason], str]) -> list[str]:
    """The reasons rendered by `explain`, each text once ("accounts ✓" for the family and for the service line)."""
    return list(dict.fromkeys(text for text in map(explain, reasons) if text))


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

    @property
    def fits(self) -> list[Reason]:
        """Why it fits."""
        return [r for r in self.reasons if r.kind == "fit"]

    @property
    def to_check(self) -> list[Reason]:
        """What to check before applying (shown apart from why it fits)."""
        return [r for r in self.reasons if r.kind == "check"]


@dataclass(frozen=True, slots=True)
class SearchResponse:
    results: list[SearchResult]
    took_ms: float
    filters: SearchFilters
    query_text: str
    few_fit: bool = False
    """The profile shows little accounting signal, or nothing fits well: say so instead of dressing it up."""
    wanted: SearchFilters = field(default_factory=SearchFilters)
    """What the query's words asked for, which steered the ranking (never a filter)."""
    keywords_only: bool = False
    """The embedding provider failed or was too slow: these results come from the full-text stage alone."""
    understood: str | None = None
    """A typed query read differently from how it was typed (translated, a slip corrected): what was searched."""
    off_topic: bool = False
    """The words ask for nothing this board holds ("job", a greeting, a recipe): no results, and the bot says so."""
    not_here: tuple[str, ...] = ()
    """Places the query named where the board has no job that fits: the results are elsewhere, and marked so."""
    outside: tuple[str, ...] = ()
    """Of those, the places the board covers no jobs in at all ("Moscow": it lists jobs in the UK and Armenia)."""

    def as_dict(self, explain: Callable[[Reason], str]) -> dict[str, Any]:
        """The JSON of ARCHITECTURE.md, with each reason rendered by `explain` (the bot's translations)."""
        return {
            "results": [
                {
                    "job_id": r.job_id,
                    "title": r.title,
                    "firm": r.firm,
                    "score": round(r.score, 4),
                    "reasons": unique_texts(r.reasons, explain),
                }
                for r in self.results
            ],
            "took_ms": round(self.took_ms, 1),
            "few_fit": self.few_fit,
            "understood": self.understood,
            "off_topic": self.off_topic,
            "not_here": list(self.not_here),
            "outside": list(self.outside),
        }


def place_filter(filters: SearchFilters) -> Places | None:
    """Where the filters' places, regions and countries are, a county read as its towns; None when they name none."""
    if not (filters.places or filters.regions or filters.countries):
        return None
    return Places(tuple(expand_places(filters.places)), tuple(filters.regions), tuple(filters.countries))


_WORK_MODES = {
    RemotePolicy.REMOTE: ("remote",),
    RemotePolicy.HYBRID: ("remote", "hybrid"),
    RemotePolicy.HYBRID_ONLY: ("hybrid",),
}


def job_filter(filters: SearchFilters, model: str, today: dt.date) -> JobFilter:
    """The filters as the index reads them (`db.retrieval.filter_clause` makes them SQL)."""
    days = filters.posted_within_days
    return JobFilter(
        model=model,
        places=place_filter(filters),
        work_modes=_WORK_MODES[filters.remote] if filters.remote is not None else (),
        min_salary=filters.min_salary,
        include_unstated_salary=filters.include_unstated_salary,
        seniority_min=filters.seniority_min,
        seniority_max=filters.seniority_max,
        services=tuple(filters.services),
        employment=tuple(filters.employment),
        max_firm_ranking=filters.max_firm_ranking,
        posted_since=today - dt.timedelta(days=days) if days is not None else None,
        excluded_firms=tuple(filters.excluded_firms),
        excluded_jobs=tuple(filters.excluded_jobs),
        only_jobs=tuple(filters.only_jobs),
        study_support=filters.study_support,
    )


def text_concepts(text: str) -> list[tuple[str, ...]]:
    """What the full-text stage looks for in a text: its concepts (`roles.concepts`), the first 24."""
    return roles.concepts(text)[:24]


def fuse(*rankings: Sequence[int], k: int = RRF_K) -> dict[int, float]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for position, job_id in enumerate(ranking):
            scores[job_id] = scores.get(job_id, 0.0) + 1.0 / (k + position + 1)
    return scores


# ---------------------------------------------------------------- what was asked

# Words that name a qualification or its status, not a role: they are matched against what the ad asks for.
_QUALIFICATION_WORDS = frozenset({"acca", "aca", "cima", "cipfa", "aat", "cpa", "cta", "att", "icas", "ccab", "icaew",
                                  "qualified", "chartered", "finalist", "studying", "part"})  # fmt: skip
FULL_QUALIFICATIONS = frozenset({"ACCA", "ACA", "ICAS", "CA", "CIMA", "CIPFA", "CPA", "CTA"})
"""Professional qualifications an ad may require (AAT and ATT are technician level, so not counted)."""


@dataclass(frozen=True, slots=True)
class Intent:
    """What a typed query asks for, read once per search."""

    words: tuple[str, ...]
    """The role's words (normalised and stemmed), qualification names taken out."""
    weights: dict[str, float]
    """Each word's weight: its inverse document frequency among the board's titles."""
    family: str | None
    step: int | None
    places: frozenset[str]
    """Named towns and counties, a county with the post towns of its areas."""
    named: str
    """The places as they were asked for ("Cheshire", not its towns), for reasons."""
    regions: frozenset[str]
    """Named regions."""
    near: frozenset[str]
    """The regions of the named towns: near enough for half the place weight."""
    countries: frozenset[str]
    """Named countries, or the countries of the named places."""
    remote: RemotePolicy | None
    min_salary: int | None
    employment: frozenset[str]
    posted_within_days: int | None
    qualifications: frozenset[str]
    service: str | None
    leanings: Leanings = field(default_factory=Leanings)
    """What the user taught the ranking (`services.search.leanings`)."""
    student: bool = False
    """The query asks for posts open to someone still studying ("part qualified", "studying", "finalist")."""

    @property
    def wants_place(self) -> bool:
        return bool(self.places or self.regions or self.countries)


def intent_of(parsed: ParsedQuery, title_counts: dict[str, int], jobs: int) -> Intent:
    """The query's intent, its words weighted by how many of the board's `jobs` titles hold each."""
    found = roles.words(parsed.text)
    newly = "newly" in found
    words = tuple(dict.fromkeys(w for w in found if w not in _QUALIFICATION_WORDS or (newly and w == "qualified")))
    total = max(jobs, 1)
    weights = {w: math.log(1 + (total - title_counts.get(w, 0) + 0.5) / (title_counts.get(w, 0) + 0.5)) for w in words}
    wanted = parsed.filters.merged(parsed.wanted)  # what filters hold is worth saying too ("Leeds ✓")
    places = frozenset(expand_places(wanted.places))
    near = frozenset(UK_PLACES[p] for p in places if p in UK_PLACES)
    countries = set(wanted.countries)
    for place in wanted.places:
        countries.add(FOREIGN.get(place, "United Kingdom"))
    if wanted.regions:
        countries.add("United Kingdom")
    family = roles.family_of(parsed.text)
    return Intent(
        words=words,
        weights=weights,
        family=family.value if family is not None else None,
        step=roles.title_step(parsed.text),
        places=places,
        named=", ".join((*wanted.places, *wanted.regions)) or ", ".join(wanted.countries),
        regions=frozenset(wanted.regions),
        near=near - frozenset(wanted.regions),
        countries=frozenset(countries),
        remote=wanted.remote,
        min_salary=wanted.min_salary,
        employment=frozenset(wanted.employment),
        posted_within_days=wanted.posted_within_days,
        qualifications=frozenset(parsed.qualifications),
        service=parsed.service,
        leanings=parsed.filters.leanings,
        student=_STUDENT.search(parsed.text.lower()) is not None,
    )


_STUDENT = re.compile(r"\bpart[- ]?qual|\bstudying\b|\bstudent\b|\bfinalist\b|\bnearly qualified\b")


@functools.lru_cache(maxsize=8192)
def _employer_words(name: str) -> frozenset[str]:
    """An employer's name as words (the same few thousand names come back search after search)."""
    return frozenset(roles.words(name))


def _place_fit(intent: Intent, row: Candidate) -> float:
    """1 in a named place, county or region; 0.5 in a named town's wider region (or remote in the asked country);
    0 elsewhere in the asked country; -0.5 in another country."""
    if intent.places & set(row.places or ()) or (row.region and row.region in intent.regions):
        return 1.0
    if intent.countries and not intent.places and not intent.regions:
        return 1.0 if row.country in intent.countries else -0.5 if row.country else 0.0
    if row.country and intent.countries and row.country not in intent.countries:
        return -0.5
    if (row.region and row.region in intent.near) or row.work_mode == "remote":
        return 0.5
    return 0.0


def _mode_fit(intent: Intent, mode: str) -> float:
    """How well a job's work mode answers the one asked for. Remote asked: remote 1, hybrid 0.5. Hybrid asked: hybrid
    1; remote 1 when no place was named, else 0.5 (it allows home working, not the office in the named place that
    a hybrid wish implies: "audit senior Leeds hybrid" puts hybrid posts in Leeds above remote ones). Hybrid only: 1
    for hybrid alone. On site: 0."""
    if intent.remote is RemotePolicy.REMOTE:
        return 1.0 if mode == "remote" else 0.5 if mode == "hybrid" else 0.0
    if mode == "hybrid":
        return 1.0
    if mode == "remote" and intent.remote is RemotePolicy.HYBRID:
        return 0.5 if intent.wants_place else 1.0
    return 0.0


def _pays(row: Candidate) -> int | None:
    """The most the ad pays a year, in pounds; None when it states no salary in pounds."""
    if not row.salary_stated or row.salary_currency not in (None, "GBP"):
        return None
    return row.salary_max or row.salary_min


def _salary_text(row: Candidate) -> str | None:
    low, high = row.salary_min, row.salary_max
    if not row.salary_stated:
        return None
    sign = "£" if row.salary_currency in (None, "GBP") else f"{row.salary_currency} "
    if low and high and low != high:
        return f"{sign}{low / 1000:.0f}k-{sign}{high / 1000:.0f}k"
    single = high or low
    return f"{sign}{single / 1000:.0f}k" if single else None


def _level_reason(row: Candidate, wanted: int, *, personal: bool, step: int | None = None) -> Reason | None:
    """The job's level (its `step`, else the row's) against the level asked (or the CV's): the same, above, below,
    or nothing to say."""
    step = row.step if step is None else step
    if step is None:
        return None
    if step == wanted:
        return Reason.of("level-fits")
    if abs(step - wanted) < 2:
        return None
    if personal:
        return Reason.of("more-senior" if step > wanted else "more-junior")
    return Reason.of("level", level=int(row.seniority)) if row.seniority is not None else None


def _recency(row: Candidate, today: dt.date) -> float:
    age = (today - row.posted_on).days if row.posted_on else 60
    return max(0.0, 1 - age / 60)


def rank(
    rows: Sequence[Candidate], fused: dict[int, float], intent: Intent, today: dt.date, weights: Weights = WEIGHTS
) -> list[SearchResult]:
    """Score candidates on what a typed query asks for; explain each score."""
    w = weights
    top = max(fused.values(), default=1.0)
    total = sum(intent.weights.values()) or 1.0
    wanted_words = list(intent.words)
    results = []
    for row in rows:
        reasons: list[Reason] = []
        have = row.title_words or []
        match = roles.role_match(wanted_words, have, intent.weights)
        employer = _employer_words(row.firm_name) - set(have)
        in_employer = sum(intent.weights[x] for x in wanted_words if x in employer) / total
        score = (w.retrieval * fused.get(row.job_id, 0.0) / top + w.title * match.coverage
                 + (w.phrase if match.phrase else 0.0) + w.employer * in_employer)  # fmt: skip
        if row.family is None and row.title_words is not None:  # (a row not parsed since the roles came: unknown)
            score -= w.not_finance
        elif intent.family is not None and row.family == intent.family:
            score += w.family
        if intent.step is not None and row.step is not None:
            # The nearer of the post's step and its title's own: a query asks in the title's words, so "accountant"
            # fits a "Corporate Accountant, Band 5" as well as a band 6 post (read at index time: `title_step`).
            step = row.step
            if row.title_step is not None and abs(intent.step - row.title_step) < abs(intent.step - step):
                step = row.title_step
            score -= w.step * min(2, abs(intent.step - step))
            if (reason := _level_reason(row, intent.step, personal=False, step=step)) is not None:
                reasons.append(reason)
        asked = set(row.qualifications or ())
        if intent.qualifications and asked:
            if asked & intent.qualifications:
                score += w.qualification
                reasons.append(Reason.of("quals-held", codes=" ".join(sorted(asked & intent.qualifications))))
            else:
                reasons.append(Reason.of("asks-for", codes="/".join(sorted(asked)[:3])))
        if intent.student and row.ad_status:
            status = frozenset(row.ad_status)
            if status & STUDENT_WELCOME:
                score += w.qualification
                reasons.append(Reason.of("part-qualified-ok" if "part_qualified" in status else "study-support"))
            elif "qualified" in status:
                reasons.append(Reason.of("asks-qualified"))
        if intent.service and row.service in RELATED_SERVICES.get(intent.service, {intent.service}):
            reasons.append(Reason.of("service-match", service=row.service))
        if intent.wants_place:
            fit = _place_fit(intent, row)
            score += w.place * fit
            shown = ", ".join(row.places or ()) or row.region or row.country or ""
            if fit >= 1:
                reasons.append(Reason.of("place-match", places=shown))
            elif shown and row.work_mode != "remote":  # a remote job is said to be remote, below
                reasons.append(Reason.of("elsewhere", places=shown, wanted=intent.named))
        if intent.remote is not None:
            score += w.place * _mode_fit(intent, row.work_mode)
        if row.work_mode in ("remote", "hybrid"):
            reasons.append(Reason.of(row.work_mode))
        if intent.employment and set(row.employment or ()) & intent.employment:
            score += w.employment
        if intent.posted_within_days is not None and row.posted_on is not None:
            if (today - row.posted_on).days <= intent.posted_within_days:
                score += w.employment  # as strong a wish as the hours'
            else:
                reasons.append(Reason.of("posted-before", days=intent.posted_within_days))
        pays, salary = _pays(row), _salary_text(row)
        if intent.min_salary is not None and pays is not None:
            if pays >= intent.min_salary:
                score += w.salary
                reasons.append(Reason.of("salary-match", salary=salary or ""))
            else:
                score -= w.salary * min(1.0, (intent.min_salary - pays) / (0.25 * intent.min_salary))
                reasons.append(Reason.of("salary-below", salary=salary or ""))
        elif salary is None:
            reasons.append(Reason.of("salary-unstated"))
        score += _leaning(intent.leanings, row, pays, salary, reasons, intent.places)
        score += w.recency * _recency(row, today)
        results.append(_result(row, score, reasons))
    results.sort(key=lambda r: (-r.score, r.job_id))
    return results


def _leaning(leanings: Leanings, row: Candidate, pays: int | None, salary: str | None, reasons: list[Reason],
             named: frozenset[str] = frozenset()) -> float:  # fmt: skip
    """How the user's leanings move `row`, its reasons added to `reasons` (a favourite firm; pay below their floor)."""
    moved = lean(leanings, step=row.step, family=row.family, places=row.places, region=row.region,
                 firm=row.firm_name, pays=pays, named_places=named)  # fmt: skip
    if moved.favourite:
        reasons.insert(0, Reason.of("favourite-firm"))
    if moved.below_floor:
        reasons.append(Reason.of("salary-below", salary=salary or ""))
    return moved.score


@dataclass(frozen=True, slots=True)
class CvIntent:
    """What a CV says about the jobs that fit it, read once per match."""

    family: str | None
    step: int | None
    held: frozenset[str]
    """Professional qualifications the CV shows as held."""
    software: frozenset[str]
    studying: frozenset[str] = frozenset()
    """Qualifications the CV shows as studied for (studying, part-qualified or finalist), not held."""
    years: float = 0.0
    qbe: bool = False
    """The CV calls its owner qualified by experience."""
    sectors: frozenset[str] | None = None
    """The sectors the CV's experience shows; None for a profile read before sectors were (nothing is judged)."""
    languages: frozenset[str] = ASSUMED
    """The languages the CV shows, English always among them."""
    field: str | None = None
    """For a CV from outside finance, the field next to it that its titles name (`services.jobs.roles.cv_field`)."""


# A Seniority on the career ladder, for a CV whose title names no step.
_SENIORITY_STEP = {0: 1, 1: 1, 2: 3, 3: 4, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8}


def cv_intent(profile: CvProfile, weights: Weights = WEIGHTS) -> CvIntent:
    title = profile.current_title if "seniority_level" not in profile.corrected else None  # a corrected level wins
    step = roles.cv_step(title, weights.cv_director_step) if title else None
    if step is None and profile.seniority_level is not None:
        step = _SENIORITY_STEP.get(profile.seniority_level)
    family = profile.role_family if profile.role_family != RoleFamily.OTHER.value else None
    return CvIntent(
        family=family,
        step=step,
        held=frozenset(q.code for q in profile.qualifications if q.status is QualificationStatus.QUALIFIED),
        software=frozenset(profile.software),
        studying=frozenset(q.code for q in profile.qualifications if q.status is not QualificationStatus.QUALIFIED),
        years=profile.years_experience,
        qbe=profile.qualified_by_experience,
        sectors=frozenset(profile.sectors) if profile.sectors is not None else None,
        languages=spoken(profile.languages),
        field=cv_field(profile),
    )


def cv_field(profile: CvProfile) -> str | None:
    """For a CV from outside finance (no finance family, not read as an accounting CV), the field next to finance its
    titles name, latest first (`services.jobs.roles.cv_field`: "hr", "it", "sales"), or sales for a car dealer's
    finance desk (`CvProfile.dealer_finance`); None for a finance CV or another field."""
    if profile.role_family != RoleFamily.OTHER.value or profile.is_accounting:
        return None
    if profile.dealer_finance and "current_title" not in profile.corrected:  # a title the user gave is theirs
        return "sales"
    titles = [profile.current_title] if profile.current_title else []
    return roles.cv_field(titles + [role.title for role in profile.work_history])


def rank_for_cv(
    rows: Sequence[Candidate],
    fused: dict[int, float],
    cv: CvIntent,
    today: dt.date,
    weights: Weights = WEIGHTS,
    leanings: Leanings = Leanings(),  # noqa: B008 (frozen)
) -> list[SearchResult]:
    """Score candidates as a recruiter would put the CV forward for them; explain each score."""
    w = weights
    top = max(fused.values(), default=1.0)
    results = []
    for row in rows:
        reasons: list[Reason] = []
        near: float = roles.affinity(cv.family, row.family)
        # A post next to the field of a CV from outside finance: a move into finance, which the step of a career
        # elsewhere says little about, either way (marking down the posts above it measured worse: docs/search.md).
        neighbour = False
        if cv.field is not None and w.cv_neighbour > 0 and roles.neighbours(cv.field, row.family, row.title):
            neighbour, near = True, w.cv_neighbour
            reasons.append(Reason.of("near-field", field=cv.field))
        score = w.cv_family * near + w.cv_retrieval * fused.get(row.job_id, 0.0) / top
        # A post of no finance family loses; one not read since the roles came (no words) is unknown, and does not.
        if row.family is None and row.title_words is not None and not neighbour:
            score -= 3 * w.cv_family
        elif near == 3 and row.family is not None:
            reasons.append(Reason.of("family-match", family=row.family))
        if cv.step is not None and row.step is not None:
            if not neighbour:
                own = cv.step
                if cv.family is not None and row.family is not None and near <= 1:  # a move into another family
                    own = max(min(cv.step, 1), cv.step - w.cv_move_steps)  # an intern's step 0 stays 0
                score -= w.cv_step * min(3, abs(own - row.step))
            if (reason := _level_reason(row, cv.step, personal=True)) is not None:
                reasons.append(reason)
        score += _status_fit(row, cv, w, reasons)
        score += _sector_fit(row, cv, w, reasons)
        score += _language_fit(row, cv, w, reasons)
        overlap = {s for s in row.software or () if s in cv.software}
        if overlap:
            score += w.software * min(1.0, len(overlap) / 2)
            reasons.append(Reason.of("software-match", names=", ".join(sorted(overlap))))
        if row.work_mode in ("remote", "hybrid"):
            reasons.append(Reason.of(row.work_mode))
        salary = _salary_text(row)
        if salary is None:
            reasons.append(Reason.of("salary-unstated"))
        score += _leaning(leanings, row, _pays(row), salary, reasons)
        score += w.recency * _recency(row, today)
        results.append(_result(row, score, reasons))
    results.sort(key=lambda r: (-r.score, r.job_id))
    return results


TYPICAL_YEARS = {3: 2, 4: 4, 5: 6, 6: 8, 7: 10, 8: 15}
"""About how many years of experience posts at each step of the ladder want (the demo board's and the readers'
ads' usual asks): for the gap "such posts usually want about 6 years; your CV shows 3"."""


@dataclass(frozen=True, slots=True)
class Gaps:
    """What a job asks that a CV does not show, and one practical thing to do about it."""

    missing: list[Reason]
    suggestion: Reason | None


RESTATED = {
    "gap-qual": {"asks-for"},
    "gap-qual-studying": {"asks-for"},
    "gap-qualified": {"asks-qualified"},
    "gap-level": {"more-senior"},
    "gap-years": {"more-senior"},
    "gap-sector": {"asks-sector"},
    "gap-language": {"asks-language"},
}
"""The facts to check that a gap says again, in full ("asks for ACCA" beside "asks for ACCA qualified; your CV
shows you studying for it")."""


def without_restated(reasons: Sequence[Reason], missing: Sequence[Reason]) -> list[Reason]:
    """`reasons` less the facts to check that `missing` says again (and only those)."""
    restated = {key for gap in missing for key in RESTATED.get(gap.key, ())}
    return [r for r in reasons if r.kind != "check" or r.key not in restated]


_UNMET = {"asks-sector": "sector", "asks-language": "language"}
"""A fact to check that is also a gap: its gap and its suggestion are `gap-<value>` and `suggest-<value>`."""


def cv_gaps(row: Candidate, cv: CvIntent) -> Gaps:
    """What `row` asks that the CV does not show: the comparisons `rank_for_cv` scores, from its side. A
    qualification not held (or only studied for), a level above the CV's (with the years such posts want when the
    CV shows fewer), another role family, sector experience or a language the ad requires and the CV does not show,
    software the ad names and the CV does not."""
    missing: list[Reason] = []
    suggestions: list[Reason] = []
    said: list[Reason] = []
    _status_fit(row, cv, WEIGHTS, said)  # the ranker's own verdict on the qualification, seen from the CV's side
    for reason in said:
        if reason.key == "asks-for":
            asked = set(row.qualifications or ()) & FULL_QUALIFICATIONS
            studying = sorted(asked & cv.studying)
            if studying:
                missing.append(Reason.of("gap-qual-studying", codes="/".join(studying)))
                suggestions.append(Reason.of("suggest-part-qualified", codes=studying[0]))
            else:
                missing.append(Reason.of("gap-qual", codes=str(dict(reason.args)["codes"])))
                suggestions.append(Reason.of("suggest-qualification", codes=sorted(asked)[0]))
        elif reason.key == "asks-qualified":
            missing.append(Reason.of("gap-qualified"))
            suggestions.append(Reason.of("suggest-qualified"))
    demands: list[Reason] = []
    _sector_fit(row, cv, WEIGHTS, demands)  # the ranker's own reading of the sector and the languages asked
    _language_fit(row, cv, WEIGHTS, demands)
    for reason in demands:
        if (what := _UNMET.get(reason.key)) is not None:  # "asks-sector": "gap-sector", "suggest-sector"
            missing.append(Reason.of(f"gap-{what}", **dict(reason.args)))
            suggestions.append(Reason.of(f"suggest-{what}", **dict(reason.args)))
    if cv.step is not None and row.step is not None and row.step > cv.step:
        wanted = TYPICAL_YEARS.get(row.step)
        if wanted is not None and cv.years < wanted:
            missing.append(Reason.of("gap-years", steps=row.step - cv.step, wanted=wanted, years=int(cv.years)))
        else:
            missing.append(Reason.of("gap-level", steps=row.step - cv.step))
        suggestions.append(Reason.of("suggest-level"))
    if cv.family is not None and row.family is not None and roles.affinity(cv.family, row.family) < 2:
        missing.append(Reason.of("gap-field", family=row.family))
        suggestions.append(Reason.of("suggest-field", family=row.family))
    software = [s for s in row.software or () if s not in cv.software]
    if software:
        missing.append(Reason.of("gap-software", names=", ".join(software[:3])))
        suggestions.append(Reason.of("suggest-software"))
    return Gaps(missing, suggestions[0] if suggestions else None)


STUDENT_WELCOME = frozenset({"part_qualified", "study_support", "training_contract"})
"""What an ad says that welcomes someone still studying for a qualification."""


def _status_fit(row: Candidate, cv: CvIntent, w: Weights, reasons: list[Reason]) -> float:
    """The qualifications the ad asks for, and what it says of their status, against the CV's: its score, its
    reasons added to `reasons`."""
    asked = set(row.qualifications or ()) & FULL_QUALIFICATIONS
    status = frozenset(row.ad_status or ())
    if asked & cv.held:
        reasons.append(Reason.of("quals-held", codes=" ".join(sorted(asked & cv.held))))
        return 0.0
    score = 0.0
    studying = bool(asked & cv.studying)  # the ad names the qualification the CV studies for
    if studying and status & STUDENT_WELCOME:
        score += w.cv_status
        if "part_qualified" in status:
            reasons.append(Reason.of("part-qualified-ok"))
        if status & {"study_support", "training_contract"}:
            reasons.append(Reason.of("study-support"))
        return score
    if cv.qbe and "qbe" in status:
        reasons.append(Reason.of("qbe-ok"))
        return score
    if asked:
        score -= w.cv_qualification
        reasons.append(Reason.of("asks-for", codes="/".join(sorted(asked)[:3])))
    elif "qualified" in status and not cv.held:
        reasons.append(Reason.of("asks-qualified"))
    if studying and "qualified" in status:
        score -= w.cv_status  # "ACCA qualified essential" to an ACCA student
    return score


def _sector_fit(row: Candidate, cv: CvIntent, w: Weights, reasons: list[Reason]) -> float:
    """The sector experience the ad asks against the sectors the CV shows: its score, its reasons added to
    `reasons` ("NHS experience ✓"; to check: "asks for NHS experience"). Nothing for a profile read before sectors
    were, nor for an ad not read for them yet."""
    if cv.sectors is None or not row.ad_sectors:
        return 0.0
    asks = AdSectors.from_list(row.ad_sectors)
    met = sorted(s.value for s in asks.required | asks.desirable if meets(s, cv.sectors))
    missing = sorted(s.value for s in asks.required if not meets(s, cv.sectors))
    score = 0.0
    if met:
        reasons.append(Reason.of("sector-match", sectors=",".join(met)))
        score += w.cv_sector
    if missing:
        reasons.append(Reason.of("asks-sector", sectors=",".join(missing)))
        score -= w.cv_sector
    return score


def _language_fit(row: Candidate, cv: CvIntent, w: Weights, reasons: list[Reason]) -> float:
    """The languages the ad asks against those the CV shows: its score, its reasons added to `reasons` ("Armenian
    ✓"; to check: "asks for Armenian")."""
    if not row.ad_languages:
        return 0.0
    asks = AdLanguages.from_list(row.ad_languages)
    met = sorted((asks.required | asks.desirable) & cv.languages)
    missing = sorted(asks.required - cv.languages)
    if met:
        reasons.append(Reason.of("language-match", languages=",".join(met)))
    if missing:
        # `names` as the CV reader reads them (English), for the suggestion to write them so; `count` for plurals
        reasons.append(Reason.of("asks-language", languages=",".join(missing), names=", ".join(missing),
                                 count=len(missing)))  # fmt: skip
        return -w.cv_language
    return 0.0


def _said(reason: Reason) -> tuple[str, tuple[tuple[str, str | int], ...]]:
    """What a reason says: the role family and the service line of the same name say the same ("audit ✓")."""
    if reason.key in ("family-match", "service-match"):
        return "match", tuple((("code", str(v)) for _, v in reason.args))
    return reason.key, reason.args


def _capped(reasons: list[Reason]) -> list[Reason]:
    """At most five reasons why it fits, and every fact to check (a salary not stated is never crowded
    out by reasons to like the job)."""
    return [r for r in reasons if r.kind == "fit"][:5] + [r for r in reasons if r.kind != "fit"][:4]


def _result(row: Candidate, score: float, reasons: list[Reason]) -> SearchResult:
    said: dict[Any, Reason] = {}
    for reason in reasons:
        said.setdefault(_said(reason), reason)
    return SearchResult(
        job_id=row.job_id,
        title=row.title,
        firm=row.firm_name,
        score=score,
        reasons=_capped(list(said.values())),
        location=", ".join(row.places) if row.places else row.region or row.country,
        salary_min=row.salary_min,
        salary_max=row.salary_max,
    )


# Service lines that answer each other's queries (the board files corporate finance under "Advisory"; "audit" alone
# covers internal audit too, "internal audit" does not ask for external audit).
RELATED_SERVICES = {
    "corporate_finance": {"corporate_finance", "advisory"},
    "advisory": {"advisory", "corporate_finance"},
    "audit": {"audit", "internal_audit"},
}


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


FAMILY_WORDS = {
    "audit": "audit", "tax": "tax", "accounts": "accountant accounts", "management_accounting": "management accountant",
    "financial_accounting": "financial accountant reporting", "payroll": "payroll", "ap_ar_bookkeeping":
    "accounts payable receivable bookkeeper", "finance_management": "finance manager financial controller",
    "fpa_analysis": "financial analyst FP&A", "treasury": "treasury", "banking_operations": "banking",
}  # fmt: skip
NEIGHBOUR_WORDS = {"hr": "payroll pensions", "it": "finance systems technology", "sales": "mortgage adviser sales"}
"""The words of the finance posts next to a field (`services.jobs.roles.neighbours`), for a CV from that field."""


def profile_query(profile: CvProfile, neighbours: bool = True) -> str:
    """What a CV asks for, as search text: its role, family (or, from outside finance and with `neighbours`, the
    posts next to its field), credentials and strongest skills."""
    family = FAMILY_WORDS.get(profile.role_family, "")
    if not family and neighbours and (field := cv_field(profile)) is not None:
        family = NEIGHBOUR_WORDS[field]
    parts = [profile.current_title or "", family,
             " ".join(q.code for q in profile.qualifications), " ".join(profile.skills[:6]),
             " ".join(profile.software[:4])]  # fmt: skip
    return " ".join(" ".join(parts).split())


def _within_reach(where: JobFilter, cv: CvIntent) -> JobFilter:
    """Where the jobs a CV could fit are: a family within reach and a step within two of the CV's. Narrows the
    vector stage only (the text stage reads the CV's words anywhere)."""
    if cv.family is not None:
        near = tuple(f.value for f in RoleFamily if roles.affinity(cv.family, f) >= 1)
        where = replace(where, families=near)
    if cv.step is not None:
        where = replace(where, steps=(cv.step - 2, cv.step + 2))
    return where


@dataclass(frozen=True, slots=True)
class Retrieved:
    """A search's candidates and what ranking them needs: the fused retrieval scores, and what was asked (a query's
    intent or a CV's)."""

    rows: dict[int, Candidate]
    fused: dict[int, float]
    intent: Intent | None
    profile: CvProfile | None
    keywords_only: bool = False
    """The vector stage could not run (the embedding provider failed or was too slow)."""
    leanings: Leanings = field(default_factory=Leanings)


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
    def prepare(
        query: str, filters: SearchFilters | None = None, *, strict: bool = False, saved: bool = False
    ) -> ParsedQuery:
        """A typed query with the caller's filters, parsed once. What the words ask for is `wanted` (it steers the
        ranking); with `strict` it is a filter too, over `filters` (job alerts: nothing from another city). With
        `saved`, `filters` are the user's saved preferences, and what the words name takes the place of a saved
        preference of the same kind ("accountant Leeds" with Manchester saved looks in Leeds first, not in
        Manchester only)."""
        parsed = parse_query(query)
        hard = filters or SearchFilters()
        if saved:
            hard = hard.without_what(parsed.filters)
        if strict:
            return replace(parsed, filters=hard.merged(parsed.filters), wanted=parsed.filters)
        return replace(parsed, filters=hard, wanted=parsed.filters)

    async def forget(self, queries: Sequence[str], profile: CvProfile | None) -> int:
        """Drop the cached vectors of what these searches and this CV embedded (at erasure)."""
        texts = [self.prepare(q).text for q in queries if q and q != "[cv]"]
        if profile is not None:  # with and without the words of the posts next to its field (cached before them)
            texts += {self.prepare_cv(profile, neighbours=n).text for n in (True, False)}
        return await self.embeddings.forget(texts)

    @staticmethod
    def prepare_cv(profile: CvProfile, preferences: SearchFilters | None = None, *, neighbours: bool = True
                   ) -> ParsedQuery:  # fmt: skip
        """A CV as a search: its words (with `neighbours`, those of the posts next to the field of a CV from outside
        finance), within the user's preferences."""
        level = profile.seniority_level
        filters = preferences or SearchFilters()
        wish = profile.salary_expectation
        if "salary_expectation" in profile.corrected and wish and wish.minimum and filters.min_salary is None:
            filters = replace(filters, min_salary=wish.minimum)  # the salary wish the user set on their profile
        elif wish and wish.minimum and wish.currency == "GBP" and filters.min_salary is None:
            # The wish read from the CV fills the salary preference the user did not set, as a floor that ranks
            # (jobs stating less sink and say "pays £30k"), not as a filter the user never set.
            floor = max(wish.minimum, filters.leanings.salary_floor or 0)
            filters = replace(filters, leanings=replace(filters.leanings, salary_floor=floor))
        return ParsedQuery(
            profile_query(profile, neighbours),
            filters,
            Seniority(level) if level is not None else None,
            tuple(q.code for q in profile.qualifications),
            None,
        )

    async def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        top: int = 10,
        user_id: int | None = None,
        today: dt.date | None = None,
        strict: bool = False,
        saved: bool = False,
    ) -> SearchResponse:
        """A typed query, within `filters` (the user's saved preferences and filter buttons, or the options of the
        command line and the API). The query's own words steer the ranking and filter nothing, unless `strict`.
        With `saved`, `filters` are the user's saved preferences, less what the words name (`prepare`); the filters
        in force come back in the response's `filters`.
        """
        parsed = self.prepare(query, filters, strict=strict, saved=saved)
        if not parsed.on_topic and await self._names_a_firm(parsed.text):  # "KPMG", "PwC Leeds"
            parsed = replace(parsed, on_topic=True)
        if not parsed.on_topic or (strict and parsed.outside):
            # Nothing to look for (no page of jobs that merely share a word), or, for an alert, only a place the
            # board holds no jobs in. Not kept in the history: the latest search is what job alerts follow.
            return SearchResponse([], 0.0, parsed.filters, parsed.text, few_fit=True, wanted=parsed.wanted,
                                  understood=parsed.understood, off_topic=not parsed.on_topic,
                                  not_here=parsed.outside, outside=parsed.outside)  # fmt: skip
        response = await self._run(parsed, None, top=top, user_id=user_id, logged_query=query, today=today)
        named = parsed.wanted.merged(parsed.filters)
        asked = (*named.places, *named.regions, *named.countries)
        in_place = any(r.key == "place-match" for result in response.results for r in result.reasons)
        not_here = (*parsed.outside, *(asked if asked and not in_place else ()))
        best = response.results[0].score if response.results else None
        return replace(
            response,
            few_fit=best is None or best < self.weights.query_fit or bool(parsed.outside),
            understood=parsed.understood,
            not_here=tuple(dict.fromkeys(not_here)),
            outside=parsed.outside,
        )

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
        parsed = self.prepare_cv(profile, preferences, neighbours=self.weights.cv_neighbour > 0)
        response = await self._run(parsed, profile, top=top, user_id=user_id, logged_query="[cv]", today=today)
        few = not profile.is_accounting or not response.results or response.results[0].score < self.weights.cv_fit
        return replace(response, few_fit=few)

    async def favourite_jobs(self, job_ids: Sequence[int], filters: SearchFilters, *, profile: CvProfile | None = None,
                             query: str = "", today: dt.date | None = None) -> list[SearchResult]:  # fmt: skip
        """Of `job_ids`, the jobs of the user's favourite firms (`filters.leanings.firms`) that they did not dismiss,
        ranked and explained against their CV (or their query) as a search would: job alerts bring them whether they
        fit or not."""
        firms = set(filters.leanings.firms)
        if not firms or not job_ids:
            return []
        async with self._uow.reader() as work:
            rows = await work.retrieval.candidates(self.model, job_ids)
        dismissed = set(filters.excluded_jobs)
        rows = [r for r in rows if r.firm_name in firms and r.job_id not in dismissed]
        if not rows:
            return []
        today = today or dt.date.today()
        if profile is not None:
            return rank_for_cv(rows, {}, cv_intent(profile, self.weights), today, self.weights, filters.leanings)
        return rank(rows, {}, intent_of(self.prepare(query, filters), {}, 0), today, self.weights)

    async def retrieve(self, parsed: ParsedQuery, profile: CvProfile | None, today: dt.date) -> Retrieved:
        """The candidates of a prepared query (or of a CV's profile) and what ranking them needs."""
        where = job_filter(parsed.filters, self.model, today)
        cv = cv_intent(profile, self.weights) if profile is not None else None
        # The text stage looks where the words ask for first (a named place, remote work); the vector stage
        # anywhere, or, for a CV, among the families and steps within its reach.
        text_where = where
        hard = parsed.filters
        preferred = place_filter(parsed.wanted)
        if preferred is not None and not (hard.places or hard.regions or hard.countries):  # (not one already)
            text_where = replace(text_where, also_places=preferred)
        if parsed.wanted.remote is not None and hard.remote is None:
            text_where = replace(text_where, also_work_modes=("remote", "hybrid"))
        vector_where = _within_reach(where, cv) if cv is not None else where

        limit = CANDIDATES if cv is None else CV_CANDIDATES

        # Each stage reads without a transaction (`reader`): no BEGIN and ROLLBACK round trips.
        async def by_text() -> list[Candidate]:
            concepts = text_concepts(parsed.text)
            async with self._uow.reader() as work:
                rows = await work.retrieval.text_matches(concepts, text_where, limit)
                if len(rows) < CANDIDATES // 2 and text_where is not where:  # too few where asked: anywhere too
                    elsewhere = replace(where, excluded_jobs=(*where.excluded_jobs, *(r.job_id for r in rows)))
                    rows += await work.retrieval.text_matches(concepts, elsewhere, CANDIDATES - len(rows))
                return rows

        keywords_only = False

        async def by_vector() -> tuple[list[Candidate], tuple[dict[str, int], int]]:
            nonlocal keywords_only
            if not any(ch.isalnum() for ch in parsed.text):  # "!!!" has no meaning to look for, as "" has none
                return [], ({}, 0)
            embedding = asyncio.ensure_future(self.embeddings.embed_query(parsed.text))
            try:
                counts: tuple[dict[str, int], int] = ({}, 0)
                if cv is None:  # while the query is embedded (in a thread), how many titles hold each of its words
                    async with self._uow.reader() as work:
                        counts = await work.job_index.title_terms(
                            self.model, list(dict.fromkeys(roles.words(parsed.text))))  # fmt: skip
                try:  # no connection held meanwhile: the embedding may need one (the kept query vectors)
                    vector = await asyncio.wait_for(embedding, QUERY_EMBED_SECONDS)
                except (EmbeddingUnavailable, TimeoutError) as exc:
                    logger.warning("query embedding unavailable ({}): full-text results only", type(exc).__name__)
                    keywords_only = True
                    return [], counts
                async with self._uow.reader() as work:
                    return await work.retrieval.vector_matches(vector, vector_where, limit), counts
            finally:
                embedding.cancel()  # (done by then, unless something above failed)

        # Full-text and vector retrieval run at once, each on its own connection; the query is embedded
        # while the full-text search runs. Both read the ranker's columns with their candidates, so ranking
        # needs no further query.
        text_rows, (vector_rows, (counts, jobs)) = await asyncio.gather(by_text(), by_vector())
        fused = fuse([r.job_id for r in vector_rows], [r.job_id for r in text_rows])
        rows_by_id = {r.job_id: r for r in (*vector_rows, *text_rows)}
        intent = intent_of(parsed, counts, jobs) if cv is None else None
        return Retrieved(rows_by_id, fused, intent, profile, keywords_only, parsed.filters.leanings)

    def rank(self, found: Retrieved, today: dt.date, weights: Weights | None = None) -> list[SearchResult]:
        """The candidates ranked, near-duplicates collapsed."""
        candidates = list(found.rows.values())
        weights = weights or self.weights
        if found.profile is not None:
            cv = cv_intent(found.profile, weights)
            ranked = rank_for_cv(candidates, found.fused, cv, today, weights, found.leanings)
        else:
            assert found.intent is not None
            ranked = rank(candidates, found.fused, found.intent, today, weights)
        return collapse_duplicates(ranked, found.rows)

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
        try:
            found = await self.retrieve(parsed, profile, today)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            # The connection died under the query (a failover, a restart, a killed backend): once more, on a new one.
            logger.warning("search: the database connection was lost ({}); trying once more", type(exc.orig).__name__)
            found = await self.retrieve(parsed, profile, today)
        results = self.rank(found, today)[:top]
        await self._log(user_id, logged_query, parsed, len(results))
        return SearchResponse(results, (time.perf_counter() - started) * 1000, parsed.filters, parsed.text,
                              wanted=parsed.wanted, keywords_only=found.keywords_only)  # fmt: skip

    async def _names_a_firm(self, text: str) -> bool:
        """A distinctive word of the query is a word of the name of a firm with jobs on the board ("KPMG",
        "Deloitte"; not "capital" for Capital One)."""
        words = query_words.distinctive(re.findall(r"[^\W_]{2,}", text.lower()))[:6]
        if not words:
            return False
        async with self._uow.reader() as work:
            return await work.job_index.names_a_firm(self.model, words)

    async def _log(self, user_id: int | None, logged_query: str, parsed: ParsedQuery, found: int) -> None:
        """A user's search in their history (the admin's statistics and the user's export read it)."""
        if user_id is None:
            return
        async with self._uow() as work:
            await self.record(work, user_id, logged_query, parsed.filters, parsed.wanted, found)
            await work.commit()

    @staticmethod
    async def record(
        work: UnitOfWork, user_id: int, logged_query: str, filters: SearchFilters, wanted: SearchFilters, found: int
    ) -> None:
        """Add a search to the user's history within the caller's unit of work (which commits it)."""
        logged = filters.as_dict() | ({"wanted": wanted.as_dict()} if wanted.as_dict() else {})
        await work.searches.add(user_id, logged_query, logged, found)
