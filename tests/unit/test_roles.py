"""What a title says: its family, its step on the career ladder, its words; and how near two families are."""

from __future__ import annotations

import pytest

from services.jobs.roles import (
    ad_band_step,
    affinity,
    career_step,
    concepts,
    cv_field,
    cv_step,
    family_of,
    neighbours,
    normalise,
    role_match,
    staff_bank,
    title_step,
    words,
)
from services.jobs.taxonomy import RoleFamily as F


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Accounts Payable Assistant", F.AP_AR_BOOKKEEPING), ("Purchase to Pay Assistant", F.AP_AR_BOOKKEEPING),
        ("Credit Controller", F.AP_AR_BOOKKEEPING), ("Finance Officer", F.AP_AR_BOOKKEEPING),
        ("Payroll Team Manager", F.PAYROLL), ("Senior Pensions Officer", F.PAYROLL),
        ("Personal Tax Senior Manager", F.TAX), ("Senior Auditor (Bank)", F.AUDIT),
        ("Transaction Services Executive", F.AUDIT), ("Treasury Officer", F.TREASURY),
        ("Head of Corporate - Finance", F.FINANCE_MANAGEMENT), ("Finance Section Manager", F.FINANCE_MANAGEMENT),
        ("Chief Accountant", F.FINANCE_MANAGEMENT), ("Financial Manager", F.FINANCE_MANAGEMENT),
        ("Accountancy Assistant", F.AP_AR_BOOKKEEPING),
        ("Director of Finance, Performance and Estates", F.FINANCE_MANAGEMENT),
        ("Senior Finance Business Partner", F.FPA_ANALYSIS), ("Commercial Finance Analyst", F.FPA_ANALYSIS),
        ("Divisional Accountant", F.MANAGEMENT_ACCOUNTING),
        ("Assistant Directorate Accountant", F.MANAGEMENT_ACCOUNTING),
        ("Systems Accountant", F.FINANCIAL_ACCOUNTING), ("Fund Accountant", F.FINANCIAL_ACCOUNTING),
        ("Accountant", F.ACCOUNTS), ("Graduate Finance Trainee", F.ACCOUNTS),
        ("Trainee Mortgage Advisor", F.BANKING_OPERATIONS), ("Loan Officer", F.BANKING_OPERATIONS),
        # Not finance: an NHS staff-bank nurse, a branch of a shop, a student finance adviser.
        ("Bank Staff Nurse", None), ("Branch Manager", None), ("Student Finance Adviser", None), ("Chef", None),
        ("HR Business Partner", None), ("People Business Partner", None), ("Human Resource Business Partner", None),
        ("HR/Business Partner", None), ("Workforce Business Partner", None), ("IT Business Partner", None),
        ("Business Partner", F.FPA_ANALYSIS), ("Senior Business Partner", F.FPA_ANALYSIS),
        ("Commercial Business Partner", F.FPA_ANALYSIS), ("Wealth Management Controllers", F.FINANCE_MANAGEMENT),
        ("Credit Controllers", F.AP_AR_BOOKKEEPING),
    ],
)  # fmt: skip
def test_families_of_titles(title: str, family: F | None) -> None:
    assert family_of(title) == family


@pytest.mark.parametrize(
    ("title", "step"),
    [
        ("Accounts Assistant", 1), ("Assistant Accountant", 2), ("Staff Accountant", 2), ("Accountant", 3),
        ("Senior Accountant", 4), ("Financial Accountant", 4), ("Assistant Financial Accountant", 2),
        ("Finance Manager", 5), ("Assistant Finance Manager", 4), ("Deputy Financial Controller", 4),
        ("Finance Business Partner", 5), ("Senior Finance Business Partner", 6), ("Head of Finance", 6),
        ("Senior Finance Manager", 6), ("Deputy Director of Finance", 7), ("Associate Director of Finance", 7),
        ("Director of Finance", 8), ("CFO", 8), ("Group Chief Financial Officer", 8), ("Tax Partner", 8),
        ("Audit Director", 7), ("Senior Payroll Officer", 2), ("Payroll Team Leader", 4), ("Credit Controller", 1),
        ("Junior Internal Auditor", 2), ("Audit Senior", 4), ("Senior - Audit & Assurance", 4), ("Semi-Senior", 2),
        ("Financial Services Apprentice", 0), ("Graduate Trainee", 1), ("Payroll", None),
    ],
)  # fmt: skip
def test_steps_of_titles(title: str, step: int | None) -> None:
    assert title_step(title) == step


def test_pay_moves_a_title_that_states_no_level() -> None:
    assert career_step("Bookkeeper", 41_500) == 3  # a bookkeeper paid like an accountant
    assert career_step("Accountant", 42_000) == 3  # a step apart is no disagreement
    assert career_step("Senior Finance Manager", 30_000) == 6  # a stated level wins
    assert career_step("Finance Officer", 20_000) == 1
    assert career_step("Finance", 50_000) == 5  # no level in the title: the pay's


