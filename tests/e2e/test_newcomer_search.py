"""What a new user tripped over in search (issue 22, "honest answers", "typos", "Russian queries"), as transcripts:
real Dispatcher, the Bot API stand-in over HTTP, PostgreSQL with the demo board indexed by the offline model."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from db.models import JobIndexEntry, UserSearch
from tests.support.botharness import Harness


async def _places(bot: Harness, job_ids: list[int]) -> list[list[str]]:
    stmt = select(JobIndexEntry.job_id, JobIndexEntry.places).where(JobIndexEntry.job_id.in_(job_ids))
    async with bot.runtime.uow() as work:
        rows = {job_id: places for job_id, places in (await work.session.execute(stmt)).all()}
    return [rows[j] or [] for j in job_ids]


@pytest.mark.parametrize(
    "query", ["job", "hello!", "asdkjh qwpoe zxmnv", "I love cooking lasagne for my family on Sundays"]
)
async def test_a_message_with_nothing_to_look_for_gets_an_honest_answer(bot: Harness, query: str) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    answer = await bot.say(user, query)
    assert "I couldn't find a job to look for in that" in answer.text
    assert "management accountant Leeds" in answer.text and "send your CV" in answer.text  # what to do next
    assert "page 1 of" not in answer.text and bot.item_ids(answer, "open") == []  # no page of non-fits
    # Not kept as the user's latest search: job alerts follow that one.
    async with bot.runtime.uow() as work:
        assert (await work.session.scalars(select(UserSearch).where(UserSearch.user_id == user))).all() == []


async def test_a_firm_on_the_board_is_something_to_look_for(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    answer = await bot.say(user, "KPMG")
    assert "I couldn't find a job to look for" not in answer.text
    assert bot.item_ids(answer, "open") and "KPMG" in answer.text


async def test_a_place_off_the_board_is_named_in_russian_and_the_rest_marked_elsewhere(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user, language="ru")
    answer = await bot.say(user, "бухгалтер Москва", language="ru")
    assert "Показаны результаты для «accountant»" in answer.text
    assert (
        "(Москва) вакансий на доске нет" in answer.text
    )  # named back as the user wrote it and "Великобритании и Армении" in answer.text
    shown = bot.item_ids(answer, "open")
    assert 0 < len(shown) <= 5  # not fifty jobs, page one of ten: the closest few
    assert all(re.search(r"(?i)account|finance|bookkeep|ledger|payroll|audit|tax", line)
               for line in answer.text.splitlines() if re.match(r"\d+\. ", line))  # fmt: skip


async def test_a_misspelt_role_and_place_are_read_and_said(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user)
    answer = await bot.say(user, "acountant manchestr")
    assert "Showing results for “accountant Manchester”" in answer.text
    assert "First: Manchester" in answer.text
    # The demo board has accountants in Manchester (in-house posts): they are shown, marked as there.
    places = await _places(bot, bot.item_ids(answer, "open"))
    assert any("Manchester" in p for p in places) and "Manchester ✓" in answer.text
    assert "No job that fits" not in answer.text

    answer = await bot.say(user, "acountant southamptn")
    assert "Showing results for “accountant Southampton”" in answer.text
    assert "First: Southampton" in answer.text
    shown = bot.item_ids(answer, "open")
    places = await _places(bot, shown)
    # The demo board has no accountant in Southampton: it says so, rather than list others as if they were there.
    assert shown and not any("Southampton" in p for p in places)
    assert "No job that fits in Southampton right now" in answer.text
    assert re.search(r"\b[A-Z][a-z]+, not Southampton\b", answer.text), answer.text

    leeds = await bot.say(user, "payrol Leeds")  # where the board has such jobs, they come first
    assert "Showing results for “payroll Leeds”" in leeds.text and "No job that fits" not in leeds.text
    first = bot.item_ids(leeds, "open")[0]
    assert "Leeds" in (await _places(bot, [first]))[0]


async def test_a_russian_query_searches_as_its_english(bot: Harness) -> None:
    user = bot.new_user()
    await bot.onboard(user, language="ru")
    answer = await bot.say(user, "аудит Лидс", language="ru")
    assert "Показаны результаты для «audit Leeds»" in answer.text
    shown = bot.item_ids(answer, "open")
    assert shown and "Leeds" in (await _places(bot, shown[:1]))[0]
    first_line = next(line for line in answer.text.splitlines() if line.startswith("1. "))
    assert re.search(r"(?i)audit", first_line), first_line


async def test_the_search_response_says_few_fit_and_what_was_understood(bot: Harness) -> None:
    search = bot.app.services.search
    off = await search.search("hello there")
    assert off.off_topic and off.few_fit and off.results == []
    data = off.as_dict(str)
    assert data["few_fit"] is True and data["off_topic"] is True and data["results"] == []
    typo = (await search.search("acountant manchestr")).as_dict(str)
    assert typo["understood"] == "accountant Manchester" and typo["off_topic"] is False
    # A job alert (strict) for a place the board holds no jobs in brings nothing, not every UK job.
    alert = await search.search("бухгалтер Москва", strict=True)
    assert alert.results == [] and alert.outside == ("Москва",) and not alert.off_topic
