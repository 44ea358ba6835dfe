"""Development only: writes the legacy tables the way the job board would.

The bot never writes these tables. `seed-demo` and `import-jobs` stand in for the job board on
a developer's machine, and the tests use them to build a board to read. Every connection here
carries the `allow_legacy_writes` execution option, which is the one key the write guard in
`db.engine` accepts; the services refuse to call this in production.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.engine import ALLOW_LEGACY_WRITES
from db.legacy import FIRM_SQL, FIRM_TABLE, JOB_SQL, JOB_TABLE, LEGACY_DDL, LEGACY_SCHEMA

FIRM_COLUMNS = (
    "name", "location", "ranking", "about", "script", "logo", "jobs_count", "last_scraped",
    "created_at", "updated_at", "country", "slug", "link", "linkedin_link", "twitter_link",
)  # fmt: skip
JOB_COLUMNS = (
    "job_title", "seniority", "service", "industry", "location", "employment", "salary", "description",
    "link", "req_no", "date_published", "created_at", "updated_at", "firm_id", "location_coordinates",
    "scrapped_industry", "scrapped_seniority", "scrapped_service", "slug", "is_indexed",
)  # fmt: skip


class LegacyWriter:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        async with self._engine.connect() as conn:
            conn = await conn.execution_options(**{ALLOW_LEGACY_WRITES: True})
            async with conn.begin():
                yield conn

    @staticmethod
    async def ensure_tables(conn: AsyncConnection) -> None:
        for ddl in LEGACY_DDL:
            await conn.execute(text(ddl))

    @staticmethod
    async def count_jobs(conn: AsyncConnection) -> int:
        return int(await conn.scalar(text(f"SELECT count(*) FROM {JOB_SQL}")) or 0)

    @staticmethod
    async def truncate(conn: AsyncConnection) -> None:
        await conn.execute(text(f"TRUNCATE {JOB_SQL}, {FIRM_SQL} RESTART IDENTITY"))

    @staticmethod
    async def insert_firms(conn: AsyncConnection, firms: Sequence[dict[str, Any]]) -> list[int]:
        cols = ", ".join(FIRM_COLUMNS)
        params = ", ".join(f":{c}" for c in FIRM_COLUMNS)
        stmt = text(f"INSERT INTO {FIRM_SQL} ({cols}) VALUES ({params}) RETURNING id")
        return [int(await conn.scalar(stmt, firm) or 0) for firm in firms]

    @staticmethod
    async def copy_jobs(conn: AsyncConnection, rows: Iterable[tuple[Any, ...]]) -> None:
        """Bulk-load job rows (tuples in JOB_COLUMNS order) with COPY."""
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.copy_records_to_table(JOB_TABLE, records=rows, columns=JOB_COLUMNS, schema_name=LEGACY_SCHEMA)

    @staticmethod
    async def firm_id_by_name(conn: AsyncConnection, name: str) -> int | None:
        found = await conn.scalar(
            text(f"SELECT id FROM {FIRM_SQL} WHERE lower(name) = lower(:n) ORDER BY id LIMIT 1"), {"n": name}
        )
        return int(found) if found is not None else None

    @staticmethod
    async def update_firm(conn: AsyncConnection, firm_id: int, values: dict[str, Any]) -> None:
        if values:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            await conn.execute(text(f"UPDATE {FIRM_SQL} SET {sets} WHERE id = :id"), {**values, "id": firm_id})

    @staticmethod
    async def upsert_job(conn: AsyncConnection, job_id: int | None, values: dict[str, Any]) -> tuple[int, bool]:
        """Insert the job, or update it when `job_id` exists. Returns (id, created)."""
        if job_id is not None:
            sets = ", ".join(f"{k} = :{k}" for k in values if k != "created_at")
            updated = await conn.scalar(
                text(f"UPDATE {JOB_SQL} SET {sets} WHERE id = :id RETURNING id"), {**values, "id": job_id}
            )
            if updated is not None:
                return job_id, False
            values = {**values, "id": job_id}
        cols = ", ".join(values)
        params = ", ".join(f":{k}" for k in values)
        new_id = await conn.scalar(text(f"INSERT INTO {JOB_SQL} ({cols}) VALUES ({params}) RETURNING id"), values)
        return int(new_id or 0), True

    @staticmethod
    async def refresh_counts(conn: AsyncConnection) -> None:
        """Keep the board's bookkeeping true: firms' job counts and the identity sequences."""
        today = dt.date.today()
        await conn.execute(
            text(
                f"UPDATE {FIRM_SQL} f SET jobs_count = c.n, updated_at = :today "
                f"FROM (SELECT firm_id, count(*) AS n FROM {JOB_SQL} GROUP BY firm_id) c "
                "WHERE c.firm_id = f.id AND f.jobs_count <> c.n"
            ),
            {"today": today},
        )
        for table in (FIRM_TABLE, JOB_TABLE):
            await conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{LEGACY_SCHEMA}.\"{table}\"', 'id'), "
                    f'GREATEST((SELECT max(id) FROM {LEGACY_SCHEMA}."{table}"), 1))'
                )
            )
