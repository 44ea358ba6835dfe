"""The sector-experience reader against the hand-labelled real ads: floors under its micro precision and recall
(measured by tests/benchmarks/bench_sectors.py, 2026-12-07, on all 167 labelled ads: required asks 0.852 / 0.479,
any ask 0.919 / 0.531; docs/search.md, "Sector experience"). Precision is what the card's gaps rest on."""

from __future__ import annotations

from tests.benchmarks.bench_sectors import AD_LABELS, ad_cases, asked, baseline_ad, read_ad, required, score


def test_the_ad_reader_keeps_its_figures_on_the_labelled_ads() -> None:
    assert AD_LABELS.is_file(), f"the hand labels are missing: {AD_LABELS}"
    cases = ad_cases()
    assert len(cases) == 167
    must = score(cases, read_ad, required)
    assert must.precision >= 0.8 and must.recall >= 0.45, must
    any_ask = score(cases, read_ad, asked)
    assert any_ask.precision >= 0.85 and any_ask.recall >= 0.5, any_ask
    baseline = score(cases, baseline_ad, required)
    assert must.precision > 3 * baseline.precision, (must, baseline)
