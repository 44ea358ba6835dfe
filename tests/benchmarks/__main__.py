"""`make bench`: every benchmark, each printing its figures. Figures go into docs/benchmarks.md."""

from __future__ import annotations

import asyncio

from tests.benchmarks import (
    bench_bot,
    bench_broadcast,
    bench_cv,
    bench_index,
    bench_salary,
    bench_search,
    bench_sectors,
    bench_seed,
    bench_status,
)


def main() -> None:  # each benchmark guards its own event loop
    asyncio.run(bench_seed.main())
    asyncio.run(bench_index.main())
    asyncio.run(bench_cv.main())
    asyncio.run(bench_search.main())
    asyncio.run(bench_bot.main())
    asyncio.run(bench_broadcast.main())
    asyncio.run(bench_salary.main())
    bench_status.main()
    bench_sectors.main()


if __name__ == "__main__":
    main()
