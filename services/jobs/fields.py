"""Parsing the job board's free text into fields we can filter and rank on.

Every parser is a plain function of strings, tested with tables of real-world examples
(`tests/unit/test_job_fields.py`, including the real ads in `../shared/data/jobs/`). "Not
stated" is always kept apart from zero: an ad with no salary has `stated=False`, never 0.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from enum import StrEnum
from html.parser import HTMLParser

from db.board import BoardJob
from services.jobs.roles import career_step, family_of, title_step, words
from services.jobs.taxonomy import (
    Seniority,
    qualifications_in,
    qualified_by_experience,
    seniority_from_text,
    service_line,
    software_in,
)

PARSER_VERSION = 10
"""Bump when a parser changes: every job's fields are then recomputed (vectors come from the cache)."""

# ---------------------------------------------------------------- HTML to text

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "hr"}
)
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES = re.compile(r"\n\s*\n+")


def html_to_text(value: str) -> str:
    """Visible text of an HTML fragment (or of plain text), with whitespace folded and lines kept."""
    if not value:
        return ""
    if "<" in value:
        extractor = _TextExtractor()
        extractor.feed(value)
        extractor.close()
        value = "".join(extractor.parts)
    else:
        value = html.unescape(value)
    lines = (_SPACES.sub(" ", line).strip() for line in value.split("\n"))
    return _NEWLINES.sub("\n", "\n".join(line for line in lines if line)).strip()


# ---------------------------------------------------------------- salary


class PayPeriod(StrEnum):
    YEAR = "year"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    HOUR = "hour"


# How a rate becomes a yearly figure: UK full-time conventions.
ANNUAL_FACTOR = {PayPeriod.YEAR: 1, PayPeriod.MONTH: 12, PayPeriod.WEEK: 52, PayPeriod.DAY: 220, PayPeriod.HOUR: 1950}

_CURRENCIES = (("£", "GBP"), ("GBP", "GBP"), ("€", "EUR"), ("EUR", "EUR"), ("$", "USD"), ("USD", "USD"),
               ("AMD", "AMD"), ("drams", "AMD"))  # fmt: skip
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(k\b|K\b)?")
_PERIODS = (
    (PayPeriod.HOUR, re.compile(r"(?i)per hour|/\s*h(?:ou)?r\b|an hour|hourly|p/?h\b|ph\b")),
    (PayPeriod.DAY, re.compile(r"(?i)per day|/\s*day\b|a day\b|daily|day rate|p/?d\b|pd\b")),
    (PayPeriod.WEEK, re.compile(r"(?i)per week|/\s*week|a week|weekly|p/?w\b")),
    (PayPeriod.MONTH, re.compile(r"(?i)per month|/\s*month|a month|monthly|p/?c?m\b|pcm\b")),
    (PayPeriod.YEAR, re.compile(r"(?i)per annum|/\s*annum|a year|per year|annual|\bp\.?a\.?\b|/\s*year")),
)
_NOT_STATED = re.compile(r"(?i)^\W*(?:competitive|negotiable|doe|tbc|tbd|n/?a|none|see (?:advert|description)|"
                         r"attractive|excellent|market rate|vsm|not (?:stated|specified))")  # fmt: skip
_UP_TO = re.compile(r"(?i)\b(?:up to|upto|to|max(?:imum)?)\s*[£$€]?\s*\d")
# "£40k+" is a floor; "£40k + bonus" is a base of £40k.
_FROM = re.compile(r"(?i)\b(?:from|min(?:imum)?|starting (?:at|from))\s*[£$€]?\s*\d|\d\s*k?\+\s*(?:$|DOE|depending|\()")
_BAND = re.compile(r"(?i)\bband\s*\d+[a-d]?(?:\s*[-–/]\s*\d+[a-d]?)?\b")


@dataclass(frozen=True, slots=True)
class Salary:
    """A salary as the ad states it, and annualised for comparison. `stated=False`: the ad gives no figure."""

    stated: bool
    minimum: float | None = None
    maximum: float | None = None
    currency: str | None = None
    period: PayPeriod | None = None

    @property
    def annual_min(self) -> int | None:
        return None if self.minimum is None or self.period is None else round(self.minimum * ANNUAL_FACTOR[self.period])

    @property
    def annual_max(self) -> int | None:
        return None if self.maximum is None or self.period is None else round(self.maximum * ANNUAL_FACTOR[self.period])


