"""Readers' judgments over the real ads, read from `../shared/judgments/` (never copied into the project).

How to score (the judgments' README): nDCG@10 with gain 2^grade - 1, the ideal ranking taken from all judged grades
of the query or CV; MRR of the first job graded 2 or more; queries and CVs with no job graded 1 or more are left
out of the means; every one of the 667 ads is a candidate.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
JUDGMENTS = SHARED / "judgments"
DATA = SHARED / "data"
JOB_FILES = ("accounting_finance_real.jsonl", "nonfinance_distractors.jsonl")


@dataclass(frozen=True)
class Case:
    """A judged query or CV: its id, what is searched (the query's text, or the CV's path) and the grades."""

    case_id: str
    text: str
    grades: dict[str, int]
    category: str = ""


def _qrels(name: str) -> dict[str, dict[str, int]]:
    grades: dict[str, dict[str, int]] = {}
    for line in (JUDGMENTS / name).read_text().splitlines():
        if not line.strip():
            continue
        case_id, doc_id, grade = line.split("\t")
        if grade.strip().isdigit():
            grades.setdefault(case_id, {})[doc_id] = int(grade)
    return grades


def _rows(name: str) -> list[list[str]]:
    lines = (JUDGMENTS / name).read_text().splitlines()
    rows = [line.split("\t") for line in lines if line.strip()]
    return rows[1:] if rows and rows[0][0].endswith("_id") else rows


def queries() -> list[Case]:
    grades = _qrels("qrels_queries.tsv")
    cases = [Case(qid, text, grades.get(qid, {})) for qid, text in _rows("queries.tsv")]
    return [c for c in cases if any(g >= 1 for g in c.grades.values())]


def cvs() -> list[Case]:
    grades = _qrels("qrels_cvs.tsv")
    cases = [
        Case(cv_id, str(DATA / path), grades.get(cv_id, {}), category) for cv_id, category, path in _rows("cvs.tsv")
    ]
    return [c for c in cases if any(g >= 1 for g in c.grades.values())]


def ndcg(ranked: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def mrr(ranked: Sequence[str], grades: dict[str, int]) -> float:
    return next((1 / (i + 1) for i, doc in enumerate(ranked) if grades.get(doc, 0) >= 2), 0.0)


def folds(case_ids: Sequence[str], k: int = 5, seed: int = 20) -> list[list[str]]:
    """`k` disjoint folds of the cases, shuffled with a fixed seed (the same folds in every run)."""
    shuffled = sorted(case_ids)
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i::k] for i in range(k)]
