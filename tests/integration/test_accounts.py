"""The accounts service on real PostgreSQL and Redis: members, consent, preferences, saved and dismissed jobs,
excluded firms, export and erasure."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

import pytest
from redis.asyncio import Redis
from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import distinct_on

from db.engine import create_session_factory
from db.models import JobIndexEntry, User
from db.uow import UnitOfWorkFactory
from services.accounts.preferences import AlertFrequency, UserPreferences
from services.accounts.profiles import Profiles
from services.accounts.saved import DismissReason, JobGone, SavedJobs
from services.accounts.users import Users, pick_language
from services.admin.users import UserAdmin
from services.cv.profile import CvProfile
from services.jobs.index import JobIndexer
from services.search.embeddings import EmbeddingService
from services.search.leanings import MOST_FIRMS, Lesson, value_key
from services.search.query import SearchFilters
from tests.support.board import build_board
from tests.support.hashed_embeddings import HashedEmbeddings


@pytest.fixture
async def uow(engine) -> UnitOfWorkFactory:  # type: ignore[no-untyped-def]
    await build_board(engine, jobs=120)
    factory = UnitOfWorkFactory(create_session_factory(engine))
    await JobIndexer(factory, EmbeddingService(HashedEmbeddings(), factory)).refresh()
    return factory


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
def accounts(uow: UnitOfWorkFactory, redis: Redis) -> Accounts:
    return wire(uow, redis)


@dataclass(frozen=True)
class Accounts:
    """The account services, wired as `bot.runtime.build_services` wires them."""

    users: Users
    preferences: UserPreferences
    profiles: Profiles
    saved: SavedJobs
    user_admin: UserAdmin


def wire(uow: UnitOfWorkFactory, redis: Redis | None = None) -> Accounts:
    users = Users(uow, HashedEmbeddings.name, redis)
    return Accounts(users, UserPreferences(uow, HashedEmbeddings.name, users), Profiles(uow),
                    SavedJobs(uow, HashedEmbeddings.name), UserAdmin(uow, users))  # fmt: skip


async def _last_active(uow: UnitOfWorkFactory, user: int):  # type: ignore[no-untyped-def]
    async with uow() as work:
        return (await work.session.get(User, user)).last_active_at


async def _jobs(uow: UnitOfWorkFactory, n: int) -> list[tuple[int, str]]:
    async with uow() as work:
        rows = await work.session.execute(select(JobIndexEntry.job_id, JobIndexEntry.firm_name).limit(n))
        return [(int(a), str(b)) for a, b in rows]


def test_language_choice() -> None:
    assert pick_language(None, "ru-RU") == "ru"
    assert pick_language(None, "de") == "en"
    assert pick_language("en", "ru") == "en"
    assert pick_language(None, None) == "en"


async def test_a_member_is_served_from_redis_for_a_minute(accounts: Accounts, uow: UnitOfWorkFactory) -> None:
    first = await accounts.users.seen(1, first_name="Ann", language_code="ru")
    assert first.language == "ru" and not first.consented and not first.is_banned
    seen_at = await _last_active(uow, 1)
    assert await accounts.users.seen(1, first_name="Ann", language_code="ru") == first
    assert await _last_active(uow, 1) == seen_at  # no database write for the second update

    await accounts.users.give_consent(1)  # a change to what `seen` answers drops the cached entry
    assert (await accounts.users.seen(1, first_name="Ann", language_code="ru")).consented
    await accounts.preferences.update_preferences(1, language="en")
    assert (await accounts.users.seen(1, first_name="Ann", language_code="ru")).language == "en"
    await accounts.users.seen(1, first_name="Anna", language_code="ru")  # new names are written at once
    async with uow() as work:
        assert (await work.users.get(1)).first_name == "Anna"


async def test_without_redis_every_update_reads_the_database(uow: UnitOfWorkFactory) -> None:
    plain = wire(uow)
    await plain.users.seen(2)
    async with uow() as work:
        user = await work.session.get(User, 2)
        user.is_banned = True
        await work.commit()
    assert (await plain.users.seen(2)).is_banned


async def test_preferences_round_trip_and_dismissed_jobs_join_the_filters(accounts: Accounts,
                                                                          uow: UnitOfWorkFactory) -> None:  # fmt: skip
    await accounts.users.seen(3)
    filters = SearchFilters(places=("Leeds",), min_salary=40000, services=("audit",))
    prefs = await accounts.preferences.update_preferences(3, filters=filters, alert_frequency=AlertFrequency.WEEKLY)
    assert prefs.filters == filters and (await accounts.preferences.preferences(3)) == prefs
    ((job, _),) = await _jobs(uow, 1)
    assert await accounts.saved.save_job(3, job) is True
    assert await accounts.saved.save_job(3, job) is False  # saved once
    await accounts.saved.dismiss_job(3, job, DismissReason.WRONG_PLACE)
    assert (await accounts.preferences.search_filters(3)).excluded_jobs == (job,)
    assert await accounts.saved.saved_jobs(3) == []  # not interested also un-saves
    with pytest.raises(JobGone):
        await accounts.saved.save_job(3, 999_999_999)
    with pytest.raises(ValueError, match="language"):
        await accounts.preferences.update_preferences(3, language="xx")


async def test_not_interested_teaches_the_ranking_and_the_lesson_can_be_undone(
    accounts: Accounts, uow: UnitOfWorkFactory
) -> None:
    await accounts.users.seen(6)
    paid_and_placed = select(JobIndexEntry).where(JobIndexEntry.step > 1, JobIndexEntry.salary_max.is_not(None))
    async with uow() as work:
        senior, paid = (await work.session.execute(paid_and_placed.limit(2))).scalars().all()
    learned = await accounts.saved.dismiss_job(6, senior.job_id, DismissReason.TOO_SENIOR)
    assert learned is not None and learned.value == senior.step - 1
    await accounts.saved.dismiss_job(6, paid.job_id, DismissReason.SALARY)
    leanings = (await accounts.preferences.search_filters(6)).leanings
    assert leanings.most_step == senior.step - 1 and leanings.salary_floor > paid.salary_max
    assert await accounts.saved.dismiss_job(6, senior.job_id, DismissReason.TOO_SENIOR) is None  # taught already
    assert (await accounts.users.export(6))["preferences"]["leanings"]["most_step"] == senior.step - 1
    ceiling = senior.step - 1
    assert await accounts.preferences.forget_lesson(6, Lesson.FEWER_SENIOR, value_key(ceiling)) == ceiling
    assert (await accounts.preferences.leanings(6)).most_step is None
    assert await accounts.preferences.forget_lesson(6, Lesson.FEWER_SENIOR) is None  # a stale button: nothing left
    assert await accounts.preferences.add_favourite_firm(6, senior.firm_name.upper()) == [senior.firm_name]
    assert (await accounts.preferences.leanings(6)).firms == (senior.firm_name,)


async def test_a_favourite_firms_own_alert_is_turned_on_and_off_and_goes_with_the_favourite(
    accounts: Accounts, uow: UnitOfWorkFactory
) -> None:
    await accounts.users.seen(7)
    async with uow() as work:
        by_firm = (
            select(JobIndexEntry.job_id, JobIndexEntry.firm_name).ext(distinct_on(JobIndexEntry.firm_name)).limit(2)
        )
        (one, first), (_, second) = (await work.session.execute(by_firm)).all()
    key = value_key(first)
    assert await accounts.preferences.set_firm_alert(7, key, on=True) is None  # not a favourite: nothing to alert
    await accounts.preferences.add_favourite_firm(7, first)
    await accounts.preferences.add_favourite_firm(7, second)
    assert await accounts.preferences.favourite_firms(7) == [(first, False), (second, False)]
    assert await accounts.preferences.set_firm_alert(7, key, on=True) == first
    assert await accounts.preferences.set_firm_alert(7, value_key(second), on=True) == second
    assert await accounts.preferences.favourite_firms(7) == [(first, True), (second, True)]
    exported = (await accounts.users.export(7))["firm_alerts"]
    assert sorted(a["firm"] for a in exported) == sorted([first, second]) and all(a["since"] for a in exported)
    assert await accounts.preferences.set_firm_alert(7, key, on=False) == first
    assert await accounts.preferences.favourite_firms(7) == [(first, False), (second, True)]
    # No longer a favourite (from its job's card): its alert goes in the same step.
    assert await accounts.preferences.favour_firm_of_job(7, one, favourite=True) == first
    await accounts.preferences.set_firm_alert(7, key, on=True)
    assert await accounts.preferences.forget_lesson(7, Lesson.FIRMS, value_key(second)) == second
    assert await accounts.preferences.favourite_firms(7) == [(first, True)]
    assert await accounts.preferences.favour_firm_of_job(7, one, favourite=False) == first
    assert await accounts.preferences.favourite_firms(7) == []
    async with uow() as work:
        assert await work.alerts.firm_alerts(7) == {}


async def test_a_favourite_pushed_out_by_newer_ones_loses_its_own_alert(
    accounts: Accounts, uow: UnitOfWorkFactory
) -> None:
    await accounts.users.seen(8)
    async with uow() as work:
        names = select(JobIndexEntry.firm_name).distinct().order_by(JobIndexEntry.firm_name).limit(MOST_FIRMS + 1)
        firms = list((await work.session.scalars(names)).all())
    assert len(firms) == MOST_FIRMS + 1, "the test board has too few firms"
    await accounts.preferences.add_favourite_firm(8, firms[0])
    assert await accounts.preferences.set_firm_alert(8, value_key(firms[0]), on=True) == firms[0]
    for firm in firms[1:]:
        assert await accounts.preferences.add_favourite_firm(8, firm) == [firm]
    assert [f for f, _ in await accounts.preferences.favourite_firms(8)] == firms[1:]  # the oldest went
    async with uow() as work:
        assert await work.alerts.firm_alerts(8) == {}


async def test_excluding_a_firm_by_name(accounts: Accounts, uow: UnitOfWorkFactory) -> None:
    await accounts.users.seen(4)
    ((_, firm),) = await _jobs(uow, 1)
    assert await accounts.preferences.exclude_firm(4, firm.upper()) == [firm]
    assert await accounts.preferences.excluded_firm_names(4) == [firm]
    assert await accounts.preferences.exclude_firm(4, "no firm is called this") == []
    assert len(await accounts.preferences.exclude_firm(4, "a")) > 1  # ambiguous: nothing changes
    assert await accounts.preferences.excluded_firm_names(4) == [firm]


async def test_changes_made_at_once_each_keep_the_others(accounts: Accounts, uow: UnitOfWorkFactory) -> None:
    """A change of preferences is read, made and written in one transaction that holds the row, also for a user
    who has no row yet: changes that meet all land (a chat's updates take turns under the user's Redis lock, but
    not while Redis is down)."""
    await accounts.users.seen(9)
    await accounts.users.seen(10)
    async with uow() as work:
        names = select(JobIndexEntry.firm_name).distinct().order_by(JobIndexEntry.firm_name).limit(6)
        firms = list((await work.session.scalars(names)).all())
    assert len(firms) == 6, "the test board has too few firms"

    results = await asyncio.gather(*(accounts.preferences.exclude_firm(9, firm) for firm in firms))
    assert results == [[firm] for firm in firms]
    assert sorted(await accounts.preferences.excluded_firm_names(9)) == sorted(firms)
    await asyncio.gather(
        accounts.preferences.update_preferences(9, alert_frequency=AlertFrequency.DAILY),
        accounts.preferences.edit_filters(9, lambda f: replace(f, min_salary=40_000)),
        accounts.preferences.update_preferences(9, language="ru"),
    )
    prefs = await accounts.preferences.preferences(9)
    assert (prefs.alert_frequency, prefs.filters.min_salary, prefs.language) == (AlertFrequency.DAILY, 40_000, "ru")
    assert len(prefs.filters.excluded_firms) == 6

    await asyncio.gather(*(accounts.preferences.add_favourite_firm(10, firm) for firm in firms[:4]))
    assert sorted(f for f, _ in await accounts.preferences.favourite_firms(10)) == sorted(firms[:4])


async def test_export_holds_everything_and_delete_leaves_nothing(accounts: Accounts, uow: UnitOfWorkFactory,
                                                                redis: Redis) -> None:  # fmt: skip
    await accounts.users.seen(5, username="ann", first_name="Ann")
    await accounts.users.give_consent(5)
    await accounts.profiles.store_profile(5, CvProfile(current_title="Audit Senior", years_experience=4), "pdf")
    (job, firm), (other, _) = await _jobs(uow, 2)
    await accounts.saved.save_job(5, job)
    await accounts.saved.dismiss_job(5, other, DismissReason.SALARY)
    await accounts.preferences.update_preferences(5, filters=SearchFilters(remote=None, min_salary=30000))
    await accounts.preferences.favour_firm_of_job(5, job)
    await accounts.preferences.set_firm_alert(5, value_key(firm), on=True)
    data = await accounts.users.export(5)
    assert data["user"]["username"] == "ann" and data["user"]["consent_at"]
    assert data["cv_profile"]["current_title"] == "Audit Senior" and data["cv_profile"]["source"] == "pdf"
    assert [j["job_id"] for j in data["saved_jobs"]] == [job]
    assert data["not_interested"][0] == {**data["not_interested"][0], "job_id": other, "reason": "salary"}
    assert data["preferences"]["filters"] == {"min_salary": 30000}
    assert [a["firm"] for a in data["firm_alerts"]] == [firm]

    assert await accounts.users.rows_left(5) == 6
    assert await accounts.users.delete(5) is True
    assert await accounts.users.rows_left(5) == 0
    assert await redis.get("member:5") is None
    assert await accounts.users.export(5) == {"user": None}


async def test_corrections_change_the_profile_and_nothing_else(accounts: Accounts) -> None:
    await accounts.users.seen(6)
    assert await accounts.profiles.correct_profile(6, seniority_level=5) is None  # no profile yet
    await accounts.profiles.store_profile(6, CvProfile(current_title="Accountant", seniority_level=2), "text")
    corrected = await accounts.profiles.correct_profile(6, seniority_level=5, location="Leeds")
    assert corrected is not None and corrected.seniority == "manager" and corrected.location == "Leeds"
    assert (await accounts.profiles.profile(6)) == corrected
    with pytest.raises(ValueError, match="cannot correct"):
        await accounts.profiles.correct_profile(6, qualifications=[])


async def test_admin_cards_show_what_we_hold_in_one_statement_a_page(  # type: ignore[no-untyped-def]
    accounts: Accounts, uow: UnitOfWorkFactory, engine
) -> None:
    for user in range(301, 313):
        await accounts.users.seen(user, username=f"member{user}", first_name="Member", language_code="ru")
    await accounts.profiles.store_profile(302, CvProfile(current_title="Tax Senior"), "pdf")
    await accounts.preferences.update_preferences(302, alert_frequency=AlertFrequency.DAILY, language="en")
    (job, _), (other, _) = await _jobs(uow, 2)
    await accounts.saved.save_job(302, job)
    await accounts.saved.save_job(302, other)
    async with uow() as work:
        await work.searches.add(302, "audit senior Leeds", {}, 3)
        await work.commit()

    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        cards, total = await accounts.user_admin.list_users("member3", limit=50)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert total == 12 and len(cards) == 12
    assert len(statements) == 2, statements  # how many match, and the page with its cards: for 12 as for one

    card = next(c for c in cards if c.telegram_id == 302)
    assert (card.has_cv, card.alert_frequency, card.language, card.saved_jobs, card.searches) == (
        True, "daily", "en", 2, 1)  # fmt: skip
    assert card.cv_updated_at is not None
    plain = next(c for c in cards if c.telegram_id == 301)
    assert (plain.has_cv, plain.cv_updated_at, plain.alert_frequency, plain.language, plain.saved_jobs,
            plain.searches, plain.name) == (False, None, "off", "ru", 0, 0, "Member")  # fmt: skip
    assert await accounts.user_admin.user_card(302) == card
    assert await accounts.user_admin.find_user("@member302") == card
    assert await accounts.user_admin.user_card(999) is None
    # Digits that are not ASCII, and ids past a bigint, are names to look for, never a crash.
    for odd in ("¹", "٣٠٢", "99999999999999999999", "-"):
        assert await accounts.user_admin.find_user(odd) is None
        assert await accounts.user_admin.list_users(odd, limit=5) == ([], 0)
