"""Development-only stand-ins for the job board: demo data and JSONL import into the legacy tables."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.devtools.demo_data import (
    IN_HOUSE_SHARE,
    generate_employers,
    generate_firms,
    generate_in_house_jobs,
    generate_jobs,
    interleave,
    slugify,
)
from db.legacy_writer import LegacyWriter
from services.errors import DevelopmentOnly


def _refuse_in_production(production: bool, command: str) -> None:
    if production:
        raise DevelopmentOnly(f"{command} writes the job board's tables and is refused when ENVIRONMENT=production")


@dataclass(frozen=True, slots=True)
class SeedReport:
    firms: int
    jobs: int
    seconds: float
    skipped_existing: int = 0
    in_house_jobs: int = 0
    """Of `jobs`, the posts of in-house employers (NHS trusts, councils, companies, charities, Armenian firms)."""


async def seed_demo(
    writer: LegacyWriter,
    *,
    jobs: int,
    seed: int = 1,
    replace: bool = False,
    production: bool,
    today: dt.date | None = None,
    in_house_share: float = IN_HOUSE_SHARE,
) -> SeedReport:
    """Create the legacy tables if absent and fill them with generated firms and jobs: practice posts, and (a share
    of `in_house_share`) in-house posts, spread evenly through the board.

    When jobs are already there, nothing is written unless `replace` is given. The practice posts come from the
    seed's own random stream as they always did (the first ones of the board that seed gave before in-house posts
    were added); the in-house ones from a stream of their own.
    """
    _refuse_in_production(production, "seed-demo")
    today = today or dt.date.today()
    started = time.perf_counter()
    rng = random.Random(seed)
    in_house_rng = random.Random(f"in-house:{seed}")
    in_house = round(jobs * in_house_share)
    async with writer.transaction() as conn:
        await writer.ensure_tables(conn)
        existing = await writer.count_jobs(conn)
        if existing and not replace:
            return SeedReport(0, 0, time.perf_counter() - started, skipped_existing=existing)
        if replace:
            await writer.truncate(conn)
        firms = generate_firms(rng, jobs)
        firm_ids = await writer.insert_firms(conn, [f.as_row(today) for f in firms])
        employers = generate_employers(in_house_rng, in_house) if in_house else []
        employer_ids = await writer.insert_firms(conn, [e.firm.as_row(today) for e in employers])
        practice_jobs = generate_jobs(rng, firm_ids, jobs, today)
        in_house_jobs = generate_in_house_jobs(in_house_rng, employers, employer_ids, in_house, today)
        await writer.copy_jobs(conn, interleave(practice_jobs, in_house_jobs, jobs, in_house))
        await writer.refresh_counts(conn)
    return SeedReport(len(firms) + len(employers), jobs, time.perf_counter() - started, in_house_jobs=in_house)


class JobLine(BaseModel):
    """One line of an `import-jobs` file (keys from ARCHITECTURE.md)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    job_title: str = Field(min_length=1, max_length=1000)
    description: str = Field(min_length=1)
    firm_name: str = Field(min_length=1, max_length=1000)
    id: int | None = Field(default=None, ge=1)
    req_no: str = Field("", max_length=1000)
    seniority: str = Field("", max_length=1000)
    service: str = Field("", max_length=1000)
    industry: str = Field("", max_length=1000)
    location: str = Field("", max_length=5000)
    employment: str = Field("", max_length=1000)
    salary: str = Field("", max_length=1000)
    link: str = Field("", max_length=400)
    date_published: str | None = Field(None, max_length=1000)
    firm_location: str | None = Field(None, max_length=10000)
    firm_country: str | None = Field(None, max_length=100)
    firm_ranking: int | None = None
    firm_about: str | None = None

    @field_validator(
        "req_no",
        "seniority",
        "service",
        "industry",
        "location",
        "employment",
        "salary",
        "link",
        mode="before",
    )
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        if value is None:
            return ""
        return str(value) if isinstance(value, int | float) else value


@dataclass(slots=True)
class ImportReport:
    lines: int = 0
    created: int = 0
    updated: int = 0
    firms_created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.created + self.updated


def _read_lines(path: Path, report: ImportReport) -> Iterator[tuple[int, JobLine]]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            report.lines += 1
            try:
                data = json.loads(raw)
                if not isinstance(data, dict):
                    raise ValueError("a line must be a JSON object")
                yield number, JobLine.model_validate(data)
            except json.JSONDecodeError as exc:
                report.errors.append((number, f"invalid JSON: {exc.msg} at column {exc.colno}"))
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc']) or 'line'}: {e['msg']}" for e in exc.errors()
                )
                report.errors.append((number, problems))
            except ValueError as exc:
                report.errors.append((number, str(exc)))


async def import_jobs(writer: LegacyWriter, path: Path, *, production: bool) -> ImportReport:
    """Load jobs from a JSONL file; a bad line is reported with its number and skipped."""
    _refuse_in_production(production, "import-jobs")
    report = ImportReport()
    today = dt.date.today()
    firm_ids: dict[str, int] = {}
    async with writer.transaction() as conn:
        await writer.ensure_tables(conn)
        for _number, line in _read_lines(path, report):
            key = line.firm_name.lower()
            firm_id = firm_ids.get(key) or await writer.firm_id_by_name(conn, line.firm_name)
            firm_values = {
                k: v
                for k, v in {
                    "location": line.firm_location,
                    "country": line.firm_country,
                    "ranking": line.firm_ranking,
                    "about": line.firm_about,
                }.items()
                if v is not None
            }
            if firm_id is None:
                (firm_id,) = await writer.insert_firms(
                    conn,
                    [
                        {
                            "name": line.firm_name,
                            "location": line.firm_location or "",
                            "ranking": line.firm_ranking,
                            "about": line.firm_about or "",
                            "script": "",
                            "logo": "",
                            "jobs_count": 0,
                            "last_scraped": None,
                            "created_at": today,
                            "updated_at": today,
                            "country": line.firm_country or "",
                            "slug": slugify(line.firm_name),
                            "link": "",
                            "linkedin_link": "",
                            "twitter_link": "",
                        }
                    ],
                )
                report.firms_created += 1
            elif firm_values:
                await writer.update_firm(conn, firm_id, {**firm_values, "updated_at": today})
            firm_ids[key] = firm_id
            values = {
                "job_title": line.job_title,
                "seniority": line.seniority,
                "service": line.service,
                "industry": line.industry,
                "location": line.location,
                "employment": line.employment,
                "salary": line.salary,
                "description": line.description,
                "link": line.link,
                "req_no": line.req_no,
                "date_published": line.date_published,
                "created_at": today,
                "updated_at": today,
                "firm_id": firm_id,
                "location_coordinates": "",
                "scrapped_industry": line.industry,
                "scrapped_seniority": line.seniority,
                "scrapped_service": line.service,
                "slug": slugify(line.job_title),
                "is_indexed": False,
            }
            _, created = await writer.upsert_job(conn, line.id, values)
            if created:
                report.created += 1
            else:
                report.updated += 1
        await writer.refresh_counts(conn)
    return report
