"""Reading an ad's qualification status: sentences written for these tests (essential against desirable,
negation, part-qualified considered, study support, training contracts, QBE, none), and the demo board's ads."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.devtools.demo_data import generate_jobs
from db.legacy_writer import JOB_COLUMNS
from services.jobs.qualification_status import LABELS, AdStatus, read_status

Q, P, QBE, SS, TC = LABELS


@pytest.mark.parametrize(
    ("title", "description", "expected"),
    [
        # essential against desirable
        ("Management Accountant", "ACCA or CIMA qualified is essential.", {Q}),
        ("Management Accountant", "You must be CIMA qualified with two years' experience.", {Q}),
        ("Finance Manager", "The ideal candidate will be a qualified accountant (ACA, ACCA or CIMA).", {Q}),
        ("Audit Senior", "Applicants should be ICAEW qualified with no more than two years PQE.", {Q}),
        ("Management Accountant", "A CIMA qualification would be an advantage.", set()),
        ("Management Accountant", "CIMA qualification desirable; Sage experience essential.", set()),
        ("Management Accountant", "Preferably ACCA qualified, but strong candidates are welcome.", set()),
        (
            "Management Accountant",
            "The post holder will preferably hold a professional accounting qualification.",
            set(),
        ),
        ("Financial Analyst", "A CPA, ACCA or other financial certification is highly preferred.", set()),
        ("Accountant", "<h3>Essential criteria</h3><ul><li>CIMA or ACCA qualified</li></ul>", {Q}),
        ("Accountant", "<h3>Desirable criteria</h3><ul><li>CIMA or ACCA qualified</li></ul>", set()),
        (
            "Accountant",
            "<p>Essential</p><ul><li>Sage</li></ul><p>Desirable:</p><ul><li>ACCA qualified</li></ul>",
            set(),
        ),
        # negation
        ("Accounts Assistant", "You do not need to be qualified for this role.", set()),
        ("Accounts Assistant", "A professional accountancy qualification is not required.", set()),
        ("Analyst", "You need not be a qualified accountant to apply.", set()),
        ("Management Accountant", "Part qualified candidates will not be considered.", set()),
        ("Assistant Accountant", "There is no study support for this position.", set()),
        ("Assistant Accountant", "Study support is not available for this role.", set()),
        ("Accounts Assistant", "ACCA qualified; QBE will not be considered.", {Q}),
        # part-qualified considered
        ("Management Accountant", "Part-qualified candidates will be considered.", {P}),
        ("Management Accountant", "We would welcome applications from ACCA finalists.", {P}),
        ("Management Accountant", "You will be nearly qualified CIMA, with two papers to go.", {P}),
        ("Management Accountant", "You will be actively studying towards CIMA or ACCA.", {P}),
        ("Trainee Accountant", "Graduates eager to work towards becoming CCAB qualified.", {P, TC}),
        ("Commercial Analyst", "Ideally CIMA / ACCA part qualified, with a strong record.", {P}),
        # a lower floor accepted (part-qualified, finalist, technician level, an MBA) is no "qualified" ask
        ("Accountant", "Candidates should be CCAB qualified or part qualified.", {P}),
        ("Senior Accountant", "Newly qualified ACA/ACCA or finalist.", {P}),
        ("Accountant", "You will be AAT or ACCA qualified with practice experience.", set()),
        ("Tax Senior", "Candidates should ideally be ATT or CTA qualified.", set()),
        ("Finance Manager", "RequiredQual: - A CPA or an MBA;\n- Five years of experience.", set()),
        ("Finance Manager", "RequiredQual: - A CPA;\n- Five years of experience.", {Q}),
        ("Fund Accountant", "Studying towards a professional qualification would be advantageous.", {P}),
        ("Accountant", "The practice is a finalist in the accountancy awards.", set()),
        ("Audit Manager", "You must be ACA qualified and will mentor part-qualified staff.", {Q}),
        ("Audit Manager", "You must be ACA qualified and will supervise trainee accountants.", {Q}),
        # QBE
        ("Accounts Assistant", "Qualified by experience (QBE) candidates are welcome.", {QBE}),
        ("Bookkeeper", "An excellent opportunity for a QBE or finalist.", {QBE, P}),
        ("Accountant", "You will be CCAB qualified (or have equivalent experience at this level).", {Q, QBE}),
        ("Accountant", "Hold ACA, CIPFA, CIMA or equivalent plus significant experience.", {Q}),
        ("Finance Director", "A CCAB qualified accountant with long experience, or equivalent knowledge.", {Q, QBE}),
        ("Accountant", "Educated to GCSE standard or have equivalent experience.", set()),
        # study support
        ("Assistant Accountant", "We offer full study support for AAT or ACCA, including paid exam leave.", {SS}),
        ("Assistant Accountant", "The company will pay for your exams and give you study days.", {SS}),
        ("Tax Senior", "You will be ACA qualified; further training to CTA will be fully funded.", {Q, SS}),
        ("Tax Senior", "You will be ATT qualified; further training to CTA will be fully funded.", {SS}),
        ("Finance Manager", "We support flexible working and training and development.", set()),
        ("Finance Manager", "Visa sponsorship is available for this role.", set()),
        # training contract
        ("Trainee Accountant", "Join our three-year training contract and become a Chartered Accountant.", {TC}),
        ("Graduate Auditor", "You will study for the ACA with full study support on our graduate scheme.", {TC, SS}),
        ("Finance Apprentice", "You will complete the AAT Level 3 apprenticeship qualification.", {TC, SS}),
        ("Assistant Accountant (Training Contract)", "Become a fully qualified CIMA accountant.", {TC}),
        (
            "Graduate Finance Trainee",
            "<p>What you'll get</p><p>Become a fully qualified accountant, all training costs paid.</p>",
            {TC, SS},
        ),
        ("Newly Qualified Rotation Scheme", "You will be a qualified accountant (ACA).", {Q}),
        # none
        ("Finance Manager", "You will lead a team of five and report to the Finance Director.", set()),
        ("Accounts Assistant", "Our staff include qualified nurses and doctors; we are highly qualified.", set()),
        ("Accountant", "Where UK qualifications are specified we will take into account overseas equivalents.", set()),
        ("Accountant", "The Trust is accredited as a CIMA Development Quality Partner.", set()),
        ("Accountant", "We are currently working towards our Level 2 accreditation.", set()),
        ("", "", set()),
    ],
)
def test_reads_status(title: str, description: str, expected: set[str]) -> None:
    assert set(read_status(title, description).as_list()) == expected


def test_an_armenian_ad_hard_wrapped_mid_sentence() -> None:
    description = (
        "JobDescription: We are looking to recruit a highly\nprofessional Chief Accountant.\n"
        "RequiredQual: - University degree in Economics / Finance;\n"
        "- professional qualification certificate issued by the Ministry of\nFinance of the Republic of Armenia;\n"
        "- ACCA degree is desirable;\n- A CPA, CFA or other financial\ncertification is highly preferred."
    )
    status = read_status("Chief Accountant", description)
    assert status.as_list() == [Q]
    assert status.codes_required == ()  # ACCA and CPA are preferences only


def test_codes_required_are_the_codes_held() -> None:
    status = read_status("Financial Controller", "<p>CCAB/CIMA qualified is essential; ATT desirable.</p>")
    assert status.qualified
    assert set(status.codes_required) == {"ACCA", "ACA", "ICAS", "CA", "CIPFA", "CIMA"}
    studying = read_status("Accountant", "Part qualified ACCA with two years of practice experience.")
    assert studying.as_list() == [P] and studying.codes_required == ()


def test_stored_as_a_list_and_back() -> None:
    status = AdStatus(qualified=True, study_support=True, codes_required=("ACCA",))
    assert status.as_list() == ["qualified", "study_support"]
    assert AdStatus.from_list(status.as_list(), status.codes_required) == status
    assert AdStatus.from_list(["part_qualified", "a_later_label"]) == AdStatus(part_qualified=True)
    assert not AdStatus() and AdStatus(qbe=True)


def test_the_demo_board_reads_sensibly() -> None:
    title_at, description_at = JOB_COLUMNS.index("job_title"), JOB_COLUMNS.index("description")
    jobs = list(generate_jobs(random.Random(7), list(range(1, 40)), 300, dt.date(2026, 11, 1)))
    read = [(job[title_at], job[description_at], read_status(job[title_at], job[description_at])) for job in jobs]
    for title, description, status in read:
        if "part-qualified" in description.lower() or "part qualified" in description.lower():
            assert status.part_qualified, description
        if "study support" in description or "study leave" in description:
            assert status.study_support, description
        if "qualified by experience" in description:
            assert status.qbe, description
        if "Fully qualified" in description or "post-qualification experience" in description:
            assert status.qualified and status.codes_required, description
        if any(word in title for word in ("Trainee", "Apprentice")):
            assert status.training_contract and not status.qualified, (title, description)
    assert sum(s.qualified for _, _, s in read) > 30
    assert sum(s.training_contract for _, _, s in read) > 10
