"""`make eval` (or `.venv/bin/python -m tests.eval [--detail] [--show CASE ...]`): the table of docs/search.md,
measured now on the readers' judgments, BM25 computed in the same run.

Rows: the product as shipped, the baselines (BM25, the product's full-text stage alone, its vector stage alone),
variants with one part of the product taken out, and the held-out figures of the weights fitted on these cases
(`tests.eval.fit`: each fold's cases ranked with the weights chosen on the other four folds). `--detail` adds each
case's nDCG@10; `--show` each named case's top ten, graded, and the judged jobs it missed.
"""

from __future__ import annotations

import asyncio
import sys
import time

from tests.eval import judgments
from tests.eval.board import ads, judged_board
from tests.eval.fit import changed, fit_on
from tests.eval.fit_threshold import cv_threshold_report, threshold_report
from tests.eval.run import (
    SYSTEMS,
    VARIANTS,
    Report,
    add_fitted,
    details,
    inputs_on,
    product,
    run_systems,
    run_variants,
    table,
    variants_table,
)
from tests.eval.run import bm25 as bm25_ranker


def show(report_rankings: dict[str, list[str]], case_ids: list[str]) -> str:
    every_ad = ads()
    cases = {c.case_id: (c, "q") for c in judgments.queries()} | {c.case_id: (c, "cv") for c in judgments.cvs()}
    lines = []
    for case_id in case_ids:
        case, kind = cases[case_id]
        ranking = report_rankings.get(f"{kind}:{case_id}", [])
        lines.append(f"== {case_id} {case.text if kind == 'q' else case.category}")
        for doc in ranking[:10]:
            ad = every_ad[doc]
            lines.append(f"  {case.grades.get(doc, 0)} {doc} {ad['title'][:60]} | {(ad['location'] or '')[:30]}")
        for doc, grade in sorted(case.grades.items(), key=lambda kv: -kv[1]):
            if grade >= 2 and doc not in ranking[:10]:
                where = ranking.index(doc) + 1 if doc in ranking else "-"
                lines.append(f"  missed {grade} {doc} (rank {where}) {every_ad[doc]['title'][:60]}")
    return "\n".join(lines)


async def evaluate_all(*, folds: bool = True) -> tuple[Report, list[str]]:
    """Every system and variant, and (with `folds`) the weights' held-out figures, on one judged board."""
    started = time.perf_counter()
    report, notes = Report(), []
    async with judged_board() as board:
        inputs = await inputs_on(board)
        await run_systems(inputs, {**SYSTEMS, **VARIANTS}, report)
        figures = await run_variants(inputs, {"BM25": bm25_ranker, "product": product})
        notes.append("Misspelt and Russian queries (tests/eval/variants.py), judged by the plain queries' grades:")
        notes.append(variants_table(figures))
        notes += (await threshold_report(inputs)).lines()
        notes += (await cv_threshold_report(inputs)).lines()
        if folds:
            queries, cvs, named = await fit_on(inputs)
            add_fitted(report, "product, weights chosen on the other folds (5-fold)", queries.per_case, cvs.per_case)
            notes.append(
                f"queries: the grid's best on all cases {queries.on_all.ndcg:.3f} ({changed(named[queries.best])})"
            )
            notes.append(f"CVs: the grid's best on all cases {cvs.on_all.ndcg:.3f} ({changed(named[cvs.best])})")
    report.seconds = time.perf_counter() - started
    return report, notes


def main(argv: list[str]) -> None:
    report, notes = asyncio.run(evaluate_all(folds="--no-folds" not in argv))
    print(table(report))
    for note in notes:
        print(note)
    if "--detail" in argv:
        print()
        print(details(report, judgments.queries(), "query"))
        print()
        print(details(report, judgments.cvs(), "cv"))
    if "--show" in argv:
        print()
        print(show(report.rankings["product"], argv[argv.index("--show") + 1 :]))
    print(f"\n({report.seconds:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
