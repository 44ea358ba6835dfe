"""A broadcast's pace: 2,000 users, 5% of them blocked, random runs of 429s (each asking for 1 s), through the
real service, aiogram and the Bot API stand-in over HTTP, with one delivery row written per copy.

Prints, for the default pace (25 a second) and Telegram's ceiling (30): wall time, the average rate, the most
copies in any one second, the 429s met and whether any send came before a 429's wait was over. Then the same
broadcast with the pace lifted (1,000 a second, no faults): what the pipeline itself sustains, the headroom.
Run: `make bench`, or `.venv/bin/python -m tests.benchmarks.bench_broadcast`.
"""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text

from bot.devtools.playground import BotApiStandIn, Faults
from bot.factory import create_bot
from db.engine import create_session_factory
from db.migrate import upgrade
from db.uow import UnitOfWorkFactory
from handlers.senders import TelegramSend
from services.delivery.broadcasts import Audience, Broadcasts, Draft
from services.delivery.pace import Pace
from tests.support.pg import scratch_database

USERS = 2_000
FIRST = 3_000_000


async def one_run(uow: UnitOfWorkFactory, rate: float, faults: Faults, label: str) -> None:
    stand_in = BotApiStandIn()
    await stand_in.start()
    stand_in.faults = faults
    bot = create_bot(stand_in.token, api_base=stand_in.base_url)
    try:
        broadcasts = Broadcasts(uow, Pace(rate))
        broadcast_id = await broadcasts.create(1, Draft(f"<b>{label}</b>", None, Audience.ALL))
        started = time.monotonic()
        progress = await broadcasts.run(broadcast_id, TelegramSend(bot))
        took = time.monotonic() - started
    finally:
        await bot.session.close()
        await stand_in.stop()
    assert progress is not None
    print(
        f"{label:<28} {progress.total:>5} users {progress.sent:>5} sent {progress.blocked:>4} blocked "
        f"{took:6.1f} s  avg {progress.sent / took:5.1f}/s  max in 1 s {stand_in.busiest_second():>4}  "
        f"429s {stand_in.rate_limited:>2}  early sends {stand_in.premature}"
    )


async def main() -> None:
    async with scratch_database("bench-broadcast-") as engine:
        await upgrade(engine)
        async with engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO jobbot.users (telegram_id, first_name) "
                     "SELECT g, 'User' FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) g"),
                {"a": FIRST, "b": FIRST + USERS - 1},
            )  # fmt: skip
        uow = UnitOfWorkFactory(create_session_factory(engine))
        blocked = set(range(FIRST, FIRST + USERS, 20))  # 5%
        print(f"broadcast to {USERS:,} users, 5% blocked, random 429 runs (1-3 in a row, retry_after 1 s)")
        for rate in (25, 30):
            async with engine.begin() as conn:  # everyone reachable again for the next run
                await conn.execute(text("UPDATE jobbot.users SET is_blocked = false"))
            await one_run(uow, rate, Faults(blocked=blocked, rate_limit=0.004, seed=rate), f"pace {rate}/s")
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE jobbot.users SET is_blocked = false"))
        await one_run(uow, 1000, Faults(), "pace lifted (headroom)")


if __name__ == "__main__":
    asyncio.run(main())
