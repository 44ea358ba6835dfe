"""The qualification-status reader against the hand-labelled real ads: a floor under its micro precision and
recall (measured by tests/benchmarks/bench_status.py: 0.984 / 1.000 on all labelled ads, 0.972 / 1.000 held out)."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.bench_status import LABEL_FILE, baseline_labels, load_cases, read_labels, score

FLOOR = 0.92


def test_the_reader_keeps_its_figures_on_the_labelled_ads(shared_data: Path) -> None:
    assert LABEL_FILE.is_file(), f"the hand labels are missing: {LABEL_FILE}"
    cases = load_cases(LABEL_FILE, shared_data / "jobs" / "accounting_finance_real.jsonl")
    assert len(cases) >= 100
    reader = score(cases, read_labels)["micro"]
    assert reader.precision >= FLOOR, reader
    assert reader.recall >= FLOOR, reader
    baseline = score(cases, baseline_labels)["micro"]
    assert reader.precision > baseline.precision and reader.recall > baseline.recall, (reader, baseline)
