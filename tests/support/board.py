"""A job board to read: the legacy tables with rows, built the way `seed-demo` builds them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.devtools.dev_data import SeedReport, seed_demo
from db.legacy_writer import LegacyWriter

FIXED_DAY = dt.date(2026, 11, 2)


async def build_board(engine: AsyncEngine, jobs: int = 300, seed: int = 3) -> SeedReport:
    return await seed_demo(LegacyWriter(engine), jobs=jobs, seed=seed, production=False, today=FIXED_DAY)
