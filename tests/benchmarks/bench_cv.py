"""CV intake speed: parse-and-extract of a 3-page PDF (target p95 under 1 s, no LLM) and the 351 finance PDFs
of ../shared/data/cvs/ in bulk. Run: `make bench`, or `.venv/bin/python -m tests.benchmarks.bench_cv`."""

from __future__ import annotations

import asyncio
import resource
import statistics
import time
from pathlib import Path

from services.cv.intake import CvIntake
from services.cv.reading import CvReader

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cvs"


async def main(rounds: int = 40) -> None:
    intake = CvIntake(CvReader())
    finance = sorted(p for cat in ("ACCOUNTANT", "FINANCE", "BANKING") for p in (SHARED / cat).glob("*.pdf"))
    await intake.from_file(finance[0].read_bytes())  # starts the first workers, as the bot does at start
    three_pages = []
    for path in finance:
        result = await intake.from_file(path.read_bytes())
        if result.pages == 3:
            three_pages.append(path)
    sample = three_pages[0].read_bytes()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        await intake.from_file(sample)
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"cv: 3-page PDF ({three_pages[0].name}), {rounds} runs: p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms (target < 1000 ms)")  # fmt: skip

    started = time.perf_counter()
    sequential = [await intake.from_file(p.read_bytes()) for p in finance]
    seq_s = time.perf_counter() - started
    started = time.perf_counter()
    await asyncio.gather(*(intake.from_file(p.read_bytes()) for p in finance))
    par_s = time.perf_counter() - started
    accounting = sum(r.profile.is_accounting for r in sequential)
    print(f"cv: {len(finance)} finance PDFs in bulk: {seq_s:.1f} s one at a time ({seq_s / len(finance) * 1000:.0f} ms "
          f"each), {par_s:.1f} s two at a time; {accounting} read as accounting/finance CVs")  # fmt: skip
    print(f"cv: peak RSS of the bot-side process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
