"""Realistic, generated UK accounting firms and jobs for development and benchmarks.

Deterministic for a seed. The text imitates what the job board scrapes: free-text salaries and
locations in the board's many styles, HTML descriptions that name qualifications and software.
Nothing here is copied from real ads.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

BIG_FOUR = ("Deloitte", "PwC", "EY", "KPMG")
MID_TIER = (
    "BDO", "Grant Thornton", "RSM UK", "Forvis Mazars", "Crowe UK", "Moore Kingston Smith", "PKF Francis Clark",
    "Azets", "Saffery", "Buzzacott", "MHA", "Menzies", "Haysmacintyre", "Kreston Reeves", "Bishop Fleming",
    "Albert Goodman", "Evelyn Partners", "Johnston Carmichael", "Price Bailey", "Streets Chartered Accountants",
)  # fmt: skip
_SURNAMES = (
    "Smith", "Patel", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Khan", "Evans", "Thomas", "Roberts",
    "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris",
    "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill", "Scott", "Cooper", "Morris", "Ward",
    "Moore", "King", "Watson", "Baker", "Harrison", "Morgan", "Ahmed", "Ali", "Singh", "Shah", "Begum", "Reid",
)  # fmt: skip
_PRACTICE_SUFFIX = (
    "Chartered Accountants", "& Co", "Accountants LLP", "Tax & Accounts", "Partnership", "Business Advisers",
)  # fmt: skip

# (city, region, weight)
CITIES = (
    ("London", "London", 30), ("Manchester", "North West", 8), ("Birmingham", "West Midlands", 8),
    ("Leeds", "Yorkshire", 6), ("Bristol", "South West", 5), ("Glasgow", "Scotland", 4),
    ("Edinburgh", "Scotland", 4), ("Liverpool", "North West", 3), ("Newcastle", "North East", 3),
    ("Sheffield", "Yorkshire", 3), ("Nottingham", "East Midlands", 3), ("Cardiff", "Wales", 3),
    ("Reading", "South East", 3), ("Cambridge", "East of England", 3), ("Southampton", "South East", 2),
    ("Belfast", "Northern Ireland", 2), ("Milton Keynes", "South East", 2), ("Leicester", "East Midlands", 2),
    ("Exeter", "South West", 2), ("Norwich", "East of England", 2), ("Oxford", "South East", 2),
    ("Aberdeen", "Scotland", 1), ("Plymouth", "South West", 1), ("York", "Yorkshire", 1),
)  # fmt: skip

# (name, weight, title words, extra skills)
SERVICES = (
    ("Audit", 26, ("Audit", "External Audit", "Audit & Assurance"),
     ("external audit", "IFRS", "FRS 102", "ISA (UK)", "group audits", "substantive testing")),
    ("Tax", 20, ("Tax", "Corporate Tax", "Private Client Tax", "VAT", "Personal Tax"),
     ("corporation tax", "personal tax", "VAT returns", "self-assessment", "R&D tax credits", "tax compliance")),
    ("Advisory", 9, ("Advisory", "Corporate Finance", "Transaction Services"),
     ("due diligence", "financial modelling", "valuations", "M&A")),
    ("Accounts", 16, ("Accounts", "Accounts & Business Services", "Client Accountant"),
     ("statutory accounts", "year-end accounts", "management accounts", "bookkeeping", "bank reconciliations")),
    ("Payroll", 7, ("Payroll", "Payroll Bureau"),
     ("payroll", "RTI submissions", "auto-enrolment pensions", "P11D", "statutory payments")),
    ("Forensic", 3, ("Forensic Accounting", "Forensic"),
     ("forensic investigations", "expert witness", "fraud investigations", "disputes")),
    ("Restructuring", 4, ("Restructuring", "Insolvency"),
     ("insolvency", "administrations", "liquidations", "turnaround")),
    ("Outsourcing", 7, ("Outsourced Finance", "Financial Outsourcing", "Outsourcing"),
     ("accounts payable", "accounts receivable", "credit control", "management accounts", "VAT returns")),
    ("Internal Audit", 4, ("Internal Audit", "Risk Assurance"),
     ("internal audit", "SOX", "risk management", "internal controls")),
)  # fmt: skip

# (board label, title word, typical years, salary band in £k (low, high), weight)
SENIORITY = (
    ("Trainee", "Trainee", 0, (22, 28), 10), ("Junior", "Junior", 1, (25, 32), 8),
    ("Semi-Senior", "Semi-Senior", 2, (30, 38), 10), ("Senior", "Senior", 3, (38, 52), 22),
    ("Supervisor", "Supervisor", 4, (45, 58), 8), ("Assistant Manager", "Assistant Manager", 5, (50, 65), 10),
    ("Manager", "Manager", 6, (58, 80), 18), ("Senior Manager", "Senior Manager", 8, (75, 105), 8),
    ("Director", "Director", 12, (100, 150), 4), ("Partner", "Partner", 15, (150, 300), 2),
)  # fmt: skip

QUALIFICATIONS = (
    "ACCA", "ACA", "ICAEW", "ICAS", "CIMA", "AAT", "CTA", "ATT", "CIPFA",
)  # fmt: skip
SOFTWARE = (
    "Xero", "Sage", "QuickBooks", "IRIS", "CCH", "CaseWare", "Alteryx", "Power BI", "Excel", "SAP", "Oracle",
    "NetSuite", "Microsoft Dynamics", "TaxCalc", "Digita", "BrightPay", "Dext", "Inflo", "MindBridge",
)  # fmt: skip
INDUSTRIES = (
    "Professional Services", "Financial Services", "Real Estate", "Technology", "Manufacturing", "Charities",
    "Public Sector", "Retail", "Healthcare", "Energy", "Owner-managed Businesses",
)  # fmt: skip
EMPLOYMENT = (
    ("Permanent", 45), ("Full-time", 30), ("Full Time, Permanent", 8), ("Contract", 6),
    ("Fixed Term Contract", 3), ("Temporary", 3), ("Part-time", 4), ("Part Time / Flexible", 1),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoFirm:
    name: str
    location: str
    ranking: int | None
    about: str
    country: str = "United Kingdom"

    def as_row(self, today: dt.date) -> dict[str, Any]:
        slug = slugify(self.name)
        return {
            "name": self.name,
            "location": self.location,
            "ranking": self.ranking,
            "about": self.about,
            "script": "",
            "logo": f"logos/{slug}.png",
            "jobs_count": 0,
            "last_scraped": dt.datetime.combine(today, dt.time(6, 0), tzinfo=dt.UTC),
            "created_at": today - dt.timedelta(days=400),
            "updated_at": today,
            "country": self.country,
            "slug": slug,
            "link": f"https://careers.example.org/{slug}",
            "linkedin_link": "",
            "twitter_link": "",
        }


_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:200]


def generate_firms(rng: random.Random, jobs: int) -> list[DemoFirm]:
    firms: list[DemoFirm] = []
    city_names = [c[0] for c in CITIES]
    for rank, name in enumerate(BIG_FOUR, start=1):
        offices = ", ".join(rng.sample(city_names, 8))
        firms.append(DemoFirm(name, offices, rank, f"{name} is one of the Big Four professional services firms."))
    for rank, name in enumerate(MID_TIER, start=len(BIG_FOUR) + 1):
        offices = ", ".join(rng.sample(city_names, rng.randint(2, 6)))
        firms.append(DemoFirm(name, offices, rank, f"{name} is a top-{(rank // 10 + 1) * 10} UK accountancy firm."))
    small = min(600, max(16, jobs // 200))
    seen = {f.name for f in firms}
    next_rank = len(firms) + 1
    while len(firms) < len(BIG_FOUR) + len(MID_TIER) + small:
        a, b = rng.sample(_SURNAMES, 2)
        name = f"{a} {rng.choice(('&', 'and'))} {b} {rng.choice(_PRACTICE_SUFFIX)}"
        if name in seen:
            continue
        seen.add(name)
        city = rng.choice(city_names)
        ranking = None
        if rng.random() < 0.3:  # a third of small practices appear lower down the league table
            ranking = next_rank = next_rank + rng.randint(1, 4)
        firms.append(DemoFirm(name, city, ranking, f"An independent practice based in {city}."))
    return firms


def _salary(rng: random.Random, band: tuple[int, int], contract: bool) -> str:
    low_k, high_k = band
    if contract and rng.random() < 0.6:
        day = rng.randrange(250, 700, 25)
        return rng.choice((f"£{day} per day", f"£{day}/day", f"£{day} - £{day + 75} per day inside IR35"))
    low = rng.randrange(low_k, high_k + 1) * 1000
    high = low + rng.randrange(3, 16) * 1000
    style = rng.random()
    if style < 0.12:
        return ""
    if style < 0.24:
        return rng.choice(("Competitive", "Competitive salary + benefits", "Negotiable"))
    if style < 0.55:
        return f"£{low:,} - £{high:,}"
    if style < 0.67:
        return f"£{low // 1000}k + bonus"
    if style < 0.77:
        return f"Up to £{high:,} DOE"
    if style < 0.85:
        return f"£{low // 1000}k-£{high // 1000}k per annum"
    if style < 0.92:
        return f"£{low:,} per annum plus benefits"
    return f"£{round(low / 1950, 2):.2f} per hour" if low < 35000 else f"From £{low:,}"


def _location(rng: random.Random, city: str, region: str, cities: list[str]) -> str:
    style = rng.random()
    if style < 0.45:
        return city
    if style < 0.60:
        return f"{city} / Hybrid"
    if style < 0.68:
        return f"Hybrid - {city}"
    if style < 0.76:
        return f"{city}, {region}"
    if style < 0.84:
        other = rng.choice(cities)
        return city if other == city else f"{city}, {other}"
    if style < 0.90:
        return rng.choice(("Remote (UK)", "Remote", "UK Wide - Remote"))
    if style < 0.95:
        return f"{city} (Remote considered)"
    return f"{city}, United Kingdom"


def _date_published(rng: random.Random, day: dt.date) -> str | None:
    style = rng.random()
    if style < 0.4:
        return day.isoformat()
    if style < 0.6:
        return day.strftime("%d/%m/%Y")
    if style < 0.75:
        return f"{day.day} {day.strftime('%B %Y')}"
    if style < 0.85:
        return rng.choice(("Posted today", "2 days ago", "Posted 5 days ago", "30+ days ago"))
    if style < 0.93:
        return ""
    return None


def _qualification_text(rng: random.Random, years: int) -> tuple[str, list[str]]:
    quals = rng.sample(("ACCA", "ACA", "ICAS", "CIMA"), rng.randint(1, 3))
    if years <= 1:
        text = rng.choice(
            (
                "You will study towards the {q} qualification with full study support.",
                "A training contract towards {q} is offered, with paid study leave.",
                "AAT Level 3 or above, or willingness to study towards {q}.",
            )
        )
        return text.format(q=" or ".join(quals)), [*quals, "AAT"]
    if years <= 3:
        text = rng.choice(
            (
                "You will be {q} qualified or part-qualified (finalist welcome).",
                "Part qualified {q} with at least {y} years of practice experience.",
                "Studying towards {q}; qualified by experience candidates also considered.",
            )
        )
        return text.format(q="/".join(quals), y=years), quals
    text = rng.choice(
        (
            "You will be ACA, ACCA or ICAS qualified with {y}+ years of post-qualification experience.",
            "Fully qualified {q} with a strong track record in practice.",
            "{q} qualified (or CTA for tax roles), {y}+ years' experience.",
        )
    )
    return text.format(q="/".join(quals), y=years), quals


def generate_jobs(rng: random.Random, firm_ids: list[int], count: int, today: dt.date) -> Iterator[tuple[Any, ...]]:
    """Rows in the order of `db.legacy_writer.JOB_COLUMNS`."""
    services = list(SERVICES)
    service_weights = [s[1] for s in SERVICES]
    seniority_weights = [s[4] for s in SENIORITY]
    city_weights = [c[2] for c in CITIES]
    city_names = [c[0] for c in CITIES]
    emp_names = [e[0] for e in EMPLOYMENT]
    emp_weights = [e[1] for e in EMPLOYMENT]
    # Bigger firms post more jobs.
    firm_weights = [20 if i < 4 else 6 if i < 24 else 1 for i in range(len(firm_ids))]

    service_pick = rng.choices(services, service_weights, k=count)
    seniority_pick = rng.choices(SENIORITY, seniority_weights, k=count)
    city_pick = rng.choices(CITIES, city_weights, k=count)
    emp_pick = rng.choices(emp_names, emp_weights, k=count)
    firm_pick = rng.choices(firm_ids, firm_weights, k=count)

    for i in range(count):
        service, _, title_words, skills = service_pick[i]
        level, title_level, years, band, _ = seniority_pick[i]
        city, region, _ = city_pick[i]
        employment = emp_pick[i]
        contract = "Contract" in employment or "Temporary" in employment
        area = rng.choice(title_words)
        title = rng.choice(
            (
                f"{title_level} {area}",
                f"{area} {title_level}",
                f"{title_level} - {area}",
                f"{area} {title_level} ({city})",
            )
        )
        if level == "Trainee" and rng.random() < 0.4:
            title = rng.choice((f"Graduate Trainee - {area}", f"{area} Apprentice (AAT)", f"{area} Trainee"))
        qual_text, _ = _qualification_text(rng, years)
        tools = rng.sample(SOFTWARE, rng.randint(1, 4))
        picked_skills = rng.sample(skills, min(len(skills), rng.randint(2, 4)))
        industry = rng.choice(INDUSTRIES)
        salary = _salary(rng, band, contract)
        location = _location(rng, city, region, city_names)
        posted = today - dt.timedelta(days=rng.randint(0, 60))
        about = [f"<li>{qual_text}</li>"]
        if years > 0:
            about.append(f"<li>Around {years}+ years of relevant experience</li>")
        about.append(f"<li>Confident with {', '.join(tools)}</li>")
        hybrid = "Hybrid working available. " if rng.random() < 0.5 else ""
        description = "".join(
            (
                f"<p><strong>{title}</strong> - {service} team, {city}.</p>",
                f"<p>We are looking for a {title_level.lower()} to join our {area.lower()} practice, "
                f"working with clients in {industry.lower()}.</p>",
                "<h3>What you will do</h3><ul>",
                *(f"<li>Deliver {s} work for a varied client portfolio</li>" for s in picked_skills),
                "</ul><h3>About you</h3><ul>",
                *about,
                f"</ul><p>{hybrid}Salary: {salary or 'to be discussed'}.</p>",
            )
        )
        slug = f"{slugify(title)}-{i}"
        yield (
            title,
            level if rng.random() < 0.9 else "",
            service if rng.random() < 0.92 else "",
            industry,
            location,
            employment,
            salary,
            description,
            f"https://jobs.example.org/{slug}",
            f"REQ-{rng.randint(10000, 99999)}-{i}",
            _date_published(rng, posted),
            posted,
            posted,
            firm_pick[i],
            "",
            industry,
            level,
            service,
            slug,
            False,
        )
