"""Qualification status read from real ads (`services.jobs.qualification_status`) against hand labels.

The labels (tests/data/ad_status_labels.json) are a helper's reading of real ads in ../shared/data/jobs/; the ads
are split by sha1(doc_id): an even last hex digit is dev (the reader's rules were revised looking at its cases),
odd is held out (never looked at). Printed beside a naive keyword baseline (a label fires when one of its
keywords appears anywhere in the ad). Run: `make bench`, or `.venv/bin/python -m tests.benchmarks.bench_status`
(`--errors` lists the dev cases the reader gets wrong; held-out cases are never listed).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from services.jobs.qualification_status import LABELS, read_status

ROOT = Path(__file__).resolve().parents[2]
LABEL_FILE = ROOT / "tests" / "data" / "ad_status_labels.json"
ADS_FILE = ROOT.parent / "shared" / "data" / "jobs" / "accounting_finance_real.jsonl"

BASELINE_KEYWORDS = {
    "qualified": re.compile(r"(?i)\bqualified\b"),
    "part_qualified": re.compile(r"(?i)\bpart[- ]?qualified\b|\bfinalist|\bstudying\b"),
    "qbe": re.compile(r"(?i)\bQBE\b|qualified by experience"),
    "study_support": re.compile(r"(?i)study support|study leave|exam leave"),
    "training_contract": re.compile(r"(?i)\btrainee\b|training contract|apprentice|\bgraduate\b"),
}


@dataclass(frozen=True, slots=True)
class Case:
    doc_id: str
    title: str
    description: str
    labels: frozenset[str]

    @property
    def held_out(self) -> bool:
        return int(hashlib.sha1(self.doc_id.encode()).hexdigest()[-1], 16) % 2 == 1


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


def load_cases(label_file: Path = LABEL_FILE, ads_file: Path = ADS_FILE) -> list[Case]:
    """The labelled ads, with their text read from the shared data (the labels file holds no ad text)."""
    labelled = json.loads(label_file.read_text())["labels"]
    ads = {ad["doc_id"]: ad for ad in map(json.loads, ads_file.read_text().splitlines())}
    return [
        Case(row["doc_id"], ads[row["doc_id"]]["title"], ads[row["doc_id"]]["description"] or "",
             frozenset(label for label in LABELS if row[label]))
        for row in labelled
    ]  # fmt: skip


def read_labels(case: Case) -> frozenset[str]:
    return frozenset(read_status(case.title, case.description).as_list())


def baseline_labels(case: Case) -> frozenset[str]:
    text = f"{case.title}\n{case.description}"
    return frozenset(label for label, pattern in BASELINE_KEYWORDS.items() if pattern.search(text))


def score(cases: Iterable[Case], system: Callable[[Case], frozenset[str]]) -> dict[str, Counts]:
    """Per-label counts of a system over the cases; "micro" sums them over all labels."""
    counts = {label: Counts() for label in LABELS}
    for case in cases:
        found = system(case)
        for label in LABELS:
            truth, said = label in case.labels, label in found
            counts[label] += Counts(int(truth and said), int(said and not truth), int(truth and not said))
    counts["micro"] = sum((counts[label] for label in LABELS), Counts())
    return counts


def _table(name: str, cases: list[Case]) -> None:
    reader, baseline = score(cases, read_labels), score(cases, baseline_labels)
    print(f"status: {name} ({len(cases)} ads)        reader P / R       keyword baseline P / R   support")
    for label in (*LABELS, "micro"):
        r, b = reader[label], baseline[label]
        print(f"status:   {label:18} {r.precision:6.3f} / {r.recall:5.3f}      {b.precision:6.3f} / {b.recall:5.3f}"
              f"          {r.support:3d}")  # fmt: skip


def main(show_errors: bool = False) -> None:
    cases = load_cases()
    dev = [c for c in cases if not c.held_out]
    held_out = [c for c in cases if c.held_out]
    _table("dev", dev)
    _table("held-out", held_out)
    _table("all", cases)
    if show_errors:
        for case in dev:
            found = read_labels(case)
            if found != case.labels:
                print(f"status: dev {case.doc_id} {case.title[:50]!r}: reader {sorted(found)} "
                      f"labels {sorted(case.labels)}")  # fmt: skip


if __name__ == "__main__":
    main(show_errors="--errors" in sys.argv)
