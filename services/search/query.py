"""Free-text job queries into structured filters plus the text to match.

"audit senior London hybrid 50k" -> places London, hybrid or remote, seniority around senior, at least
£50,000 a year, and "audit senior" as the text. Anything not understood stays in the text: nothing a user
typed is silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from services.jobs import roles
from services.jobs.fields import (
    COUNTRIES,
    COUNTY_AREAS,
    FOREIGN,
    UK_PLACES,
    UK_REGIONS,
    county_places,
    parse_employment,
    parse_salary,
)
from services.jobs.taxonomy import Seniority, qualifications_in, seniority_from_text, service_line
from services.search import query_words
from services.search.leanings import Leanings


class RemotePolicy(StrEnum):
    REMOTE = "remote"
    """Fully remote jobs only."""
    HYBRID = "hybrid"
    """Hybrid or remote."""
    HYBRID_ONLY = "hybrid_only"
    """Hybrid only (a saved preference or a filter button; typed words never ask for it)."""


@dataclass(frozen=True, slots=True)
class SearchFilters:
    places: tuple[str, ...] = ()
    """Towns and counties as named ("Leeds", "Cheshire"); a county covers the towns of its postcode areas."""
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    remote: RemotePolicy | None = None
    min_salary: int | None = None
    """Annual; jobs that state no salary are kept unless `include_unstated_salary` is off."""
    include_unstated_salary: bool = True
    seniority_min: int | None = None
    seniority_max: int | None = None
    services: tuple[str, ...] = ()
    employment: tuple[str, ...] = ()
    max_firm_ranking: int | None = None
    posted_within_days: int | None = None
    excluded_firms: tuple[int, ...] = ()
    excluded_jobs: tuple[int, ...] = ()
    only_jobs: tuple[int, ...] = ()
    """Among these jobs only (the new jobs an alert looks at); empty: all jobs."""
    study_support: bool = False
    """Only jobs whose ad offers study support (funded exams, study leave) or is a training contract."""
    leanings: Leanings = field(default_factory=Leanings)
    """What the user taught the ranking (`services.search.leanings`): it moves jobs, it filters nothing. Read from
    the user's preferences with every search of theirs, like `excluded_jobs`; kept apart from the saved filters
    (never in `as_dict`)."""

    def merged(self, other: SearchFilters) -> SearchFilters:
        """These filters with `other`'s set values on top (a query's words over saved preferences)."""
        values: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if name in ("excluded_firms", "excluded_jobs"):
                values[name] = tuple(dict.fromkeys((*mine, *theirs)))
            elif name in ("leanings", "study_support"):
                values[name] = theirs or mine
            elif theirs not in (None, ()) and not (name == "include_unstated_salary" and theirs is True):
                values[name] = theirs
            else:
                values[name] = mine
        return SearchFilters(**values)

    def without_what(self, named: SearchFilters) -> SearchFilters:
        """These filters less every kind that `named` sets (a place, remote, a salary, a level, hours, a date):
        what a query's words name takes the place of a saved preference of the same kind."""
        cleared: dict[str, Any] = {}
        if named.places or named.regions or named.countries:
            cleared.update(places=(), regions=(), countries=())
        if named.remote is not None:
            cleared["remote"] = None
        if named.min_salary is not None:
            cleared.update(min_salary=None, include_unstated_salary=True)
        if named.seniority_min is not None or named.seniority_max is not None:
            cleared.update(seniority_min=None, seniority_max=None)
        if named.employment:
            cleared["employment"] = ()
        if named.posted_within_days is not None:
            cleared["posted_within_days"] = None
        return replace(self, **cleared)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "leanings" or (name == "study_support" and not value):
                continue
            if value not in (None, ()) and not (name == "include_unstated_salary" and value is True):
                out[name] = (
                    list(value) if isinstance(value, tuple) else str(value) if isinstance(value, StrEnum) else value
                )
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchFilters:
        """The inverse of `as_dict` (unknown keys, from an older version, are ignored)."""
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in cls.__dataclass_fields__ or value is None or name == "leanings":
                continue
            if name == "remote":
                values[name] = RemotePolicy(value)
            elif isinstance(value, list):
                values[name] = tuple(value)
            else:
                values[name] = value
        return cls(**values)

    def without(self, name: str) -> SearchFilters:
        default = SearchFilters()
        return replace(self, **{name: getattr(default, name)})

    def relaxations(self) -> list[tuple[str, SearchFilters]]:
        """When nothing matches: drop one constraint at a time, least important first, never silently.

        Each step names the constraint it drops, so the bot can say so ("without the salary minimum").
        Exclusions (firms, jobs marked not interesting) are never relaxed.
        """
        order = ("study_support", "posted_within_days", "employment", "max_firm_ranking", "min_salary", "seniority",
                 "services", "remote", "location")  # fmt: skip
        steps: list[tuple[str, SearchFilters]] = []
        current = self
        for name in order:
            if name == "seniority":
                if current.seniority_min is None and current.seniority_max is None:
                    continue
                current = replace(current, seniority_min=None, seniority_max=None)
            elif name == "location":
                if not current.places and not current.regions and not current.countries:
                    continue
                current = replace(current, places=(), regions=(), countries=())
            else:
                if getattr(current, name) in (None, (), False):
                    continue
                current = current.without(name)
            steps.append((name, current))
        return steps


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str
    """The words left to match once places, salary, remote and dates are read."""
    filters: SearchFilters = field(default_factory=SearchFilters)
    """From `parse_query`: what the words name. In a search: the filters in force (the caller's)."""
    seniority: Seniority | None = None
    qualifications: tuple[str, ...] = ()
    service: str | None = None
    wanted: SearchFilters = field(default_factory=SearchFilters)
    """In a search: what the words asked for, which steers the ranking and filters nothing."""
    understood: str | None = None
    """The query as searched when it was read differently from how it was typed (translated from Russian, a slip
    corrected): "accountant Manchester" for "acountant manchestr". None when read as typed."""
    outside: tuple[str, ...] = ()
    """Places named that this board holds no jobs in ("Moscow")."""
    on_topic: bool = True
    """The words ask for something this board holds: a role, a qualification, finance vocabulary, or only filters
    (a place, remote work, a salary). False for "job", a greeting, keyboard mash or a sentence about cooking."""


