"""seed-demo and import-jobs: the development stand-ins for the job board."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.devtools.demo_data import IN_HOUSE_REQ_PREFIX
from bot.devtools.dev_data import import_jobs, seed_demo
from db.engine import create_engine, create_session_factory
from db.legacy import AccountingFirm, Job
from db.legacy_writer import LegacyWriter
from db.models import JobIndexEntry
from db.uow import UnitOfWorkFactory
from services.errors import DevelopmentOnly
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService
from services.search.job_search import JobSearch
from tests.support.board import FIXED_DAY, build_board
from tests.support.hashed_embeddings import HashedEmbeddings

ROWS_DIGEST = (
    "SELECT md5(string_agg(concat_ws('|', j.id, j.job_title, j.seniority, j.service, j.location, j.salary, "
    "j.employment, j.date_published, j.description, f.name, f.ranking), E'\\n' ORDER BY j.id)) "
    'FROM public."JobsApp_job" j JOIN public."JobsApp_accountingfirm" f ON f.id = j.firm_id'
)


async def _digest(engine: AsyncEngine) -> str:
    async with engine.connect() as conn:
        return str(await conn.scalar(text(ROWS_DIGEST)))


async def _count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(model)) or 0)


async def test_seed_is_deterministic_for_a_seed(pg_root_url: str, empty_db_url: str, db_url: str) -> None:
    a, b = create_engine(empty_db_url), create_engine(db_url)
    try:
        first = await build_board(a, jobs=500, seed=11)
        await build_board(b, jobs=500, seed=11)
        assert first.jobs == 500 and first.firms >= 24
        assert await _digest(a) == await _digest(b)
        await seed_demo(LegacyWriter(b), jobs=500, seed=12, replace=True, production=False, today=FIXED_DAY)
        assert await _digest(a) != await _digest(b)
    finally:
        await a.dispose()
        await b.dispose()


async def test_seeded_jobs_look_like_the_boards(engine: AsyncEngine) -> None:
    await build_board(engine, jobs=2000, seed=5)
    async with engine.connect() as conn:
        salaries = (await conn.scalars(select(Job.salary))).all()
        locations = (await conn.scalars(select(Job.location))).all()
        descriptions = (await conn.scalars(select(Job.description).limit(400))).all()
        seniorities = set((await conn.scalars(select(Job.seniority))).all())
        services = set((await conn.scalars(select(Job.service))).all())
        big_four = (await conn.scalars(select(AccountingFirm.ranking).where(AccountingFirm.name == "KPMG"))).one()
        counts_ok = await conn.scalar(
            text(
                'SELECT bool_and(f.jobs_count = (SELECT count(*) FROM public."JobsApp_job" j WHERE j.firm_id = f.id)) '
                'FROM public."JobsApp_accountingfirm" f'
            )
        )
    assert "" in salaries and any(s.startswith("Competitive") for s in salaries)
    assert any("per day" in s or "/day" in s for s in salaries)
    assert any(s.startswith("Up to £") and "DOE" in s for s in salaries)
    assert any("k + bonus" in s for s in salaries)
    assert any("Hybrid" in loc for loc in locations) and any("Remote" in loc for loc in locations)
    assert any(", " in loc for loc in locations)
    assert all(d.startswith("<p>") and "<li>" in d for d in descriptions)
    text_all = " ".join(descriptions)
    for word in ("ACCA", "ACA", "CIMA", "AAT", "Xero", "Sage"):
        assert word in text_all
    assert {"Trainee", "Senior", "Manager", "Partner", ""} <= seniorities
    assert {"Audit", "Tax", "Advisory", "Payroll", "Forensic", "Restructuring", "Outsourcing"} <= services
    assert big_four is not None and big_four <= 4
    assert counts_ok


async def test_seed_writes_nothing_over_existing_jobs_unless_replaced(engine: AsyncEngine) -> None:
    await build_board(engine, jobs=100)
    again = await build_board(engine, jobs=300)
    assert again.skipped_existing == 100 and again.jobs == 0
    assert await _count(engine, Job) == 100


async def test_dev_commands_are_refused_in_production(engine: AsyncEngine, tmp_path: Path) -> None:
    with pytest.raises(DevelopmentOnly, match="ENVIRONMENT=production"):
        await seed_demo(LegacyWriter(engine), jobs=10, production=True)
    (tmp_path / "jobs.jsonl").write_text('{"job_title": "x", "description": "y", "firm_name": "z"}\n')
    with pytest.raises(DevelopmentOnly):
        await import_jobs(LegacyWriter(engine), tmp_path / "jobs.jsonl", production=True)
    async with engine.connect() as conn:
        exists = await conn.scalar(text("SELECT to_regclass('public.\"JobsApp_job\"')"))
    assert exists is None


def _as_import_line(ad: dict) -> dict:
    return {
        "job_title": ad["title"],
        "description": ad["description"],
        "firm_name": ad["company"],
        "location": ad["location"],
        "salary": ad["salary_raw"],
        "employment": ad["employment_type"],
        "date_published": ad["date_posted"],
        "link": ad["url"],
        "req_no": ad["source_id"],
    }


async def test_import_real_ads_reporting_bad_lines(engine: AsyncEngine, shared_data: Path, tmp_path: Path) -> None:
    ads = [json.loads(line) for line in (shared_data / "jobs" / "accounting_finance_real.jsonl").open()]
    lines = [json.dumps(_as_import_line(ad)) for ad in ads]
    lines.insert(5, "{not json")
    lines.insert(9, json.dumps(["a", "list"]))
    path = tmp_path / "ads.jsonl"
    path.write_text("\n".join(lines) + "\n")
    without_firm = [i + 1 for i, line in enumerate(lines) if line.startswith("{") and '"firm_name": ""' in line]

    report = await import_jobs(LegacyWriter(engine), path, production=False)

    assert report.lines == len(ads) + 2
    bad = dict(report.errors)
    assert bad[6].startswith("invalid JSON")
    assert bad[10] == "a line must be a JSON object"
    assert sorted(bad) == sorted([6, 10, *without_firm])
    assert all("firm_name" in bad[n] for n in without_firm)
    assert report.created == len(ads) - len(without_firm) == await _count(engine, Job)
    firms = {ad["company"].lower() for ad in ads if ad["company"]}
    assert report.firms_created == len(firms) == await _count(engine, AccountingFirm)


async def test_import_updates_by_id_and_matches_firms_by_name(engine: AsyncEngine, tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    rows = [
        {"id": 1, "job_title": "Audit Senior", "description": "<p>ACA</p>", "firm_name": "Smith & Co",
         "salary": "£40,000", "firm_ranking": 80},
        {"id": 500, "job_title": "Tax Senior", "description": "CTA", "firm_name": "SMITH & CO", "location": "Leeds"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows))
    first = await import_jobs(LegacyWriter(engine), path, production=False)
    assert (first.created, first.updated, first.firms_created) == (2, 0, 1)

    path.write_text(json.dumps({**rows[0], "job_title": "Audit Senior (updated)", "salary": 45000}))
    second = await import_jobs(LegacyWriter(engine), path, production=False)
    assert (second.created, second.updated) == (0, 1)
    async with engine.connect() as conn:
        job = (await conn.execute(select(Job.job_title, Job.salary).where(Job.id == 1))).one()
        firm = (await conn.execute(select(AccountingFirm.ranking, AccountingFirm.jobs_count))).one()
    assert tuple(job) == ("Audit Senior (updated)", "45000")
    assert tuple(firm) == (80, 2)
    # The identity moved past the explicit ids, so a job without one does not collide with id 1.
    path.write_text(json.dumps({"job_title": "Payroll Officer", "description": "AAT", "firm_name": "Smith & Co"}))
    third = await import_jobs(LegacyWriter(engine), path, production=False)
    assert (third.created, third.errors) == (1, [])
    async with engine.connect() as conn:
        assert await conn.scalar(select(func.max(Job.id))) > 500


async def test_the_demo_board_has_in_house_posts_the_product_reads(engine: AsyncEngine) -> None:
    """Issue #24 (6): NHS trusts, councils, companies, charities, universities and Armenian firms beside the practices,
    read by the index like real ads; a finance manager's search and CV both find in-house posts."""
    report = await build_board(engine, jobs=300, seed=5)
    uow = UnitOfWorkFactory(create_session_factory(engine))
    embeddings = EmbeddingService(HashedEmbeddings(), uow)
    await JobIndexer(uow, embeddings).refresh()
    async with engine.connect() as conn:
        in_house_ids = set((await conn.scalars(select(Job.id).where(Job.req_no.startswith(IN_HOUSE_REQ_PREFIX)))).all())
        employers = (
            await conn.execute(
                select(AccountingFirm.name, AccountingFirm.country, AccountingFirm.ranking).where(
                    AccountingFirm.id.in_(select(Job.firm_id).where(Job.id.in_(in_house_ids)))
                )
            )
        ).all()
    async with uow() as work:
        rows = list((await work.session.scalars(select(JobIndexEntry))).all())
    assert report.jobs == 300 and report.in_house_jobs == len(in_house_ids) == 120
    assert all(ranking is None for _, _, ranking in employers)  # no league table for employers
    names = " ".join(name for name, _, _ in employers)
    for mark in ("NHS", "Council", "Ltd", "CJSC"):
        assert mark in names, mark
    assert any(country == "Armenia" for _, country, _ in employers)

    in_house = [r for r in rows if r.job_id in in_house_ids]
    assert len(in_house) == 120
    assert all(r.family and r.step is not None for r in in_house), [r.title for r in in_house if not r.family]
    assert all(r.places or r.work_mode == "remote" for r in in_house)
    unstated = sum(not r.salary_stated for r in in_house) / len(in_house)
    assert 0.25 <= unstated <= 0.55, unstated  # real boards: about 40% of in-house ads state no salary
    armenian = [r for r in in_house if r.country == "Armenia"]
    assert armenian and all(set(r.places) & {"Yerevan", "Gyumri", "Vanadzor"} for r in armenian)
    paid_in_drams = [r for r in armenian if r.salary_stated]
    assert paid_in_drams and all(r.salary_currency == "AMD" and r.salary_period == "month" for r in paid_in_drams)
    nhs = [r for r in in_house if "NHS" in r.firm_name]
    assert nhs and all(r.salary_currency == "GBP" for r in nhs if r.salary_stated)
    assert sum(r.salary_stated for r in nhs) >= 0.8 * len(nhs)  # NHS ads state their band's pay
    assert {"finance_management", "ap_ar_bookkeeping", "payroll"} <= {r.family for r in in_house}

    search = JobSearch(uow, embeddings)
    typed = await search.search("finance manager", top=10, today=FIXED_DAY)
    assert sum(r.job_id in in_house_ids for r in typed.results) >= 5, [(r.title, r.firm) for r in typed.results]
    top = next(r for r in typed.results if r.job_id in in_house_ids)
    assert "finance" in top.title.lower() and "manager" in top.title.lower()

    from services.cv.profile import extract_profile
    from services.cv.reading import clean_text
    from tests.data.uk_cvs import REFERENCE_DATE, UK_CVS

    cv = next(cv for cv in UK_CVS if cv["id"] == "finance-manager-ca-anz")
    matched = await search.match_cv(extract_profile(clean_text(cv["text"]), today=REFERENCE_DATE), top=10,
                                    today=FIXED_DAY)  # fmt: skip
    assert sum(r.job_id in in_house_ids for r in matched.results) >= 5, [(r.title, r.firm) for r in matched.results]
