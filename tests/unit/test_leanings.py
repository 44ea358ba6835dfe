"""What "not interested" teaches, and what a job asks that a CV lacks: on hand-made jobs, through the ranker's code."""

from __future__ import annotations

import dataclasses

from services.cv.profile import CvProfile, Qualification, QualificationStatus
from services.search.job_search import JobSearch, cv_gaps, cv_intent, intent_of, rank, rank_for_cv
from services.search.leanings import JobFacts, Leanings, Lesson, lean
from services.search.query import SearchFilters
from tests.unit.test_ranking import TODAY, job

SENIOR = JobFacts(step=6, family="finance_management", places=("Leeds",), region="Yorkshire", work_mode="onsite",
                  annual_pay=70_000)  # fmt: skip


def test_each_reason_teaches_its_lesson_and_says_so() -> None:
    start = Leanings()
    senior, learned = start.learn("too_senior", SENIOR)
    assert senior.most_step == 5 and learned is not None and learned.lesson is Lesson.FEWER_SENIOR
    junior, learned = start.learn("too_junior", dataclasses.replace(SENIOR, step=2))
    assert junior.least_step == 3 and learned is not None and learned.lesson is Lesson.FEWER_JUNIOR
    place, learned = start.learn("wrong_place", SENIOR)
    assert place.places == ("Leeds",) and learned is not None and learned.value == "Leeds"
    field, _ = start.learn("wrong_field", SENIOR)
    assert field.families == ("finance_management",)
    floor, learned = start.learn("salary", SENIOR)
    assert floor.salary_floor == 71_000 and learned is not None and learned.value == 71_000


def test_nothing_to_learn_from_a_job_that_says_nothing() -> None:
    blank = JobFacts(step=None, family=None, places=(), region=None, work_mode="remote", annual_pay=None)
    for reason in ("too_senior", "too_junior", "wrong_place", "wrong_field", "salary"):
        assert Leanings().learn(reason, blank) == (Leanings(), None)


def test_a_window_that_would_close_keeps_the_newest_word() -> None:
    window, _ = Leanings().learn("too_junior", dataclasses.replace(SENIOR, step=5))  # nothing below 6
    window, _ = window.learn("too_senior", dataclasses.replace(SENIOR, step=4))  # then: nothing above 3
    assert window.most_step == 3 and window.least_step is None


def test_lessons_survive_storage_and_can_be_undone() -> None:
    taught = Leanings(most_step=4, places=("Leeds", "York"), families=("tax",), salary_floor=40_000, firms=("PwC",))
    assert Leanings.from_dict(taught.as_dict()) == taught
    assert Leanings.from_dict({"most_step": "x", "places": "Leeds", "later": 1}) == Leanings()
    assert taught.without(Lesson.FEWER_PLACES, "Leeds").places == ("York",)
    assert taught.without(Lesson.FEWER_SENIOR).most_step is None
    assert taught.without(Lesson.FIRMS, "PwC").firms == ()
    assert not Leanings() and taught


def test_filters_carry_leanings_to_the_ranker_but_never_into_saved_filters() -> None:
    taught = SearchFilters(min_salary=30_000, leanings=Leanings(most_step=4))
    assert "leanings" not in taught.as_dict()
    assert SearchFilters.from_dict(taught.as_dict()) == SearchFilters(min_salary=30_000)
    assert SearchFilters().merged(taught).leanings == Leanings(most_step=4)
    assert taught.merged(SearchFilters()).leanings == Leanings(most_step=4)


BOARD = [
    job(1, "Finance Manager", ["Leeds"], "Yorkshire", family="finance_management", step=5, pay=55_000),
    job(2, "Head of Finance", ["Leeds"], "Yorkshire", family="finance_management", step=6, pay=75_000),
    job(3, "Finance Director", ["Leeds"], "Yorkshire", family="finance_management", step=8, pay=110_000),
    job(4, "Finance Manager", ["York"], "Yorkshire", family="finance_management", step=5, pay=40_000),
]
FUSED = {j.job_id: 1 / (61 + i) for i, j in enumerate(reversed(BOARD))}  # the text alone puts job 4 first


def _ranked(leanings: Leanings) -> list[int]:
    parsed = JobSearch.prepare("finance manager", SearchFilters(leanings=leanings))
    return [r.job_id for r in rank(BOARD, FUSED, intent_of(parsed, {"finance": 4, "manager": 3}, 100), TODAY)]


def test_a_typed_search_moves_with_what_the_user_taught() -> None:
    plain = _ranked(Leanings())
    assert plain.index(4) < plain.index(1)
    assert _ranked(Leanings(places=("York",))).index(4) > _ranked(Leanings()).index(4)  # wrong place: York down
    assert _ranked(Leanings(salary_floor=50_000)).index(4) > plain.index(4)  # salary too low: £40k down
    assert _ranked(Leanings(most_step=5)).index(3) == 3  # too senior: the director last
    favoured = BOARD[2]._replace(firm_name="Harbury Council")
    parsed = JobSearch.prepare("finance manager", SearchFilters(leanings=Leanings(firms=("Harbury Council",))))
    ranked = rank([*BOARD[:2], favoured, BOARD[3]], FUSED, intent_of(parsed, {}, 100), TODAY)
    favourite = next(r for r in ranked if r.job_id == 3)
    assert favourite.reasons[0].key == "favourite-firm"
    unfavoured = rank(BOARD, FUSED, intent_of(JobSearch.prepare("finance manager"), {}, 100), TODAY)
    assert favourite.score > next(r for r in unfavoured if r.job_id == 3).score


