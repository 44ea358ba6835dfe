"""The job index with the offline model: bulk indexing speed, the no-change refresh, peak memory.

Targets (issue #3): the no-change refresh of 10,000 jobs under 3 s.
Run: `make bench`, or `.venv/bin/python -m tests.benchmarks.bench_index [JOBS]`.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time

from bot.devtools.dev_data import seed_demo
from db import migrate
from db.engine import create_session_factory
from db.legacy_writer import LegacyWriter
from db.uow import UnitOfWorkFactory
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService, LocalMiniLM
from tests.support.pg import scratch_database


async def main(jobs: int = 10_000) -> None:
    model = LocalMiniLM()
    async with scratch_database("bench-index-") as engine:
        try:
            await migrate.upgrade(engine)
            await seed_demo(LegacyWriter(engine), jobs=jobs, seed=1, production=False)
            uow = UnitOfWorkFactory(create_session_factory(engine))
            indexer = JobIndexer(uow, EmbeddingService(model, uow))
            model.warm_up()

            full = await indexer.refresh()
            print(
                f"index: full refresh of {full.jobs_seen:,} jobs: {full.seconds:.1f}s "
                f"({full.embedded / full.seconds:.1f} jobs/s, {full.provider_calls} model calls)"
            )
            times = []
            for _ in range(5):
                started = time.perf_counter()
                report = await indexer.refresh()
                times.append(time.perf_counter() - started)
                assert report.embedded == 0 and report.provider_calls == 0
            times.sort()
            print(
                f"index: no-change refresh of {jobs:,} jobs: median {times[2]:.2f}s, "
                f"worst {times[-1]:.2f}s (target < 3 s)"
            )
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"index: peak RSS of this process {peak_mb:.0f} MB")
        finally:
            model.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
