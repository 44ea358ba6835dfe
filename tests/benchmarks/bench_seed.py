"""How fast `seed-demo` fills the job board's tables (target: 100,000 jobs in under a minute).

Run: `make bench`, or `.venv/bin/python -m tests.benchmarks.bench_seed [JOBS]`.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time

from bot.devtools.dev_data import seed_demo
from db.legacy_writer import LegacyWriter
from tests.support.pg import scratch_database


async def main(jobs: int = 100_000, rounds: int = 3) -> None:
    async with scratch_database("bench-seed-") as engine:
        times = []
        for i in range(rounds):
            started = time.perf_counter()
            report = await seed_demo(LegacyWriter(engine), jobs=jobs, seed=i + 1, replace=True, production=False)
            times.append(time.perf_counter() - started)
            assert report.jobs == jobs
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        best, worst = min(times), max(times)
        print(f"seed-demo: {jobs:,} jobs, {rounds} rounds: best {best:.1f}s, worst {worst:.1f}s "
              f"({jobs / best:,.0f} jobs/s); peak RSS of this process {peak_mb:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