_PLACE_NAMES = sorted([*UK_PLACES, *FOREIGN, *UK_REGIONS, *COUNTRIES], key=len, reverse=True)
_PLACE_RE = re.compile(r"(?i)\b(" + "|".join(re.escape(p).replace(r"\ ", r"[\s-]+") for p in _PLACE_NAMES) + r")\b")
_REMOTE_RE = re.compile(r"(?i)\b(?:fully remote|remote only|remote|work from home|wfh|home[- ]based)\b")
_HYBRID_RE = re.compile(r"(?i)\bhybrid\b")
_SALARY_RE = re.compile(
    r"(?i)(?:£\s?\d[\d,.]*\s?k?\+?(?:\s?(?:per|/|a)\s?(?:day|hour|hr|annum|year))?|\b\d{2,3}\s?k\+?"
    r"|\b\d{2,3},\d{3}\+?\b)(?!\w)"
)
_EMPLOYMENT_RE = re.compile(
    r"(?i)\b(?:permanent|perm|contract|contractor|interim|temp(?:orary)?|part[- ]time|full[- ]time|day rate)\b"
)
_POSTED_RE = re.compile(r"(?i)\b(?:posted |in the )?(?:last|past) (\d{1,3}) days?\b|\b(?:this|last) week\b")
_CANONICAL = {p.lower(): p for p in _PLACE_NAMES}


