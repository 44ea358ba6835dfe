"""Tables of scores, and honest figures for anything fitted: 5-fold cross-validation over a grid of variants."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tests.eval.judgments import Case, folds, mrr, ndcg


@dataclass(frozen=True)
class Score:
    ndcg: float
    mrr: float


def per_case(rankings: Mapping[str, Sequence[str]], cases: Sequence[Case]) -> dict[str, Score]:
    """Each case's nDCG@10 and MRR for its ranking (doc ids, best first)."""
    return {c.case_id: Score(ndcg(rankings.get(c.case_id, []), c.grades), mrr(rankings.get(c.case_id, []), c.grades))
            for c in cases}  # fmt: skip


def mean(scores: Mapping[str, Score], ids: Sequence[str] | None = None) -> Score:
    chosen = [scores[i] for i in (ids if ids is not None else list(scores))]
    if not chosen:
        return Score(0.0, 0.0)
    return Score(statistics.fmean(s.ndcg for s in chosen), statistics.fmean(s.mrr for s in chosen))


@dataclass(frozen=True)
class Fitted:
    """A grid's best variant on all the cases, and the figure the same choice makes on held-out folds."""

    best: str
    on_all: Score
    held_out: Score
    chosen: list[str]
    """The variant each fold's training part chose."""
    per_case: dict[str, Score]
    """Each case's score under the variant its fold's training part chose."""


def cross_validate(grid: Mapping[str, Mapping[str, Score]], case_ids: Sequence[str], k: int = 5) -> Fitted:
    """For each fold, pick the variant with the best mean nDCG@10 on the other folds and score it on this one.

    `grid` maps a variant's name to its per-case scores. Ties go to the first variant in the grid's order, so
    list the default first.
    """
    names = list(grid)

    def best_on(ids: Sequence[str]) -> str:
        return max(names, key=lambda n: (round(mean(grid[n], ids).ndcg, 9), -names.index(n)))

    held: dict[str, Score] = {}
    chosen = []
    for fold in folds(case_ids, k):
        train = [i for i in case_ids if i not in fold]
        pick = best_on(train)
        chosen.append(pick)
        held.update({i: grid[pick][i] for i in fold})
    best = best_on(case_ids)
    return Fitted(best, mean(grid[best], case_ids), mean(held, case_ids), chosen, held)