NOT_STATED = Salary(stated=False)


def _amounts(text: str) -> list[float]:
    out: list[float] = []
    for whole, pence, k in _NUMBER.findall(text):
        value = float(whole.replace(",", "")) + (float(f"0.{pence}") if pence else 0.0)
        if k:
            value *= 1000
        out.append(value)
    return out


def _guess_period(values: list[float], text: str) -> PayPeriod:
    for period, pattern in _PERIODS:
        if pattern.search(text):
            return period
    top = max(values)
    if top < 100:
        return PayPeriod.HOUR
    if top < 1500:
        return PayPeriod.DAY
    return PayPeriod.YEAR


def parse_salary(text: str | None, *, default_currency: str = "GBP") -> Salary:
    """'£45,000 - £55,000', '£40k + bonus', 'Up to £60,000 DOE', '£350 per day', 'Competitive', '' ..."""
    if not text or not text.strip():
        return NOT_STATED
    raw = html.unescape(text).replace("–", "-").replace("—", "-")
    if _NOT_STATED.match(raw) and not re.search(r"\d{2}", raw):
        return NOT_STATED
    cleaned = _BAND.sub(" ", raw)
    cleaned = re.sub(r"(?i)\b(?:19|20)\d{2}/\d{2}\b|\b(?:19|20)\d{2}\b(?!\s*(?:-|to)\s*\d)", " ", cleaned)  # years
    # "30-45000" and "40-55K": the first figure borrows the second's scale.
    cleaned = re.sub(r"\b(\d{2,3})\s*-\s*(\d{2,3})(k|K)\b", lambda m: f"{m.group(1)}k - {m.group(2)}k", cleaned)
    cleaned = re.sub(r"\b(\d{2})\s*-\s*(\d{2})(,?)(000)\b", lambda m: f"{m.group(1)}000 - {m.group(2)}000", cleaned)
    values = [v for v in _amounts(cleaned) if v >= 1]
    if not values:
        return NOT_STATED
    currency = next((code for sign, code in _CURRENCIES if sign in raw), default_currency)
    period = _guess_period(values, raw)
    # Keep the figures that look like pay for that period (drop "3 months", "37.5 hours" ...).
    floor = {PayPeriod.YEAR: 3000, PayPeriod.MONTH: 300, PayPeriod.WEEK: 80, PayPeriod.DAY: 40, PayPeriod.HOUR: 3}
    if currency == "AMD":
        floor = {p: f * 100 for p, f in floor.items()}
    pay = [v for v in values if v >= floor[period]]
    if not pay:
        return NOT_STATED
    low, high = min(pay[:2]), max(pay[:2])
    if _UP_TO.search(raw) and len(pay) == 1:
        return Salary(True, None, high, currency, period)
    if _FROM.search(raw) and len(pay) == 1:
        return Salary(True, low, None, currency, period)
    return Salary(True, low, high, currency, period)


# ---------------------------------------------------------------- location


