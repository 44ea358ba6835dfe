"""Reading the job board's tables: what changed, and the rows themselves. SELECT only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import BigInteger

from db.base import SCHEMA
from db.legacy import FIRM_SQL, JOB_SQL


@dataclass(frozen=True, slots=True)
class BoardJob:
    """What the index reads of one legacy job row and its firm."""

    job_id: int
    title: str
    firm_id: int
    firm_name: str
    firm_ranking: int | None
    seniority: str
    service: str
    industry: str
    location: str
    employment: str
    salary: str
    description: str
    date_published: str | None
    created_at: dt.date
    updated_at: dt.date
    link: str


# Every field the index reads, so that any change on the board changes the hash.
_SOURCE_HASH = (
    "md5(concat_ws(chr(31), j.job_title, j.seniority, j.service, j.industry, j.location, j.employment, j.salary, "
    "j.description, j.link, j.date_published, j.created_at, j.updated_at, f.name, f.ranking))"
)
_SELECT_HASHES = text(f"SELECT j.id, {_SOURCE_HASH} FROM {JOB_SQL} j JOIN {FIRM_SQL} f ON f.id = j.firm_id")
_SELECT_JOBS = text(
    "SELECT j.id, j.job_title, j.firm_id, f.name, f.ranking, j.seniority, j.service, j.industry, j.location, "
    "j.employment, j.salary, j.description, j.date_published, j.created_at, j.updated_at, j.link "
    f"FROM {JOB_SQL} j JOIN {FIRM_SQL} f ON f.id = j.firm_id WHERE j.id = ANY(:ids) ORDER BY j.id"
).bindparams(bindparam("ids", type_=ARRAY(BigInteger)))


class BoardReader:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def exists(self) -> bool:
        return bool(await self._session.scalar(text(f"SELECT to_regclass('{JOB_SQL}') IS NOT NULL")))

    async def source_hashes(self) -> dict[int, str]:
        """Each job's id and a hash of everything the index reads of it (computed in PostgreSQL)."""
        rows = await self._session.execute(_SELECT_HASHES)
        return {int(job_id): str(digest) for job_id, digest in rows}

    async def jobs(self, ids: Sequence[int]) -> list[BoardJob]:
        rows = await self._session.execute(_SELECT_JOBS, {"ids": list(ids)})
        return [BoardJob(*row) for row in rows]

    async def waiting(self, model: str, hash_suffix: str) -> int:
        """Board jobs the index of `model` lacks or holds in an older version (what the next refresh will do)."""
        sql = text(
            f"SELECT count(*) FROM {JOB_SQL} j JOIN {FIRM_SQL} f ON f.id = j.firm_id "
            f"LEFT JOIN {SCHEMA}.job_index i ON i.job_id = j.id AND i.model = :model "
            f"WHERE i.job_id IS NULL OR i.source_hash <> ({_SOURCE_HASH} || :suffix)"
        )
        return int(await self._session.scalar(sql, {"model": model, "suffix": hash_suffix}) or 0)

    async def count(self) -> int:
        return int(await self._session.scalar(text(f"SELECT count(*) FROM {JOB_SQL}")) or 0)
