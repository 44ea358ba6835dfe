"""Search quality on the judged set (tests/evaluation.py): the targets of issue #5, against both baselines."""

from __future__ import annotations

import pytest

from tests.evaluation import evaluate, table


async def test_search_quality_meets_the_targets(capsys: pytest.CaptureFixture[str]) -> None:
    results, _ = await evaluate()
    report = table(results)
    with capsys.disabled():
        print("\n" + report)
    for kind, target in (("queries", 0.80), ("held-out", 0.80), ("cvs", 0.55)):
        ours, bm25, vector = (results[kind][name][0] for name in ("hybrid", "bm25", "vector"))
        assert ours >= target, report
        assert ours > bm25 + 0.05 and ours > vector + 0.05, report