def test_a_cv_match_moves_too_and_says_why_pay_is_below_the_floor() -> None:
    profile = CvProfile(current_title="Finance Manager", role_family="finance_management", years_experience=7)
    cv = cv_intent(profile)
    plain = rank_for_cv(BOARD, FUSED, cv, TODAY)
    taught = rank_for_cv(BOARD, FUSED, cv, TODAY, leanings=Leanings(families=("finance_management",)))
    assert all(t.score < p.score for t, p in zip(sorted(taught, key=lambda r: r.job_id),
                                                 sorted(plain, key=lambda r: r.job_id), strict=True))  # fmt: skip
    floored = rank_for_cv(BOARD, FUSED, cv, TODAY, leanings=Leanings(salary_floor=50_000))
    low = next(r for r in floored if r.job_id == 4)
    assert [r.key for r in low.to_check] == ["salary-below"]


def test_the_cvs_salary_wish_fills_the_salary_preference_the_user_did_not_set() -> None:
    profile = CvProfile.model_validate({"salary_expectation": {"minimum": 45_000, "currency": "GBP"}})
    wished = JobSearch.prepare_cv(profile).filters
    assert wished.leanings.salary_floor == 45_000 and wished.min_salary is None  # it ranks; it filters nothing
    assert JobSearch.prepare_cv(profile, SearchFilters(min_salary=30_000)).filters.leanings.salary_floor is None
    dollars = CvProfile.model_validate({"salary_expectation": {"minimum": 60_000, "currency": "USD"}})
    assert JobSearch.prepare_cv(dollars).filters.leanings.salary_floor is None
    low = BOARD[3]  # £40k
    ranked = rank_for_cv(BOARD, FUSED, cv_intent(profile), TODAY, leanings=wished.leanings)
    assert [r.key for r in next(r for r in ranked if r.job_id == low.job_id).to_check] == ["salary-below"]


def test_gaps_name_what_is_missing_and_one_thing_to_do() -> None:
    student = CvProfile(current_title="Tax Assistant", role_family="tax", years_experience=2,
                        qualifications=[Qualification(code="ACCA", status=QualificationStatus.STUDYING)],
                        software=["Sage"])  # fmt: skip
    cv = cv_intent(student)
    post = BOARD[0]._replace(qualifications=["ACCA", "CIMA"], software=["SAP", "Sage"])
    gaps = cv_gaps(post, cv)
    keys = [r.key for r in gaps.missing]
    assert keys == ["gap-qual-studying", "gap-years", "gap-field", "gap-software"]
    assert dict(gaps.missing[0].args) == {"codes": "ACCA"}
    assert dict(gaps.missing[1].args) == {"steps": post.step - cv.step, "wanted": 6, "years": 2}
    assert dict(gaps.missing[3].args) == {"names": "SAP"}
    assert gaps.suggestion is not None and gaps.suggestion.key == "suggest-part-qualified"

    fitting = post._replace(family="tax", step=cv.step, qualifications=[],
                                  software=["Sage"])  # fmt: skip
    assert cv_gaps(fitting, cv).missing == [] and cv_gaps(fitting, cv).suggestion is None


def test_a_part_qualified_student_ranks_posts_that_welcome_students_up_with_a_reason() -> None:
    part = Qualification(code="ACCA", status=QualificationStatus.PART_QUALIFIED)
    student = cv_intent(CvProfile(current_title="Assistant Accountant", role_family="financial_accounting",
                                  qualifications=[part]))  # fmt: skip
    post = BOARD[0]._replace(family="financial_accounting", step=student.step, qualifications=["ACCA"])
    welcoming = post._replace(job_id=11, ad_status=["part_qualified", "study_support"])
    essential = post._replace(job_id=12, ad_status=["qualified"])
    silent = post._replace(job_id=13, ad_status=[])
    ranked = rank_for_cv([essential, silent, welcoming], {}, student, TODAY)
    assert [r.job_id for r in ranked] == [11, 13, 12]
    assert {r.key for r in ranked[0].fits} >= {"part-qualified-ok", "study-support"}
    assert [r.key for r in ranked[2].to_check] == ["asks-for"]
    assert cv_gaps(welcoming, student).missing == []  # considered: nothing missing
    assert [r.key for r in cv_gaps(essential, student).missing] == ["gap-qual-studying"]

    typed = intent_of(JobSearch.prepare("part qualified ACCA accountant"), {}, 100)
    assert typed.student
    by_query = rank([essential, silent, welcoming], {}, typed, TODAY)
    assert by_query[0].job_id == 11 and "part-qualified-ok" in {r.key for r in by_query[0].fits}
    assert "asks-qualified" in {r.key for r in next(r for r in by_query if r.job_id == 12).to_check}


def test_a_place_learned_from_a_job_that_named_only_its_region_moves_that_regions_jobs() -> None:
    regional = JobFacts(step=3, family="tax", places=(), region="Yorkshire", work_mode="onsite", annual_pay=None)
    taught, learned = Leanings().learn("wrong_place", regional)
    assert learned is not None and learned.value == "Yorkshire"
    moved = lean(taught, step=3, family="tax", places=["Leeds"], region="Yorkshire", firm="Example", pays=None)
    assert moved.score < 0
    named = lean(taught, step=3, family="tax", places=["Leeds"], region="Yorkshire", firm="Example", pays=None,
                 named_places=frozenset({"Leeds"}))  # fmt: skip
    assert named.score == 0  # a query naming the place outweighs the lesson
