"""Realistic, generated accounting firms, in-house employers and jobs for development and benchmarks.

Practice posts at UK accountancy firms, and in-house posts (NHS trusts, councils, companies, charities, universities,
Armenian banks and IT firms) on their employers' pay scales. Deterministic for a seed. The text imitates what the job
board scrapes: free-text salaries and locations in the board's many styles, HTML descriptions that name
qualifications and software. Nothing here is copied from real ads; every employer name is invented.
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


# ---------------------------------------------------------------- in-house employers
#
# Most real finance ads are in-house (NHS trusts, councils, companies, charities and universities, and the Armenian
# banks and IT firms of the board's second country), not practice posts. Every name below is invented; the pay
# scales are the public ones (NHS Agenda for Change and the NJC pay spine, 2024/25), roughly.

IN_HOUSE_SHARE = 0.4
"""The share of a generated board's jobs that are in-house posts."""
IN_HOUSE_REQ_PREFIX = "IH-"
"""How an in-house post's requisition number starts (practice posts' start "REQ-")."""

# (kind, weight of its jobs on the board, share of its ads that state no salary)
EMPLOYER_KINDS = (
    ("nhs", 27, 0.05), ("council", 13, 0.08), ("company", 33, 0.72), ("charity", 7, 0.4), ("university", 6, 0.1),
    ("armenian", 14, 0.8),
)  # fmt: skip
_KIND_UNSTATED = {kind: unstated for kind, _, unstated in EMPLOYER_KINDS}

_UK_NAME_STEMS = (
    "North Weald", "Harbury", "Ashvale", "Brackenmoor", "Calderbrook", "Dunmere", "Fernhollow", "Greystoke Valley",
    "Hollinford", "Kestrel Downs", "Larkmead", "Marshbrook", "Netherwood", "Ravensmoor", "Sedgeley Vale",
    "Thornleigh", "Wyvern Coast", "Westmarsh", "Highcombe", "Brightwell Downs", "Coldwater", "Southmere",
    "Oakmere", "Hartsfield", "Ellerby", "Wendlebury", "Foxwold", "Amberley Heath",
)  # fmt: skip
_NHS_FORMS = (
    "{p} NHS Foundation Trust", "{p} Hospitals NHS Trust", "{p} Community Health NHS Trust",
    "{p} Mental Health NHS Foundation Trust", "NHS {p} Integrated Care Board", "{p} University Hospitals NHS Trust",
)  # fmt: skip
_COUNCIL_FORMS = (
    "{p} District Council", "{p} Borough Council", "{p} County Council", "{p} City Council",
    "{p} Metropolitan Borough Council",
)  # fmt: skip
_CHARITY_FORMS = (
    "{p} Hospice", "The {p} Trust", "{p} Housing Association", "{p} Children's Charity", "{p} Wildlife Trust",
    "{p} Community Foundation",
)  # fmt: skip
_UNIVERSITY_FORMS = ("University of {p}", "{p} University", "{p} College")
_COMPANY_STEMS = (
    "Ashdown", "Brightwater", "Corvid", "Delmont", "Elmstead", "Farrowdale", "Greyfield", "Halcyon", "Juniper",
    "Larchmont", "Marlowe", "Northgate", "Oakhurst", "Pemberton", "Quillon", "Redbrook", "Stannard", "Tillery",
    "Vantage", "Westercombe", "Yarrow", "Zephyr", "Copperfield", "Harwood & Lane",
)  # fmt: skip
# (sector, industry on the board, name endings, what it does)
_COMPANY_SECTORS = (
    ("retail", "Retail", ("Home Stores Ltd", "Retail Group", "Outdoor Ltd", "Fashion plc", "Garden Centres Ltd"),
     "a retailer with {n} stores and a growing online business"),
    ("manufacturing", "Manufacturing", ("Engineering Ltd", "Components plc", "Foods Ltd", "Packaging Ltd",
                                        "Precision Plastics Ltd", "Brewing Co"),
     "a manufacturer with {n} sites supplying customers across the UK and Europe"),
    ("tech", "Technology", ("Software Ltd", "Analytics Ltd", "Cloud Systems Ltd", "Digital Ltd", "Payments Ltd"),
     "a software business with {n}00 staff and recurring subscription revenue"),
    ("logistics", "Logistics", ("Logistics Ltd", "Freight Services Ltd", "Distribution Ltd", "Transport Group"),
     "a logistics group running {n} depots and a fleet of several hundred vehicles"),
)  # fmt: skip
_ARMENIAN_STEMS = (
    "Arevik", "Hrazdan", "Masis", "Sevan Capital", "Nairi", "Zvartnots", "Garni", "Tatev", "Shirak", "Dilijan",
    "Arpa", "Vardanants", "Aghtamar", "Lori", "Tsaghkadzor", "Vorotan",
)  # fmt: skip
# (sector, industry on the board, name endings)
_ARMENIAN_SECTORS = (
    ("bank", "Banking", ("Bank CJSC", "Credit Bank CJSC", "Invest Bank CJSC")),
    ("it", "Technology", ("Soft LLC", "Tech CJSC", "Systems LLC", "Digital LLC")),
    ("trade", "Retail", ("Trade CJSC", "Foods LLC", "Distribution LLC")),
    ("insurance", "Financial Services", ("Insurance CJSC",)),
)  # fmt: skip
_NOT_ENGLAND_OR_WALES = frozenset({"Glasgow", "Edinburgh", "Aberdeen", "Belfast"})
_ARMENIAN_CITIES = (("Yerevan", 12), ("Gyumri", 1), ("Vanadzor", 1))
# Postcode areas of the board's cities, for NHS-style addresses ("Leeds, LS9 7TF, GB").
_POSTCODE_AREA = {
    "London": "EC", "Manchester": "M", "Birmingham": "B", "Leeds": "LS", "Bristol": "BS", "Glasgow": "G",
    "Edinburgh": "EH", "Liverpool": "L", "Newcastle": "NE", "Sheffield": "S", "Nottingham": "NG", "Cardiff": "CF",
    "Reading": "RG", "Cambridge": "CB", "Southampton": "SO", "Belfast": "BT", "Milton Keynes": "MK",
    "Leicester": "LE", "Exeter": "EX", "Norwich": "NR", "Oxford": "OX", "Aberdeen": "AB", "Plymouth": "PL",
    "York": "YO",
}  # fmt: skip

