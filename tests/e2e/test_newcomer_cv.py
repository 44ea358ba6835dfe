"""Issue #22, point 4: CVs handled with care, end to end (the real bot polling the Bot API stand-in, real PostgreSQL
and Redis). One transcript per thing a new user tripped over: a recipe taken for a CV, a pasted CV read as nothing,
a new CV replacing the profile with no way back, the IT technician read as a senior manager, and a role correction
the card's title ignored."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import event, select

from db.models import JobIndexEntry, ProfileVersion, UserProfile, UserSearch
from tests.support.botharness import Harness

PASTED = "ACA qualified audit senior, newly qualified 2025, 4 years at KPMG Leeds, hybrid, around 45k"
RECIPE = b"""Classic lasagne
Serves 6. Preparation 30 minutes, cooking 1 hour 15 minutes.
Ingredients: 500g beef mince, 1 onion, 2 garlic cloves, 400g chopped tomatoes, 250g lasagne sheets, 500ml white sauce.
Method
1. Fry the onion and garlic until soft, then add the mince and brown it.
2. Stir in the tomatoes, season and simmer for 30 minutes.
3. Layer the sauce, pasta sheets and white sauce in a dish, finishing with cheese.
4. Bake at 180C for 45 minutes until golden. Rest for 10 minutes before serving.
"""
PAYROLL_CV = b"""Sam Example
Payroll Officer
Manchester
Experience
Payroll Officer, Example Payroll Services Ltd, Manchester, 03/2019 to Current
- Weekly and monthly payroll for 1,200 employees on Sage Payroll; PAYE, pensions and year-end
Payroll Assistant, North West Care Group, Manchester, 2016 - 2019
Skills: payroll, PAYE, Sage, Excel
"""
IT_CV = "cvs/INFORMATION-TECHNOLOGY/10089434.pdf"


async def _stored(bot: Harness, user: int) -> dict | None:
    async with bot.runtime.uow() as work:
        row = await work.session.get(UserProfile, user)
        return dict(row.profile) if row is not None else None


async def _versions(bot: Harness, user: int) -> dict[str, dict]:
    async with bot.runtime.uow() as work:
        rows = (await work.session.scalars(select(ProfileVersion).where(ProfileVersion.user_id == user))).all()
        return {row.kind: dict(row.profile) for row in rows}


async def test_a_recipe_sent_as_a_txt_file_is_refused_and_the_profile_kept(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.say(user, PASTED)
    before = await _stored(bot, user)
    assert before is not None and before["current_title"] == "Audit Senior"

    await bot.send_file(user, RECIPE, "lasagne.txt", "text/plain")
    refusal = bot.stand_in.last(user).text
    assert refusal.startswith("This doesn't look like a CV") and "profile is unchanged" in refusal
    assert "Done" not in refusal
    assert await _stored(bot, user) == before  # the real profile untouched
    assert await _versions(bot, user) == {}  # and nothing set aside to replace it

    await bot.send_file(user, RECIPE, "рецепт.txt", "text/plain", language_code="ru")
    assert bot.stand_in.last(user).text.startswith("Это не похоже на резюме")  # in the user's language


async def test_pasted_cv_text_is_read_into_a_profile(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    card = await bot.say(user, PASTED)
    assert any(text.startswith("✅ Done") for text in bot.texts(user))  # read as a CV, not searched
    assert "Your profile" in card.text
    assert "Role: Audit Senior (audit)" in card.text
    assert re.search(r"Level: senior, 4 years of experience · newly qualified", card.text), card.text
    assert "Location: Leeds · hybrid" in card.text and "Salary wish: £45k a year" in card.text
    profile = await _stored(bot, user)
    assert profile is not None
    assert (profile["role_family"], profile["seniority"], profile["years_experience"]) == ("audit", "senior", 4.0)
    assert (profile["location"], profile["work_mode"], profile["newly_qualified"]) == ("Leeds", "hybrid", True)
    assert profile["salary_expectation"]["minimum"] == 45_000
    assert [q["code"] for q in profile["qualifications"]] == ["ACA"]


async def test_a_short_query_is_a_search_and_a_doubtful_text_is_asked_about(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    results = await bot.say(user, "audit senior Leeds hybrid")
    assert "Your profile" not in results.text and await _stored(bot, user) is None
    doubtful = "I am looking for a senior audit job in Leeds with hybrid working and a salary around fifty thousand"
    asked = await bot.say(user, doubtful)
    assert asked.text == "This looks like it could be a CV. Read this as your CV?"
    assert bot.buttons(asked) == ["📄 Yes, read it as my CV", "🔎 No, search for it"]
    searched = await bot.press(user, "No, search")
    assert "Your profile" not in searched.text and await _stored(bot, user) is None
    await bot.say(user, doubtful)
    card = await bot.press(user, "Yes, read it")  # the user's word: read as a CV after all
    assert "Your profile" in card.text and (await _stored(bot, user) or {})["location"] == "Leeds"


async def test_a_new_cv_asks_before_replacing_and_a_replacement_can_be_undone(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.say(user, PASTED)
    first = await _stored(bot, user)

    await bot.send_file(user, PAYROLL_CV, "payroll.txt", "text/plain")
    compare = bot.stand_in.last(user)
    assert "The new CV" in compare.text and "Your current profile" in compare.text
    assert compare.text.index("Payroll Officer") < compare.text.index("Audit Senior")  # new, then current
    assert "✅ Use the new CV" in bot.buttons(compare) and "Keep current" in bot.buttons(compare)
    assert await _stored(bot, user) == first  # nothing replaced while the user has not answered
    assert set(await _versions(bot, user)) == {"pending"}

    kept = await bot.press(user, "Keep current")
    assert "Role: Audit Senior" in kept.text
    assert await _stored(bot, user) == first and await _versions(bot, user) == {}

    await bot.send_file(user, PAYROLL_CV, "payroll.txt", "text/plain")
    replaced = await bot.press(user, "Use the new CV")
    assert "Role: Payroll Officer (payroll)" in replaced.text
    assert "↩️ Undo: bring back my previous profile" in bot.buttons(replaced)
    assert (await _stored(bot, user) or {})["current_title"] == "Payroll Officer"
    assert await _versions(bot, user) == {"previous": first}  # kept for a day

    undone = await bot.press(user, "Undo")
    assert "Role: Audit Senior (audit)" in undone.text
    assert "↩️ Undo: bring back my previous profile" not in bot.buttons(undone)
    assert await _stored(bot, user) == first and await _versions(bot, user) == {}

    await bot.send_file(user, PAYROLL_CV, "payroll.txt", "text/plain")  # waiting again when the user leaves
    await bot.say(user, "/export")  # the reading waiting for the user's word is theirs too
    exported = bot.exported(user)
    assert exported["cv_profile"]["current_title"] == "Audit Senior"
    assert exported["cv_profile_pending"]["current_title"] == "Payroll Officer"
    assert exported["cv_profile_pending"]["expires_at"]
    await bot.say(user, "/delete_me")
    await bot.press(user, "Yes, erase")
    assert await bot.app.services.users.rows_left(user) == 0  # profile_versions included (one cascade)


async def test_the_it_technician_is_no_senior_manager_and_a_role_correction_retitles_the_card(
    bot: Harness, shared_data: Path
) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.send_file(user, (shared_data / IT_CV).read_bytes(), "cv.pdf", "application/pdf")
    card = bot.stand_in.last(user)
    assert "Role: Information Technology Technician I" in card.text
    assert "senior manager" not in card.text
    assert re.search(r"Level: junior, 9\.4 years of experience", card.text), card.text  # Aug 2005 to its 2014
    # One few-fit note, and a count that does not call the closest jobs matches.
    done = next(m.text for m in bot.stand_in.chat(user) if m.text.startswith("✅ Done"))
    assert done.startswith("✅ Done: few jobs fit this CV well.") and "matching jobs" not in done, done
    assert card.text.count("little accounting experience") == 1 and "Few of these jobs fit" not in card.text
    assert "The posts nearest to your IT experience come first: finance systems and technology." in card.text

    await bot.press(user, "✏️ Role")
    corrected = await bot.press(user, "tax")
    assert "Role: tax" in corrected.text and "Technician" not in corrected.text  # the title follows the role
    profile = await _stored(bot, user)
    assert profile is not None and profile["role_family"] == "tax" and profile["current_title"] is None
    assert profile["corrected"] == ["role_family"]


async def test_corrections_of_title_level_years_and_salary_win_in_matching(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.say(user, PASTED)
    await bot.press(user, "✏️ Title")
    card = await bot.say(user, "Payroll Manager")
    assert "Role: Payroll Manager (audit)" in card.text
    await bot.press(user, "✏️ Level")
    card = await bot.press(user, "manager")
    assert "Level: manager" in card.text and "newly qualified" not in card.text
    await bot.press(user, "✏️ Years")
    again = await bot.say(user, "lots")
    assert bot.texts(user)[-2].startswith("Please type a number of years") and again.text.startswith("How many")
    card = await bot.say(user, "7")
    assert "7 years of experience" in card.text
    await bot.press(user, "✏️ Salary")
    card = await bot.say(user, "£60,000")
    assert "Salary wish: £60k a year" in card.text
    profile = await _stored(bot, user)
    assert profile is not None
    assert profile["corrected"] == ["current_title", "seniority_level", "years_experience", "salary_expectation"]
    assert (profile["current_title"], profile["seniority"], profile["years_experience"]) == (
        "Payroll Manager", "manager", 7.0)  # fmt: skip

    results = await bot.press(user, "Show")
    shown = bot.item_ids(results, "open")
    assert shown
    async with bot.runtime.uow() as work:  # the salary wish the user set filters the matches (unstated pay kept)
        rows = (await work.session.execute(
            select(JobIndexEntry.salary_min, JobIndexEntry.salary_max, JobIndexEntry.salary_stated)
            .where(JobIndexEntry.job_id.in_(shown)))).all()  # fmt: skip
    assert all(not stated or (high or low or 0) >= 60_000 for low, high, stated in rows), rows


async def test_a_cv_pasted_before_consent_is_not_read(bot: Harness) -> None:
    user = bot.new_user()
    await bot.say(user, "/start")
    await bot.press(user, "Not now")
    notice = await bot.say(user, PASTED)
    assert "your privacy" in notice.text and await _stored(bot, user) is None  # nothing read before "I agree"
    upload = await bot.press(user, "✅")
    assert upload.text.startswith("Send your CV")  # then straight to where it can be pasted
    card = await bot.say(user, PASTED)
    assert "Role: Audit Senior (audit)" in card.text


async def test_one_cv_is_one_transaction(bot: Harness) -> None:
    """What a CV leaves behind (its profile, its count, its search in the history) commits once, all or nothing."""
    user = bot.new_user()
    await bot.onboard(user)
    commits: list[int] = []

    def count(_connection: object) -> None:
        commits.append(1)

    engine = bot.runtime.engine.sync_engine
    event.listen(engine, "commit", count)
    try:
        outcome = await bot.app.services.matching.run(user, text=PASTED)
    finally:
        event.remove(engine, "commit", count)
    assert outcome.response is not None and outcome.response.results
    assert len(commits) == 1
    assert (await _stored(bot, user)) is not None
    async with bot.runtime.uow() as work:
        logged = await work.session.scalars(select(UserSearch.query_text).where(UserSearch.user_id == user))
        assert logged.all() == ["[cv]"]
