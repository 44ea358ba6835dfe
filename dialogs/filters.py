"""Filter choices shared by the search results' filter buttons and the saved preferences."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from locales import Translator
from services.accounts.preferences import TIMEZONE_CHOICES, AlertFrequency
from services.accounts.users import LANGUAGES
from services.jobs.fields import Employment
from services.jobs.taxonomy import SERVICE_NAMES, Seniority
from services.search.query import RemotePolicy, SearchFilters, parse_query

ANY = "any"
SALARIES = (25_000, 35_000, 45_000, 60_000, 80_000, 100_000)
SEARCH_FIELDS = ("place", "remote", "salary", "seniority", "service", "employment", "study")


def options(field: str, t: Translator) -> list[tuple[str, str]]:
    """(option id, label) for a field; option ids are short, to keep callback data under 64 bytes."""
    anything = (ANY, t("value-any"))
    if field == "remote":
        return [anything, ("hybrid", t("remote-hybrid")), ("hybrid_only", t("remote-hybrid_only")),
                ("remote", t("remote-remote"))]  # fmt: skip
    if field == "salary":
        return [anything, *[(str(s), t("salary-at-least", amount=f"£{s // 1000}k")) for s in SALARIES]]
    if field == "seniority":
        return [anything, *[(str(level.value), t.level(level.value)) for level in Seniority]]
    if field == "service":
        return [anything, *[(code, t.service(code)) for code in SERVICE_NAMES]]
    if field == "employment":
        return [anything, *[(kind.value, t(f"employment-{kind.value}")) for kind in Employment]]
    if field == "study":
        return [anything, ("yes", t("study-yes"))]
    if field == "alerts":
        return [(f.value, t(f"alerts-{f.value}")) for f in AlertFrequency]
    if field == "language":
        return [(code, t(f"language-{code}")) for code in LANGUAGES]
    if field == "timezone":
        return [(zone, zone) for zone in TIMEZONE_CHOICES]
    raise ValueError(field)


def apply(filters: SearchFilters, field: str, option: str) -> SearchFilters:
    """The filters with one field set to a chosen option (ANY clears it). Unknown options raise ValueError."""
    if field == "remote":
        return replace(filters, remote=None if option == ANY else RemotePolicy(option))
    if field == "salary":
        return replace(filters, min_salary=None if option == ANY else _choice(int(option), SALARIES))
    if field == "seniority":
        if option == ANY:
            return replace(filters, seniority_min=None, seniority_max=None)
        level = Seniority(int(option))
        return replace(filters, seniority_min=max(0, level - 1), seniority_max=min(8, level + 1))
    if field == "service":
        return replace(filters, services=() if option == ANY else (_choice(option, SERVICE_NAMES),))
    if field == "employment":
        return replace(filters, employment=() if option == ANY else (Employment(option).value,))
    if field == "place":
        return replace(filters, places=(), regions=(), countries=())
    if field == "study":
        return replace(filters, study_support=_choice(option, (ANY, "yes")) == "yes")
    raise ValueError(field)


def _choice(value: Any, allowed: tuple[Any, ...]) -> Any:
    if value not in allowed:
        raise ValueError(value)
    return value


def with_places(filters: SearchFilters, text: str) -> SearchFilters | None:
    """Places typed by the user ('Leeds, Manchester', 'North West'), or None when none is recognised."""
    found = parse_query(text).filters
    if not found.places and not found.regions and not found.countries:
        return None
    return replace(filters, places=found.places, regions=found.regions, countries=found.countries)


def describe(filters: SearchFilters, t: Translator) -> list[str]:
    """The filters in force, one short phrase each (for the results' header and the preferences)."""
    parts: list[str] = []
    if filters.places or filters.regions or filters.countries:
        parts.append(", ".join((*filters.places, *filters.regions, *filters.countries)))
    if filters.remote is not None:
        parts.append(t(f"remote-{filters.remote.value}"))
    if filters.min_salary is not None:
        parts.append(t("salary-at-least", amount=f"£{filters.min_salary // 1000}k"))
    if filters.seniority_min is not None or filters.seniority_max is not None:
        low = t.level(filters.seniority_min if filters.seniority_min is not None else 0)
        high = t.level(filters.seniority_max if filters.seniority_max is not None else 8)
        parts.append(f"{low} – {high}")
    if filters.services:
        parts.append(", ".join(t.service(s) for s in filters.services))
    if filters.employment:
        parts.append(", ".join(t(f"employment-{e}") for e in filters.employment))
    if filters.posted_within_days is not None:
        parts.append(t("filter-posted", days=filters.posted_within_days))
    if filters.study_support:
        parts.append(t("study-yes"))
    if filters.excluded_firms:
        parts.append(t("filter-excluded-firms", count=len(filters.excluded_firms)))
    return parts


RELAXATION_KEYS = {
    "posted_within_days": "relax-posted",
    "employment": "relax-employment",
    "max_firm_ranking": "relax-ranking",
    "min_salary": "relax-salary",
    "seniority": "relax-seniority",
    "services": "relax-services",
    "remote": "relax-remote",
    "location": "relax-location",
    "study_support": "relax-study",
}
