"""Every system on the judged queries and CVs, BM25 computed in the same run."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from services.cv.profile import CvProfile, extract_profile
from services.search.job_search import WEIGHTS, JobSearch, Weights, job_filter, profile_query, text_concepts
from services.search.query import SearchFilters
from tests.eval import judgments
from tests.eval.bm25 import BM25, ad_text
from tests.eval.board import Board, ads, cv_texts, judged_board
from tests.eval.judgments import Case
from tests.eval.scoring import Score, mean, per_case
from tests.eval.variants import RUSSIAN, TYPOS
from tests.eval.variants_independent import RUSSIAN_INDEPENDENT, TYPOS_INDEPENDENT

DEPTH = 50
"""How many results each system returns for a case (nDCG@10 reads 10, MRR the rest)."""
BM25_CV_CHARS = 4000


@dataclass
class Inputs:
    board: Board
    queries: list[Case]
    cvs: list[Case]
    cv_text: dict[str, str]
    profiles: dict[str, CvProfile]
    bm25: BM25


@dataclass
class Report:
    queries: dict[str, dict[str, Score]] = field(default_factory=dict)
    """System -> case id -> score."""
    cvs: dict[str, dict[str, Score]] = field(default_factory=dict)
    rankings: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    seconds: float = 0.0


Ranker = Callable[[Inputs, Case, str], Awaitable[list[str]]]
"""(inputs, case, "query" or "cv") -> doc ids, best first."""


async def bm25(inputs: Inputs, case: Case, kind: str) -> list[str]:
    text = case.text if kind == "query" else inputs.cv_text[case.text][:BM25_CV_CHARS]
    return inputs.bm25.rank(text, DEPTH)


def _docs(inputs: Inputs, job_ids: Sequence[int]) -> list[str]:
    return [inputs.board.doc_of[j] for j in job_ids]


def variant(weights: Weights = WEIGHTS, *, strict: bool = False) -> Ranker:
    """The product's search and CV matching with other weights, or with the query's words as filters (`strict`)."""

    async def ranker(inputs: Inputs, case: Case, kind: str) -> list[str]:
        search = JobSearch(inputs.board.uow, inputs.board.embeddings, weights)
        if kind == "query":
            response = await search.search(case.text, top=DEPTH, strict=strict)
        else:
            response = await search.match_cv(inputs.profiles[case.case_id], top=DEPTH)
        return _docs(inputs, [r.job_id for r in response.results])

    return ranker


product = variant()


def _raw_text(inputs: Inputs, case: Case, kind: str) -> str:
    return case.text if kind == "query" else profile_query(inputs.profiles[case.case_id])


async def full_text(inputs: Inputs, case: Case, kind: str) -> list[str]:
    """The product's full-text stage alone on the raw text (for a CV, the words it searches with): no parsing,
    no filters, every match ranked."""
    board = inputs.board
    where = job_filter(SearchFilters(), board.embeddings.model, dt.date.today())
    concepts = text_concepts(_raw_text(inputs, case, kind))
    async with board.uow() as work:
        rows = await work.retrieval.text_matches(concepts, where, DEPTH, ranked=None)
    return _docs(inputs, [r.job_id for r in rows])


async def vector(inputs: Inputs, case: Case, kind: str) -> list[str]:
    """Cosine similarity alone (exact), on the same text."""
    board = inputs.board
    where = job_filter(SearchFilters(), board.embeddings.model, dt.date.today())
    query_vector = await board.embeddings.embed_query(_raw_text(inputs, case, kind))
    async with board.uow() as work:
        rows = await work.retrieval.vector_matches(query_vector, where, DEPTH, exact=True)
    return _docs(inputs, [r.job_id for r in rows])


SYSTEMS: dict[str, Ranker] = {"BM25": bm25, "product": product, "full-text only": full_text, "vector only": vector}
VARIANTS: dict[str, Ranker] = {
    "product, query words as filters": variant(strict=True),
    "product without the title match": variant(replace(WEIGHTS, title=0.0, phrase=0.0)),
    "product without families and steps": variant(replace(WEIGHTS, family=0.0, step=0.0, not_finance=0.0, cv_family=0.0,
                                                          cv_step=0.0, cv_neighbour=0.0)),
    "product without place, pay and hours": variant(replace(WEIGHTS, place=0.0, salary=0.0, employment=0.0)),
    "product, CV director read as the top step": variant(replace(WEIGHTS, cv_director_step=8)),
    "product, sector experience weighed 0.2": variant(replace(WEIGHTS, cv_sector=0.2)),
    "product, sector experience weighed 0.5": variant(replace(WEIGHTS, cv_sector=0.5)),
    "product without the languages asked": variant(replace(WEIGHTS, cv_language=0.0)),
    "product without the posts next to a CV's field": variant(replace(WEIGHTS, cv_neighbour=0.0)),
    "product without a move into another family starting lower": variant(replace(WEIGHTS, cv_move_steps=0)),
}  # fmt: skip
"""What each part of the product adds: the product with that part taken out (or, for the first, the old behaviour
of typed words as filters); the two sector rows weigh what the product only explains (`Weights.cv_sector`); the
languages row takes out the languages an ad requires (`Weights.cv_language`); the next, the posts next to the field
of a CV from outside finance (`Weights.cv_neighbour`); the last compares a post of an adjacent or another family with
the CV's own step (`Weights.cv_move_steps`)."""


