"""The board's free text, parsed: tables of real-world examples (and the real ads in ../shared/data/jobs/)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from db.board import BoardJob
from services.jobs.fields import (
    Employment,
    PayPeriod,
    WorkMode,
    html_to_text,
    index_text,
    parse_employment,
    parse_job,
    parse_location,
    parse_posted,
    parse_salary,
)
from services.jobs.taxonomy import Seniority, qualifications_in, seniority_from_text, service_line, software_in

Y, D, H = PayPeriod.YEAR, PayPeriod.DAY, PayPeriod.HOUR


@pytest.mark.parametrize(
    ("text", "low", "high", "period", "annual"),
    [
        ("£45,000 - £55,000", 45000, 55000, Y, (45000, 55000)),
        ("£40k + bonus", 40000, 40000, Y, (40000, 40000)),
        ("£40k+", 40000, None, Y, (40000, None)),
        ("Up to £60,000 DOE", None, 60000, Y, (None, 60000)),
        ("£350 per day", 350, 350, D, (77000, 77000)),
        ("£350/day", 350, 350, D, (77000, 77000)),
        ("£250 - £325 per day inside IR35", 250, 325, D, (55000, 71500)),
        ("Up to 375 Per Day", None, 375, D, (None, 82500)),
        ("£10.10 per hour", 10.10, 10.10, H, (19695, 19695)),
        ("25 - 35/hour", 25, 35, H, (48750, 68250)),
        ("10.81", 10.81, 10.81, H, (21080, 21080)),
        ("£38,890 - £44,503 pa", 38890, 44503, Y, (38890, 44503)),
        ("Band 7 £38,890 - £44,503 per annum pro rata", 38890, 44503, Y, (38890, 44503)),
        ("£19,703 to £20,246 pa (pro-rata)", 19703, 20246, Y, (19703, 20246)),
        ("30-45000", 30000, 45000, Y, (30000, 45000)),
        ("40-55K", 40000, 55000, Y, (40000, 55000)),
        ("£45k-£55k per annum", 45000, 55000, Y, (45000, 55000)),
        ("To 55k plus excellent benefits", None, 55000, Y, (None, 55000)),
        ("35,000 + OTE", 35000, 35000, Y, (35000, 35000)),
        (" 65,000.00 - 75,000.00", 65000, 75000, Y, (65000, 75000)),
        ("Basic salaries range from 50,000 to 90,000 + Commission.", 50000, 90000, Y, (50000, 90000)),
        ("From £40,000", 40000, None, Y, (40000, None)),
        ("24,629 as per annex 21 NHS terms and conditions", 24629, 24629, Y, (24629, 24629)),
        ("£2,500 per month", 2500, 2500, PayPeriod.MONTH, (30000, 30000)),
        ("Salary £24,000 - £34,000", 24000, 34000, Y, (24000, 34000)),
    ],
)
def test_salaries_that_state_a_figure(
    text: str, low: float | None, high: float | None, period: PayPeriod, annual: tuple[int | None, int | None]
) -> None:
    salary = parse_salary(text)
    assert salary.stated
    assert (salary.minimum, salary.maximum, salary.period) == (low, high, period)
    assert (salary.annual_min, salary.annual_max) == annual
    assert salary.currency == "GBP"


@pytest.mark.parametrize(
    "text", ["", "   ", None, "Competitive", "Competitive salary + benefits", "Negotiable", "VSM", "DOE", "TBC"]
)
def test_salaries_that_are_not_stated_are_not_zero(text: str | None) -> None:
    salary = parse_salary(text)
    assert not salary.stated
    assert salary.minimum is None and salary.maximum is None and salary.annual_min is None


def test_other_currencies() -> None:
    assert parse_salary("$65,000 - $80,000").currency == "USD"
    assert parse_salary("€50,000").currency == "EUR"
    amd = parse_salary("300,000 AMD per month")
    assert (amd.currency, amd.period, amd.minimum) == ("AMD", PayPeriod.MONTH, 300000)


@pytest.mark.parametrize(
    ("text", "places", "region", "country", "mode"),
    [
        ("London", ("London",), "London", "United Kingdom", WorkMode.ONSITE),
        ("Leeds / Hybrid", ("Leeds",), "Yorkshire", "United Kingdom", WorkMode.HYBRID),
        ("Hybrid - Manchester", ("Manchester",), "North West", "United Kingdom", WorkMode.HYBRID),
        ("Remote (UK)", (), None, "United Kingdom", WorkMode.REMOTE),
        ("UK Wide - Remote", (), None, "United Kingdom", WorkMode.REMOTE),
        ("London (Remote considered)", ("London",), "London", "United Kingdom", WorkMode.HYBRID),
        ("Manchester, Birmingham", ("Manchester", "Birmingham"), "North West", "United Kingdom", WorkMode.ONSITE),
        ("Stoke on Trent, ST4 8HH, GB", ("Stoke-on-Trent",), "West Midlands", "United Kingdom", WorkMode.ONSITE),
        ("The Morris House Group Practice in North London, N17 6AA, GB", ("London",), "London", "United Kingdom",
         WorkMode.ONSITE),
        ("Leeds, West Yorkshire, England, West Yorkshire", ("Leeds", "West Yorkshire"), "Yorkshire", "United Kingdom",
         WorkMode.ONSITE),
        ("JR &amp; CH, Oxford, OX3 9DU, GB", ("Oxford",), "South East", "United Kingdom", WorkMode.ONSITE),
        # A postcode adds its area's post town, a county is a place of its own; a street named after a city is not it.
        ("Across Cheshire CCG footprint, cheshire, CH2 1BQ, GB", ("Chester", "Cheshire"), "North West",
         "United Kingdom", WorkMode.ONSITE),
        ("West Sussex", ("West Sussex",), "South East", "United Kingdom", WorkMode.ONSITE),
        ("NHS Jobs / trac, Bootle, L20 3DL, GB", ("Bootle", "Liverpool"), "North West", "United Kingdom",
         WorkMode.ONSITE),
        ("South Shields, NE34 0PL, GB", ("South Shields", "Newcastle"), "North East", "United Kingdom",
         WorkMode.ONSITE),
        ("London Road Community Hospital, Derby, DE1 2QY, GB", ("Derby",), "East Midlands", "United Kingdom",
         WorkMode.ONSITE),
        ("St James University Hospital, LS9 7TF, GB", ("Leeds",), "Yorkshire", "United Kingdom", WorkMode.ONSITE),
        ("City of London", ("London",), "London", "United Kingdom", WorkMode.ONSITE),
        ("Newcastle upon Tyne", ("Newcastle",), "North East", "United Kingdom", WorkMode.ONSITE),
        ("Yerevan, Armenia", ("Yerevan",), None, "Armenia", WorkMode.ONSITE),
        ("NA", (), None, None, WorkMode.ONSITE),
        ("", (), None, None, WorkMode.ONSITE),
    ],
)  # fmt: skip
def test_locations(text: str, places: tuple[str, ...], region: str | None, country: str | None, mode: WorkMode) -> None:
    location = parse_location(text)
    assert (location.places, location.region, location.country, location.work_mode) == (places, region, country, mode)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Permanent",), [Employment.PERMANENT]),
        (("Full Time, Permanent",), [Employment.PERMANENT, Employment.FULL_TIME]),
        (("FULL_TIME",), [Employment.FULL_TIME]),
        (("full_time contract",), [Employment.CONTRACT, Employment.FULL_TIME]),
        (("Fixed Term Contract",), [Employment.CONTRACT]),
        (("TEMPORARY",), [Employment.TEMPORARY]),
        (("Part Time / Flexible",), [Employment.PART_TIME]),
        (("Part time/ Full Time",), [Employment.PART_TIME, Employment.FULL_TIME]),
        (("", "£350 per day inside IR35"), [Employment.CONTRACT]),
        (("", "£24,907 - £30,615 per annum pro rata"), [Employment.PART_TIME]),
        (("OTHER",), []),
        ((None, ""), []),
    ],
)
def test_employment(texts: tuple[str | None, ...], expected: list[Employment]) -> None:
    assert parse_employment(*texts) == expected


CREATED = dt.date(2026, 11, 2)
SCRAPED = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-20", dt.date(2026, 10, 20)),
        ("2020-10-13T12:29:00+0100", dt.date(2020, 10, 13)),
        ("20/10/2026", dt.date(2026, 10, 20)),
        ("16 November 2026", dt.date(2026, 11, 16)),
        ("November 20, 2026", dt.date(2026, 11, 20)),
        ("Posted today", SCRAPED),
        ("2 days ago", dt.date(2026, 11, 18)),
        ("Posted 5 days ago", dt.date(2026, 11, 15)),
        ("30+ days ago", dt.date(2026, 10, 21)),
        ("", CREATED),
        (None, CREATED),
        ("sometime soon", CREATED),
    ],
)
def test_posting_dates(text: str | None, expected: dt.date) -> None:
    assert parse_posted(text, CREATED, SCRAPED) == expected


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Graduate Trainee - Audit", Seniority.TRAINEE),
        ("Payroll Apprentice (AAT)", Seniority.TRAINEE),
        ("Accounts Assistant", Seniority.JUNIOR),
        ("Junior Bookkeeper", Seniority.JUNIOR),
        ("Audit Semi-Senior", Seniority.SEMI_SENIOR),
        ("Management Accountant", Seniority.SEMI_SENIOR),
        ("Senior Tax Associate", Seniority.SENIOR),
        ("Newly Qualified Rotation Scheme", Seniority.SENIOR),
        ("Audit Supervisor", Seniority.SUPERVISOR),
        ("Audit Assistant Manager", Seniority.SUPERVISOR),
        ("Assistant Financial Controller", Seniority.SUPERVISOR),
        ("Tax Manager", Seniority.MANAGER),
        ("Chief Accountant", Seniority.MANAGER),
        ("Senior Manager - Restructuring", Seniority.SENIOR_MANAGER),
        ("Financial Controller", Seniority.SENIOR_MANAGER),
        ("Associate Director, Corporate Finance", Seniority.SENIOR_MANAGER),
        ("Director of Finance, Performance and Estates", Seniority.DIRECTOR),
        ("Head of Financial Accounting", Seniority.DIRECTOR),
        ("Tax Partner", Seniority.PARTNER),
        ("Chief Financial Officer", Seniority.PARTNER),
        ("Chief Finance Officer (S151)", Seniority.PARTNER),
        # Words inside other words name no level: an internal auditor is no intern, a directorate no director.
        ("Internal Auditor", Seniority.SEMI_SENIOR),
        ("Directorate Accountant", Seniority.SEMI_SENIOR),
        # A credit controller chases debts: not a financial controller.
        ("Credit Controller", Seniority.SEMI_SENIOR),
        ("Senior Credit Controller", Seniority.SENIOR),
        ("Credit Control Manager", Seniority.MANAGER),
        ("Receptionist", None),
    ],
)
def test_seniority_scale(title: str, level: Seniority | None) -> None:
    assert seniority_from_text(title) == level


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("You will be ACA, ACCA or ICAS qualified", ["ACCA", "ACA", "ICAS"]),
        ("Part qualified ACCA/CIMA with 2 years' experience", ["ACCA", "CIMA"]),
        ("CCAB qualified accountant", ["ACCA", "ACA", "ICAS", "CA", "CIPFA"]),
        ("Qualified Chartered Accountant (ICAEW)", ["ACA"]),
        ("A qualified chartered accountant", ["ACA"]),
        ("AAT Level 3 or above", ["AAT"]),
        ("CTA or ATT qualified (or studying)", ["CTA", "ATT"]),
        ("CIPFA qualified, NHS experience", ["CIPFA"]),
        ("US CPA with SOX experience", ["CPA"]),
        ("FCCA, member of the Association of Chartered Certified Accountants", ["ACCA"]),
        ("The FCA regulated firm has an academy and will attend to matters", []),
        ("We offer great support and attractive benefits", []),
    ],
)
def test_qualifications(text: str, codes: list[str]) -> None:
    assert qualifications_in(text) == codes


def test_software_and_service_lines() -> None:
    text = "Confident with Xero, Sage 50, QuickBooks Online, Power BI and advanced Excel (VBA macros); CCH and IRIS"
    assert software_in(text) == ["Xero", "Sage", "QuickBooks", "IRIS", "CCH", "Excel", "VBA", "Power BI"]
    assert service_line("Audit") == "audit"
    assert service_line("", "Internal Audit Manager") == "internal_audit"
    assert service_line("", "Corporate Tax Senior") == "tax"
    assert service_line("", "Insolvency Administrator") == "restructuring"
    assert service_line("", "Payroll Bureau Supervisor") == "payroll"
    assert service_line("", "Receptionist") is None


def test_html_becomes_readable_text() -> None:
    text = html_to_text(
        "<p><strong>Audit Senior</strong> &amp; more</p><ul><li>ACA &lt;or&gt; ACCA</li><li>Xero</li></ul>"
        "<script>alert(1)</script><p>Leeds&nbsp;office</p>"
    )
    assert text == "Audit Senior & more\n- ACA <or> ACCA\n- Xero\nLeeds office"
    assert html_to_text("Plain   text &amp; entities") == "Plain text & entities"


def _source(**overrides: object) -> BoardJob:
    base = {
        "job_id": 1, "title": "Audit Senior", "firm_id": 2, "firm_name": "Smith & Co", "firm_ranking": 30,
        "seniority": "", "service": "", "industry": "", "location": "Leeds / Hybrid", "employment": "Permanent",
        "salary": "£40k + bonus", "description": "<p>ACA or ACCA qualified; Xero and CaseWare.</p>",
        "date_published": "2026-11-01", "created_at": CREATED, "updated_at": SCRAPED, "link": "",
    }  # fmt: skip
    return BoardJob(**{**base, **overrides})  # type: ignore[arg-type]


def test_a_whole_job() -> None:
    job = _source()
    fields = parse_job(job)
    assert fields.seniority is Seniority.SENIOR
    assert fields.service == "audit"
    assert fields.location.places == ("Leeds",) and fields.location.work_mode is WorkMode.HYBRID
    assert fields.salary.annual_min == 40000
    assert fields.employment == [Employment.PERMANENT]
    assert fields.qualifications == ["ACCA", "ACA"]
    assert fields.software == ["Xero", "CaseWare"]
    assert fields.posted_on == dt.date(2026, 11, 1)
    text = index_text(job, fields)
    assert text.startswith("Audit Senior\nFirm: Smith & Co\n")
    assert "ACA or ACCA qualified" in text and "<p>" not in text


def test_an_nhs_band_in_the_ads_text_grades_the_post() -> None:
    text = "<p>Job title Corporate Accountant</p><p>Band Band 5</p><p>Hours Full time</p>"
    band_5 = _source(title="Corporate Accountant", salary="£24,907 - £30,615 pa", description=text)
    assert parse_job(band_5).step == 2  # an assistant accountant's grade, whatever "Accountant" alone would read as
    assert parse_job(band_5).title_step == 3  # what its title alone says, kept for typed queries
    several = _source(title="Corporate Accountant", salary="£32,000",
                      description="<p>You will lead band 4 and band 5 officers.</p>")  # fmt: skip
    assert parse_job(several).step == 3  # which band is the post's is unclear: the title's step


def test_every_real_ad_parses(shared_data: Path) -> None:
    ads = [json.loads(line) for line in (shared_data / "jobs" / "accounting_finance_real.jsonl").open()]
    stated = with_place = with_quals = senior_known = 0
    for ad in ads:
        job = _source(
            title=ad["title"], location=ad["location"] or "", salary=ad["salary_raw"] or "",
            employment=ad["employment_type"] or "", description=ad["description"], date_published=ad["date_posted"],
        )  # fmt: skip
        fields = parse_job(job)
        if ad["salary_raw"] and fields.salary.stated:
            stated += 1
            annual = fields.salary.annual_max or fields.salary.annual_min
            assert annual is not None
            if fields.salary.currency == "GBP":
                assert 5_000 <= annual <= 400_000, (ad["salary_raw"], fields.salary)
        with_place += bool(fields.location.places or fields.location.region)
        names_a_body = re.search(
            r"\b(?:ACCA|CIMA|AAT|CCAB|CIPFA|ACA|ICAEW|ICAS|CTA|ATT|CPA)\b", job.title + ad["description"]
        )
        if names_a_body:
            assert fields.qualifications, ad["title"]
            with_quals += 1
        senior_known += fields.seniority is not None
        assert len(index_text(job, fields)) <= 6000
    # Every salary with a figure is read; "Competitive ..." and a bare pay band ("Band 8b-8c") stay not stated.
    with_a_figure = sum(
        1
        for ad in ads
        if re.search(r"\d", re.sub(r"(?i)band\s*\d[a-d]?(?:\s*-\s*\d[a-d]?)?", "", ad["salary_raw"] or ""))
    )
    assert stated == with_a_figure
    assert with_place >= 0.9 * sum(1 for ad in ads if ad["location"] not in (None, "", "NA"))
    assert with_quals >= 35  # ads naming a professional body, each read into codes
    assert senior_known >= 0.85 * len(ads)
