"""Extraction quality on labelled sets: 43 real CVs (hand-labelled) and 15 UK CVs as PDF and DOCX; and 20 real CVs
read by a recruiter (../shared/judgments/cv_labels.json, read there, never copied).

Reports per-field precision and recall (run with -s to see the table always; it is printed on failure too)
and fails below the bars of issue #4: qualifications F1 0.95, role family accuracy 0.85, years within one
year for 85% of CVs (of the UK ones since issue #20, see below); and, on the recruiter's 20, below the bars
of issue #20 (see `test_recruiter_labels`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.cv.profile import CvProfile, QualificationStatus, extract_profile
from services.cv.reading import CvReader
from services.search.job_search import cv_field
from tests.data.uk_cvs import REFERENCE_DATE, UK_CVS
from tests.support.render import to_docx, to_pdf

LABELS = Path(__file__).resolve().parents[1] / "data" / "cv_labels.json"


async def _labelled(shared_data: Path) -> list[tuple[str, CvProfile, dict]]:
    reader = CvReader()
    labels = json.loads(LABELS.read_text())
    reference = dt.date.fromisoformat(labels["reference_date"])
    cases = []
    for item in labels["cvs"]:
        cv = await reader.read((shared_data / "cvs" / item["file"]).read_bytes())
        labels_item = {**item, "qualifications": [(q["code"], q["status"]) for q in item["qualifications"]]}
        cases.append((item["file"], extract_profile(cv.text, today=reference), labels_item))
    for item in UK_CVS:
        for kind, render in (("pdf", to_pdf), ("docx", to_docx)):
            cv = await reader.read(render(item["text"]))
            assert cv.kind == kind
            cases.append((f"uk/{item['id']}.{kind}", extract_profile(cv.text, today=REFERENCE_DATE), item["labels"]))
    return cases


def _prf(true_positive: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _report(cases: list[tuple[str, CvProfile, dict]]) -> Iterator[str]:
    n = len(cases)
    tp = predicted = actual = tp_code = predicted_code = actual_code = 0
    for _, profile, label in cases:
        got = {(q.code, q.status.value) for q in profile.qualifications}
        want = {tuple(q) for q in label["qualifications"]}
        tp, predicted, actual = tp + len(got & want), predicted + len(got), actual + len(want)
        got_codes, want_codes = {c for c, _ in got}, {c for c, _ in want}
        tp_code += len(got_codes & want_codes)
        predicted_code, actual_code = predicted_code + len(got_codes), actual_code + len(want_codes)
    yield f"labelled CVs: {n} ({sum(1 for c in cases if c[0].startswith('uk/'))} UK renderings)"
    p, r, f = _prf(tp, predicted, actual)
    yield f"qualifications (code and status): precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
    p, r, f = _prf(tp_code, predicted_code, actual_code)
    yield f"qualifications (code only):       precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
    families = sorted({label["role_family"] for _, _, label in cases})
    for family in families:
        tp_f = sum(1 for _, pr, lb in cases if pr.role_family == family and lb["role_family"] == family)
        pred_f = sum(1 for _, pr, _ in cases if pr.role_family == family)
        act_f = sum(1 for _, _, lb in cases if lb["role_family"] == family)
        p, r, _ = _prf(tp_f, pred_f, act_f)
        yield f"role family {family:<22} precision {p:.2f} recall {r:.2f} (n={act_f})"
    yield f"role family accuracy: {sum(pr.role_family == lb['role_family'] for _, pr, lb in cases) / n:.3f}"
    yield f"seniority accuracy:   {sum(pr.seniority == lb['seniority'] for _, pr, lb in cases) / n:.3f}"
    yield f"years within 1 year:  {sum(abs(pr.years_experience - lb['years']) <= 1 for _, pr, lb in cases) / n:.3f}"
    for kind, subset in (("UK renderings", [c for c in cases if c[0].startswith("uk/")]),
                         ("real CVs", [c for c in cases if not c[0].startswith("uk/")])):  # fmt: skip
        within = [name for name, pr, lb in subset if abs(pr.years_experience - lb["years"]) <= 1]
        yield f"  {kind}: {len(within)}/{len(subset)}; off by more: " + ", ".join(
            f"{name} {pr.years_experience} vs {lb['years']}"
            for name, pr, lb in subset
            if abs(pr.years_experience - lb["years"]) > 1
        )


@pytest.fixture(scope="module")
async def cases(shared_data: Path) -> list[tuple[str, CvProfile, dict]]:
    return await _labelled(shared_data)


def test_extraction_quality_meets_the_bars(cases: list, capsys: pytest.CaptureFixture[str]) -> None:
    report = list(_report(cases))
    with capsys.disabled():
        print("\n" + "\n".join(f"  {line}" for line in report))
    n = len(cases)
    tp = predicted = actual = 0
    for _, profile, label in cases:
        got = {(q.code, q.status.value) for q in profile.qualifications}
        want = {tuple(q) for q in label["qualifications"]}
        tp, predicted, actual = tp + len(got & want), predicted + len(got), actual + len(want)
    assert _prf(tp, predicted, actual)[2] >= 0.95, report
    assert sum(p.role_family == lb["role_family"] for _, p, lb in cases) / n >= 0.85, report
    # Years: the real CVs' labels here count paid months with "current" at their reference date (2021-01-01);
    # since issue #20 years run from the earliest dated role to the latest, "Current" at the CV's own date, and
    # the recruiter's labels (test_recruiter_labels) measure them on real CVs. The UK CVs, sent today, follow
    # both conventions alike and keep the bar.
    uk = [(p, lb) for name, p, lb in cases if name.startswith("uk/")]
    assert sum(abs(p.years_experience - lb["years"]) <= 1 for p, lb in uk) / len(uk) >= 0.85, report


def test_every_qualification_and_status_is_covered_by_the_uk_set() -> None:
    from services.cv.profile import QualificationStatus
    from services.jobs.taxonomy import QUALIFICATIONS

    seen_codes = {q[0] for cv in UK_CVS for q in cv["labels"]["qualifications"]}
    seen_status = {q[1] for cv in UK_CVS for q in cv["labels"]["qualifications"]}
    assert seen_codes >= {t.code for t in QUALIFICATIONS}
    assert seen_status == {s.value for s in QualificationStatus}
    assert any(cv["labels"].get("qualified_by_experience") for cv in UK_CVS)


async def test_non_finance_cvs_are_not_accounting(shared_data: Path) -> None:
    reader = CvReader()
    files = sorted(p for cat in ("HR", "SALES", "INFORMATION-TECHNOLOGY", "CONSULTANT", "BUSINESS-DEVELOPMENT")
                   for p in (shared_data / "cvs" / cat).glob("*.pdf"))  # fmt: skip
    flags = [extract_profile((await reader.read(f.read_bytes())).text).is_accounting for f in files]
    assert len(flags) == 50
    assert sum(flags) <= 3  # at most 3 of 50 mistaken for accounting CVs


async def test_cvs_from_fields_next_to_finance_are_read_for_their_field(shared_data: Path) -> None:
    """The field of a CV from outside finance, which brings the posts next to it first (docs/search.md), against the
    folder the CV was filed in: HR, IT, sales and business development (40 real CVs)."""
    reader = CvReader()
    expected = {"HR": "hr", "INFORMATION-TECHNOLOGY": "it", "SALES": "sales", "BUSINESS-DEVELOPMENT": "sales"}
    read = {}
    for folder in expected:
        for path in sorted((shared_data / "cvs" / folder).glob("*.pdf")):
            read[path] = cv_field(extract_profile((await reader.read(path.read_bytes())).text))
    assert len(read) == 40
    right = [path for path, field in read.items() if field == expected[path.parent.name]]
    wrong = {path.stem: field for path, field in read.items() if field not in (expected[path.parent.name], None)}
    assert len(right) >= 39, {p.stem: f for p, f in read.items() if p not in right}
    assert wrong == {}  # never another field's posts: at worst none


# The FINANCE folder's car dealers' finance desks (their CVs sell loans, cover and warranties to car buyers), and CVs
# that name cars, dealers, lenders or warranties in finance work: accountants at car firms, a bank's finance manager,
# finance directors, a finance assistant and a consultant at dealers.
DEALER_DESKS = ("18640927", "18975686", "20880935", "23354541", "24411323", "28396458", "59938965")
NEAR_DEALERS = {
    "ACCOUNTANT": ("25547145", "28359817", "29999135"),
    "BANKING": ("11637468", "15856762"),
    "FINANCE": ("28522529", "66741193", "15011085", "37931076", "29648950", "10549585", "28973180"),
}


async def test_car_dealers_finance_desks_read_as_sales_and_their_look_alikes_do_not(shared_data: Path) -> None:
    reader = CvReader()
    cvs = shared_data / "cvs"

    async def read(folder: str, stem: str) -> CvProfile:
        return extract_profile((await reader.read((cvs / folder / f"{stem}.pdf").read_bytes())).text)

    for stem in DEALER_DESKS:
        profile = await read("FINANCE", stem)
        assert profile.dealer_finance and cv_field(profile) == "sales", stem
        assert profile.role_family == "other" and not profile.is_accounting, stem
    for folder, stems in NEAR_DEALERS.items():
        for stem in stems:
            assert not (await read(folder, stem)).dealer_finance, stem


# ---------------------------------------------------------------- a recruiter's labels (issue #20)

# The day the figures in docs/cv-intake.md were measured: "Current" in a recent CV means this day.
READ_ON = dt.date(2026, 12, 6)
# The two vocabularies, in one place. Levels compare by steps on the labels' ladder.
LADDER = ("entry", "junior", "mid", "senior", "manager", "senior_manager", "director")
LEVEL_OF_SENIORITY = {
    "trainee": "entry", "junior": "junior", "semi senior": "mid", "senior": "senior", "supervisor": "senior",
    "manager": "manager", "senior manager": "senior_manager", "director": "director", "partner": "director",
}  # fmt: skip
# The labels have no general-accounting family and file a plain "Accountant" under financial_accounting; the
# profile keeps "accounts" for it (job ads titled "Accountant" read as accounts, and ranking compares the two).
LABEL_FAMILY = {"ap_ar_bookkeeping": "bookkeeping_ap_ar", "banking_operations": "banking",
                "accounts": "financial_accounting"}  # fmt: skip
LABEL_STATUS = {"part": QualificationStatus.PART_QUALIFIED, "part_qualified": QualificationStatus.PART_QUALIFIED,
                "part-qualified": QualificationStatus.PART_QUALIFIED, "finalist": QualificationStatus.FINALIST,
                "studying": QualificationStatus.STUDYING, "student": QualificationStatus.STUDYING,
                "qualified": QualificationStatus.QUALIFIED}  # fmt: skip
LABEL_CODE = {"CA(SA)": "CA", "CA(ANZ)": "CA", "CA(Ireland)": "CA", "CA(Canada)": "CA", "ICAEW": "ACA",
              "CA(Scotland)": "ICAS"}  # fmt: skip
# The readers took "Current" as the CV's own date, but as mid-2016 when the CV names no later year (their notes:
# "CV has no later year so Current=2016"), so their years can run past the CV's own date by that much.
READERS_CURRENT = dt.date(2016, 7, 1)
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d)")


def _words(title: str | None) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", (title or "").lower()).split()


def _same_title(got: str | None, want: str) -> bool:
    """Leniently: case and punctuation aside, and a trailing employer or place (or the label's part after a
    comma, dash or bar, "Merchandiser, Sales") may be cut off either side."""
    g, w = _words(got), _words(want)
    if not g:
        return False
    if g[: len(w)] == w:  # the same, or the profile kept a trailing employer or place
        return True
    head = re.split(r"\s*(?:,|\s[-–|]\s)\s*", want, maxsplit=1)[0]
    return g == _words(head)


def _years(value: float) -> float:
    return value / 365.25


def _years_window(text: str, label_years: float) -> tuple[float, float]:
    """Plausible years: not below the dated span to the CV's own date, not above the span to READ_ON.

    The CV's own date is the end of the latest year it names (the labels' README). From the label's span
    (which runs to the readers' "Current"): at least the label less the readers' lead over the CV's own date,
    at most the label plus the time from the readers' "Current" to READ_ON; half a year either way for months.
    """
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= READ_ON.year]
    own = dt.date(max(years), 12, 1) if years else READ_ON
    readers = max(own, READERS_CURRENT)
    lead = max(0.0, _years((READERS_CURRENT - own).days))
    return label_years - lead - 0.5, label_years + _years((READ_ON - readers).days) + 0.5


@pytest.fixture(scope="module")
async def recruiter_cases(shared_data: Path) -> list[tuple[dict, CvProfile, tuple[float, float]]]:
    labels = json.loads((shared_data.parent / "judgments" / "cv_labels.json").read_text())
    reader = CvReader()
    cases = []
    for item in labels:
        cv = await reader.read((shared_data / "cvs" / item["category"] / f"{item['id']}.pdf").read_bytes())
        cases.append((item, extract_profile(cv.text, today=READ_ON), _years_window(cv.text, item["years_experience"])))
    return cases


def _recruiter_report(cases: list[tuple[dict, CvProfile, tuple[float, float]]]) -> dict[str, float]:
    figures = dict.fromkeys(("title", "family", "level_exact", "level_within_one", "years_plausible"), 0.0)
    tp = predicted = actual = within_label = 0
    for label, profile, (low, high) in cases:
        figures["title"] += _same_title(profile.current_title, label["current_title"])
        figures["family"] += LABEL_FAMILY.get(profile.role_family, profile.role_family) == label["role_family"]
        level = LEVEL_OF_SENIORITY.get(profile.seniority or "")
        steps = abs(LADDER.index(level) - LADDER.index(label["level"])) if level else len(LADDER)
        figures["level_exact"] += steps == 0
        figures["level_within_one"] += steps <= 1
        figures["years_plausible"] += low <= profile.years_experience <= high
        within_label += abs(profile.years_experience - label["years_experience"]) <= 1
        got = {(q.code, q.status) for q in profile.qualifications}
        want = {(LABEL_CODE.get(q["code"], q["code"]), LABEL_STATUS[q["status"]]) for q in label["qualifications"]}
        tp, predicted, actual = tp + len(got & want), predicted + len(got), actual + len(want)
    precision, recall, f1 = _prf(tp, predicted, actual)
    return {**figures, "qualification_precision": precision, "qualification_recall": recall,
            "qualification_f1": f1, "years_within_one_of_label": within_label}  # fmt: skip


def test_recruiter_labels(recruiter_cases: list, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue #20: title 19/20, family 18, level within one step 18 and exact 14, years plausible 18, F1 0.9."""
    figures = _recruiter_report(recruiter_cases)
    n = len(recruiter_cases)
    lines = [f"recruiter-labelled CVs: {n} (read as on {READ_ON})"] + [
        f"{name:<28} {value:.3f}" if name.startswith("qualification") else f"{name:<28} {value:.0f}/{n}"
        for name, value in figures.items()
    ]
    with capsys.disabled():
        print("\n" + "\n".join(f"  {line}" for line in lines))
    assert n == 20
    assert figures["title"] >= 19, lines
    assert figures["family"] >= 18, lines
    assert figures["level_within_one"] >= 18, lines
    assert figures["level_exact"] >= 14, lines
    assert figures["years_plausible"] >= 18, lines
    assert figures["qualification_f1"] >= 0.9, lines


def test_uk_cvs_keep_their_labels(cases: list[tuple[str, CvProfile, dict]]) -> None:
    """Every UK CV, as PDF and as DOCX, keeps its family, seniority, years (within a year) and qualifications."""
    wrong = [
        name
        for name, profile, label in cases
        if name.startswith("uk/")
        and (
            profile.role_family != label["role_family"]
            or profile.seniority != label["seniority"]
            or abs(profile.years_experience - label["years"]) > 1
            or {(q.code, q.status.value) for q in profile.qualifications} != {tuple(q) for q in label["qualifications"]}
        )
    ]
    assert wrong == []
