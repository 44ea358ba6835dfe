"""Daily quotas per sender, in real Redis: CVs read (past it a friendly refusal) and LLM extractions (past it the
rules read the CV alone), with the real reader and the real `openai` client against the local stand-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from services.counters import Counters
from services.cv.intake import CvIntake, CvQuota
from services.cv.llm import LlmCvExtractor
from services.cv.reading import CvReader, CvRejected
from tests.support import hostile
from tests.support.openai_standin import OpenAIStandIn


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[Counters]:
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    yield Counters(redis)
    await redis.flushdb()
    await redis.aclose()


async def test_a_sender_past_the_daily_cv_quota_is_told_to_come_back_tomorrow(store: Counters) -> None:
    intake = CvIntake(CvReader(), quota=CvQuota(store, cvs_per_day=2))
    for _ in range(2):
        assert (await intake.from_text(hostile.CV_TEXT, sender="user:1")).profile.current_title
    with pytest.raises(CvRejected) as refused:
        await intake.from_text(hostile.CV_TEXT, sender="user:1")
    assert refused.value.code == "too_many_today" and refused.value.params == {"limit": 2}
    assert "tomorrow" in str(refused.value)
    assert (await intake.from_text(hostile.CV_TEXT, sender="user:2")).profile.current_title  # someone else
    assert (await intake.from_text(hostile.CV_TEXT)).profile.current_title  # the command line has no quota


async def test_the_quota_is_per_day_and_shared_by_instances(store: Counters, redis_url: str) -> None:
    other = Redis.from_url(redis_url)  # a second instance's connection
    try:
        first, second = CvQuota(store, cvs_per_day=1), CvQuota(Counters(other), cvs_per_day=1)
        today, tomorrow = dt.date(2026, 12, 6), dt.date(2026, 12, 7)
        assert await first.take("cv", "user:9", 1, today=today)
        assert not await second.take("cv", "user:9", 1, today=today)
        assert await second.take("cv", "user:9", 1, today=tomorrow)
    finally:
        await other.aclose()


async def test_past_the_llm_quota_the_rules_read_the_cv(store: Counters, standin: OpenAIStandIn) -> None:
    llm = LlmCvExtractor("sk-test-key", base_url=standin.url, timeout=2, max_attempts=1)
    intake = CvIntake(CvReader(), llm, CvQuota(store, cvs_per_day=10, llm_per_day=1))
    try:
        first = await intake.from_text(hostile.CV_TEXT, sender="user:5")
        assert len(standin.chats) == 1
        second = await intake.from_text(hostile.CV_TEXT, sender="user:5")
        assert len(standin.chats) == 1  # no second call to the model
        assert second.profile.current_title == first.profile.current_title  # still a profile, by the rules
        await intake.from_text(hostile.CV_TEXT, sender="user:6")
        assert len(standin.chats) == 2  # another sender has their own quota
    finally:
        await llm.close()
