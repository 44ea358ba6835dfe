"""PostgreSQL advisory locks: one holder at a time across every process and instance."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


def lock_key(name: str) -> int:
    """A stable 63-bit key for a lock name (the same in every process, unlike hash())."""
    return zlib.crc32(f"jobbot:{name}".encode()) | (0x5EED << 32)


@asynccontextmanager
async def advisory_lock(engine: AsyncEngine, name: str, *, wait: bool) -> AsyncIterator[bool]:
    """Hold the named lock for the block. Yields False (without waiting) when `wait` is off and it is taken.

    The lock lives on one pooled connection kept for the whole block and is released explicitly, so it
    never outlives the block even though the connection goes back to the pool.
    """
    key = lock_key(name)
    async with engine.connect() as conn:
        if wait:
            await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            got = True
        else:
            got = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
        await conn.commit()
        try:
            yield got
        finally:
            if got:
                await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                await conn.commit()
