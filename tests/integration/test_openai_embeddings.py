"""The OpenAI provider through the real `openai` client, against a local stand-in over real HTTP."""

from __future__ import annotations

import re
import time

import pytest
from loguru import logger

from services.errors import EmbeddingUnavailable
from services.search.embeddings import OpenAIEmbeddings
from tests.support.openai_standin import OpenAIStandIn

KEY = "sk-test-key"


def provider(standin: OpenAIStandIn, **kwargs: object) -> OpenAIEmbeddings:
    options: dict = {"base_url": standin.url, "timeout": 2.0, "max_attempts": 3, "backoff": 0.05, **kwargs}
    return OpenAIEmbeddings(KEY, **options)


async def test_vectors_come_back_in_order_with_the_index_dimension(standin: OpenAIStandIn) -> None:
    emb = provider(standin)
    texts = ["audit senior leeds", "payroll manager", "tax assistant"]
    vectors = await emb.embed(texts)
    assert [len(v) for v in vectors] == [384, 384, 384]
    assert vectors == [OpenAIStandIn.vector(t, 384) for t in texts]
    assert standin.received[0].dimensions == 384 and standin.received[0].model == "text-embedding-3-small"
    assert emb.name == "openai/text-embedding-3-small@384" and emb.calls == 1


async def test_batches_respect_the_input_and_token_limits(standin: OpenAIStandIn) -> None:
    emb = provider(standin)
    many = [f"job {i}" for i in range(5000)]
    assert len(await emb.embed(many)) == 5000
    assert [r.inputs for r in standin.received] == [2048, 2048, 904]

    standin.received.clear()
    big = ["ledger " * 7000] * 100  # about 7,000 tokens each: 700,000 tokens in all
    assert len(await emb.embed(big)) == 100
    assert all(r.tokens <= 300_000 for r in standin.received)
    assert len(standin.received) == 3

    standin.received.clear()
    huge = "reconciliation " * 20000  # far over 8k tokens: cut, not refused
    assert len(await emb.embed([huge])) == 1
    assert standin.received[0].longest <= 8191


async def test_rate_limits_are_waited_out(standin: OpenAIStandIn) -> None:
    standin.then(("rate_limit", 0.2), ("rate_limit", 0.2))
    emb = provider(standin)
    started = time.monotonic()
    assert len(await emb.embed(["x"])) == 1
    assert time.monotonic() - started >= 0.3  # the Retry-After was honoured (with jitter)
    assert emb.calls == 3 and standin.answered == 1


async def test_retries_are_logged_by_kind_and_wait_without_secrets(standin: OpenAIStandIn) -> None:
    standin.then(("rate_limit", 0.2), ("status", 500))
    lines: list[str] = []
    handler = logger.add(lambda m: lines.append(str(m.record["message"])), level="WARNING")
    try:
        assert len(await provider(standin, backoff=0.1).embed(["confidential ledger text"])) == 1
    finally:
        logger.remove(handler)
    retries = [line for line in lines if line.startswith("OpenAI embeddings:")]
    assert len(retries) == 2
    first, second = (
        re.fullmatch(r"OpenAI embeddings: (\w+) \(attempt (\d)/3\); retrying in ([\d.]+)s", r) for r in retries
    )
    assert first and first[1] == "RateLimitError" and first[2] == "1" and 0.1 <= float(first[3]) <= 0.3  # Retry-After
    assert second and second[1] == "InternalServerError" and second[2] == "2" and 0.1 <= float(second[3]) <= 0.3
    assert not any(KEY in line or "confidential" in line for line in lines)


async def test_insufficient_quota_is_not_retried(standin: OpenAIStandIn) -> None:
    standin.then(("quota",))
    emb = provider(standin)
    with pytest.raises(EmbeddingUnavailable, match="quota") as err:
        await emb.embed(["x"])
    assert err.value.permanent
    assert len(standin.received) == 1


@pytest.mark.parametrize("status", [400, 401, 403])
async def test_requests_that_cannot_succeed_are_not_retried(standin: OpenAIStandIn, status: int) -> None:
    standin.then(("status", status))
    with pytest.raises(EmbeddingUnavailable) as err:
        await provider(standin).embed(["x"])
    assert err.value.permanent
    assert len(standin.received) == 1


async def test_a_wrong_key_is_refused_once(standin: OpenAIStandIn) -> None:
    emb = OpenAIEmbeddings("sk-wrong", base_url=standin.url, timeout=2.0, max_attempts=3, backoff=0.01)
    with pytest.raises(EmbeddingUnavailable, match="401"):
        await emb.embed(["x"])
    assert len(standin.received) == 0  # refused before the handler counted it


async def test_server_errors_are_retried_with_backoff(standin: OpenAIStandIn) -> None:
    standin.then(("status", 500), ("status", 503))
    emb = provider(standin)
    assert len(await emb.embed(["x"])) == 1
    assert emb.calls == 3


async def test_a_server_that_keeps_failing_gives_up_with_a_transient_error(standin: OpenAIStandIn) -> None:
    standin.then(("status", 500), ("status", 500), ("status", 500), ("status", 500))
    with pytest.raises(EmbeddingUnavailable, match="after 3 attempts") as err:
        await provider(standin).embed(["x"])
    assert not err.value.permanent


async def test_a_slow_server_times_out_and_is_retried(standin: OpenAIStandIn) -> None:
    standin.then(("slow", 1.5))
    emb = provider(standin, timeout=0.5)
    started = time.monotonic()
    assert len(await emb.embed(["x"])) == 1
    assert time.monotonic() - started < 2.5
    assert emb.calls == 2


async def test_a_server_that_never_answers_in_time_fails_within_bounds(standin: OpenAIStandIn) -> None:
    standin.then(("slow", 2), ("slow", 2), ("slow", 2))
    emb = provider(standin, timeout=0.3, max_attempts=3)
    started = time.monotonic()
    with pytest.raises(EmbeddingUnavailable, match="APITimeoutError"):
        await emb.embed(["x"])
    assert time.monotonic() - started < 3