class WorkMode(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


# (place, region, country) for the UK places an accounting job board names most; aliases map below.
UK_PLACES: dict[str, str] = {
    "London": "London", "City of London": "London", "Manchester": "North West", "Birmingham": "West Midlands",
    "Leeds": "Yorkshire", "Bristol": "South West", "Glasgow": "Scotland", "Edinburgh": "Scotland",
    "Liverpool": "North West", "Newcastle": "North East", "Sheffield": "Yorkshire", "Nottingham": "East Midlands",
    "Cardiff": "Wales", "Reading": "South East", "Cambridge": "East of England", "Southampton": "South East",
    "Belfast": "Northern Ireland", "Milton Keynes": "South East", "Leicester": "East Midlands",
    "Exeter": "South West", "Norwich": "East of England", "Oxford": "South East", "Aberdeen": "Scotland",
    "Plymouth": "South West", "York": "Yorkshire", "Bath": "South West", "Brighton": "South East",
    "Coventry": "West Midlands", "Derby": "East Midlands", "Stoke-on-Trent": "West Midlands",
    "Wolverhampton": "West Midlands", "Bradford": "Yorkshire", "Hull": "Yorkshire", "Sunderland": "North East",
    "Middlesbrough": "North East", "Preston": "North West", "Bolton": "North West", "Stockport": "North West",
    "Warrington": "North West", "Chester": "North West", "Blackpool": "North West", "Swansea": "Wales",
    "Newport": "Wales", "Dundee": "Scotland", "Inverness": "Scotland", "Stirling": "Scotland",
    "Gloucester": "South West", "Cheltenham": "South West", "Swindon": "South West", "Bournemouth": "South West",
    "Poole": "South West", "Taunton": "South West", "Truro": "South West", "Salisbury": "South West",
    "Portsmouth": "South East", "Guildford": "South East", "Maidstone": "South East", "Canterbury": "South East",
    "Crawley": "South East", "Slough": "South East", "Basingstoke": "South East", "Luton": "East of England",
    "Chelmsford": "East of England", "Colchester": "East of England", "Ipswich": "East of England",
    "Peterborough": "East of England", "Watford": "East of England", "St Albans": "East of England",
    "Northampton": "East Midlands", "Lincoln": "East Midlands", "Kettering": "East Midlands",
    "Worcester": "West Midlands", "Hereford": "West Midlands", "Telford": "West Midlands",
    "Stafford": "West Midlands", "Shrewsbury": "West Midlands", "Harrogate": "Yorkshire", "Wakefield": "Yorkshire",
    "Huddersfield": "Yorkshire", "Doncaster": "Yorkshire", "Rotherham": "Yorkshire", "Durham": "North East",
    "Carlisle": "North West", "Lancaster": "North West", "South Shields": "North East", "Gateshead": "North East",
    "Newton Abbot": "South West", "Pontypridd": "Wales", "St Asaph": "Wales", "Wrexham": "Wales",
    "Farnborough": "South East", "Woking": "South East", "Tunbridge Wells": "South East", "Aylesbury": "South East",
    "High Wycombe": "South East", "Bedford": "East of England", "Stevenage": "East of England",
    "Solihull": "West Midlands", "Leamington Spa": "West Midlands", "Dudley": "West Midlands",
    "Bootle": "North West", "North Shields": "North East", "Aylesford": "South East",
    "Carmarthen": "Wales", "Wirral": "North West", "Blackburn": "North West", "Crewe": "North West",
    "East Grinstead": "South East",
}  # fmt: skip
UK_REGIONS: dict[str, str] = {
    "North West": "North West", "North East": "North East", "Yorkshire": "Yorkshire", "West Yorkshire": "Yorkshire",
    "South Yorkshire": "Yorkshire", "East Midlands": "East Midlands", "West Midlands": "West Midlands",
    "South West": "South West", "South East": "South East", "East of England": "East of England",
    "East Anglia": "East of England", "Scotland": "Scotland", "Wales": "Wales", "Northern Ireland": "Northern Ireland",
    "Greater London": "London", "Greater Manchester": "North West", "Home Counties": "South East",
    "Surrey": "South East", "Kent": "South East", "Sussex": "South East", "West Sussex": "South East",
    "East Sussex": "South East", "Berkshire": "South East", "Hampshire": "South East", "Buckinghamshire": "South East",
    "Oxfordshire": "South East", "Hertfordshire": "East of England", "Essex": "East of England",
    "Suffolk": "East of England", "Norfolk": "East of England", "Cambridgeshire": "East of England",
    "Bedfordshire": "East of England", "Nottinghamshire": "East Midlands", "Derbyshire": "East Midlands",
    "Leicestershire": "East Midlands", "Lincolnshire": "East Midlands", "Northamptonshire": "East Midlands",
    "Staffordshire": "West Midlands", "Warwickshire": "West Midlands", "Worcestershire": "West Midlands",
    "Shropshire": "West Midlands", "Cheshire": "North West", "Lancashire": "North West", "Merseyside": "North West",
    "Cumbria": "North West", "Devon": "South West", "Cornwall": "South West", "Somerset": "South West",
    "Dorset": "South West", "Wiltshire": "South West", "Gloucestershire": "South West",
    "Tyne and Wear": "North East", "County Durham": "North East", "Northumberland": "North East",
}  # fmt: skip
_ALIASES = {"stoke on trent": "Stoke-on-Trent", "newcastle upon tyne": "Newcastle", "st. albans": "St Albans",
            "north london": "London", "south london": "London", "east london": "London", "west london": "London",
            "central london": "London", "city of london": "City of London", "leamington": "Leamington Spa",
            "hull": "Hull", "kingston upon hull": "Hull", "chelsea": "London", "tooting": "London",
            "croydon": "London", "canary wharf": "London", "kingston upon thames": "London", "romford": "London",
            "harrow": "London", "uxbridge": "London", "westminster": "London", "islington": "London"}  # fmt: skip
FOREIGN = {"Yerevan": "Armenia", "Gyumri": "Armenia", "Vanadzor": "Armenia", "Sisian": "Armenia",
           "Tbilisi": "Georgia", "Washington": "United States",
           "Dublin": "Ireland", "Cork": "Ireland", "New York": "United States"}  # fmt: skip
# Postcode areas (the letters before the first digit) by region; London's inner districts name the city.
_POSTCODE_AREAS: dict[str, tuple[str, ...]] = {
    "London": ("E", "EC", "N", "NW", "SE", "SW", "W", "WC", "BR", "CR", "DA", "EN", "HA", "IG", "KT", "RM", "SM",
               "TW", "UB"),
    "South East": ("BN", "CT", "GU", "HP", "ME", "MK", "OX", "PO", "RG", "RH", "SL", "SO", "TN"),
    "East of England": ("AL", "CB", "CM", "CO", "IP", "LU", "NR", "PE", "SG", "SS", "WD"),
    "South West": ("BA", "BH", "BS", "DT", "EX", "GL", "PL", "SN", "SP", "TA", "TQ", "TR"),
    "West Midlands": ("B", "CV", "DY", "HR", "ST", "SY", "TF", "WR", "WS", "WV"),
    "East Midlands": ("DE", "LE", "LN", "NG", "NN"),
    "Yorkshire": ("BD", "DN", "HD", "HG", "HU", "HX", "LS", "S", "WF", "YO"),
    "North West": ("BB", "BL", "CA", "CH", "CW", "FY", "L", "LA", "M", "OL", "PR", "SK", "WA", "WN"),
    "North East": ("DH", "DL", "NE", "SR", "TS"),
    "Wales": ("CF", "LD", "LL", "NP", "SA"),
    "Scotland": ("AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"),
    "Northern Ireland": ("BT",),
}  # fmt: skip
_AREA_REGION = {area: region for region, areas in _POSTCODE_AREAS.items() for area in areas}
# The post town each postcode area is named after (Royal Mail's list): "Bootle, L20" is in Liverpool's area, "South
# Shields, NE34" in Newcastle's. London's areas, inner and outer, are London.
POSTCODE_TOWNS: dict[str, str] = {
    "AB": "Aberdeen", "AL": "St Albans", "B": "Birmingham", "BA": "Bath", "BB": "Blackburn", "BD": "Bradford",
    "BH": "Bournemouth", "BL": "Bolton", "BN": "Brighton", "BS": "Bristol", "BT": "Belfast", "CA": "Carlisle",
    "CB": "Cambridge", "CF": "Cardiff", "CH": "Chester", "CM": "Chelmsford", "CO": "Colchester", "CT": "Canterbury",
    "CV": "Coventry", "CW": "Crewe", "DA": "Dartford", "DD": "Dundee", "DE": "Derby", "DG": "Dumfries",
    "DH": "Durham", "DL": "Darlington", "DN": "Doncaster", "DT": "Dorchester", "DY": "Dudley", "EH": "Edinburgh",
    "EX": "Exeter", "FK": "Falkirk", "FY": "Blackpool", "G": "Glasgow", "GL": "Gloucester", "GU": "Guildford",
    "HD": "Huddersfield", "HG": "Harrogate", "HP": "Hemel Hempstead", "HR": "Hereford", "HS": "Outer Hebrides",
    "HU": "Hull", "HX": "Halifax", "IP": "Ipswich", "IV": "Inverness", "KA": "Kilmarnock", "KW": "Kirkwall",
    "KY": "Kirkcaldy", "L": "Liverpool", "LA": "Lancaster", "LD": "Llandrindod Wells", "LE": "Leicester",
    "LL": "Llandudno", "LN": "Lincoln", "LS": "Leeds", "LU": "Luton", "M": "Manchester", "ME": "Rochester",
    "MK": "Milton Keynes", "ML": "Motherwell", "NE": "Newcastle", "NG": "Nottingham", "NN": "Northampton",
    "NP": "Newport", "NR": "Norwich", "OL": "Oldham", "OX": "Oxford", "PA": "Paisley", "PE": "Peterborough",
    "PH": "Perth", "PL": "Plymouth", "PO": "Portsmouth", "PR": "Preston", "RG": "Reading", "RH": "Redhill",
    "S": "Sheffield", "SA": "Swansea", "SG": "Stevenage", "SK": "Stockport", "SL": "Slough", "SN": "Swindon",
    "SO": "Southampton", "SP": "Salisbury", "SR": "Sunderland", "SS": "Southend", "ST": "Stoke-on-Trent",
    "SY": "Shrewsbury", "TA": "Taunton", "TD": "Galashiels", "TF": "Telford", "TN": "Tonbridge", "TQ": "Torquay",
    "TR": "Truro", "TS": "Middlesbrough", "WA": "Warrington", "WD": "Watford", "WF": "Wakefield", "WN": "Wigan",
    "WR": "Worcester", "WS": "Walsall", "WV": "Wolverhampton", "YO": "York", "ZE": "Lerwick",
    **{area: "London" for area in ("E", "EC", "N", "NW", "SE", "SW", "W", "WC", "BR", "CR", "EN", "HA", "IG", "KT",
                                   "RM", "SM", "TW", "UB")},
}  # fmt: skip
# Counties by the postcode areas that mostly lie in them: a search for "Cheshire" wants Chester, Crewe and
# Warrington too. Approximate at the edges, as postcode areas cross county lines.
COUNTY_AREAS: dict[str, tuple[str, ...]] = {
    "Cheshire": ("CH", "CW", "WA"), "Merseyside": ("L", "CH", "WA"),
    "Greater Manchester": ("M", "BL", "OL", "SK", "WN"), "Lancashire": ("PR", "BB", "FY", "LA"),
    "Cumbria": ("CA", "LA"), "West Yorkshire": ("LS", "BD", "HD", "HX", "WF"), "South Yorkshire": ("S", "DN"),
    "North Yorkshire": ("YO", "HG", "DL"), "East Yorkshire": ("HU", "YO"), "Tyne and Wear": ("NE", "SR"),
    "County Durham": ("DH", "DL"), "Northumberland": ("NE", "TD"), "Kent": ("CT", "ME", "TN", "DA", "BR"),
    "Surrey": ("GU", "KT", "RH", "CR", "SM"), "Sussex": ("BN", "RH", "TN", "PO"), "West Sussex": ("BN", "RH", "PO"),
    "East Sussex": ("BN", "TN"), "Hampshire": ("SO", "PO", "GU", "RG", "SP", "BH"), "Berkshire": ("RG", "SL"),
    "Oxfordshire": ("OX",), "Buckinghamshire": ("HP", "MK", "SL"), "Hertfordshire": ("AL", "SG", "WD", "EN", "HP"),
    "Essex": ("CM", "CO", "SS", "RM", "IG"), "Suffolk": ("IP", "CO"), "Norfolk": ("NR",),
    "Cambridgeshire": ("CB", "PE"), "Bedfordshire": ("LU", "MK"), "Northamptonshire": ("NN",),
    "Leicestershire": ("LE",), "Nottinghamshire": ("NG",), "Derbyshire": ("DE",), "Lincolnshire": ("LN", "PE", "DN"),
    "Staffordshire": ("ST", "WS"), "Warwickshire": ("CV",), "Worcestershire": ("WR",), "Shropshire": ("SY", "TF"),
    "Herefordshire": ("HR",), "Gloucestershire": ("GL",), "Somerset": ("BA", "TA"), "Devon": ("EX", "PL", "TQ"),
    "Cornwall": ("TR",), "Dorset": ("DT", "BH"), "Wiltshire": ("SN", "SP"),
    "Greater London": ("E", "EC", "N", "NW", "SE", "SW", "W", "WC"), "Middlesex": ("HA", "TW", "UB", "EN"),
}  # fmt: skip


def county_places(county: str) -> tuple[str, ...]:
    """A county and the post towns of its postcode areas: what a search for the county covers."""
    areas = COUNTY_AREAS.get(county, ())
    return tuple(dict.fromkeys([county, *(POSTCODE_TOWNS[a] for a in areas)]))


COUNTRIES = {"uk": "United Kingdom", "united kingdom": "United Kingdom", "gb": "United Kingdom",
             "great britain": "United Kingdom", "britain": "United Kingdom", "england": "United Kingdom",
             "armenia": "Armenia", "ireland": "Ireland", "usa": "United States", "united states": "United States",
             "washington, dc": "United States", "georgia": "Georgia", "tajikistan": "Tajikistan"}  # fmt: skip
"""Country names as ads and queries write them (lower case), and the country each means."""


_STREET = r"(?!\s+(?:road|rd|street|st|lane|avenue|way|house|court|square|terrace|drive|close|row|gate)\b)"


def _place_pattern(names: list[str], *, streets: bool = True) -> re.Pattern[str]:
    """Names as one pattern; with `streets` off, a name followed by "Road", "House" ... is no place."""
    names = sorted(names, key=len, reverse=True)
    tail = "" if streets else _STREET
    return re.compile(r"(?i)\b(" + "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in names) + r")\b" + tail)


_PLACE_RE = _place_pattern([*UK_PLACES, *_ALIASES, *FOREIGN], streets=False)
_REGION_RE = _place_pattern(list(UK_REGIONS), streets=False)
_COUNTRY_RE = _place_pattern(list(COUNTRIES))
_POSTCODE = re.compile(r"\b([A-Z]{1,2})\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_REMOTE = re.compile(
    r"(?i)\b(?:fully remote|remote|home[- ]based|home working|work from home|wfh|anywhere in the uk)\b"
)
_HYBRID = re.compile(r"(?i)\b(?:hybrid|flexible working|remote considered|\d days? (?:in|from) (?:the )?office)\b")
_CANONICAL = {name.lower(): name for name in [*UK_PLACES, *FOREIGN]}


@dataclass(frozen=True, slots=True)
class Location:
    places: tuple[str, ...] = ()
    region: str | None = None
    country: str | None = None
    work_mode: WorkMode = WorkMode.ONSITE

    @property
    def city(self) -> str | None:
        return self.places[0] if self.places else None


def _canonical_place(found: str) -> str:
    key = " ".join(found.lower().replace("-", " ").split())
    alias = _ALIASES.get(key)
    if alias:
        return "London" if alias == "City of London" else alias
    for name_key, name in _CANONICAL.items():
        if name_key.replace("-", " ") == key:
            return name
    return found.title()


def parse_location(text: str | None) -> Location:
    """'London', 'Leeds / Hybrid', 'Remote (UK)', 'Manchester, Birmingham', 'Stoke on Trent, ST4 8HH, GB' ..."""
    if not text or not text.strip():
        return Location()
    value = html.unescape(text)
    if _REMOTE.search(value) and not re.search(r"(?i)remote considered", value):
        mode = WorkMode.REMOTE
    elif _HYBRID.search(value):
        mode = WorkMode.HYBRID
    else:
        mode = WorkMode.ONSITE
    places = list(dict.fromkeys(_canonical_place(m.group(1)) for m in _PLACE_RE.finditer(value)))
    region = None
    for place in places:
        region = UK_PLACES.get(place)
        if region:
            break
    postcode = _POSTCODE.search(value)
    if region is None:
        regions = [UK_REGIONS[_region_key(m.group(1))] for m in _REGION_RE.finditer(value)]
        region = regions[0] if regions else None
    if region is None and postcode and postcode.group(1) in _AREA_REGION:
        region = _AREA_REGION[postcode.group(1)]
    if postcode and postcode.group(1) in POSTCODE_TOWNS:
        places.append(POSTCODE_TOWNS[postcode.group(1)])  # the area's town: Bootle (L20) is Liverpool's area
    places.extend(_canonical_county(m.group(1)) for m in _REGION_RE.finditer(value)
                  if _canonical_county(m.group(1)) in COUNTY_AREAS)  # fmt: skip
    places = list(dict.fromkeys(places))
    country = None
    if places and places[0] in FOREIGN:
        country = FOREIGN[places[0]]
    else:
        countries = [COUNTRIES[m.group(1).lower()] for m in _COUNTRY_RE.finditer(value)]
        if countries:
            country = countries[0]
        elif region or places or postcode or mode is WorkMode.REMOTE:
            country = "United Kingdom"
    return Location(tuple(places), region, country, mode)


_MODE_PHRASE = re.compile(
    r"(?i)\b(?:fully remote|remote working|remote considered|remote|home[- ]based|home working|work from home|wfh"
    r"|anywhere in the uk|hybrid working|hybrid|flexible working|\d days? (?:in|from) (?:the )?office)\b"
)
_PLACE_SEPARATORS = re.compile(r"\s*(?:[/|;,()\[\]]|\s[-–—]\s|^[-–—]\s|\s[-–—]$)\s*")
_CONNECTORS = re.compile(r"(?i)^(?:or|and|with|&|\+)\s+|\s+(?:or|and|with|&|\+)$")


def place_text(location: str) -> str:
    """The board's location text less its work-mode words, for showing beside the work mode: 'Leeds / Hybrid' ->
    'Leeds', 'Hybrid - Manchester' -> 'Manchester', 'Remote (UK)' -> 'UK', 'Remote' -> ''. Text that names no
    work mode is kept as it is."""
    value = " ".join(html.unescape(location).split())
    if not _MODE_PHRASE.search(value):
        return value
    parts = []
    for part in _PLACE_SEPARATORS.split(_MODE_PHRASE.sub(" ", value)):
        part = _CONNECTORS.sub("", " ".join(part.split())).strip(" -–—.:&+")
        if part and part.lower() not in parts:
            parts.append(part)
    return ", ".join(parts)


def _canonical_county(found: str) -> str:
    key = " ".join(found.split()).lower()
    return next((name for name in COUNTY_AREAS if name.lower() == key), found.title())


def _region_key(found: str) -> str:
    key = " ".join(found.split()).lower()
    return next(name for name in UK_REGIONS if name.lower() == key)


# ---------------------------------------------------------------- employment


class Employment(StrEnum):
    PERMANENT = "permanent"
    CONTRACT = "contract"
    TEMPORARY = "temporary"
    FULL_TIME = "full_time"
    PART_TIME = "part_time"


_EMPLOYMENT = (
    (Employment.PERMANENT, re.compile(r"(?i)\bpermanent\b|\bperm\b")),
    (Employment.CONTRACT, re.compile(r"(?i)\bcontract\b|fixed[- ]term|\bftc\b|interim|day rate|\bIR35\b")),
    (Employment.TEMPORARY, re.compile(r"(?i)\btemp(?:orary)?\b|maternity cover|secondment|seasonal")),
    (Employment.PART_TIME, re.compile(r"(?i)part[-_ ]?time|\bpro[- ]rata\b|\d+ hours per week|job share")),
    (Employment.FULL_TIME, re.compile(r"(?i)full[-_ ]?time|full[- ]term")),
)


def parse_employment(*texts: str | None) -> list[Employment]:
    """Employment types named by the board's field (and, failing that, the salary text)."""
    for text in texts:
        if text:
            found = [kind for kind, pattern in _EMPLOYMENT if pattern.search(text)]
            if found:
                return found
    return []


# ---------------------------------------------------------------- posting date

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
                 "%B %d %Y", "%d %B, %Y")  # fmt: skip