def test_an_nhs_band_is_the_posts_grade_whatever_the_title_says() -> None:
    assert career_step("Finance Officer", 20_000, "Band 8b") == 6  # the band, not the pay
    assert career_step("Finance Section Manager", None, "Band 6 £31,365 to £37,890") == 3  # an accountant's post
    assert career_step("Senior Payroll Officer", None, "", "This is a AFC Band 4 Part Time Position") == 1
    assert career_step("Corporate Accountant", 27_761, "", "Job title Corporate Accountant Band Band 5 Hours") == 2
    assert career_step("Band 7 Deputy Network Accountant", None, "", "... supervises band 5 staff") == 4  # title first


def test_an_ads_text_grades_its_post_only_when_it_names_one_band() -> None:
    assert ad_band_step("Costing Team - Band 7 Corporate Accountant ... the Band 7 post") == 4
    assert ad_band_step("Salary: Band 8b - 8c") == 6  # a range: its lower band
    assert ad_band_step("We have band 5 and band 6 roles available") is None
    assert ad_band_step("a band 7 clinical lead supports the band 6 nurses") is None
    assert ad_band_step("No band here; the broadband is fast") is None
    # someone else's band: the lead, the manager, current staff, the experience asked, the team managed
    assert ad_band_step("Band 6 post. You will be supported by a band 7 clinical lead.") == 3
    assert ad_band_step("reporting to the Band 8a Head of Finance") is None
    assert ad_band_step("Consideration may be given to current band 6 staff") is None
    assert ad_band_step("post-registration experience at Band 5, or above") is None
    assert ad_band_step("You will be managing two band 4 officers") is None
    assert ad_band_step("Job title: Finance Manager Band 8a") == 5  # the post's own, beside its title
    # the post's own, however the sentence begins
    assert ad_band_step("We are currently recruiting a Band 5 Finance Officer") == 2
    assert ad_band_step("Reporting to the FC, this Band 7 role leads the close") == 4
    assert ad_band_step("Supporting the team, the Band 6 Accountant will") == 3
    # a band the ad's pay is far from is not the post's; a step apart is a later pay scale ("up to" reads lower)
    assert ad_band_step("Corporate Accountant, Band 8a", annual_pay=27_000) is None
    assert ad_band_step("Corporate Accountant, Band 7", annual_pay=41_700) == 4
    assert ad_band_step("Corporate Accountant, Band 7", annual_pay=0.85 * 44_503) == 4
    assert ad_band_step("Accountant, Band 6", annual_pay=41_150) == 3  # 2024's band 6
    # several bands: the title and the pay decide, as without one
    assert career_step("Accountant", 42_000, "", "band 5 and band 6 roles") == 3


def test_a_cvs_director_is_the_head_of_a_function_unless_plainly_the_top() -> None:
    assert cv_step("Director of Finance") == 6
    assert cv_step("Operations Finance Director") == 6
    assert cv_step("Chief Financial Officer") == 8
    assert cv_step("VP Finance") == 8
    assert cv_step("Director of Finance", director=7) == 7
    assert cv_step("Senior Accountant") == 4


def test_a_cvs_bank_officer_makes_loans_and_is_no_clerk() -> None:
    assert cv_step("Senior Lending Officer") == 4
    assert cv_step("Business Banking Officer") == cv_step("Commercial Loan Officer") == 3
    assert cv_step("Trust Officer") == 3 and cv_step("Credit Officer") == 3
    assert cv_step("Finance Officer") == career_step("Finance Officer") == 1  # a UK finance officer is a clerk
    assert cv_step("Assistant Loan Officer") == cv_step("Loan Officer Clerk") == 1  # its own level words decide
    assert cv_step("Relationship Officer") == 1  # not a bank's word alone
    assert career_step("Loan Officer") == 1  # a job's title reads as the UK ladder has it


def test_affinity_follows_the_recruiters_guidelines() -> None:
    assert affinity(F.PAYROLL, F.PAYROLL) == 3
    assert affinity(F.ACCOUNTS, F.FINANCIAL_ACCOUNTING) == 3  # a plain accountant is a financial accountant
    assert affinity(F.MANAGEMENT_ACCOUNTING, F.FINANCE_MANAGEMENT) == 2
    assert affinity(F.FPA_ANALYSIS, F.MANAGEMENT_ACCOUNTING) == 2
    assert affinity(F.AP_AR_BOOKKEEPING, F.PAYROLL) == 1
    assert affinity(F.AUDIT, F.FINANCIAL_ACCOUNTING) == 1
    assert affinity(F.BANKING_OPERATIONS, F.FPA_ANALYSIS) == 1
    assert affinity(F.PAYROLL, F.TAX) == 0
    assert affinity(None, F.TAX) == 0 and affinity(F.OTHER, F.OTHER) == 0
    assert affinity("tax", "audit") == affinity("audit", "tax") == 1


