"""Sector experience (`services.jobs.sectors`) against hand labels: what real ads ask, and what real CVs show.

Ads: tests/data/ad_sector_labels.json, a helper's reading of the 167 real ads in ../shared/data/jobs/ (read there,
never copied). Scored per sector (health, public, charity, financial_services, practice, education, housing; the
labellers' "other" is not read) on two tasks: "required" (the ad asks it as essential) and "asked" (required or
desirable). CVs: tests/data/cv_sector_labels.json, a helper's reading of 35 real CVs (../shared/data/cvs/) and the 15
UK test CVs: the sectors of the employers they worked for. Both split by sha1(id): an even last hex digit is dev
(the reader may be revised looking at its cases), odd is held out (never looked at). Printed beside a keyword
baseline (a sector counts when its usual words appear anywhere). Run: `make bench`, or
`.venv/bin/python -m tests.benchmarks.bench_sectors` (`--errors` lists the dev cases the reader gets wrong).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from services.cv.profile import extract_profile
from services.cv.reading import CvReader
from services.jobs.sectors import Sector, read_sectors
from tests.benchmarks.bench_status import Counts
from tests.data.uk_cvs import REFERENCE_DATE, UK_CVS

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
AD_LABELS = ROOT / "tests" / "data" / "ad_sector_labels.json"
CV_LABELS = ROOT / "tests" / "data" / "cv_sector_labels.json"
SECTORS = [s.value for s in Sector]

BASELINE = {
    "health": re.compile(r"(?i)\bNHS\b|health|hospital"),
    "public": re.compile(r"(?i)public sector|local (?:government|authority)|council|government"),
    "charity": re.compile(r"(?i)charit|not[- ]for[- ]profit|non[- ]?profit"),
    "financial_services": re.compile(r"(?i)financial services|\bbank|insurance"),
    "practice": re.compile(r"(?i)\bpractice\b|\bCPA\b|public accounting|big ?4"),
    "education": re.compile(r"(?i)universit|college|school|education"),
    "housing": re.compile(r"(?i)housing"),
}


def held_out(key: str) -> bool:
    return int(hashlib.sha1(key.encode()).hexdigest()[-1], 16) % 2 == 1


@dataclass(frozen=True, slots=True)
class Case:
    key: str
    text: tuple[str, str]
    """An ad's title and description; a CV's text and ""."""
    truth: frozenset[str]
    """Sectors (an ad's "asked" labels carry a "?" when only desirable)."""


def score(cases: Iterable[Case], system: Callable[[Case], frozenset[str]],
          view: Callable[[frozenset[str]], frozenset[str]]) -> Counts:  # fmt: skip
    """Micro counts over the sectors, after `view` (what a task compares) of truth and reading."""
    total = Counts()
    for case in cases:
        truth, said = view(case.truth), view(system(case))
        total += Counts(len(truth & said), len(said - truth), len(truth - said))
    return total


def required(labels: frozenset[str]) -> frozenset[str]:
    return frozenset(s for s in labels if not s.endswith("?"))


def asked(labels: frozenset[str]) -> frozenset[str]:
    return frozenset(s.rstrip("?") for s in labels)


def ad_cases() -> list[Case]:
    ads = {ad["doc_id"]: ad for ad in map(json.loads, (SHARED / "jobs" / "accounting_finance_real.jsonl").open())}
    cases = []
    for row in json.loads(AD_LABELS.read_text())["ads"]:
        ad = ads[row["doc_id"]]
        truth = {s for s in row["required"] if s in SECTORS} | {f"{s}?" for s in row["desirable"] if s in SECTORS}
        cases.append(Case(row["doc_id"], (ad["title"], ad["description"] or ""), frozenset(truth)))
    return cases


async def cv_cases() -> list[Case]:
    reader = CvReader()
    uk = {f"uk:{item['id']}": item["text"] for item in UK_CVS}
    cases = []
    try:
        for row in json.loads(CV_LABELS.read_text())["cvs"]:
            if row["id"] in uk:
                text = uk[row["id"]]
            else:
                [path] = list((SHARED / "cvs").glob(f"*/{row['id']}.pdf"))
                text = (await reader.read(path.read_bytes())).text
            cases.append(Case(row["id"], (text, ""), frozenset(s for s in row["sectors"] if s in SECTORS)))
    finally:
        await reader.close()
    return cases


def read_ad(case: Case) -> frozenset[str]:
    return frozenset(read_sectors(*case.text).as_list())


def baseline_ad(case: Case) -> frozenset[str]:
    text = "\n".join(case.text)
    return frozenset(s for s, pattern in BASELINE.items() if pattern.search(text))


def read_cv(case: Case) -> frozenset[str]:
    return frozenset(extract_profile(case.text[0], today=REFERENCE_DATE).sectors or ())


def _row(label: str, ours: Counts, base: Counts) -> None:
    print(f"sectors:   {label:30} {ours.precision:6.3f} / {ours.recall:5.3f}      {base.precision:6.3f} / "
          f"{base.recall:5.3f}     {ours.tp + ours.fn:3d}")  # fmt: skip


def _splits(cases: list[Case]) -> list[tuple[str, list[Case]]]:
    return [("dev", [c for c in cases if not held_out(c.key)]), ("held-out", [c for c in cases if held_out(c.key)]),
            ("all", cases)]  # fmt: skip


def main(show_errors: bool = False) -> None:
    ads, cvs = ad_cases(), asyncio.run(cv_cases())
    print("sectors: ads and CVs (micro over 7 sectors)   reader P / R       keyword baseline P / R   support")
    for name, subset in _splits(ads):
        for task, view in (("required", required), ("asked", asked)):
            _row(f"ads {name} ({len(subset)}) {task}", score(subset, read_ad, view), score(subset, baseline_ad, view))
    for name, subset in _splits(cvs):
        _row(f"CVs {name} ({len(subset)})", score(subset, read_cv, asked), score(subset, baseline_ad, asked))
    if show_errors:
        for case in ads:
            if not held_out(case.key) and (found := read_ad(case)) != case.truth:
                said = f"reader {sorted(found)} labels {sorted(case.truth)}"
                print(f"sectors: dev ad {case.key} {case.text[0][:50]!r}: {said}")
        for case in cvs:
            if not held_out(case.key) and (found := read_cv(case)) != case.truth:
                print(f"sectors: dev CV {case.key}: reader {sorted(found)} labels {sorted(case.truth)}")


if __name__ == "__main__":
    main(show_errors="--errors" in sys.argv)