_AGO = re.compile(r"(?i)(\d+)\+?\s*(day|week|month|hour)s?\s+ago")


def parse_posted(date_published: str | None, created_at: dt.date, scraped_on: dt.date | None = None) -> dt.date:
    """The posting date from the board's free text, falling back to when the board created the row.

    Relative dates ("2 days ago") count back from `scraped_on`, the day the board last read the ad.
    """
    if not date_published or not date_published.strip():
        return created_at
    text = " ".join(date_published.replace("Posted", "").replace("posted", "").split())
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", text)
    if iso:
        return dt.date.fromisoformat(iso.group(1))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    reference = scraped_on or created_at
    if re.search(r"(?i)\btoday\b|just now|hours? ago", text):
        return reference
    if re.search(r"(?i)\byesterday\b", text):
        return reference - dt.timedelta(days=1)
    ago = _AGO.search(text)
    if ago:
        n, unit = int(ago.group(1)), ago.group(2).lower()
        days = {"hour": 0, "day": n, "week": 7 * n, "month": 30 * n}[unit]
        return reference - dt.timedelta(days=days)
    return created_at


# ---------------------------------------------------------------- the whole job

INDEX_TEXT_LIMIT = 6000
"""Characters of a job's text that are indexed (title and facts first, then the description)."""