def parse_query(query: str) -> ParsedQuery:
    reading = query_words.read(query)
    text = reading.text
    places: list[str] = []
    regions: list[str] = []
    countries: list[str] = []
    for m in _PLACE_RE.finditer(text):
        lowered = " ".join(m.group(1).replace("-", " ").split()).lower()
        name = _CANONICAL.get(lowered, m.group(1).title())
        if lowered in COUNTRIES:
            countries.append(COUNTRIES[lowered])
        elif name in COUNTY_AREAS:
            places.append(name)  # a county is a place of its own, covering its towns (`expand_places`)
        elif name in UK_REGIONS and name not in UK_PLACES:
            regions.append(UK_REGIONS[name])
        else:
            places.append(name)
    remote = (
        RemotePolicy.REMOTE if _REMOTE_RE.search(text) else RemotePolicy.HYBRID if _HYBRID_RE.search(text) else None
    )
    min_salary = None
    if salary_match := _SALARY_RE.search(text):
        salary = parse_salary(salary_match.group(0))
        if salary.stated:
            min_salary = salary.annual_min or salary.annual_max
    employment = [e.value for e in parse_employment(text)] if _EMPLOYMENT_RE.search(text) else []
    posted = None
    if posted_match := _POSTED_RE.search(text):
        posted = int(posted_match.group(1)) if posted_match.group(1) else 7
    level = seniority_from_text(text)
    if level is not None and not re.search(
        r"(?i)\b(?:senior|junior|trainee|graduate|manager|director|partner|"
        r"supervisor|assistant|semi[- ]senior|part[- ]qualified|newly qualified|nq|head|cfo|controller)\b",
        text,
    ):
        level = None  # "accountant" alone names a job, not a level
    filters = SearchFilters(
        places=tuple(dict.fromkeys(places)),
        regions=tuple(dict.fromkeys(regions)),
        countries=tuple(dict.fromkeys(countries)),
        remote=remote,
        min_salary=min_salary,
        seniority_min=max(0, int(level) - 1) if level is not None else None,
        seniority_max=min(int(Seniority.PARTNER), int(level) + 1) if level is not None else None,
        employment=tuple(employment),
        posted_within_days=posted,
    )
    # The words that only set a filter leave the text; the rest (roles, services, qualifications) stays.
    remaining = _PLACE_RE.sub(" ", text)
    remaining = _SALARY_RE.sub(" ", remaining)
    remaining = _REMOTE_RE.sub(" ", remaining)
    remaining = _HYBRID_RE.sub(" ", remaining)
    remaining = _POSTED_RE.sub(" ", remaining)
    remaining = re.sub(r"(?i)\b(?:jobs?|roles?|positions?|vacanc(?:y|ies)|in|near|around|at|for|with|based)\b", " ",
                       remaining)  # fmt: skip
    remaining = " ".join(remaining.split())
    content = [w for w in re.findall(r"[^\W\d_]+", remaining.lower()) if w not in roles.STOPWORDS]
    named_something = bool(filters.as_dict()) or bool(reading.outside)
    on_topic = query_words.asks_for_finance(text) if content else named_something
    return ParsedQuery(
        text=remaining or text,
        filters=filters,
        seniority=level,
        qualifications=tuple(qualifications_in(text)),
        service=service_line(text),
        understood=text if reading.changed and text else None,
        outside=reading.outside,
        on_topic=on_topic,
    )


def expand_places(places: tuple[str, ...] | list[str]) -> list[str]:
    """Places as the index names them: a county becomes itself and the post towns of its postcode areas."""
    return list(
        dict.fromkeys(p for place in places for p in (county_places(place) if place in COUNTY_AREAS else (place,)))
    )


def simple_filters(
    *,
    locations: tuple[str, ...] | list[str] = (),
    remote: str | None = None,
    min_salary: int | None = None,
    seniority: str | None = None,
    services: tuple[str, ...] | list[str] = (),
    employment: tuple[str, ...] | list[str] = (),
    posted_within_days: int | None = None,
) -> SearchFilters:
    """Filters from plain values (the command line's options, the HTTP API's fields): places and regions read
    from the location words, a level word for both ends of the seniority range."""
    where = [parse_query(location).filters for location in locations]
    level = seniority_from_text(seniority) if seniority else None
    return SearchFilters(
        places=tuple(p for f in where for p in f.places),
        regions=tuple(r for f in where for r in f.regions),
        countries=tuple(c for f in where for c in f.countries),
        remote=RemotePolicy(remote) if remote else None,
        min_salary=min_salary,
        seniority_min=int(level) if level is not None else None,
        seniority_max=int(level) if level is not None else None,
        services=tuple(services),
        employment=tuple(employment),
        posted_within_days=posted_within_days,
    )