# NHS Agenda for Change, 2024/25 (England): band -> (bottom, top of the band) a year.
NHS_BANDS = {
    "3": (24_071, 25_674), "4": (26_530, 29_114), "5": (29_970, 36_483), "6": (37_338, 44_962),
    "7": (46_148, 52_809), "8a": (53_755, 60_504), "8b": (62_215, 72_293), "8c": (74_290, 85_601),
    "8d": (88_168, 101_677), "9": (105_385, 121_271),
}  # fmt: skip
# Councils' grades on the NJC pay spine, 2024/25 (a typical grading): grade -> (first SCP, last SCP, bottom, top).
COUNCIL_GRADES = {
    4: (5, 9, 24_790, 26_409), 5: (10, 15, 26_835, 29_093), 6: (16, 22, 29_572, 32_654),
    7: (23, 28, 33_366, 37_938), 8: (29, 33, 38_626, 42_708), 9: (34, 38, 43_693, 47_754),
    10: (39, 43, 48_710, 52_805),
}  # fmt: skip
# Council posts above the spine: grade -> (label, bottom, top).
COUNCIL_SENIOR = {11: ("Service Manager", 55_000, 62_500), 12: ("Chief Officer", 72_000, 86_000),
                  13: ("Director", 105_000, 128_000)}  # fmt: skip