@dataclass(frozen=True, slots=True)
class JobFields:
    """A job's parsed fields, as the index stores them."""

    seniority: Seniority | None
    service: str | None
    location: Location
    salary: Salary
    employment: list[Employment]
    qualifications: list[str]
    qualified_by_experience: bool
    software: list[str]
    posted_on: dt.date
    description_text: str = field(repr=False)
    family: str | None = None
    """The role family the title names (`services.jobs.roles`); None: no accounting or finance role."""
    step: int | None = None
    """The step on the career ladder: the NHS band the ad names, else the title's, moved towards what its pay
    suggests (`services.jobs.roles.career_step`)."""
    title_words: list[str] = field(default_factory=list)
    title_step: int | None = None
    """The step the title alone names (`services.jobs.roles.title_step`), before a band or the pay moves it."""


def annual_pay(salary: Salary) -> float | None:
    """The yearly pay in pounds an ad states (the middle of a range, a little under an "up to"), or None (not
    stated, or stated in another currency)."""
    if not salary.stated or salary.currency not in (None, "GBP"):
        return None
    low, high = salary.annual_min, salary.annual_max
    if low and high:
        return (low + high) / 2
    return low or (high * 0.85 if high else None)  # "up to £40,000" mostly pays less


def parse_job(job: BoardJob) -> JobFields:
    description = html_to_text(job.description)
    title = html.unescape(job.title)
    everything = f"{title}\n{job.seniority}\n{job.service}\n{description}"
    seniority = seniority_from_text(job.seniority) or seniority_from_text(title)
    salary = parse_salary(job.salary)
    family = family_of(title)
    return JobFields(
        seniority=seniority,
        service=service_line(job.service, title, job.industry),
        location=parse_location(job.location),
        salary=salary,
        employment=parse_employment(job.employment, job.salary),
        qualifications=qualifications_in(everything),
        qualified_by_experience=qualified_by_experience(everything),
        software=software_in(everything),
        posted_on=parse_posted(job.date_published, job.created_at, job.updated_at),
        description_text=description,
        family=family.value if family is not None else None,
        step=career_step(title, annual_pay(salary), job.salary, description),
        title_words=words(title),
        title_step=title_step(title),
    )


def index_text(job: BoardJob, fields: JobFields) -> str:
    """The text a job is embedded and searched by: title and facts first, then the description."""
    facts = [
        html.unescape(job.title),
        f"Firm: {job.firm_name}",
        f"Service: {job.service}" if job.service else "",
        f"Seniority: {job.seniority}" if job.seniority else "",
        f"Location: {html.unescape(job.location)}" if job.location else "",
        f"Employment: {job.employment}" if job.employment else "",
        f"Salary: {job.salary}" if job.salary else "",
    ]
    head = "\n".join(f for f in facts if f)
    return f"{head}\n{fields.description_text}"[:INDEX_TEXT_LIMIT]
