"""The bot end to end: onboarding, a real CV, matches, the job card, search with filters and paging,
preferences, saved jobs, export and erasure. Real Dispatcher polling the stand-in; real PostgreSQL and Redis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text

from db.legacy import Job as LegacyJob
from db.models import DismissedJob, JobIndexEntry, SavedJob, UserPreferences, UserProfile, UserSearch
from handlers.state import user_state_keys
from services.search.embeddings import text_hash
from tests.support.botharness import Harness

REAL_CV = "cvs/ACCOUNTANT/10554236.pdf"


async def _rows(bot: Harness, model: type, user: int) -> list:
    async with bot.runtime.uow() as work:
        return list((await work.session.scalars(select(model).where(model.user_id == user))).all())


async def test_start_welcomes_in_russian_and_asks_consent_first(bot: Harness) -> None:
    user = bot.new_user()
    welcome = await bot.say(user, "/start", language="ru")
    assert "Здравствуйте" in welcome.text and "конфиденциальности" in welcome.text
    assert bot.buttons(welcome) == ["✅ Согласен", "Не сейчас"]
    menu = await bot.press(user, "Согласен", language="ru")
    assert menu.text.startswith("Главное меню")
    async with bot.runtime.uow() as work:
        assert (await work.users.get(user)).consent_at is not None


async def test_another_language_falls_back_to_english(bot: Harness) -> None:
    user = bot.new_user()
    welcome = await bot.say(user, "/start", language="de")
    assert welcome.text.startswith("Hello!") and "your privacy" in welcome.text


async def test_a_cv_sent_before_consent_is_kept_and_read_after_it(bot: Harness, shared_data: Path) -> None:
    user = bot.new_user()
    await bot.send_file(user, (shared_data / REAL_CV).read_bytes(), "cv.pdf", "application/pdf")
    assert "your privacy" in bot.stand_in.last(user).text
    assert await _rows(bot, UserProfile, user) == []  # nothing read before consent
    await bot.press(user, "✅")
    await bot.idle(limit=120)
    assert "Your profile" in bot.stand_in.last(user).text
    assert len(await _rows(bot, UserProfile, user)) == 1


async def test_cv_to_profile_to_matches_to_job_saved_and_dismissed(bot: Harness, shared_data: Path) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.send_file(user, (shared_data / REAL_CV).read_bytes(), "Jane Doe CV.pdf", "application/pdf")
    messages = bot.stand_in.chat(user)
    progress = next(m for m in messages if m.text.startswith("✅ Done"))
    assert progress.edits == 3  # reading -> profile -> matching -> done, one message edited
    card = bot.stand_in.last(user)
    assert "Your profile" in card.text and "Accountant" in card.text and "Skills:" in card.text
    profile = (await _rows(bot, UserProfile, user))[0]
    assert profile.source == "pdf" and "text" not in profile.profile  # the profile only, never the CV's text

    results = await bot.press(user, "Show")
    assert results.text.startswith("Jobs that fit your CV")
    first = bot.item_ids(results, "open")[0]
    card = await bot.press(user, "1. ")
    assert "Why it fits" in card.text or "Posted" in card.text
    assert "Apply" in " ".join(bot.buttons(card)) and "Share" in " ".join(bot.buttons(card))
    share = next(b for row in card.buttons for b in row if "Share" in b["text"])
    assert share["url"] == f"https://t.me/accountancy_jobs_bot?start=job_{first}"

    await bot.press(user, "⭐ Save")
    assert [row.job_id for row in await _rows(bot, SavedJob, user)] == [first]
    await bot.press(user, "Not interested")
    back = await bot.press(user, "Too senior")
    assert [(d.job_id, d.reason) for d in await _rows(bot, DismissedJob, user)] == [(first, "too_senior")]
    assert await _rows(bot, SavedJob, user) == []  # not interested also un-saves
    assert first not in bot.item_ids(back, "open")


async def test_search_with_paging_and_a_filter_button(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    page1 = await bot.say(user, "audit")
    assert page1.text.startswith("Jobs for “audit”") and "page 1 of" in page1.text
    first_page = bot.item_ids(page1, "open")
    assert len(first_page) == 5
    page2 = await bot.press(user, "Next")
    assert "page 2 of" in page2.text and set(bot.item_ids(page2, "open")).isdisjoint(first_page)

    await bot.press(user, "Remote")
    filtered = await bot.press(user, "remote only")
    assert "Filters: remote only" in filtered.text
    shown = bot.item_ids(filtered, "open")
    assert shown
    async with bot.runtime.uow() as work:
        modes = await work.session.scalars(select(JobIndexEntry.work_mode).where(JobIndexEntry.job_id.in_(shown)))
        assert set(modes.all()) == {"remote"}
    searches = await _rows(bot, UserSearch, user)
    assert [s.query_text for s in searches] == ["audit", "audit"] and searches[-1].filters["remote"] == "remote"


async def test_typed_words_steer_and_filter_buttons_filter(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    # What the words ask for comes first and never empties the list.
    first = await bot.say(user, "payroll partner Inverness remote 250k part time")
    assert "First: Inverness · remote only · at least £250k · director – partner · part-time" in first.text
    assert bot.item_ids(first, "open")
    # Filters set with the buttons do filter; when nothing is left, one can be dropped at a time.
    for field, choice in (("Remote", "remote only"), ("Salary", "at least £100k"), ("Level", "partner"),
                          ("Type", "part-time")):  # fmt: skip
        await bot.press(user, field)
        none = await bot.press(user, choice)
    assert "No jobs match these filters" in none.text, none.text
    relax = [label for label in bot.buttons(none) if label.startswith("➖")]
    assert relax == ["➖ the employment type"]  # the least important first, one at a time
    after = await bot.press(user, "➖")
    assert "Shown without: ➖ the employment type" in after.text


async def test_preferences_are_saved_and_used_by_every_search(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.press(user, "Preferences")
    await bot.press(user, "Salary")
    prefs = await bot.press(user, "at least £60k")
    assert "at least £60k" in prefs.text
    async with bot.runtime.uow() as work:
        saved = await work.session.get(UserPreferences, user)
    assert saved is not None and saved.filters == {"min_salary": 60000}
    results = await bot.say(user, "tax manager")
    assert "at least £60k" in results.text
    async with bot.runtime.uow() as work:
        rows = (await work.session.execute(
            select(JobIndexEntry.salary_stated, JobIndexEntry.salary_min, JobIndexEntry.salary_max)
            .where(JobIndexEntry.job_id.in_(bot.item_ids(results, "open")))
        )).all()  # fmt: skip
    assert rows and all(not stated or (high or low) >= 60000 for stated, low, high in rows)
    # A salary typed in the query takes the place of the saved one for this search: it is put first, not filtered.
    typed = await bot.say(user, "tax manager 30k")
    assert "First: at least £30k" in typed.text and "Filters: at least £60k" not in typed.text, typed.text


async def test_a_saved_job_that_left_the_board_shows_as_closed(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    results = await bot.say(user, "bookkeeper")
    job_id = bot.item_ids(results, "open")[0]
    await bot.press(user, "1. ")
    await bot.press(user, "⭐ Save")
    async with bot.runtime.engine.begin() as conn:  # the board drops the job; the next refresh drops it too
        await conn.execute(text("DELETE FROM jobbot.job_index WHERE job_id = :id"), {"id": job_id})
    await bot.say(user, "/menu")
    saved = await bot.press(user, "Saved jobs")
    assert "closed" in saved.text
    card = await bot.press(user, "1. ")
    assert "This job is closed" in card.text and "Remove from saved" in " ".join(bot.buttons(card))


async def test_a_shared_deep_link_opens_the_job(bot: Harness) -> None:
    user = bot.new_user()
    async with bot.runtime.uow() as work:
        job_id, title = (await work.session.execute(select(JobIndexEntry.job_id, JobIndexEntry.title).limit(1))).one()
    card = await bot.say(user, f"/start job_{job_id}")
    assert title.split()[0] in card.text
    nowhere = await bot.say(user, "/start job_999999")  # a job that never was: not "closed"
    assert "I can't find this job" in nowhere.text and "closed" not in nowhere.text


async def test_export_then_delete_me_leaves_nothing(bot: Harness, shared_data: Path) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.send_file(user, (shared_data / REAL_CV).read_bytes(), "cv.pdf", "application/pdf")
    first = bot.item_ids(await bot.say(user, "audit senior"), "open")[0]  # (the message is edited later)
    await bot.press(user, "1. ")
    await bot.press(user, "⭐ Save")
    await bot.say(user, "/export")
    data = bot.exported(user)
    assert data["user"]["telegram_id"] == user and data["cv_profile"]["source"] == "pdf"
    assert [j["job_id"] for j in data["saved_jobs"]] == [first]
    assert {s["query"] for s in data["searches"]} == {"[cv]", "audit senior"}
    assert await user_state_keys(bot.redis, user)  # there is conversation state to erase

    search = bot.app.services.search
    profile = await bot.app.services.profiles.profile(user)
    assert profile is not None
    texts = [search.prepare("audit senior").text, search.prepare_cv(profile).text]
    model = search.embeddings.model
    vector_keys = [f"jobbot:qemb:{model}:{text_hash(t).hex()}" for t in texts]
    assert await bot.redis.exists(*vector_keys) == 2  # the search's and the CV's vectors are cached

    await bot.say(user, "/delete_me")
    done = await bot.press(user, "Yes, erase")
    assert "everything I held about you has been erased" in done.text
    assert await bot.app.services.users.rows_left(user) == 0  # every column the catalog says can name a user
    assert await user_state_keys(bot.redis, user) == []
    assert await bot.redis.exists(*vector_keys) == 0
    async with bot.runtime.uow() as work:
        assert await work.embeddings.get_many(model, [text_hash(t) for t in texts], touch=False) == {}
        columns = set(await work.accounts.user_columns())
    assert {("users", "telegram_id"), ("user_searches", "user_id"), ("user_profiles", "user_id"),
            ("saved_jobs", "user_id"), ("alert_deliveries", "user_id"), ("broadcast_deliveries", "user_id"),
            ("broadcasts", "admin_id")} <= columns, columns  # fmt: skip


async def test_erasure_forgets_the_vector_of_a_cv_from_another_field_under_its_words_old_and_new(
    bot: Harness, shared_data: Path
) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.send_file(user, (shared_data / "cvs/HR/11763983.pdf").read_bytes(), "cv.pdf", "application/pdf")
    search = bot.app.services.search
    profile = await bot.app.services.profiles.profile(user)
    assert profile is not None and profile.is_accounting is False
    new, old = (search.prepare_cv(profile, neighbours=n).text for n in (True, False))
    assert "payroll" in new and new != old  # matched with the words of the posts next to HR
    await search.embeddings.embed_query(old)  # as cached before those words were added
    model = search.embeddings.model
    keys = [f"jobbot:qemb:{model}:{text_hash(t).hex()}" for t in (new, old)]
    await search.embeddings.drain()
    assert await bot.redis.exists(*keys) == 2

    await bot.say(user, "/delete_me")
    await bot.press(user, "Yes, erase")
    assert await bot.redis.exists(*keys) == 0
    async with bot.runtime.uow() as work:
        assert await work.embeddings.get_many(model, [text_hash(t) for t in (new, old)], touch=False) == {}


async def test_bad_files_get_a_friendly_message(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    await bot.send_file(user, b"", "empty.pdf", "application/pdf")
    assert bot.stand_in.last(user).text == "The file is empty. Please send your CV again."
    await bot.send_file(user, b"x" * 100, "huge.pdf", "application/pdf", declared_size=25 * 1024**2)
    assert bot.stand_in.last(user).text.startswith("The file is too large (25 MB)")
    await bot.send_file(user, b"%PDF-1.4" + b"0" * (21 * 1024**2), "big.pdf", "application/pdf", size_given=False)
    assert bot.stand_in.last(user).text.startswith("The file is too large")  # Telegram's getFile refused it
    await bot.send_file(user, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "cv.doc", "application/msword")
    assert "Old Word .doc files" in bot.stand_in.last(user).text
    assert await _rows(bot, UserProfile, user) == []


async def test_plain_answers_for_odd_input(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    assert (await bot.say(user, "/nonsense")).text.startswith("I don't know that command")
    assert (await bot.say(user, "/help")).text.startswith("How I work")
    await bot.press(user, "Preferences")
    await bot.press(user, "Place")
    again = await bot.say(user, "Atlantis")
    assert bot.texts(user)[-2].startswith("I don't know that place")
    assert again.text.startswith("Type a town")  # and the question again, below the answer
    prefs = await bot.say(user, "Manchester")
    assert "Filters: Manchester" in prefs.text


async def test_a_sticker_outside_any_dialog_gets_a_hint(bot: Harness) -> None:
    user = bot.new_user()
    await bot.say(user, "/help")  # no dialog is open
    sticker = {"file_id": "S1", "file_unique_id": "uS1", "type": "regular", "width": 512, "height": 512,
               "is_animated": False, "is_video": False}  # fmt: skip
    bot.stand_in.push_raw(bot.stand_in.message_update(user, sticker=sticker))
    await bot.idle()
    assert bot.stand_in.last(user).text.startswith("I can read a CV")


async def test_the_card_says_what_a_job_would_take_and_not_interested_teaches(bot: Harness) -> None:
    """Gaps on the card (a CV profile against the job, by the ranker's code), a lesson learned from "too senior" and
    forgotten in the preferences, a favourite firm (from the card and typed), the salary estimate, the ad's
    qualification status on its card, in-house posts for a finance manager, and the study-support filter."""
    from services.cv.profile import CvProfile, Qualification, QualificationStatus

    user = bot.new_user()
    await bot.onboard(user)
    student = CvProfile(current_title="Assistant Accountant", role_family="financial_accounting", years_experience=2,
                        qualifications=[Qualification(code="ACCA", status=QualificationStatus.STUDYING)],
                        software=["Sage"], is_accounting=True)  # fmt: skip
    app = bot.app.services
    await app.profiles.store_profile(user, student, "text")
    welcoming = ["part_qualified", "study_support", "training_contract"]
    j = JobIndexEntry
    asks_acca = select(j.job_id, j.step, j.firm_name).where(j.qualifications.contains(["ACCA"]), j.step >= 5,
                                                           ~j.ad_status.overlap(welcoming))  # fmt: skip
    async with bot.runtime.uow() as work:
        senior = (await work.session.execute(asks_acca.order_by(j.job_id).limit(1))).one()
        unstated = (await work.session.scalars(select(j.job_id).where(~j.salary_stated, j.step.is_not(None)))).all()

    card = await bot.say(user, f"/start job_{senior.job_id}")
    assert "❗ What you may lack:" in card.text and "asks for ACCA qualified; your CV shows you studying" in card.text
    assert "💡 Look for part-qualified ACCA roles too" in card.text, card.text
    await bot.press(user, "Not interested")
    await bot.press(user, "Too senior")
    said = bot.stand_in.callback_answers[-1]["text"]
    assert said.startswith("Got it: I won't show this job again. Fewer roles above") and "Undo it in" in said, said
    assert (await app.preferences.leanings(user)).most_step == senior.step - 1

    await bot.say(user, "/menu")
    prefs = await bot.press(user, "Preferences")
    assert "🧠 Learned from “not interested”: fewer roles above" in prefs.text
    taught = await bot.press(user, "What I learned")
    assert any(label.startswith("✖ fewer roles above") for label in bot.buttons(taught))
    await bot.press(user, "✖ fewer roles above")
    assert bot.stand_in.callback_answers[-1]["text"] == "Forgotten."
    assert (await app.preferences.leanings(user)).most_step is None

    card = await bot.say(user, f"/start job_{senior.job_id}")
    await bot.press(user, "⭐ Favourite firm")
    assert (await app.preferences.leanings(user)).firms == (senior.firm_name,)
    assert "☆ Not a favourite" in bot.buttons(bot.stand_in.last(user))
    await bot.say(user, "/menu")
    await bot.press(user, "Preferences")
    await bot.press(user, "Favourite firms")
    async with bot.runtime.uow() as work:
        other = await work.session.scalar(select(j.firm_name).where(j.firm_name != senior.firm_name).limit(1))
    window = await bot.say(user, other)  # typed in the window: a favourite, not a search
    assert bot.texts(user)[-2].startswith(f"⭐ {other} is a favourite") and f"✖ {other}" in bot.buttons(window)
    assert (await app.preferences.leanings(user)).firms == (senior.firm_name, other)

    estimated = [job_id for job_id in unstated if (c := await app.jobs.card(job_id)) and c.salary_estimate]
    assert estimated, "no unstated salary on the demo board could be estimated"
    card = await bot.say(user, f"/start job_{estimated[0]}")
    estimate = (await app.jobs.card(estimated[0])).salary_estimate
    assert f"not stated · est. £{estimate.low // 1000}k-£{estimate.high // 1000}k (from {estimate.count} similar ads)" \
        in card.text  # fmt: skip

    async with bot.runtime.uow() as work:
        supported = await work.session.scalar(select(j.job_id).where(j.ad_status.contains(["study_support"])).limit(1))
    card = await bot.say(user, f"/start job_{supported}")
    assert "🎓 " in card.text and "study support" in card.text  # what the ad says of qualification status

    # The demo board is like a real one: a finance manager finds in-house posts, not only practice firms.
    found = bot.item_ids(await bot.say(user, "finance manager"), "open")
    async with bot.runtime.uow() as work:
        in_house = await work.session.scalar(
            select(func.count()).select_from(LegacyJob).where(LegacyJob.id.in_(found), LegacyJob.req_no.like("IH-%"))
        )
    assert in_house >= 3, found

    await bot.say(user, "/menu")
    await bot.say(user, "accountant")
    await bot.press(user, "Study")
    studying = await bot.press(user, "with study support")
    shown = bot.item_ids(studying, "open")
    async with bot.runtime.uow() as work:
        statuses = (
            await work.session.scalars(select(JobIndexEntry.ad_status).where(JobIndexEntry.job_id.in_(shown)))
        ).all()
    assert shown and all({"study_support", "training_contract"} & set(s) for s in statuses)


async def test_the_card_says_what_sector_experience_a_job_asks_and_whether_the_cv_shows_it(bot: Harness) -> None:
    """An NHS post that asks NHS experience as essential (the demo board words some in-house posts so): its card
    names the ask; for a CV from a practice it is what they may lack, with a suggestion; for a CV from a hospital it
    fits."""
    from services.cv.profile import CvProfile

    j = JobIndexEntry
    async with bot.runtime.uow() as work:
        asks_nhs = (await work.session.scalars(
            select(j.job_id).where(j.ad_sectors.contains(["health"]), j.step.between(3, 4)).order_by(j.job_id).limit(1)
        )).one()  # fmt: skip
    app = bot.app.services
    seen = {}
    for sectors in (["practice"], ["health"]):
        user = bot.new_user()
        await bot.onboard(user)
        profile = CvProfile(current_title="Financial Accountant", role_family="financial_accounting",
                            years_experience=6, seniority_level=3, sectors=sectors, is_accounting=True)  # fmt: skip
        await app.profiles.store_profile(user, profile, "text")
        seen[sectors[0]] = (await bot.say(user, f"/start job_{asks_nhs}")).text
    for card in seen.values():
        assert "🏢 Sector experience: NHS or healthcare (essential)" in card, card
    assert "asks for NHS or healthcare experience, which your CV does not show" in seen["practice"], seen["practice"]
    assert "NHS or healthcare experience ✓" in seen["health"], seen["health"]
    assert "asks for NHS or healthcare experience" not in seen["health"], seen["health"]


async def test_the_profile_opens_with_its_command_and_the_sectors_are_corrected_there(bot: Harness) -> None:
    """/profile shows what was read (with no CV yet, how to send one); the upload window leads to it too; a sector
    ticked in "🏢 Sectors worked in" is on the card at once and counts on job cards: the gap for an NHS post becomes
    a met ask; a new CV that replaces the profile keeps the tick."""
    from services.cv.profile import CvProfile

    user = bot.new_user()
    await bot.onboard(user)
    assert "I don't have your CV yet" in (await bot.say(user, "/profile")).text
    app = bot.app.services
    profile = CvProfile(current_title="Financial Accountant", role_family="financial_accounting", years_experience=6,
                        seniority_level=3, sectors=["practice"], is_accounting=True)  # fmt: skip
    await app.profiles.store_profile(user, profile, "text")
    j = JobIndexEntry
    async with bot.runtime.uow() as work:
        asks_nhs = (await work.session.scalars(
            select(j.job_id).where(j.ad_sectors.contains(["health"])).order_by(j.job_id).limit(1)
        )).one()  # fmt: skip
    before = (await bot.say(user, f"/start job_{asks_nhs}")).text
    assert "asks for NHS or healthcare experience, which your CV does not show" in before, before
    await bot.say(user, "/menu")
    upload = await bot.press(user, "Upload my CV")
    assert "📄 My profile (what I read)" in bot.buttons(upload)
    card = await bot.press(user, "📄 My profile")
    assert card.text.startswith("Your profile"), card.text
    assert "Sectors: accountancy practice" in card.text, card.text
    window = await bot.press(user, "🏢 Sectors worked in")
    assert "▫️ NHS or healthcare" in bot.buttons(window) and "✅ accountancy practice" in bot.buttons(window)
    window = await bot.press(user, "▫️ NHS or healthcare")
    assert "✅ NHS or healthcare" in bot.buttons(window), bot.buttons(window)
    card = await bot.press(user, "✅ Done")
    assert "Sectors: NHS or healthcare, accountancy practice" in card.text, card.text
    stored = await app.profiles.profile(user)
    assert stored is not None and stored.sectors == ["health", "practice"] and "sectors" in stored.corrected
    after = (await bot.say(user, f"/start job_{asks_nhs}")).text
    assert "asks for NHS or healthcare experience" not in after and "NHS or healthcare experience ✓" in after, after

    # A new CV that shows no sector replaces the profile: the ticked sectors stay.
    await app.profiles.offer_profile(user, profile.model_copy(update={"sectors": []}), "text")
    settled = await app.profiles.settle_pending(user, replace=True)
    assert settled is not None and settled.sectors == ["health", "practice"] and "sectors" in settled.corrected


class _Visits:
    """Counts round trips to Redis (each command or pipeline takes a connection from the pool once, the throttle's
    counts through `limits` too) and statements sent to PostgreSQL, and pings of pooled connections."""

    def __init__(self, bot: Harness) -> None:
        self.redis = self.statements = self.pings = 0
        self._pool = bot.runtime.redis.connection_pool
        self._engine = bot.runtime.engine.sync_engine
        self._take: Any = self._pool.get_connection
        self._ping: Any = self._engine.dialect.do_ping

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.redis += 1
            return await self._take(*args, **kwargs)

        def pinged(connection: Any) -> Any:
            self.pings += 1
            return self._ping(connection)

        self._counted, self._pinged = counted, pinged

    def _statement(self, *_: Any) -> None:
        self.statements += 1

    def __enter__(self) -> _Visits:
        self._pool.get_connection = self._counted
        self._engine.dialect.do_ping = self._pinged  # type: ignore[method-assign]
        event.listen(self._engine, "before_cursor_execute", self._statement)
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.get_connection = self._take
        self._engine.dialect.do_ping = self._ping  # type: ignore[method-assign]
        event.remove(self._engine, "before_cursor_execute", self._statement)


async def test_a_button_press_costs_three_redis_round_trips_and_a_command_four(bot: Harness) -> None:
    """What an update costs (docs/bot.md, "Where the time goes"): the lock with the state, the dialog stack, the
    pressed button's dialog context, the cached member and the update's claim; the flood count; the writes with the
    unlock. A message's dialog context is read on its own (its id is known only from the stack). The saved list is
    one statement, on a connection used moments ago (not pinged)."""
    user = bot.new_user()
    await bot.onboard(user)
    await bot.say(user, "/help")
    with _Visits(bot) as visits:
        saved = await bot.press(user, "Saved jobs")
    assert "saved" in saved.text.lower()
    assert (visits.redis, visits.statements, visits.pings) == (3, 1, 0)
    with _Visits(bot) as visits:
        await bot.press(user, "Menu")
    assert (visits.redis, visits.statements) == (3, 0)
    with _Visits(bot) as visits:
        await bot.say(user, "/help")
    assert (visits.redis, visits.statements) == (4, 0)


async def test_the_card_says_which_languages_a_job_asks_and_whether_the_cv_shows_them(bot: Harness) -> None:
    """An Armenian post that asks fluent Armenian (and Russian as an advantage, as the demo board words them): its
    card names both; for a CV that shows no Armenian it is what they may lack; for a CV that speaks it, it fits."""
    from services.cv.profile import CvProfile

    j = JobIndexEntry
    async with bot.runtime.uow() as work:
        asks_armenian = (await work.session.scalars(
            select(j.job_id).where(j.ad_languages.contains(["Armenian", "Russian?"]), j.family == "accounts")
            .order_by(j.job_id).limit(1)
        )).one()  # fmt: skip
    app = bot.app.services
    seen = {}
    for languages in ([], ["Armenian"]):
        user = bot.new_user()
        await bot.onboard(user)
        profile = CvProfile(current_title="Accountant", role_family="accounts", years_experience=4, seniority_level=3,
                            languages=languages, is_accounting=True)  # fmt: skip
        await app.profiles.store_profile(user, profile, "text")
        seen[bool(languages)] = (await bot.say(user, f"/start job_{asks_armenian}")).text
    for card in seen.values():
        assert "🗣 Languages: Armenian (essential), Russian (desirable)" in card, card
    assert "asks for Armenian, which your CV does not show" in seen[False], seen[False]
    assert "Armenian ✓" in seen[True], seen[True]
    assert "asks for Armenian" not in seen[True], seen[True]
