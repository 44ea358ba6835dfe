"""Is the database usable: reachable, pgvector present, our schema migrated to head."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.migrate import head_revision, read_current_revision


@dataclass(frozen=True, slots=True)
class DatabaseHealth:
    reachable: bool
    pgvector: bool
    revision: str | None
    head: str | None
    error: str | None = None

    @property
    def migrated(self) -> bool:
        return self.revision is not None and self.revision == self.head

    @property
    def ok(self) -> bool:
        return self.reachable and self.pgvector and self.migrated

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "migrated": self.migrated, "ok": self.ok}


async def check_database(engine: AsyncEngine, *, within: float = 3.0) -> DatabaseHealth:
    head = head_revision()
    try:
        async with asyncio.timeout(within), engine.connect() as conn:
            pgvector = bool(await conn.scalar(text("SELECT 1 FROM pg_extension WHERE extname = 'vector'")))
            revision = await conn.run_sync(read_current_revision)
    except Exception as exc:  # any failure to talk to the server means "not reachable"
        return DatabaseHealth(False, False, None, head, error=f"{type(exc).__name__}: {exc}"[:300])
    return DatabaseHealth(True, pgvector, revision, head)
