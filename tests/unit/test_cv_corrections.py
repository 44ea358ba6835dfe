"""A user's corrections to their CV profile (issue #22, point 4): each is listed as corrected and wins where the
profile is read for matching and alerts (`JobSearch.prepare_cv`, `cv_intent`); a role correction retitles."""

from __future__ import annotations

import datetime as dt

from services.accounts.profiles import correct
from services.cv.profile import CvProfile, extract_profile
from services.jobs.taxonomy import Seniority
from services.search.job_search import JobSearch, cv_intent
from services.search.query import SearchFilters

TODAY = dt.date(2026, 12, 6)


def _ap_administrator() -> CvProfile:
    text = ("Accounts Payable and Purchasing Administrator\nExperience\n"
            "Accounts Payable and Purchasing Administrator, Example Ltd, Leeds, 2015 - Present\n"
            "- Supplier invoices, payment runs and purchase ledger reconciliations")  # fmt: skip
    return extract_profile(text, today=TODAY)


def test_a_role_correction_retitles_unless_the_title_was_corrected() -> None:
    read = _ap_administrator()
    assert read.current_title and "Payable" in read.current_title and read.role_family == "ap_ar_bookkeeping"
    tax = correct(read, role_family="tax")
    assert tax.role_family == "tax" and tax.current_title is None and tax.corrected == ["role_family"]
    titled = correct(correct(read, current_title="Tax Assistant"), role_family="tax")
    assert titled.current_title == "Tax Assistant" and titled.corrected == ["current_title", "role_family"]
    same = correct(read, role_family="ap_ar_bookkeeping")  # the title names this family: it stays
    assert same.current_title == read.current_title


def test_a_corrected_level_wins_over_the_title_in_matching() -> None:
    read = _ap_administrator()
    before = cv_intent(read).step
    manager = correct(read, seniority_level=int(Seniority.MANAGER))
    assert (manager.seniority, manager.seniority_level) == ("manager", int(Seniority.MANAGER))
    assert cv_intent(manager).step == 5 != before  # from the level the user gave, not from "Administrator"
    assert JobSearch.prepare_cv(manager).seniority is Seniority.MANAGER


def test_a_corrected_salary_wish_filters_matches_unless_preferences_say_otherwise() -> None:
    read = _ap_administrator()
    assert JobSearch.prepare_cv(read).filters.min_salary is None
    wish = correct(read, salary_minimum=42_000)
    assert wish.salary_expectation is not None and wish.salary_expectation.minimum == 42_000
    assert wish.corrected == ["salary_expectation"]
    filters = JobSearch.prepare_cv(wish).filters
    assert filters.min_salary == 42_000 and filters.include_unstated_salary  # unstated pay is kept
    assert JobSearch.prepare_cv(wish, SearchFilters(min_salary=30_000)).filters.min_salary == 30_000
    assert correct(wish, salary_minimum=None).salary_expectation is None


def test_years_and_title_corrections_are_bounded() -> None:
    read = _ap_administrator()
    assert correct(read, years_experience=7).years_experience == 7.0
    assert correct(read, years_experience=500).years_experience == 60.0
    assert correct(read, current_title="  Payroll   Manager ").current_title == "Payroll Manager"
