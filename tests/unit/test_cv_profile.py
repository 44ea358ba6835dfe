"""The CV profile's reading rules, each on a short invented CV (no text from a real CV)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.cv.profile import (
    STALE_AFTER_YEARS,
    CvProfile,
    claimed_years,
    extract_profile,
    family_from_duties,
    split_sections,
    title_level,
    written_on,
)
from services.jobs.taxonomy import RoleFamily, Seniority, qualifications_in, seniority_from_text
from services.search.job_search import cv_field

TODAY = dt.date(2026, 12, 6)


def _profile(text: str) -> CvProfile:
    return extract_profile(text, today=TODAY)


# ---------------------------------------------------------------- when "Current" ends


def test_an_old_cv_counts_current_to_the_end_of_its_latest_year() -> None:
    text = "ACCOUNTANT\nExperience\nAccountant 03/2006 to Current Example Ltd\nClerk 01/2004 to 02/2006 Other Ltd\n"
    assert written_on(text, TODAY) == dt.date(2006, 12, 1)
    profile = _profile(text)
    assert profile.years_experience == 3.0  # January 2004 to December 2006, not to 2026
    assert profile.work_history[0].end is None  # still the current role


def test_a_recent_cv_counts_current_to_today() -> None:
    text = "ACCOUNTANT\nExperience\nAccountant 03/2021 to Current Example Ltd\nClerk 01/2019 to 02/2021 Other Ltd\n"
    assert TODAY.year - 2021 < STALE_AFTER_YEARS
    assert written_on(text, TODAY) == TODAY
    assert _profile(text).years_experience == 8.0  # January 2019 to December 2026


def test_claimed_years_show_a_long_current_role_is_recent() -> None:
    # Nothing dated after 2012, but twenty years from a 2004 start says the CV is from about 2024.
    text = (
        "BOOKKEEPER\nProfile\nTwenty years of bookkeeping for small firms.\nExperience\n"
        "Bookkeeper 2012 - Present Example Ltd\nAccounts Clerk 2004 - 2011 Other Ltd\n"
    )
    assert claimed_years("Twenty years of bookkeeping") == 20
    assert claimed_years("15+ years of audit experience; 3 years in tax") == 15
    assert claimed_years("twenty-five years as a controller") == 25
    assert claimed_years("Available with four weeks notice") == 0
    assert written_on(text, TODAY, first_start=dt.date(2004, 1, 1), claimed=20) == TODAY
    assert _profile(text).years_experience == 23.0  # 2004 to today


def test_the_latest_year_includes_education_and_anticipated_dates_but_they_are_never_work() -> None:
    text = (
        "FINANCE MANAGER\nExperience\nFinance Manager 2004 to Current Example Ltd\n"
        "MBA candidate, anticipated graduation May 2008\nEducation\nBSc Accounting 1996 - 2000 Example University\n"
    )
    profile = _profile(text)
    assert written_on(text, TODAY) == dt.date(2008, 12, 1)
    assert profile.years_experience == 5.0  # 2004 to the end of 2008; the degree is not work
    expected = "Finance Manager 2004 to Current Example Ltd\nProject lead, expected 2007 - 2008 completion\n"
    assert len(_profile("Experience\n" + expected).work_history) == 1


def test_years_run_from_the_earliest_role_to_the_latest_with_gaps() -> None:
    text = "Experience\nAccountant 01/2020 to 12/2022 Example Ltd\nAccounts Assistant 01/2014 to 12/2015 Other Ltd\n"
    assert _profile(text).years_experience == 9.0


def test_a_date_fifty_years_before_the_rest_is_a_typo() -> None:
    text = (
        "Experience\nFinance Manager 01/2015 to 12/2020 Example Ltd\nAccountant 02/2008 to 12/2014 Other Ltd\n"
        "Accounts Clerk 02/1920 to 02/1920 Third Ltd\n"
    )
    assert _profile(text).years_experience == 12.9


# ---------------------------------------------------------------- sections and titles


def test_a_heading_glued_to_the_line_before_is_found() -> None:
    text = "PAYROLL OFFICER\nSummary\nRan weekly payroll for a shop Experience\n04/2019 to 03/2024\nPayroll Officer\n"
    assert "experience" in split_sections(text)
    assert "with a lot of experience" in split_sections("Summary\nAn analyst with a lot of experience\n")["summary"]
    assert _profile(text).current_title == "Payroll Officer"


def test_a_volunteer_role_is_a_role() -> None:
    text = "Experience\nVolunteer Accountant 11/2020 to 09/2021 Example Charity\nAccountant 05/2016 to 10/2020 Ltd\n"
    profile = _profile(text)
    assert profile.current_title == "Volunteer Accountant"
    assert profile.years_experience == 5.4


def test_a_short_phrase_that_starts_a_date_line_is_its_title() -> None:
    text = "Experience\nMerchandiser 05/2019 to Current Company Name City, State\nBuilt displays in stores.\n"
    assert _profile(text).current_title == "Merchandiser"
    # "Title, Employer, dates": the title is the first part.
    assert _profile("Experience\nHead Chef, Example Restaurant, 2021 - Present\n").current_title == "Head Chef"
    # Not a past-tense sentence, an employer, or a project in capitals.
    for line in ("Audited the 2015 - 2016 accounts of the group", "Example Holdings Ltd 2015 - 2016",
                 "CORE BANKING 2015 - 2016"):  # fmt: skip
        assert _profile(f"Experience\n{line}\nThe work was varied.\n").current_title is None


def test_a_title_on_its_own_line_beats_an_employer_on_the_date_line() -> None:
    text = "Experience\nExample Audit LLP, Leeds 2019 - 2021\nAudit Associate\nFieldwork and testing.\n"
    assert _profile(text).current_title == "Audit Associate"


def test_a_description_line_is_no_title_when_the_date_line_has_one() -> None:
    text = (
        "Experience\nPrepared year-end tax 1099 forms for all vendors of the bank each January\n"
        "Personal Banker/ Client Champion July 2016 to October 2020 Company Name - City, State\n"
    )
    assert _profile(text).current_title == "Personal Banker/ Client Champion"


def test_a_title_after_a_bar_on_the_date_line() -> None:
    assert _profile("Experience\nLeeds | Payroll Officer May 2016 to June 2018 Example Ltd\n").current_title == (
        "Payroll Officer"
    )


# ---------------------------------------------------------------- level


@pytest.mark.parametrize(
    ("title", "written", "level"),
    [
        ("Accountant I", "", Seniority.JUNIOR),
        ("IT Technician I", "", Seniority.JUNIOR),
        ("Accountant II", "", Seniority.SEMI_SENIOR),
        ("Relationship Associate III", "", Seniority.SENIOR),
        ("Senior Accountant II", "", Seniority.SENIOR),
        ("Senior Lending Officer", "Senior Lending Officer - VP Commercial Lending", Seniority.DIRECTOR),
        ("Commercial Lending Officer", "Commercial Lending Officer - AVP", Seniority.MANAGER),
        ("Sales Officer, Assistant Vice President", "", Seniority.MANAGER),
        ("CFO & EVP", "", Seniority.PARTNER),
        ("HR Generalist", "", None),
    ],
)
def test_grades_and_bank_ranks(title: str, written: str, level: Seniority | None) -> None:
    assert title_level(title, written) == level


def test_years_alone_never_make_a_senior_or_a_manager() -> None:
    text = "HR GENERALIST\nExperience\nHR Generalist 01/2002 to 12/2024 Example Ltd\nRan recruitment.\n"
    assert _profile(text).seniority == "semi senior"
    short = "Experience\nMerchandiser 03/2026 to Current Example Ltd\nStocked shelves.\n"
    assert _profile(short).seniority == "trainee"


def test_a_senior_title_stays_senior_whatever_the_years() -> None:
    text = "Experience\nSenior Accountant 01/2015 to Current Example Ltd\nMonth-end close.\n"
    assert _profile(text).seniority == "senior"


def test_leading_a_team_makes_at_least_a_supervisor() -> None:
    led = "Experience\nFinance Analyst 01/2018 to Current Example Ltd\nLeading team of four analysts on month-end.\n"
    assert _profile(led).seniority == "supervisor"
    assert _profile(led.replace("Finance Analyst", "Finance Director")).seniority == "director"  # never lowered
    alone = "Experience\nFinance Analyst 01/2018 to Current Example Ltd\nWorked with the sales team on pricing.\n"
    assert _profile(alone).seniority == "semi senior"
    company = "Experience\nFinance Analyst 01/2018 to Current Example Ltd\nA retailer with 14,000 employees.\n"
    assert _profile(company).seniority == "semi senior"


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Finance Business Partner", Seniority.SUPERVISOR),
        ("HR Business Partner", Seniority.SUPERVISOR),
        ("Assistant Finance Business Partner", Seniority.SENIOR),
        ("Senior Finance Business Partner", Seniority.MANAGER),
        ("Head of Business Partnering", Seniority.DIRECTOR),
        ("Partnership Accountant", Seniority.SEMI_SENIOR),
        ("Tax Partner", Seniority.PARTNER),
    ],
)
def test_a_business_partner_is_no_partner(title: str, level: Seniority) -> None:
    """The shared scale, for job ads too: a business partner sits between a senior accountant and a manager."""
    assert seniority_from_text(title) == level


# ---------------------------------------------------------------- family


def test_a_department_as_title_is_a_finance_role() -> None:
    text = "FINANCE\nExperience\nFinance 07/2019 to Current Example Ltd\nPetty cash and bank transactions.\n"
    profile = _profile(text)
    assert profile.role_family == "accounts" and profile.is_accounting


def test_an_operations_title_takes_the_field_of_the_career() -> None:
    text = (
        "OPERATIONS MANAGER\nExperience\nOperations Manager 10/2019 to Current Example Ltd\nRan the back office.\n"
        "Personal Banker 07/2015 to 10/2019 Example Bank\nOpened accounts and loans.\n"
    )
    assert _profile(text).role_family == "banking_operations"
    warehouse = text.replace("Personal Banker", "Warehouse Supervisor")
    assert _profile(warehouse).role_family == "other"


def test_a_general_finance_title_takes_the_family_of_its_duties() -> None:
    duties = (
        "Processed supplier invoices and purchase orders; chased debtors; weekly creditor payment runs;\n"
        "matched invoices to purchase orders and kept the cash book.\n"
    )
    text = f"Experience\nFinance Assistant 01/2020 to Current Example Ltd\n{duties}"
    assert family_from_duties(duties) is RoleFamily.AP_AR_BOOKKEEPING
    assert _profile(text).role_family == "ap_ar_bookkeeping"
    # An accountant stays an accountant, and mixed duties decide nothing.
    assert _profile(text.replace("Finance Assistant", "Accountant")).role_family == "accounts"
    mixed = "Prepared budgets, forecasts and variance reports; processed invoices and supplier payments.\n"
    assert family_from_duties(mixed) is None


def test_a_car_dealers_finance_manager_sells_and_reads_as_sales() -> None:
    text = (
        "FINANCE MANAGER\nSummary\nSales-driven finance manager.\nExperience\n"
        "Finance Manager 03/2012 to 05/2015 Example Motors\nPresented F&I menus to car buyers and worked with lenders"
        " to fund loans; sold extended warranties.\nSales Consultant 01/2010 to 02/2012 Example Motors\nSold cars.\n"
    )
    profile = _profile(text)
    assert profile.dealer_finance
    assert profile.role_family == "other" and not profile.is_accounting
    assert cv_field(profile) == "sales"  # the posts selling financial products come first
    assert profile.current_title == "Finance Manager"  # as written
    titled = text.replace("Finance Manager 03", "Dealership Finance Manager 03").replace(" F&I menus", " products")
    assert _profile(titled.replace("lenders", "banks").replace("extended warranties", "cover")).dealer_finance


def test_finance_posts_near_cars_or_loans_are_still_finance() -> None:
    maker = (
        "Experience\nAccountant 03/2012 to Current Example Automotive\nMonth-end close and journals; warranty"
        " provisions for dealerships.\n"
    )
    assert not _profile(maker).dealer_finance and _profile(maker).role_family == "accounts"  # an accountant
    bank = (
        "Experience\nFinance Manager 03/2012 to Current Example Bank\nBudgets and forecasts; liaised with other"
        " lenders on syndicated loans.\n"
    )
    assert not _profile(bank).dealer_finance  # one dealer's word is not a dealer
    assert _profile(bank).role_family == "finance_management"
    director = bank.replace("Finance Manager", "Director of Finance").replace("other lenders", "dealerships, warranty")
    assert not _profile(director).dealer_finance  # a finance director's title is no sales desk
    # A finance manager at a car maker or a parts supplier uses words a dealer uses too, but none of a dealer's own.
    maker = (
        "Experience\nFinance Manager 03/2012 to Current Example Automotive Ltd\nWarranty provisions and the cost of"
        " extended warranties; month-end for the automotive aftermarket division.\n"
    )
    assert not _profile(maker).dealer_finance and _profile(maker).role_family == "finance_management"
    surname = "Jane Reynolds\n" + bank  # a surname, not Reynolds and Reynolds' dealer software
    assert not _profile(surname).dealer_finance


def test_a_dealers_desk_reads_so_however_its_title_is_written_unless_its_owner_is_qualified() -> None:
    text = (
        "Experience\nF&amp;I Manager 03/2012 to 05/2015 Example Motors\nPresented protection products to car buyers"
        " at the dealership; arranged loans with lenders.\n"
    )
    assert _profile(text).dealer_finance
    assert _profile(text.replace("F&amp;I Manager", "Finance & Insurance Manager")).dealer_finance
    assert _profile(text.replace("F&amp;I Manager", "Sr. Finance Manager")).dealer_finance
    qualified = text + "Qualifications\nACCA qualified (2016)\n"
    assert not _profile(qualified).dealer_finance  # an accountant now: the rules for titles decide


def test_a_corrected_title_ends_the_dealers_desk_reading() -> None:
    text = (
        "Experience\nFinance Manager 03/2012 to 05/2015 Example Motors\nPresented F&I menus to car buyers and worked"
        " with lenders to fund loans.\n"
    )
    profile = _profile(text)
    assert cv_field(profile) == "sales"
    from services.accounts.profiles import correct

    corrected = correct(profile, current_title="Management Accountant")
    assert corrected.corrected == ["current_title"]
    assert cv_field(corrected) is None  # the title the user gave is a finance title: no field next to finance


# ---------------------------------------------------------------- qualifications


def test_saica_is_the_south_african_ca() -> None:
    assert qualifications_in("Completed SAICA articles") == ["CA"]


def test_a_training_contract_that_ended_is_part_qualified() -> None:
    text = (
        "Experience\nFinancial Accountant 10/2009 to Current Example Ltd\n"
        "Trainee Accountant - SAICA Trainee 09/2007 to 09/2009 Example Auditors\n"
    )
    assert [(q.code, q.status.value) for q in _profile(text).qualifications] == [("CA", "part_qualified")]
    ongoing = "Experience\nTrainee Accountant - ACCA Trainee 09/2024 to Current Example Ltd\n"
    assert [(q.code, q.status.value) for q in _profile(ongoing).qualifications] == [("ACCA", "studying")]