# A university's grades (a typical nine-grade structure on the national spine): NHS band of the post -> grade.
_UNIVERSITY_GRADE = {"3": 4, "4": 5, "5": 6, "6": 7, "7": 8, "8a": 9, "8b": 9, "8c": 10, "8d": 10, "9": 10}
UNIVERSITY_GRADES = {4: (24_520, 26_875), 5: (26_875, 30_505), 6: (31_396, 36_024), 7: (37_174, 44_263),
                     8: (45_585, 54_395), 9: (56_021, 64_914), 10: (66_000, 82_000)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class InHouseRole:
    """An in-house finance role and what each kind of employer pays it."""

    key: str
    titles: tuple[str, ...]
    """Title variants, the commonest first (the first is picked most often)."""
    label: str
    """The board's seniority label, where an ad gives one."""
    band: str
    """NHS Agenda for Change band."""
    grade: int
    """Council grade (11 and above: posts above the pay spine)."""
    pay_k: tuple[int, int]
    """A company's usual pay, £k a year (the bottom of the range moves within it)."""
    amd_k: tuple[int, int] | None
    """An Armenian employer's pay, thousands of AMD a month; None: Armenian employers are not given this role."""
    tier: int
    """0 support, 1 trainee accountant, 2 qualified, 3 manager, 4 leadership: what the ad asks for."""
    duties: tuple[str, ...]
    weight: int


IN_HOUSE_ROLES = (
    InHouseRole("finance assistant", ("Finance Assistant", "Accounts Assistant", "Finance Administrator",
                                      "Finance Officer"), "Junior", "3", 4, (23, 27), (300, 450), 0,
                ("process supplier invoices and staff expenses", "post journals and reconcile bank accounts",
                 "answer budget holders' queries", "keep the fixed asset register up to date",
                 "help with month-end and year-end tasks"), 10),
    InHouseRole("purchase ledger", ("Purchase Ledger Clerk", "Accounts Payable Assistant", "Purchase Ledger Assistant",
                                    "Accounts Payable Officer"), "Junior", "3", 4, (23, 28), None, 0,
                ("match and process purchase invoices against orders", "run the weekly payment runs",
                 "reconcile supplier statements", "resolve supplier queries", "set up new suppliers with due checks"),
                7),
    InHouseRole("sales ledger", ("Sales Ledger Clerk", "Accounts Receivable Assistant", "Sales Ledger Administrator"),
                "Junior", "3", 4, (23, 28), None, 0,
                ("raise sales invoices and credit notes", "allocate cash receipts", "reconcile customer accounts",
                 "report aged debt each month"), 4),
    InHouseRole("credit controller", ("Credit Controller", "Senior Credit Controller", "Credit Control Officer"),
                "Junior", "4", 5, (25, 32), None, 0,
                ("chase overdue accounts by phone and email", "agree payment plans with customers",
                 "report aged debt and cash collected", "work with sales to resolve disputed invoices"), 5),
    InHouseRole("payroll officer", ("Payroll Officer", "Payroll Administrator", "Senior Payroll Officer",
                                    "Payroll Specialist"), "Junior", "4", 5, (26, 34), (350, 550), 0,
                ("run the monthly payroll for around {n},000 staff", "process starters, leavers and changes",
                 "make RTI submissions and handle pension auto-enrolment", "answer staff pay queries",
                 "reconcile payroll control accounts"), 7),
    InHouseRole("assistant accountant", ("Assistant Accountant", "Trainee Accountant", "Assistant Financial Accountant",
                                         "Assistant Management Accountant"), "Junior", "5", 6, (27, 34), (400, 600),
                1, ("prepare balance sheet reconciliations", "post accruals, prepayments and journals",
                    "help prepare the monthly management accounts", "support the annual audit",
                    "prepare VAT returns"), 9),
    InHouseRole("management accountant", ("Management Accountant", "Senior Management Accountant",
                                          "Management Accountant - Operations"), "Senior", "6", 7, (38, 48),
                (600, 900), 2,
                ("produce the monthly management accounts and commentary", "build budgets and forecasts with budget "
                 "holders", "analyse variances and explain them to managers", "improve cost reporting",
                 "prepare board reporting packs"), 9),
    InHouseRole("financial accountant", ("Financial Accountant", "Senior Financial Accountant",
                                         "Group Financial Accountant"), "Senior", "7", 8, (42, 55), (700, 1_000), 2,
                ("prepare the statutory accounts and lead the year-end audit", "own the balance sheet and its "
                 "reconciliations", "manage the fixed asset register and capital accounting",
                 "prepare group consolidations", "keep accounting policies up to date with IFRS"), 6),
    InHouseRole("systems accountant", ("Systems Accountant", "Finance Systems Accountant"), "Senior", "6", 8,
                (40, 52), None, 2,
                ("look after the finance system and its users", "build reports and dashboards in Power BI",
                 "test upgrades and new modules", "keep the chart of accounts and cost centres in order"), 3),
    InHouseRole("financial analyst", ("Financial Analyst", "FP&A Analyst", "Commercial Finance Analyst",
                                      "Senior Financial Analyst"), "Senior", "6", 8, (38, 52), (500, 900), 2,
                ("build the annual budget and rolling forecasts", "model pricing and investment cases",
                 "analyse margins and KPIs", "prepare monthly performance packs"), 6),
    InHouseRole("finance business partner", ("Finance Business Partner", "Senior Finance Business Partner",
                                             "Commercial Finance Business Partner"), "Manager", "7", 9, (50, 65),
                None, 3,
                ("partner budget holders in a division", "lead its budget setting and forecasting",
                 "challenge spending and find savings", "present performance to senior managers"), 6),
    InHouseRole("finance manager", ("Finance Manager", "Senior Finance Manager", "Assistant Finance Manager"),
                "Manager", "8a", 10, (50, 68), (1_000, 1_500), 3,
                ("lead a small finance team", "own the month-end close and the management accounts",
                 "lead budgeting, forecasting and the year-end audit", "improve controls and processes",
                 "report to the finance director"), 9),
    InHouseRole("financial controller", ("Financial Controller", "Group Financial Controller",
                                         "Deputy Financial Controller"), "Senior Manager", "8b", 11, (65, 90),
                (1_300, 2_000), 3,
                ("lead the financial accounting team", "own statutory reporting, audit and tax compliance",
                 "run treasury and cash forecasting", "strengthen financial controls"), 5),
    InHouseRole("head of finance", ("Head of Finance", "Head of Financial Management", "Head of Financial Accounting"),
                "Director", "8c", 12, (75, 100), (1_500, 2_500), 4,
                ("lead the finance function", "set the medium-term financial plan", "advise the board and "
                 "executive team", "lead a team of accountants and analysts"), 4),
    InHouseRole("finance director", ("Finance Director", "Chief Financial Officer", "Director of Finance",
                                     "Deputy Director of Finance"), "Director", "9", 13, (110, 180), (2_000, 4_000),
                4, ("set the organisation's financial strategy", "sit on the board and its audit committee",
                    "lead finance, procurement and IT", "secure funding and manage investor relations"), 3),
    InHouseRole("internal auditor", ("Internal Auditor", "Senior Internal Auditor", "Internal Audit Manager"),
                "Senior", "6", 8, (40, 58), (600, 1_000), 2,
                ("deliver risk-based audits across the organisation", "test internal controls and report findings",
                 "follow up agreed actions", "advise on fraud risk"), 4),
    InHouseRole("treasury analyst", ("Treasury Analyst", "Treasury Accountant", "Treasury Manager"), "Senior", "6", 8,
                (42, 60), (700, 1_100), 2,
                ("forecast daily cash and manage bank balances", "arrange FX and deposits", "monitor covenants "
                 "and liquidity", "manage relationships with the banks"), 3),
    InHouseRole("tax manager", ("Tax Manager", "Group Tax Manager", "VAT Manager", "Indirect Tax Manager"), "Manager",
                "8a", 10, (60, 85), (900, 1_400), 2,
                ("manage corporation tax and VAT compliance", "advise the business on tax risks",
                 "prepare tax provisions for the accounts", "handle transfer pricing documentation"), 3),
)  # fmt: skip
_ROLES = {role.key: role for role in IN_HOUSE_ROLES}

# Roles each kind of employer does not advertise, and the titles a kind uses instead of the generic ones.
_NOT_HIRED = {
    "nhs": {"tax manager"}, "council": {"tax manager", "credit controller"}, "charity": {"treasury analyst",
    "tax manager", "systems accountant"}, "university": {"tax manager"},
}  # fmt: skip
_TITLES = {
    ("nhs", "management accountant"): ("Management Accountant", "Senior Management Accountant",
                                       "Directorate Accountant", "Management Accountant - Surgery Division"),
    ("nhs", "finance director"): ("Director of Finance", "Chief Financial Officer", "Deputy Director of Finance"),
    ("nhs", "head of finance"): ("Head of Financial Services", "Head of Financial Management", "Head of Costing"),
    ("nhs", "treasury analyst"): ("Treasury Officer", "Treasury Accountant"),
    ("nhs", "finance business partner"): ("Finance Business Partner", "Senior Finance Business Partner",
                                          "Finance Business Partner - Estates and Facilities"),
    ("council", "management accountant"): ("Accountant", "Senior Accountant", "Principal Accountant",
                                           "Management Accountant"),
    ("council", "finance director"): ("Director of Finance (Section 151 Officer)", "Chief Finance Officer (S151)"),
    ("council", "head of finance"): ("Head of Finance (Deputy S151 Officer)", "Head of Finance"),
    ("council", "finance manager"): ("Finance Manager", "Strategic Finance Manager", "Senior Finance Manager"),
    ("charity", "finance director"): ("Director of Finance and Resources", "Finance Director"),
    ("armenian", "finance assistant"): ("Accountant", "Junior Accountant", "Accounting Assistant"),
    ("armenian", "assistant accountant"): ("Accountant", "Junior Accountant"),
    ("armenian", "financial accountant"): ("Chief Accountant", "Senior Accountant", "Financial Reporting Specialist"),
    ("armenian", "management accountant"): ("Management Accountant", "Cost Accountant"),
    ("armenian", "financial analyst"): ("Financial Analyst", "Senior Financial Analyst", "Credit Analyst"),
    ("armenian", "finance manager"): ("Finance Manager", "Head of Finance Department"),
    ("armenian", "financial controller"): ("Financial Controller", "Chief Accountant"),
    ("armenian", "finance director"): ("Chief Financial Officer", "CFO", "Finance Director"),
    ("armenian", "internal auditor"): ("Internal Auditor", "Senior Internal Auditor", "Internal Audit Specialist"),
    ("armenian", "treasury analyst"): ("Treasury Analyst", "Treasury Specialist"),
    ("armenian", "tax manager"): ("Tax Specialist", "Tax Accountant", "Tax Manager"),
    ("armenian", "payroll officer"): ("Payroll Accountant", "Payroll Specialist"),
}  # fmt: skip

_SOFTWARE_BY_KIND = {
    "nhs": ("Oracle", "Integra", "Power BI", "Excel", "ESR", "SLAM and PLICS costing tools"),
    "council": ("Unit4 (Agresso)", "Oracle Fusion", "Civica", "Excel", "Power BI"),
    "company": ("SAP", "Oracle", "Sage 200", "Microsoft Dynamics 365", "NetSuite", "Power BI", "Excel", "Xero"),
    "charity": ("Sage 200", "Xero", "Access Dimensions", "Excel", "Raiser's Edge"),
    "university": ("Unit4 (Agresso)", "Power BI", "Excel", "Oracle"),
    "armenian": ("1C", "ArmSoft", "Excel", "SAP", "Oracle", "Power BI"),
}  # fmt: skip
_EMPLOYMENT_BY_KIND = {
    "nhs": (("Permanent", 40), ("Full time", 20), ("Permanent, Full time", 15), ("Fixed term: 12 months", 8),
            ("Secondment", 4), ("Part time", 6), ("Permanent, Part time (flexible)", 4)),
    "council": (("Permanent", 50), ("Full time, Permanent", 20), ("Fixed Term Contract", 10), ("Part-time", 8),
                ("Interim", 4)),
    "company": (("Permanent", 45), ("Full-time", 25), ("Full Time, Permanent", 10), ("Fixed Term Contract", 6),
                ("Interim", 5), ("Temporary", 4), ("Part-time", 5)),
    "charity": (("Permanent", 45), ("Part-time", 20), ("Fixed Term Contract", 15), ("Full-time", 20)),
    "university": (("Permanent", 55), ("Full time", 25), ("Fixed Term Contract", 15), ("Part time", 5)),
    "armenian": (("Full time", 55), ("Permanent", 20), ("", 20), ("Part time", 5)),
}  # fmt: skip
_BENEFITS = {
    "nhs": ("Membership of the NHS Pension Scheme", "27 days' annual leave plus bank holidays, rising with service",
            "Salary sacrifice schemes (cycle to work, lease cars)", "Study leave and funding through the finance "
            "training scheme", "Flexible and hybrid working"),
    "council": ("Local Government Pension Scheme", "26 days' annual leave, rising to 31 with service",
                "Flexi-time and hybrid working", "A 37-hour week", "Support towards CIPFA or AAT"),
    "company": ("An annual bonus", "A pension with up to 6% matched contributions", "Private medical cover",
                "Hybrid working (two days in the office)", "25 days' holiday plus bank holidays"),
    "charity": ("A pension with 8% employer contribution", "28 days' holiday plus bank holidays",
                "Flexible hours and home working", "Work that makes a difference"),
    "university": ("USS or a defined-contribution pension", "30 days' annual leave plus university closure days",
                   "Hybrid working", "Free use of the sports centre"),
    "armenian": ("Health insurance", "Paid training and ACCA exam support", "A modern office in central Yerevan",
                 "Annual performance bonus", "Flexible start times"),
}  # fmt: skip
_ABOUT = {
    "nhs": "{name} provides hospital and community services to around {n}00,000 people in and around {city}.",
    "council": "{name} serves around {n}00,000 residents, with a net budget of about £{m}0 million.",
    "charity": "{name} is a charity based in {city}, with an income of about £{m} million a year.",
    "university": "{name} is a university of around {n},000 students, based in {city}.",
}  # fmt: skip
_PUBLIC_INDUSTRY = {"nhs": "Healthcare", "council": "Public Sector", "charity": "Charities", "university": "Education"}
_ARMENIAN_ABOUT = {
    "bank": "{name} is a universal bank with {n}0 branches across Armenia.",
    "it": "{name} is an Armenian software company building products for clients in Europe and the US.",
    "trade": "{name} imports and distributes consumer goods across Armenia.",
    "insurance": "{name} is one of Armenia's general insurers.",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Employer:
    """An in-house employer: the firm row, and what the ads need to know about it."""

    firm: DemoFirm
    kind: str
    sector: str
    industry: str
    city: str


def _employer_count(in_house_jobs: int) -> int:
    return min(400, max(30, in_house_jobs // 12))


def generate_employers(rng: random.Random, in_house_jobs: int) -> list[Employer]:
    """In-house employers of every kind, enough for `in_house_jobs` posts (each kind at least twice)."""
    total = _employer_count(in_house_jobs)
    weights = sum(w for _, w, _ in EMPLOYER_KINDS)
    city_names = [c[0] for c in CITIES]
    city_weights = [c[2] for c in CITIES]
    employers: list[Employer] = []
    seen: set[str] = set()
    for kind, weight, _ in EMPLOYER_KINDS:
        wanted = max(2, round(total * weight / weights))
        made = attempts = 0
        while made < wanted and attempts < wanted * 20:
            attempts += 1
            employer = _employer(rng, kind, city_names, city_weights)
            if employer.firm.name in seen:
                continue
            seen.add(employer.firm.name)
            employers.append(employer)
            made += 1
    return employers


def _employer(rng: random.Random, kind: str, city_names: list[str], city_weights: list[int]) -> Employer:
    n, m = rng.randint(2, 9), rng.randint(2, 9)
    if kind == "armenian":
        sector, industry, endings = rng.choice(_ARMENIAN_SECTORS)
        name = f"{rng.choice(_ARMENIAN_STEMS)} {rng.choice(endings)}"
        city = rng.choices([c for c, _ in _ARMENIAN_CITIES], [w for _, w in _ARMENIAN_CITIES])[0]
        about = _ARMENIAN_ABOUT[sector].format(name=name, n=n)
        return Employer(DemoFirm(name, city, None, about, country="Armenia"), kind, sector, industry, city)
    city = rng.choices(city_names, city_weights)[0]
    while kind in ("nhs", "council") and city in _NOT_ENGLAND_OR_WALES:  # NHS England's bands, the NJC's spine
        city = rng.choices(city_names, city_weights)[0]
    if kind == "company":
        sector, industry, company_endings, does = rng.choice(_COMPANY_SECTORS)
        name = f"{rng.choice(_COMPANY_STEMS)} {rng.choice(company_endings)}"
        about = f"{name} is {does.format(n=n * 10 if sector == 'retail' else n)}, with its head office in {city}."
        return Employer(DemoFirm(name, city, None, about), kind, sector, industry, city)
    forms = {"nhs": _NHS_FORMS, "council": _COUNCIL_FORMS, "charity": _CHARITY_FORMS,
             "university": _UNIVERSITY_FORMS}[kind]  # fmt: skip
    name = rng.choice(forms).format(p=rng.choice(_UK_NAME_STEMS))
    if kind == "council" and city == "London":
        name = f"London Borough of {rng.choice(_UK_NAME_STEMS)}"
    industry = _PUBLIC_INDUSTRY[kind]
    about = _ABOUT[kind].format(name=name, city=city, n=n, m=m)
    return Employer(DemoFirm(name, city, None, about), kind, kind, industry, city)


_TITLE_TAILS = {"retail": ("Retail", "Stores", "Group"), "manufacturing": ("Manufacturing", "Supply Chain", "Group"),
                "tech": ("SaaS", "Product", "Group"), "logistics": ("Logistics", "Supply Chain", "Group")}  # fmt: skip


def _in_house_title(rng: random.Random, kind: str, sector: str, role: InHouseRole) -> str:
    titles = _TITLES.get((kind, role.key), role.titles)
    title = rng.choices(titles, [len(titles) * 2 - i for i in range(len(titles))])[0]  # the commonest first
    if kind == "nhs" and rng.random() < 0.15 and role.band not in ("9",):
        title = f"{title} (Band {role.band})"
    elif kind == "company" and rng.random() < 0.12 and " - " not in title:
        title = f"{title} - {rng.choice(_TITLE_TAILS[sector])}"
    elif kind == "council" and rng.random() < 0.1 and " - " not in title:
        title = f"{title} - {rng.choice(('Adult Social Care', 'Capital', 'Schools', 'Housing'))}"
    return title


def _pounds(low: int, high: int, rng: random.Random, year_words: tuple[str, ...]) -> str:
    return f"£{low:,} {rng.choice(('-', 'to'))} £{high:,} {rng.choice(year_words)}".rstrip()


_BAND_ORDER = ("3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
_UP_TITLE = re.compile(r"^(?:Senior|Principal|Group|Strategic) ")
_DOWN_TITLE = re.compile(r"^(?:Assistant|Deputy) .*(?:Manager|Controller|Director)|^Junior ")
_ABOVE_ROLE = re.compile(r"\bManager\b|^Head of|^Chief Accountant")


def _level_shift(title: str, role: InHouseRole) -> int:
    """How far a title variant sits from its role's usual level: "Senior Financial Accountant" +1, "Assistant
    Finance Manager" -1, "Treasury Manager" (a variant of the treasury analyst's role) +1."""
    base = title.split(" (")[0]
    if _DOWN_TITLE.search(base):
        return -1
    if _UP_TITLE.search(base):
        return 1
    if _ABOVE_ROLE.search(base) and role.label not in ("Manager", "Senior Manager", "Director"):
        return 1
    return 0


def _shifted(role: InHouseRole, shift: int) -> InHouseRole:
    if not shift:
        return role
    band = _BAND_ORDER[min(len(_BAND_ORDER) - 1, max(0, _BAND_ORDER.index(role.band) + shift))]
    grade = min(13, max(4, role.grade + shift))
    factor = 1.2 if shift > 0 else 0.82
    pay_k = (round(role.pay_k[0] * factor), round(role.pay_k[1] * factor))
    amd_k = None if role.amd_k is None else (round(role.amd_k[0] * factor), round(role.amd_k[1] * factor))
    label = {"Manager": "Assistant Manager", "Director": "Senior Manager"}.get(role.label, role.label)
    return InHouseRole(role.key, role.titles, label if shift < 0 else role.label, band, grade, pay_k, amd_k,
                       role.tier, role.duties, role.weight)  # fmt: skip


def _in_house_salary(rng: random.Random, kind: str, role: InHouseRole, city: str, contract: bool) -> str:
    """The salary text as each kind of employer writes it; "" or words only when the ad states none."""
    if rng.random() < _KIND_UNSTATED[kind]:
        if kind == "armenian":
            return rng.choice(("", "", "Competitive", "Negotiable, based on experience",
                               "Depends on qualifications and experience"))  # fmt: skip
        return rng.choice(("", "", "Competitive", "Competitive salary + bonus + benefits", "Negotiable", "DOE"))
    if kind == "armenian":
        assert role.amd_k is not None
        low = rng.randrange(role.amd_k[0], role.amd_k[1] + 1, 50) * 1000
        high = low + rng.randrange(2, 7) * 100_000
        return rng.choice((f"{low:,} - {high:,} AMD per month", f"From {low:,} AMD gross per month",
                           f"AMD {low:,} - {high:,} monthly (gross)", f"Up to {high:,} AMD/month"))  # fmt: skip
    if kind == "nhs":
        if role.band == "9" and role.key == "finance director" and rng.random() < 0.6:
            return rng.choice(("VSM", "Very Senior Manager pay", "Competitive"))
        low, high = NHS_BANDS[role.band]
        if city == "London":  # the high cost area supplement (inner London: 20%, within a floor and a ceiling)
            low, high = low + min(max(low // 5, 5_132), 7_232), high + min(max(high // 5, 5_132), 7_232)
            return f"£{low:,} - £{high:,} {rng.choice(('a year inc HCAS', 'per annum inc HCAS', 'pa inc'))}"
        style = rng.random()
        if style < 0.45:
            return _pounds(low, high, rng, ("a year", "per annum", "pa"))
        if style < 0.7:
            return _pounds(low, high, rng, ("per annum pro rata", "a year (pro rata)", "pa pro rata"))
        return f"Band {role.band}: £{low:,} - £{high:,} per annum"
    if kind == "council":
        if role.grade in COUNCIL_SENIOR:
            label, low, high = COUNCIL_SENIOR[role.grade]
            return rng.choice((f"£{low:,} - £{high:,} per annum", f"{label} grade: £{low:,} - £{high:,}"))
        first, last, low, high = COUNCIL_GRADES[role.grade]
        return rng.choice((f"£{low:,} - £{high:,} per annum", f"Grade {role.grade}: £{low:,} - £{high:,}",
                           f"£{low:,} - £{high:,} per annum (Grade {role.grade}, SCP {first}-{last})"))  # fmt: skip
    if kind == "university":
        low, high = UNIVERSITY_GRADES[_UNIVERSITY_GRADE[role.band]]
        grade = _UNIVERSITY_GRADE[role.band]
        return rng.choice((f"£{low:,} - £{high:,} per annum", f"Grade {grade}: £{low:,} - £{high:,} a year"))
    low_k, high_k = role.pay_k
    if kind == "charity":
        low_k, high_k = round(low_k * 0.9), round(high_k * 0.9)
    if contract and role.tier >= 2 and rng.random() < 0.6:
        low_day, high_day = ((225, 350), (300, 500), (550, 900))[role.tier - 2]
        day = rng.randrange(low_day, high_day + 1, 25)
        return rng.choice((f"£{day} per day", f"£{day} - £{day + 50} per day outside IR35"))
    low = rng.randrange(low_k, high_k + 1) * 1000
    high = low + rng.randrange(3, 11) * 1000
    style = rng.random()
    if style < 0.45:
        return f"£{low:,} - £{high:,}" + rng.choice(("", " per annum", " + benefits", " + bonus"))
    if style < 0.6:
        return f"£{low // 1000}k - £{high // 1000}k + bonus"
    if style < 0.75:
        return f"Up to £{high:,}"
    if style < 0.88:
        return f"£{low:,} per annum"
    return f"£{low // 1000}k-£{high // 1000}k DOE"


def _in_house_location(rng: random.Random, employer: Employer) -> str:
    city = employer.city
    if employer.kind == "armenian":
        return rng.choice((f"{city}, Armenia", f"{city}, Armenia", city, f"{city}, Armenia (hybrid)"))
    style = rng.random()
    if employer.kind == "nhs" and style < 0.45:
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        postcode = f"{_POSTCODE_AREA[city]}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}"
        postcode += rng.choice(letters)
        site = rng.choice(("Trust Headquarters", f"{city} General Hospital", "Finance Department",
                           f"{city} Business Park"))  # fmt: skip
        return f"{site}, {city}, {postcode}, GB"
    if employer.kind == "council" and style < 0.3:
        return f"Civic Centre, {city}"
    if style < 0.6:
        return city
    if style < 0.75:
        return rng.choice((f"{city} / Hybrid", f"Hybrid - {city}", f"{city} (hybrid, 2 days in the office)"))
    if style < 0.85:
        return f"{city}, United Kingdom"
    if style < 0.93 and employer.kind in ("company", "charity"):
        return rng.choice(("Remote (UK)", "Remote", f"{city} (Remote considered)"))
    return city


def _in_house_qualifications(rng: random.Random, kind: str, role: InHouseRole, years: int) -> str:
    if kind == "armenian":
        if role.tier == 0:
            return "A degree in accounting or finance; knowledge of Armenian tax legislation; 1C experience."
        return rng.choice((
            "Higher education in finance or accounting; ACCA (or the ACCA DipIFR) is an advantage.",
            "ACCA or CPA qualified, or studying towards ACCA; a sound knowledge of IFRS and Armenian tax legislation.",
            "A certified accountant of the Republic of Armenia; ACCA qualification or DipIFR is an advantage.",
        )) + " Fluent Armenian and English; Russian is an advantage."  # fmt: skip
    if role.tier == 0:
        extra = " CIPP payroll qualification desirable." if role.key == "payroll officer" else ""
        return rng.choice((
            "AAT Level 2 or 3, or working towards it; study support is available.",
            "No qualification needed: full training is given, with study support towards AAT.",
            "AAT qualified or part-qualified, with experience in a busy finance team.",
        )) + extra  # fmt: skip
    if role.tier == 1:
        return rng.choice((
            "AAT qualified, or part-qualified ACCA or CIMA; study support and exam leave provided.",
            "Studying towards CIMA or ACCA (part-qualified considered), with full study support.",
            "AAT qualified or studying towards a CCAB or CIMA qualification; study leave and funding provided.",
        ))  # fmt: skip
    if role.key == "internal auditor":
        return rng.choice(
            (
                "CIA, ACCA or ACA qualified, or studying towards the IIA's qualifications.",
                f"CCAB or CIA qualified, or part-qualified with {years}+ years of internal audit.",
            )
        )
    if role.key == "treasury analyst":
        return "AMCT (ACT) qualified or studying; ACCA or CIMA qualified candidates also considered."
    if role.key == "tax manager":
        return rng.choice(
            (
                "CTA qualified, ideally also ACA or ACCA.",
                "ACA or CTA qualified, with in-house or Big Four tax experience.",
            )
        )
    public = kind in ("nhs", "council")
    if role.tier == 2:
        return rng.choice((
            "CIMA or ACCA qualified essential.",
            "ACA, ACCA or CIMA qualified, or part-qualified considered with strong experience.",
            f"Qualified by experience (QBE) candidates with {years}+ years in a similar role will be considered.",
            "CCAB or CIMA qualified (CIPFA welcome), or part-qualified and close to completion."
            if public else "CIMA or ACCA qualified, or finalist; study support to finish.",
        ))  # fmt: skip
    if kind == "council" and role.tier == 4:
        return "CIPFA qualified (or another CCAB body), able to act as the Section 151 officer."
    return rng.choice((
        f"CCAB or CIMA qualified with {years}+ years' post-qualification experience.",
        "ACA, ACCA or CIMA qualified essential; " + ("NHS finance experience preferred." if kind == "nhs" else
                                                     "experience in a similar organisation preferred."),
        f"A qualified accountant (ACA, ACCA, CIMA or CIPFA) with {years}+ years leading finance teams.",
    ))  # fmt: skip


_SECTOR_ASKS = {
    "nhs": (
        "Experience of NHS finance is essential.",
        "NHS experience is desirable but not essential.",
        "Knowledge of the NHS financial regime would be an advantage.",
    ),
    "council": ("Local government experience is essential.", "Public sector experience would be an advantage."),
    "charity": ("Experience in the charity sector is desirable.", "Charity sector experience is essential."),
    "university": ("Experience in higher education would be an advantage.",),
}
"""What in-house posts ask of a candidate's sector, as real ads word it (`services.jobs.sectors` reads them)."""


def _sector_ask(kind: str, role: InHouseRole, title: str) -> str | None:
    """Half of the posts from tier 2 up at NHS trusts, councils, charities and universities ask sector experience.
    Drawn from a generator of its own (seeded by the post), so the rest of the board stays as it was."""
    asks = _SECTOR_ASKS.get(kind)
    if asks is None or role.tier < 2:
        return None
    own = random.Random(f"{kind}:{title}:{role.key}")
    return own.choice(asks) if own.random() < 0.5 else None


def _in_house_description(rng: random.Random, employer: Employer, role: InHouseRole, title: str, salary: str,
                          employment: str) -> str:  # fmt: skip
    kind = employer.kind
    years = (rng.randint(0, 2), rng.randint(1, 2), rng.randint(2, 5), rng.randint(4, 8), rng.randint(8, 15))[role.tier]
    duties = [d.format(n=rng.randint(2, 9)) for d in rng.sample(role.duties, min(len(role.duties), rng.randint(3, 4)))]
    tools = rng.sample(_SOFTWARE_BY_KIND[kind], rng.randint(2, 3))
    benefits = rng.sample(_BENEFITS[kind], rng.randint(2, 4))
    about_you = [f"<li>{_in_house_qualifications(rng, kind, role, years)}</li>"]
    if years:
        about_you.append(f"<li>At least {years} years in a similar in-house finance role</li>")
    if (sector_ask := _sector_ask(kind, role, title)) is not None:
        about_you.append(f"<li>{sector_ask}</li>")
    about_you.append(f"<li>Confident with {', '.join(tools)}</li>")
    if kind == "armenian":
        intro = (
            f"<p>{employer.firm.name} is looking for a {title} to join its finance team in {employer.city}.</p>"
            f"<p>{employer.firm.about}</p>"
        )
        pay = salary or "competitive, discussed at interview"
    else:
        team = {"nhs": "Trust's finance team", "council": "council's finance service",
                "university": "university's finance office", "charity": "charity's finance team"}.get(
            kind, f"finance team at our {employer.city} head office")  # fmt: skip
        intro = (
            f"<p><strong>{title}</strong> - {employer.firm.name}, {employer.city}.</p>"
            f"<p>{employer.firm.about} We are looking for a {title.split(' (')[0].split(' - ')[0]} to join the "
            f"{team}.</p>"
        )
        pay = salary or "to be discussed"
    return "".join((
        intro,
        "<h3>The role</h3><ul>", *(f"<li>You will {d}</li>" for d in duties), "</ul>",
        "<h3>About you</h3><ul>", *about_you, "</ul>",
        "<h3>What we offer</h3><ul>", *(f"<li>{b}</li>" for b in benefits), "</ul>",
        f"<p>Salary: {pay}. {employment + '.' if employment else ''}</p>",
    ))  # fmt: skip


def generate_in_house_jobs(
    rng: random.Random, employers: list[Employer], employer_ids: list[int], count: int, today: dt.date
) -> Iterator[tuple[Any, ...]]:
    """In-house posts as rows in the order of `db.legacy_writer.JOB_COLUMNS`."""
    by_kind: dict[str, list[int]] = {}
    for index, employer in enumerate(employers):
        by_kind.setdefault(employer.kind, []).append(index)
    kinds = [k for k, _, _ in EMPLOYER_KINDS if k in by_kind]
    kind_weights = [w for k, w, _ in EMPLOYER_KINDS if k in by_kind]
    roles_of = {
        kind: [r for r in IN_HOUSE_ROLES if r.key not in _NOT_HIRED.get(kind, set())
               and (kind != "armenian" or r.amd_k is not None)]
        for kind in kinds
    }  # fmt: skip
    for i in range(count):
        kind = rng.choices(kinds, kind_weights)[0]
        index = rng.choice(by_kind[kind])
        employer = employers[index]
        roles = roles_of[kind]
        role = rng.choices(roles, [r.weight for r in roles])[0]
        title = _in_house_title(rng, kind, employer.sector, role)
        role = _shifted(role, _level_shift(title, role))
        employment_choices = _EMPLOYMENT_BY_KIND[kind]
        employment = rng.choices([e for e, _ in employment_choices], [w for _, w in employment_choices])[0]
        if role.tier == 4 and "art" in employment:  # no part-time directors
            employment = "Permanent"
        contract = any(word in employment for word in ("Contract", "Interim", "Temporary"))
        salary = _in_house_salary(rng, kind, role, employer.city, contract)
        location = _in_house_location(rng, employer)
        posted = today - dt.timedelta(days=rng.randint(0, 60))
        description = _in_house_description(rng, employer, role, title, salary, employment)
        # NHS Jobs and council boards give no seniority or category; commercial boards mostly do.
        labelled = kind in ("company", "charity") and rng.random() < 0.6
        slug = f"{slugify(title)}-h{i}"
        yield (
            title,
            role.label if labelled else "",
            "Finance" if labelled else "",
            employer.industry,
            location,
            employment,
            salary,
            description,
            f"https://jobs.example.org/{slug}",
            f"{IN_HOUSE_REQ_PREFIX}{rng.randint(10000, 99999)}-{i}",
            _date_published(rng, posted),
            posted,
            posted,
            employer_ids[index],
            "",
            employer.industry,
            role.label if labelled else "",
            "Finance" if labelled else "",
            slug,
            False,
        )


def interleave(practice: Iterator[tuple[Any, ...]], in_house: Iterator[tuple[Any, ...]], count: int,
               in_house_count: int) -> Iterator[tuple[Any, ...]]:  # fmt: skip
    """The two kinds of post spread evenly through the board (and so through each batch the index reads first)."""
    for position in range(count):
        if (position + 1) * in_house_count // count > position * in_house_count // count:
            yield next(in_house)
        else:
            yield next(practice)
