"""The ranker on hand-made candidates: what the words ask for steers and filters nothing; every reason is true."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.senders import render_alert
from services.delivery.alerts import AlertBatch, AlertKind
from services.jobs.roles import career_step
from services.search.job_search import (
    Candidate,
    JobSearch,
    Reason,
    SearchResult,
    _result,
    cv_intent,
    intent_of,
    rank,
    rank_for_cv,
    unique_texts,
)
from services.search.query import RemotePolicy, SearchFilters, parse_query

TODAY = dt.date(2026, 12, 6)


def job(job_id: int, title: str, places: list[str], region: str, *, family: str | None, step: int | None,
        pay: int | None = None, mode: str = "onsite", quals: list[str] | None = None) -> Candidate:  # fmt: skip
    from services.jobs.roles import words

    return Candidate(
        job_id=job_id, title=title, firm_name="Example Trust", places=places, region=region, country="United Kingdom",
        work_mode=mode, salary_stated=pay is not None, salary_min=pay, salary_max=pay, salary_currency="GBP",
        seniority=None, service=None, qualifications=quals or [], software=[], posted_on=TODAY - dt.timedelta(days=90),
        employment=["full_time"], family=family, step=step, title_words=words(title),
    )  # fmt: skip


BOARD = [
    job(1, "Treasury Officer", ["South Shields", "Newcastle"], "North East", family="treasury", step=1, pay=23_000),
    job(2, "Executive Director of Finance", ["Sunderland"], "North East", family="finance_management", step=8),
    job(3, "Payroll Officer", ["Sunderland"], "North East", family="payroll", step=1, pay=22_000),
    job(4, "Treasury Officer", ["Leeds"], "Yorkshire", family="treasury", step=1, pay=24_000),
    job(5, "Staff Nurse", ["Sunderland"], "North East", family=None, step=1),
]
FUSED = {j.job_id: 1 / (61 + i) for i, j in enumerate(BOARD)}


def _ranked(query: str) -> list:
    parsed = JobSearch.prepare(query)
    return rank(BOARD, FUSED, intent_of(parsed, {"treasury": 2, "officer": 20}, 667), TODAY)


def test_a_named_place_steers_without_starving_the_list() -> None:
    parsed = JobSearch.prepare("treasury officer Sunderland", SearchFilters(min_salary=20_000))
    assert parsed.filters == SearchFilters(min_salary=20_000)  # the caller's filters stay; the words' go to `wanted`
    assert parsed.wanted.places == ("Sunderland",)
    ranked = _ranked("treasury officer Sunderland")
    assert [r.job_id for r in ranked[:2]] == [1, 4]  # the role first: nearby South Shields, then Leeds
    assert Reason.of("elsewhere", places="South Shields, Newcastle", wanted="Sunderland") in ranked[0].reasons
    assert Reason.of("level-fits") in ranked[0].reasons  # a treasury officer, as asked
    assert ranked[-1].job_id == 5  # no finance role at all comes last, wherever it is


def test_typed_words_take_the_place_of_saved_preferences_of_their_kind() -> None:
    saved = SearchFilters(places=("Manchester",), min_salary=40_000, remote=None, excluded_firms=(7,))
    typed = parse_query("treasury officer Cheshire").filters
    kept = saved.without_what(typed)  # what the bot searches within when this is typed
    assert kept == SearchFilters(min_salary=40_000, excluded_firms=(7,))  # Manchester gives way to Cheshire
    parsed = JobSearch.prepare("treasury officer Cheshire", kept)
    assert parsed.filters == kept and parsed.wanted.places == ("Cheshire",)
    ranked = rank(BOARD, FUSED, intent_of(parsed, {}, 667), TODAY)
    elsewhere = {r.key: dict(r.args) for r in ranked[0].reasons}["elsewhere"]
    assert elsewhere["wanted"] == "Cheshire"  # as typed, not its post towns


def test_strict_keeps_the_words_as_filters() -> None:
    strict = JobSearch.prepare("treasury officer Sunderland 30k", strict=True)
    assert strict.filters.places == ("Sunderland",) and strict.filters.min_salary == 30_000


def test_pay_below_what_was_asked_is_said_and_costs() -> None:
    ranked = _ranked("treasury officer 30k")
    below = next(r for r in ranked if r.job_id == 4)
    assert Reason.of("salary-below", salary="£24k") in below.reasons
    assert not any(reason.key == "salary-match" for reason in below.reasons)


def test_a_cv_is_matched_by_family_and_step() -> None:
    from services.cv.profile import CvProfile

    profile = CvProfile(current_title="Treasury Assistant", role_family="treasury", seniority_level=1,
                        is_accounting=True)  # fmt: skip
    cv = cv_intent(profile)
    assert (cv.family, cv.step) == ("treasury", 1)
    ranked = rank_for_cv(BOARD, FUSED, cv, TODAY)
    assert {r.job_id for r in ranked[:2]} == {1, 4}
    assert Reason.of("family-match", family="treasury") in ranked[0].reasons
    assert ranked[-1].job_id == 5


def test_a_band_grades_a_post_for_a_cv_and_a_query_still_reads_its_title() -> None:
    from services.cv.profile import CvProfile

    band_5 = career_step("Corporate Accountant", 27_761, "", "Job title Corporate Accountant Band Band 5 Hours")
    board = [  # the steps as the index reads them: "Band 5" makes the first an assistant accountant's post
        job(
            1, "Corporate Accountant", ["Stafford"], "West Midlands", family="accounts", step=band_5, pay=27_000
        )._replace(title_step=3),
        job(
            2,
            "Accountant",
            ["Stafford"],
            "West Midlands",
            family="accounts",
            step=career_step("Accountant", 33_000),
            pay=33_000,
        ),
    ]
    fused = {1: 1 / 61, 2: 1 / 61}
    staff = cv_intent(CvProfile(current_title="Staff Accountant", role_family="accounts", is_accounting=True))
    assert staff.step == 2
    for_cv = rank_for_cv(board, fused, staff, TODAY)
    assert [r.job_id for r in for_cv] == [1, 2]  # the band 5 post is at the staff accountant's level
    assert Reason.of("level-fits") in for_cv[0].reasons
    asked = rank(board, fused, intent_of(JobSearch.prepare("accountant"), {}, 667), TODAY)
    assert {r.job_id: r.score for r in asked}[1] == {r.job_id: r.score for r in asked}[2]  # both are accountants
    assert all(Reason.of("level-fits") in r.reasons for r in asked)


def test_a_hybrid_wish_puts_hybrid_posts_in_that_place_above_remote_ones() -> None:
    # Three remote posts found first by text and meaning, the Leeds hybrid post further down: the wish decides.
    remote = [job(20 + i, "Audit Senior", [], "", family="audit", step=3, mode="remote") for i in range(3)]
    board = [*remote, job(30, "Audit Senior", ["Leeds"], "Yorkshire", family="audit", step=3, mode="hybrid")]
    fused = {20: 1 / 61, 21: 1 / 62, 22: 1 / 63, 30: 1 / 91}
    parsed = JobSearch.prepare("audit senior Leeds hybrid")
    ranked = rank(board, fused, intent_of(parsed, {}, 667), TODAY)
    assert ranked[0].job_id == 30
    assert {Reason.of("place-match", places="Leeds"), Reason.of("hybrid")} <= set(ranked[0].fits)
    # With no place named, a remote post answers a hybrid wish as well as a hybrid one does.
    anywhere = rank(board, fused, intent_of(JobSearch.prepare("audit senior hybrid"), {}, 667), TODAY)
    assert anywhere[0].job_id == 20


def test_hybrid_only_is_a_wish_remote_posts_do_not_answer() -> None:
    board = [job(40, "Audit Senior", [], "", family="audit", step=3, mode="remote"),
             job(41, "Audit Senior", ["Leeds"], "Yorkshire", family="audit", step=3, mode="hybrid")]  # fmt: skip
    parsed = JobSearch.prepare("audit senior", SearchFilters(remote=RemotePolicy.HYBRID_ONLY))
    ranked = rank(board, {40: 1 / 61, 41: 1 / 75}, intent_of(parsed, {}, 667), TODAY)
    assert [r.job_id for r in ranked] == [41, 40]
    # Saved preferences of before ("hybrid": hybrid or remote) read as they did.
    assert SearchFilters.from_dict({"remote": "hybrid"}).remote is RemotePolicy.HYBRID
    assert SearchFilters.from_dict({"remote": "hybrid_only"}).remote is RemotePolicy.HYBRID_ONLY


def test_facts_to_check_are_kept_apart_from_why_it_fits() -> None:
    ranked = _ranked("treasury officer Sunderland")
    south_shields = next(r for r in ranked if r.job_id == 1)
    assert Reason.of("level-fits") in south_shields.fits
    assert Reason.of("elsewhere", places="South Shields, Newcastle", wanted="Sunderland") in south_shields.to_check
    unstated = next(r for r in ranked if r.job_id == 2)  # states no salary
    assert Reason.of("salary-unstated") in unstated.to_check
    assert all(reason.kind == "fit" for reason in unstated.fits) and not set(unstated.fits) & set(unstated.to_check)


def test_each_reason_is_said_once() -> None:
    from locales import ENGLISH

    said = [Reason.of("family-match", family="accounts"), Reason.of("software-match", names="QuickBooks"),
            Reason.of("service-match", service="accounts")]  # fmt: skip
    assert unique_texts(said, ENGLISH.reason) == ["accounts ✓", "QuickBooks ✓"]
    # The ranker says a family and a service line of the same name once, too.
    board = [job(50, "Audit Senior", ["Leeds"], "Yorkshire", family="audit", step=3, pay=40_000)]
    result = _result(board[0], 1.0, [*said[:1], Reason.of("family-match", family="audit"),
                                     Reason.of("service-match", service="audit"), Reason.of("level-fits")])  # fmt: skip
    assert [r.key for r in result.reasons] == ["family-match", "family-match", "level-fits"]


def test_an_alert_says_why_each_job_fits_once_and_what_to_check_apart() -> None:
    reasons = [Reason.of("place-match", places="Leeds"), Reason.of("hybrid"), Reason.of("place-match", places="Leeds"),
               Reason.of("salary-unstated")]  # fmt: skip
    job = SearchResult(job_id=1, title="Audit Senior <b>", firm="Firm & Co", score=2.0, reasons=reasons)
    batch = AlertBatch(user_id=1, language="en", kind=AlertKind.INSTANT, jobs=[job], at=dt.datetime.now(dt.UTC))
    text = render_alert(batch).text
    assert "<i>Leeds ✓ · hybrid</i>" in text and text.count("Leeds ✓") == 1
    assert "to check: salary not stated" in text and "Audit Senior &lt;b&gt;" in text


def test_a_cv_from_a_field_next_to_finance_sees_those_posts_first_and_is_told_why() -> None:
    from services.cv.profile import CvProfile, Role
    from services.search.job_search import WEIGHTS, profile_query

    history = [Role(title="Consultant", start="2015-01"),
               Role(title="Human Resource Manager", start="2010-01", end="2014-12")]  # fmt: skip
    profile = CvProfile(current_title="Consultant", role_family="other", seniority_level=5, is_accounting=False,
                        work_history=history)  # fmt: skip
    cv = cv_intent(profile)
    assert (cv.family, cv.field) == (None, "hr")
    assert "payroll" in profile_query(profile)  # the text stage looks for the posts next to HR too
    ranked = rank_for_cv(BOARD, FUSED, cv, TODAY)
    assert ranked[0].job_id == 3  # the payroll officer, whatever the step of a career in HR
    assert Reason.of("near-field", field="hr") in ranked[0].reasons
    assert not any(r.key == "near-field" for result in ranked[1:] for r in result.reasons)
    assert Reason.of("more-junior") in ranked[0].reasons  # still said: the card's level gap agrees
    # Steps above or below the CV's do not move a post next to its field; the level is said either way.
    manager = job(6, "Payroll Team Manager", ["Sunderland"], "North East", family="payroll", step=7, pay=22_000)
    both = {r.job_id: r for r in rank_for_cv([*BOARD, manager], {**FUSED, 6: FUSED[3]}, cv, TODAY)}
    assert both[6].score == pytest.approx(both[3].score) and Reason.of("more-senior") in both[6].reasons
    # Without the weight, nothing is next to anything: the CV's step decides, as before.
    from dataclasses import replace

    off = rank_for_cv(BOARD, FUSED, cv, TODAY, replace(WEIGHTS, cv_neighbour=0.0))
    assert off[0].job_id != 3 and not any(r.key == "near-field" for result in off for r in result.reasons)
    assert "payroll" not in profile_query(profile, neighbours=False)
    # A finance CV has no field next to finance: its own family decides; nor has one read as accounting (it holds a
    # qualification, say) whose title names no family.
    assert cv_intent(profile.model_copy(update={"role_family": "payroll", "is_accounting": True})).field is None
    assert cv_intent(profile.model_copy(update={"is_accounting": True})).field is None


def test_a_move_into_another_family_is_matched_lower_on_the_ladder() -> None:
    """A bank's operations manager (step 5) meets an accounts assistant (step 1) and a finance manager (step 5) of an
    adjacent family: a move starts lower, so the assistant's post is the nearer step; within the CV's own family the
    step counts as it is."""
    from dataclasses import replace

    from services.cv.profile import CvProfile
    from services.search.job_search import WEIGHTS

    profile = CvProfile(current_title="Operations Manager", role_family="banking_operations", seniority_level=5,
                        is_accounting=True)  # fmt: skip
    cv = cv_intent(profile)
    assert (cv.family, cv.step) == ("banking_operations", 5)
    board = [
        job(11, "Accounts Assistant", ["Leeds"], "Yorkshire", family="ap_ar_bookkeeping", step=1),
        job(12, "Accounts Payable Manager", ["Leeds"], "Yorkshire", family="ap_ar_bookkeeping", step=5),
        job(13, "Bank Clerk", ["Leeds"], "Yorkshire", family="banking_operations", step=1),
        job(14, "Banking Operations Manager", ["Leeds"], "Yorkshire", family="banking_operations", step=5),
    ]
    fused = {j.job_id: 1 / 61 for j in board}  # the text says nothing either way
    scores = {r.job_id: r.score for r in rank_for_cv(board, fused, cv, TODAY)}
    moves = WEIGHTS.cv_move_steps
    assert moves == 2
    # Compared with step 3: the assistant two steps away, the manager two steps away.
    assert scores[11] == pytest.approx(scores[12])
    # In its own family the step is the CV's: the manager's post first, the clerk's four steps (three at most) away.
    assert scores[14] - scores[13] == pytest.approx(3 * WEIGHTS.cv_step)
    # Without the move, the adjacent family's manager is the CV's own step and ranks above its assistant.
    off = {r.job_id: r.score for r in rank_for_cv(board, fused, cv, TODAY, replace(WEIGHTS, cv_move_steps=0))}
    assert off[12] - off[11] == pytest.approx(3 * WEIGHTS.cv_step)
    assert off[13] == pytest.approx(scores[13]) and off[14] == pytest.approx(scores[14])
    # The level said is the CV's own, move or not: the assistant's post is "more junior".
    assert Reason.of("more-junior") in next(r for r in rank_for_cv(board, fused, cv, TODAY) if r.job_id == 11).reasons


def test_a_move_is_any_family_but_the_cvs_own_and_close_ones_and_never_below_an_interns_step() -> None:
    from dataclasses import replace

    from services.cv.profile import CvProfile
    from services.search.job_search import WEIGHTS

    def scores(profile: CvProfile, board: list[Candidate], moves: int = WEIGHTS.cv_move_steps) -> dict[int, float]:
        weights = replace(WEIGHTS, cv_move_steps=moves)
        return {r.job_id: r.score for r in rank_for_cv(board, {j.job_id: 1 / 61 for j in board}, cv_intent(profile),
                                                        TODAY, weights)}  # fmt: skip

    manager = CvProfile(current_title="Accounting Manager", role_family="finance_management", seniority_level=5,
                        is_accounting=True)  # fmt: skip
    board = [
        job(21, "Tax Assistant", ["Leeds"], "Yorkshire", family="tax", step=1),  # adjacent (1)
        job(22, "Tax Manager", ["Leeds"], "Yorkshire", family="tax", step=5),
        job(23, "Bank Clerk", ["Leeds"], "Yorkshire", family="banking_operations", step=1),  # apart (0)
        job(24, "Banking Operations Manager", ["Leeds"], "Yorkshire", family="banking_operations", step=5),
        job(25, "Assistant Management Accountant", ["Leeds"], "Yorkshire", family="management_accounting", step=1),
        job(26, "Management Accounting Manager", ["Leeds"], "Yorkshire", family="management_accounting", step=5),
    ]
    moved, still = scores(manager, board), scores(manager, board, moves=0)
    for low, high in ((21, 22), (23, 24)):  # adjacent and apart: compared with step 3, both posts two steps away
        assert moved[low] == pytest.approx(moved[high])
        assert still[high] - still[low] == pytest.approx(3 * WEIGHTS.cv_step)
    assert moved[26] - moved[25] == pytest.approx(3 * WEIGHTS.cv_step)  # a close family: the CV's own step
    assert moved[25] == pytest.approx(still[25]) and moved[26] == pytest.approx(still[26])
    # An intern's step 0 is not raised by the move (nor by turning it off).
    intern = CvProfile(current_title="Accounting Intern", role_family="finance_management", is_accounting=True)
    assert cv_intent(intern).step == 0
    apprentice = [job(27, "Tax Apprentice", ["Leeds"], "Yorkshire", family="tax", step=0),
                  job(28, "Tax Assistant", ["Leeds"], "Yorkshire", family="tax", step=1)]  # fmt: skip
    for moves in (0, 2):
        got = scores(intern, apprentice, moves)
        assert got[27] - got[28] == pytest.approx(WEIGHTS.cv_step)