async def run_systems(inputs: Inputs, systems: Mapping[str, Ranker], report: Report) -> None:
    for name, ranker in systems.items():
        rankings: dict[str, list[str]] = {}
        for case in inputs.queries:
            rankings[f"q:{case.case_id}"] = await ranker(inputs, case, "query")
        for case in inputs.cvs:
            rankings[f"cv:{case.case_id}"] = await ranker(inputs, case, "cv")
        report.rankings[name] = rankings
        report.queries[name] = per_case({c.case_id: rankings[f"q:{c.case_id}"] for c in inputs.queries}, inputs.queries)
        report.cvs[name] = per_case({c.case_id: rankings[f"cv:{c.case_id}"] for c in inputs.cvs}, inputs.cvs)


async def inputs_on(board: Board) -> Inputs:
    queries, cvs = judgments.queries(), judgments.cvs()
    texts = await cv_texts([c.text for c in cvs])
    profiles = {c.case_id: extract_profile(texts[c.text]) for c in cvs}
    every_ad = ads()
    return Inputs(board, queries, cvs, texts, profiles, BM25({d: ad_text(a) for d, a in every_ad.items()}))


async def evaluate(systems: Mapping[str, Ranker] = SYSTEMS) -> Report:
    started = time.perf_counter()
    report = Report()
    async with judged_board() as board:
        inputs = await inputs_on(board)
        await run_systems(inputs, systems, report)
    report.seconds = time.perf_counter() - started
    return report


async def run_variants(inputs: Inputs, systems: Mapping[str, Ranker]) -> dict[str, dict[str, float]]:
    """nDCG@10 of each system on the plain queries, the misspelt ones and the Russian ones (`tests.eval.variants`),
    each judged by the plain query's grades, and on the second author's sets (`tests.eval.variants_independent`):
    system -> {"plain", "typos", "russian", "typos, second set", "russian, second set"} -> mean nDCG@10."""
    out: dict[str, dict[str, float]] = {}
    for name, ranker in systems.items():
        out[name] = {}
        sets = (("plain", None), ("typos", TYPOS), ("russian", RUSSIAN), ("typos, second set", TYPOS_INDEPENDENT),
                ("russian, second set", RUSSIAN_INDEPENDENT))  # fmt: skip
        for label, texts in sets:
            cases = [c if texts is None else replace(c, text=texts[c.case_id]) for c in inputs.queries]
            rankings = {c.case_id: await ranker(inputs, c, "query") for c in cases}
            out[name][label] = mean(per_case(rankings, cases)).ndcg
    return out


def variants_table(figures: Mapping[str, Mapping[str, float]]) -> str:
    """A row per system and set of variants: nDCG@10 and the share of the plain queries' figure it keeps."""
    lines = ["| system | variants | plain queries nDCG@10 | misspelt | kept | Russian | kept |",
             "| --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for name, f in figures.items():
        plain = f["plain"] or 1.0
        for label, suffix in (("ours", ""), ("second author's", ", second set")):
            typos, russian = f["typos" + suffix], f["russian" + suffix]
            lines.append(f"| {name} | {label} | {f['plain']:.3f} | {typos:.3f} | {typos / plain:.0%} | "
                         f"{russian:.3f} | {russian / plain:.0%} |")  # fmt: skip
    return "\n".join(lines)


def add_fitted(report: Report, name: str, queries: dict[str, Score], cvs: dict[str, Score]) -> None:
    """A row of per-case scores computed elsewhere (the held-out folds of `tests.eval.fit`)."""
    report.queries[name], report.cvs[name] = queries, cvs


def table(report: Report) -> str:
    lines = ["| system | queries nDCG@10 | queries MRR | CVs nDCG@10 | CVs MRR |", "| --- | --- | --- | --- | --- |"]
    for name in report.queries:
        q, c = mean(report.queries[name]), mean(report.cvs[name])
        lines.append(f"| {name} | {q.ndcg:.3f} | {q.mrr:.3f} | {c.ndcg:.3f} | {c.mrr:.3f} |")
    return "\n".join(lines)


def details(report: Report, inputs_cases: Sequence[Case], kind: str) -> str:
    by_system = report.queries if kind == "query" else report.cvs
    names = list(by_system)
    lines = [" ".join(["case".ljust(44), *(n[:10].rjust(10) for n in names)])]
    for case in inputs_cases:
        label = (case.case_id + " " + (case.text if kind == "query" else case.category))[:44]
        lines.append(" ".join([label.ljust(44), *(f"{by_system[n][case.case_id].ndcg:10.3f}" for n in names)]))
    return "\n".join(lines)