def test_words_and_synonyms() -> None:
    assert (
        normalise("CFO") == normalise("Chief Finance Officer") == normalise("Director of Finance") == "finance director"
    )
    assert normalise("P2P Assistant") == "accounts payable assistant"
    assert normalise("Corporate Accountant (AB12)") == "corporate accountant"
    assert words("Financial Accountants") == ["finance", "accountant"]
    assert concepts("CFO NHS trust")[0][:3] == ("finance director", "director of finance", "chief financial officer")
    assert concepts("CFO NHS trust")[1:] == [("nhs",), ("trust",)]
    assert concepts("the of and") == []


def test_role_match_weighs_rare_words_and_counts_a_root_half() -> None:
    weights = {"system": 3.0, "accountant": 1.0}
    assert role_match(["system", "accountant"], words("Systems Accountant"), weights).coverage == 1.0
    assert role_match(["system", "accountant"], words("Systems Accountant"), weights).phrase
    assert role_match(["system", "accountant"], words("Management Accountant"), weights).coverage == 0.25
    assert role_match(["accountant"], words("Accounting Manager")).coverage == 0.5
    assert role_match([], words("Accountant")).coverage == 0.0


def test_staff_bank() -> None:
    assert staff_bank("Senior Auditor (Bank)") and staff_bank("Payroll Manager - BANK") and staff_bank("Bank Nurse")
    assert not staff_bank("Junior Internal Auditor") and not staff_bank("Investment Bank Fund Accountant")


@pytest.mark.parametrize(
    ("titles", "field"),
    [
        (["HR Generalist"], "hr"), (["Human Resources Coordinator"], "hr"), (["Talent Acquisition Lead"], "hr"),
        (["Consultant", "Director", "Human Resource Manager"], "hr"),  # the first title that names a field decides
        (["IT management"], "it"), (["Senior Software Developer"], "it"), (["System Engineer"], "it"),
        (["Sr. Technical Business Analyst"], "it"), (["Mainframe Programmer"], "it"),
        (["Retail Supervisor"], "sales"), (["Marketing Manager", "National Sales Director"], "sales"),
        (["Business Development Executive"], "sales"), (["Customer Service Representative"], "sales"),
        (["Network Engineer"], "it"),
        (["Chef"], None), (["Staff Nurse", "Teacher"], None), ([], None),
        # A finance title first: no move from another field, whatever came before it.
        (["Private Banker", "Technical Writer / Web Developer"], None), (["Accounts Receivable Clerk", "Retail"], None),
        (["Vice President-Wealth Management Controllers", "Senior Manager - National Sales"], None),
        (["Financial Institutions Examiner", "Admissions Advisor", "IT Specialist Intern"], None),  # where it began
        (["Examiner", "IT Interns Coordinator"], None),  # interns too
        # Words that only sound like a field: an accountant's "technical", a railway's "network".
        (["Technical Accountant"], None), (["Network Rail Engineer"], None),
    ],
)  # fmt: skip
def test_the_field_a_cv_from_outside_finance_comes_from(titles: list[str], field: str | None) -> None:
    assert cv_field(titles) == field


@pytest.mark.parametrize(
    ("field", "title", "near"),
    [
        ("hr", "Payroll Administrator", True), ("hr", "Senior Pensions Officer", True),
        ("hr", "Management Accountant", False), ("hr", "HR Assistant", False),  # HR itself is no finance post
        ("hr", "HR and Finance Officer", True), ("hr", "Finance & HR Manager", True),
        ("it", "Systems Accountant", True), ("it", "Finance & Technology Officer", True),
        ("it", "Finance Systems Analyst", True), ("it", "IT Support Technician", False),  # not a finance post
        ("it", "Payroll Officer", False), ("it", "IT Auditor", True), ("it", "Finance Data Analyst", True),
        # A sector, not the role: these are finance posts like any other.
        ("it", "Finance Director - Technology", False), ("it", "Chief Financial Officer, Data Centre", False),
        ("it", "Head of Finance and Information", False), ("it", "Finance Manager - Integrated Care System", False),
        ("sales", "Trainee Mortgage Advisor", True), ("sales", "Financial Adviser", True),
        ("sales", "New Business Sales - Financial Markets Software", True),
        ("sales", "Sales Assistant", False), ("sales", "Credit Controller", False),
        # The sales ledger, sales invoices and sales tax are accounting, not selling.
        ("sales", "Sales and Purchase Ledger Assistant", False), ("sales", "Sales Invoice Clerk", False),
        ("sales", "Sales Accounts Assistant", False), ("sales", "Sales Accountant", False),
        ("sales", "Sales Tax Manager", False), ("sales", "Business Development Accountant", False),
        (None, "Payroll Administrator", False),
    ],
)  # fmt: skip
def test_the_finance_posts_next_to_a_field(field: str | None, title: str, near: bool) -> None:
    assert neighbours(field, family_of(title), title) is near


def test_a_chief_officer_is_the_top_of_an_organisation() -> None:
    assert title_step("Chief Operating Officer") == title_step("Chief Risk Officer") == 8
    assert cv_step("Chief Lending Officer") == 8  # not a bank's officer made a specialist
    assert title_step("Chief Accountant") == 5 and title_step("Finance Officer") == 1
