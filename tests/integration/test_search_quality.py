"""Search and CV matching on the readers' judgments (`make eval` prints the whole table; docs/search.md has it).

The shipped ranker must stay above a plain BM25 computed in the same run, on queries and on CVs, in nDCG@10 and
MRR. The figures are printed every time (and on failure).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.eval.judgments import JUDGMENTS
from tests.eval.run import SYSTEMS, evaluate, table
from tests.eval.scoring import mean


async def test_the_shipped_ranker_beats_bm25_on_the_readers_judgments(
    shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert JUDGMENTS.is_dir(), f"the readers' judgments are missing: {JUDGMENTS}"
    report = await evaluate({name: SYSTEMS[name] for name in ("BM25", "product")})
    figures = table(report)
    with capsys.disabled():
        print("\n" + figures)
    assert len(report.queries["product"]) == 40 and len(report.cvs["product"]) == 30, figures
    for by_system in (report.queries, report.cvs):
        ours, bm25 = mean(by_system["product"]), mean(by_system["BM25"])
        assert ours.ndcg > bm25.ndcg and ours.mrr >= bm25.mrr, figures
