"""Sector experience: what an ad asks (required or desirable, or no ask at all), what a CV's experience shows, and
how ranking and the gaps on a job card use the two (`services.jobs.sectors`, `services.search.job_search`).
Measured on hand-labelled real ads and CVs by `tests/benchmarks/bench_sectors.py` (docs/search.md)."""

from __future__ import annotations

import dataclasses

import pytest

from services.cv.profile import CvProfile, extract_profile
from services.jobs.sectors import AdSectors, Sector, cv_sectors, meets, read_sectors
from services.search.job_search import WEIGHTS, cv_gaps, cv_intent, rank_for_cv
from tests.unit.test_ranking import TODAY, job


def _asks(text: str, title: str = "Finance Manager") -> list[str]:
    return read_sectors(title, f"<p>{text}</p>").as_list()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You will have at least three years of NHS finance experience.", ["health"]),
        ("Experience of working within a local authority is essential.", ["public"]),
        ("The post holder must have worked in the NHS or a local authority.", ["health", "public"]),
        ("Charity sector experience would be an advantage.", ["charity?"]),
        ("Ideally you will come from a practice background.", ["practice?"]),
        ("Financial services industry experience is required.", ["financial_services"]),
        ("Experience in the NHS, or a similar large organisation, is needed.", ["health?"]),
        ("Housing association experience is desirable but not essential.", ["housing?"]),
        # No ask: the employer's own sector, what the job gives, and experience said not to be needed.
        ("Join our NHS Foundation Trust's friendly finance team.", []),
        ("You will gain experience across a range of NHS organisations.", []),
        ("We welcome applicants from all sectors; NHS experience is not essential.", []),
        ("You will reconcile the charity's bank accounts every month.", []),
        ("We are a leading charity seeking an experienced Finance Manager.", []),
        ("Our client, a well known NHS Foundation Trust, requires an experienced Payroll Officer.", []),
        ("An experienced accountant to join our housing association's finance team.", []),
        ("A local council is seeking an experienced accountant.", []),
        ("You will have knowledge of UK GAAP and accounting practice.", []),
        ("Reporting to the Board and Council, you will have experience of budgeting.", []),
        ("You will come from a Big 4 or mid-tier firm, or industry.", ["practice?"]),
        ("We are an award-winning charity with a proven track record of growth.", []),
        ("Experience of this type of role within the NHS is essential.", ["health"]),
        ("Experience in a client-facing role within an accountancy practice is essential.", ["practice"]),
        ("Experience within the NHS is essential, as is knowledge of Oracle or any other ERP.", ["health"]),
    ],
)
def test_an_ad_is_read_for_the_sector_experience_it_asks(text: str, expected: list[str]) -> None:
    assert _asks(text) == expected


def test_the_title_names_the_employer_never_an_ask() -> None:
    assert _asks("You will prepare the monthly accounts.", title="Management Accountant - NHS") == []


def test_an_ads_reading_is_stored_and_read_back() -> None:
    asks = AdSectors(frozenset({Sector.HEALTH}), frozenset({Sector.CHARITY}))
    assert asks.as_list() == ["health", "charity?"]
    assert AdSectors.from_list(asks.as_list()) == asks
    assert AdSectors.from_list(["health", "health?", "later_sector"]) == AdSectors(frozenset({Sector.HEALTH}))
    assert not AdSectors.from_list(None)


def test_public_sector_experience_is_met_by_the_nhs_but_not_the_other_way() -> None:
    assert meets(Sector.PUBLIC, ["health"]) and meets("public", ["public"])
    assert not meets(Sector.HEALTH, ["public"]) and not meets("charity", [])


def test_a_cvs_sectors_come_from_its_employers_not_its_studies_or_its_duties() -> None:
    experience = "\n".join([
        "Staff Accountant, Riverside Community Hospital, 06/2014 to Current",
        "Prepared bank reconciliations, federal tax returns and charitable donation records.",
        "Audit Associate, Smith & Jones CPAs, 2011 to 2014",
        "Worked with the external audit firm on the year-end audit.",
        "Bachelor of Science in Accounting, State University, 2011",
    ])  # fmt: skip
    assert cv_sectors(experience) == [Sector.HEALTH, Sector.PRACTICE]
    assert cv_sectors("Finance Officer, Leeds City Council, 2019 - present") == [Sector.PUBLIC]
    assert cv_sectors("Teller, First Community Credit Union, 2015 - 2017") == [Sector.FINANCIAL_SERVICES]
    # A job line that names a student or a university is a job; working with a firm is not working for it.
    assert cv_sectors("Trainee Accountant (ACCA student), Leeds City Council, 2019 - 2022") == [Sector.PUBLIC]
    assert cv_sectors("Finance Officer, Student Finance team, University of Leeds") == [Sector.EDUCATION]
    assert cv_sectors("Liaised with the external auditors (Deloitte) at year end.") == []
    assert cv_sectors("ACCA qualified accountant with a BSc from the University of Leeds") == []
    assert cv_sectors("Managed the finance department for a group in a nationwide chain of stores") == []


def test_the_profile_carries_the_sectors_and_an_older_profile_has_none() -> None:
    cv = "Ann Example\nExperience\nFinance Assistant, Wakefield NHS Trust, 2020 - Present\nEducation\nBA, Leeds Uni"
    assert extract_profile(cv).sectors == ["health"]
    assert CvProfile.model_validate({"current_title": "Accountant"}).sectors is None


def test_ranking_explains_the_sector_and_the_gap_says_what_is_missing() -> None:
    nhs = job(41, "Financial Accountant", ["Leeds"], "Yorkshire", family="financial_accounting", step=3)._replace(
        ad_sectors=["health"]
    )
    accountant = CvProfile(current_title="Accountant", role_family="financial_accounting", years_experience=5)
    practice_cv = cv_intent(accountant.model_copy(update={"sectors": ["practice"]}))
    hospital_cv = cv_intent(accountant.model_copy(update={"sectors": ["health"]}))
    weighed = dataclasses.replace(WEIGHTS, cv_sector=0.5)
    [lacking] = rank_for_cv([nhs], {}, practice_cv, TODAY, weighed)
    [having] = rank_for_cv([nhs], {}, hospital_cv, TODAY, weighed)
    assert next(r for r in lacking.to_check if r.key == "asks-sector").args == (("sectors", "health"),)
    assert "sector-match" in {r.key for r in having.fits}
    assert lacking.score == pytest.approx(having.score - 2 * weighed.cv_sector)  # met: +0.5; lacking: -0.5
    assert WEIGHTS.cv_sector == 0  # as shipped: explained, not weighed (docs/search.md)
    gaps = cv_gaps(nhs, practice_cv)
    assert [r.key for r in gaps.missing] == ["gap-sector"] and gaps.suggestion is not None
    assert gaps.suggestion.key == "suggest-sector"
    assert cv_gaps(nhs, hospital_cv).missing == []
    unread = cv_intent(accountant)
    assert cv_gaps(nhs, unread).missing == []  # a profile read before sectors were: nothing claimed
