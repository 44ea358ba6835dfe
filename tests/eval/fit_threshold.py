"""The threshold under which a typed query's best result is said not to fit (`Weights.query_fit`), chosen on four
folds of the judged queries and measured on the fifth.

A result "fits" when readers graded it 2 or 3. On the training folds the threshold is the one that best tells
fitting results from the rest among each query's top twenty (the largest true-positive rate minus false-positive
rate); on the held-out fold we count how often a query's best result is called a fit wrongly or rightly. Off-topic
queries (written here as examples of what new users typed: no case of the judged set) must be answered with no
results at all, whatever the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.search.job_search import WEIGHTS, JobSearch
from tests.eval.judgments import folds
from tests.eval.run import Inputs

TOP = 20
OFF_TOPIC = ("job", "hello", "hi there, how are you?", "asdfgh jkl", "qwerty", "I like cooking pasta with my kids",
             "chef London", "nurse Leeds", "software developer remote", "what's the weather tomorrow",
             "привет", "повар Москва", "работа", "I cannot log into my account", "taxi to the airport",
             "what is the capital of France", "thanks for the message")  # fmt: skip


@dataclass(frozen=True)
class ThresholdReport:
    chosen: list[float]
    """Each fold's threshold, chosen on the other four."""
    shipped: float
    held_out_tpr: float
    """Held out: the share of results graded 2-3 (in the queries' top twenty) scored at or above the threshold."""
    held_out_fpr: float
    """Held out: the share of results graded 0-1 scored at or above it."""
    best_fits: int
    """Queries whose best result readers graded 2-3 ..."""
    best_fits_said: int
    """... and of them, the queries not called few-fit on the held-out fold."""
    best_misses: int
    best_misses_said: int
    """Queries whose best result is graded 0-1, and of them those called few-fit (held out)."""
    off_topic: int
    off_topic_answered: int
    """Off-topic queries answered with no results (`off_topic`)."""
    judged_off_topic: int
    """Judged queries wrongly read as off topic ..."""
    judged: int
    """... of this many."""

    def lines(self) -> list[str]:
        return [
            f"few-fit threshold for queries: shipped {self.shipped:.2f}; chosen on four folds: "
            + ", ".join(f"{t:.2f}" for t in self.chosen),
            f"  held out: results graded 2-3 at or above it {self.held_out_tpr:.0%}, results graded 0-1 "
            f"{self.held_out_fpr:.0%}; queries whose best result fits not called few-fit "
            f"{self.best_fits_said}/{self.best_fits}, whose best does not fit called few-fit "
            f"{self.best_misses_said}/{self.best_misses}",
            f"  off-topic queries answered with no results {self.off_topic_answered}/{self.off_topic}; judged queries "
            f"read as off topic {self.judged_off_topic}/{self.judged}",
        ]


def _chosen(train: Sequence[tuple[float, int]]) -> float:
    """The threshold that best tells results graded 2-3 from the rest among `train`'s (score, grade) pairs."""
    candidates = sorted({round(s, 2) for s, _ in train})
    return max(candidates, key=lambda t: (round(_youden(train, t), 9), -t))  # ties: the lower


def _youden(pairs: Sequence[tuple[float, int]], threshold: float) -> float:
    good = [s for s, g in pairs if g >= 2]
    rest = [s for s, g in pairs if g < 2]
    tpr = sum(s >= threshold for s in good) / max(1, len(good))
    fpr = sum(s >= threshold for s in rest) / max(1, len(rest))
    return tpr - fpr


async def threshold_report(inputs: Inputs) -> ThresholdReport:
    search = JobSearch(inputs.board.uow, inputs.board.embeddings)
    scored: dict[str, list[tuple[float, int]]] = {}
    for case in inputs.queries:
        response = await search.search(case.text, top=TOP)
        scored[case.case_id] = [(r.score, case.grades.get(inputs.board.doc_of[r.job_id], 0)) for r in response.results]
    ids = [c.case_id for c in inputs.queries]
    chosen, held_pairs = [], []
    fits = fits_said = misses = misses_said = 0
    for fold in folds(ids, 5):
        threshold = _chosen([p for i in ids if i not in fold for p in scored[i]])
        chosen.append(threshold)
        for i in fold:
            held_pairs += [(s >= threshold, g) for s, g in scored[i]]
            if not scored[i]:
                continue
            best_score, best_grade = scored[i][0]
            if best_grade >= 2:
                fits += 1
                fits_said += best_score >= threshold
            else:
                misses += 1
                misses_said += best_score < threshold
    good = [kept for kept, g in held_pairs if g >= 2]
    rest = [kept for kept, g in held_pairs if g < 2]
    answered = 0
    for text in OFF_TOPIC:
        response = await search.search(text, top=TOP)
        answered += response.off_topic and not response.results
    judged_off = 0
    for case in inputs.queries:
        judged_off += (await search.search(case.text, top=1)).off_topic
    return ThresholdReport(
        chosen, WEIGHTS.query_fit, sum(good) / max(1, len(good)), sum(rest) / max(1, len(rest)),
        fits, fits_said, misses, misses_said, len(OFF_TOPIC), answered, judged_off, len(inputs.queries),
    )  # fmt: skip


@dataclass(frozen=True)
class CvThresholdReport:
    """`Weights.cv_fit` (read off the judged CVs' scores, not fitted) measured as `query_fit` is chosen: on each fold,
    against the threshold the other four folds would choose."""

    shipped: float
    chosen: list[float]
    shipped_tpr: float
    """The share of results graded 2-3 among the finance CVs' top twenty scored at or above `cv_fit` ..."""
    shipped_fpr: float
    """... and of results graded 0-1."""
    held_out_tpr: float
    held_out_fpr: float
    """The same shares for the threshold chosen on the other folds, on each held-out fold."""

    def lines(self) -> list[str]:
        return [
            f"few-fit threshold for CVs: shipped {self.shipped:.2f} (read off, not fitted): results graded 2-3 at or "
            f"above it {self.shipped_tpr:.0%}, results graded 0-1 {self.shipped_fpr:.0%}; chosen on four folds "
            + ", ".join(f"{t:.2f}" for t in self.chosen)
            + f", held out {self.held_out_tpr:.0%} / {self.held_out_fpr:.0%}",
        ]


async def cv_threshold_report(inputs: Inputs) -> CvThresholdReport:
    search = JobSearch(inputs.board.uow, inputs.board.embeddings)
    scored: dict[str, list[tuple[float, int]]] = {}
    for case in inputs.cvs:
        profile = inputs.profiles[case.case_id]
        if not profile.is_accounting:  # always "few fit", whatever the threshold
            continue
        response = await search.match_cv(profile, top=TOP)
        scored[case.case_id] = [(r.score, case.grades.get(inputs.board.doc_of[r.job_id], 0)) for r in response.results]
    ids = list(scored)
    every = [p for i in ids for p in scored[i]]
    chosen, held = [], []
    for fold in folds(ids, 5):
        threshold = _chosen([p for i in ids if i not in fold for p in scored[i]])
        chosen.append(threshold)
        held += [(s >= threshold, g) for i in fold for s, g in scored[i]]

    def share(pairs: Sequence[tuple[bool, int]], good: bool) -> float:
        kept = [k for k, g in pairs if (g >= 2) == good]
        return sum(kept) / max(1, len(kept))

    at_shipped = [(s >= WEIGHTS.cv_fit, g) for s, g in every]
    return CvThresholdReport(
        WEIGHTS.cv_fit, chosen, share(at_shipped, True), share(at_shipped, False), share(held, True),
        share(held, False),
    )  # fmt: skip
