"""Choosing the ranker's weights on the judgments, honestly: every weight set of a small grid ranks every case (the
candidates are retrieved once), and 5-fold cross-validation reports what choosing on four folds scores on the fifth.

`.venv/bin/python -m tests.eval.fit` prints the grid's best on all cases (in-sample), the held-out figure, and the
weights each fold chose. The shipped `services.search.job_search.WEIGHTS` are the grid's best on all cases;
docs/search.md carries the held-out figure as the honest one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import fields, replace

from services.search.job_search import WEIGHTS, JobSearch, Retrieved, Weights
from tests.eval.board import judged_board
from tests.eval.judgments import Case
from tests.eval.run import Inputs, inputs_on
from tests.eval.scoring import Fitted, Score, cross_validate, per_case

QUERY_GRID: dict[str, Sequence[float | int]] = {
    "title": (0.7, 1.0, 1.4),
    "retrieval": (0.3, 0.5, 0.8),
    "step": (0.15, 0.3, 0.5),
    "place": (0.5, 0.8, 1.2),
    "phrase": (0.25, 0.5),
    "family": (0.15, 0.3, 0.5),
}
CV_GRID: dict[str, Sequence[float | int]] = {
    "cv_family": (0.7, 1.0, 1.3),
    "cv_step": (0.5, 0.8, 1.1),
    "cv_qualification": (0.2, 0.5, 1.0),
    "cv_retrieval": (0.5, 1.0, 2.0),
    "cv_director_step": (6, 8),
    "cv_move_steps": (0, 2),
    "cv_language": (0.0, 0.3, 1.3),
    "cv_neighbour": (0.0, 0.5, 1.0),
}


def grid(axes: dict[str, Sequence[float | int]], base: Weights = WEIGHTS) -> Iterator[tuple[str, Weights]]:
    """The base weights first (ties go to it), then every combination of the axes."""
    yield "shipped", base
    names = list(axes)
    for values in itertools.product(*(axes[n] for n in names)):
        yield (
            " ".join(f"{n}={v}" for n, v in zip(names, values, strict=True)),
            replace(base, **dict(zip(names, values, strict=True))),
        )


async def retrieved(inputs: Inputs, today: dt.date) -> tuple[dict[str, Retrieved], dict[str, Retrieved]]:
    search = JobSearch(inputs.board.uow, inputs.board.embeddings)
    queries = {c.case_id: await search.retrieve(search.prepare(c.text), None, today) for c in inputs.queries}
    cvs = {}
    for case in inputs.cvs:
        profile = inputs.profiles[case.case_id]
        cvs[case.case_id] = await search.retrieve(search.prepare_cv(profile), profile, today)
    return queries, cvs


def scores(search: JobSearch, inputs: Inputs, found: dict[str, Retrieved], cases: Sequence[Case], weights: Weights,
           today: dt.date) -> dict[str, Score]:  # fmt: skip
    rankings = {c.case_id: [inputs.board.doc_of[r.job_id] for r in search.rank(found[c.case_id], today, weights)[:50]]
                for c in cases}  # fmt: skip
    return per_case(rankings, cases)


async def fit_on(inputs: Inputs) -> tuple[Fitted, Fitted, dict[str, Weights]]:
    """The grids on the judged board: for queries and for CVs, the best on all cases and the held-out figure."""
    today = dt.date.today()
    search = JobSearch(inputs.board.uow, inputs.board.embeddings)
    found_queries, found_cvs = await retrieved(inputs, today)
    named = dict(grid(QUERY_GRID)) | dict(grid(CV_GRID))
    query_grid = {n: scores(search, inputs, found_queries, inputs.queries, w, today) for n, w in grid(QUERY_GRID)}
    cv_grid = {n: scores(search, inputs, found_cvs, inputs.cvs, w, today) for n, w in grid(CV_GRID)}
    q = cross_validate(query_grid, [c.case_id for c in inputs.queries])
    c = cross_validate(cv_grid, [c.case_id for c in inputs.cvs])
    return q, c, named


async def fit() -> tuple[Fitted, Fitted, dict[str, Weights]]:
    async with judged_board() as board:
        return await fit_on(await inputs_on(board))


def changed(weights: Weights) -> str:
    return ", ".join(f"{f.name}={getattr(weights, f.name)}" for f in fields(Weights)
                     if getattr(weights, f.name) != getattr(WEIGHTS, f.name)) or "as shipped"  # fmt: skip


def main() -> None:
    q, c, named = asyncio.run(fit())
    for kind, fitted in (("queries", q), ("CVs", c)):
        best, held = fitted.on_all, fitted.held_out
        print(f"{kind}: best on all {best.ndcg:.3f} nDCG@10 / {best.mrr:.3f} MRR ({changed(named[fitted.best])}); "
              f"held-out (5-fold) {held.ndcg:.3f} / {held.mrr:.3f}")  # fmt: skip
        for i, pick in enumerate(fitted.chosen, 1):
            print(f"  fold {i} chose: {changed(named[pick])}")


if __name__ == "__main__":
    main()
