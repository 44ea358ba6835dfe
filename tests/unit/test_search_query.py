from __future__ import annotations

import pytest

from services.search.job_search import JobSearch
from services.search.query import RemotePolicy, SearchFilters, expand_places, parse_query


@pytest.mark.parametrize(
    ("query", "text", "filters"),
    [
        ("audit senior London hybrid 50k", "audit senior",
         {"places": ["London"], "remote": "hybrid", "min_salary": 50000, "seniority_min": 2, "seniority_max": 4}),
        ("part qualified ACCA Leeds", "part qualified ACCA",
         {"places": ["Leeds"], "seniority_min": 1, "seniority_max": 3}),
        ("payroll manager remote", "payroll manager", {"remote": "remote", "seniority_min": 4, "seniority_max": 6}),
        ("tax jobs in Manchester £45,000+", "tax", {"places": ["Manchester"], "min_salary": 45000}),
        ("contract management accountant £350/day", "contract management accountant",
         {"min_salary": 77000, "employment": ["contract"]}),
        ("graduate trainee Yorkshire posted last 7 days", "graduate trainee",
         {"regions": ["Yorkshire"], "seniority_min": 0, "seniority_max": 1, "posted_within_days": 7}),
        ("accountant", "accountant", {}),
        ("Robert'); DROP TABLE users; --", "Robert'); DROP TABLE users; --", {}),
    ],
)  # fmt: skip
def test_free_text_becomes_filters_and_text(query: str, text: str, filters: dict) -> None:
    parsed = parse_query(query)
    assert parsed.text == text
    assert parsed.filters.as_dict() == filters


def test_query_words_and_signals() -> None:
    parsed = parse_query("ACCA audit senior Leeds")
    assert parsed.qualifications == ("ACCA",)
    assert parsed.service == "audit"
    assert int(parsed.seniority or 0) == 3


def test_query_words_win_over_saved_preferences_and_exclusions_add_up() -> None:
    saved = SearchFilters(places=("Bristol",), min_salary=40000, excluded_firms=(1,), excluded_jobs=(9,))
    typed = parse_query("audit Leeds 50k").filters
    merged = saved.merged(SearchFilters(excluded_firms=(2,))).merged(typed)
    assert merged.places == ("Leeds",)
    assert merged.min_salary == 50000
    assert merged.excluded_firms == (1, 2) and merged.excluded_jobs == (9,)
    assert merged.without("places").places == ()
    assert SearchFilters(remote=RemotePolicy.REMOTE).as_dict() == {"remote": "remote"}


def test_relaxing_drops_one_constraint_at_a_time_and_keeps_exclusions() -> None:
    filters = parse_query("audit senior Leeds hybrid 50k contract").filters.merged(SearchFilters(excluded_firms=(3,)))
    steps = filters.relaxations()
    assert [name for name, _ in steps] == ["employment", "min_salary", "seniority", "remote", "location"]
    last = steps[-1][1]
    assert last.places == () and last.min_salary is None and last.remote is None
    assert all(f.excluded_firms == (3,) for _, f in steps)
    assert SearchFilters().relaxations() == []


def test_counties_are_places_covering_their_towns_and_countries_are_read() -> None:
    parsed = parse_query("head of financial services Cheshire")
    assert parsed.text == "head of financial services"
    assert parsed.filters.places == ("Cheshire",) and parsed.filters.regions == ()
    assert expand_places(parsed.filters.places) == ["Cheshire", "Chester", "Crewe", "Warrington"]
    assert parse_query("finance manager NGO Armenia").filters.countries == ("Armenia",)
    assert parse_query("audit Yorkshire").filters.regions == ("Yorkshire",)


def test_a_salary_floor_leaves_nothing_behind_and_a_day_rate_means_a_contract() -> None:
    parsed = parse_query("finance director 100k+")
    assert parsed.text == "finance director" and parsed.filters.min_salary == 100_000
    assert parse_query("interim finance business partner day rate").filters.employment == ("contract",)


def test_the_words_of_a_query_take_the_place_of_saved_preferences_of_their_kind() -> None:
    saved = SearchFilters(places=("Manchester",), min_salary=30_000, remote=RemotePolicy.REMOTE, excluded_jobs=(7,))
    parsed = JobSearch.prepare("accountant Leeds 40k", saved, saved=True)
    # Leeds and 40k are wishes that steer; Manchester and 30k, being of the same kinds, give way; the rest stays.
    assert parsed.filters.places == () and parsed.filters.min_salary is None
    assert parsed.filters.remote is RemotePolicy.REMOTE and parsed.filters.excluded_jobs == (7,)
    assert parsed.wanted.places == ("Leeds",) and parsed.wanted.min_salary == 40_000
    assert JobSearch.prepare("accountant Leeds", saved).filters == saved  # filters set by the caller stay
