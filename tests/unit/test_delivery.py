"""Bulk sending's rules without Telegram: the even pace, 429s waited out in full with no cap, 5xx and network
errors retried with backoff then handed back, 403 and 400 final; the HTML check."""

from __future__ import annotations

import itertools
import time

import pytest

from services.delivery.broadcasts import BroadcastInvalid, check_text
from services.delivery.pace import (
    TRANSIENT_TRIES,
    Content,
    Outcome,
    Pace,
    RetryAfter,
    SendFailed,
    Transient,
    Unreachable,
    send_one,
)


class Script:
    """A send that answers from a script: an exception to raise, or None for delivered."""

    def __init__(self, *answers: Exception | None) -> None:
        self.answers = list(answers)
        self.calls: list[float] = []

    async def __call__(self, user_id: int, content: Content) -> None:
        self.calls.append(time.monotonic())
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer


async def test_the_pace_spaces_sends_evenly() -> None:
    pace, times = Pace(200), []
    for _ in range(21):
        await pace.wait_turn()
        times.append(time.monotonic())
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= pace.interval * 0.9
    assert times[-1] - times[0] >= 20 * pace.interval * 0.95


async def test_a_429_is_waited_out_in_full_then_retried() -> None:
    send = Script(RetryAfter(0.2), RetryAfter(0.1), None)
    outcome = await send_one(send, Pace(1000), 1, Content("hi"))
    assert outcome == (Outcome.SENT, None)
    assert len(send.calls) == 3
    assert send.calls[1] - send.calls[0] >= 0.2 and send.calls[2] - send.calls[1] >= 0.1


async def test_a_403_is_final_and_other_refusals_fail() -> None:
    blocked = Script(Unreachable("Forbidden: bot was blocked by the user"))
    assert await send_one(blocked, Pace(1000), 1, Content("hi")) == (
        Outcome.BLOCKED, "Forbidden: bot was blocked by the user")  # fmt: skip
    assert len(blocked.calls) == 1
    failed = Script(SendFailed("Bad Request: chat not found"))
    assert (await send_one(failed, Pace(1000), 1, Content("hi")))[0] is Outcome.FAILED


async def test_a_long_run_of_429s_never_fails_a_reachable_user() -> None:
    send = Script(*[RetryAfter(0.001)] * 40)  # far longer than any retry cap the old code had (5)
    assert await send_one(send, Pace(1000), 1, Content("hi")) == (Outcome.SENT, None)
    assert len(send.calls) == 41


async def test_server_and_network_errors_are_retried_with_backoff_then_handed_back() -> None:
    flaky = Script(Transient("TelegramServerError"), Transient("TelegramNetworkError"), None)
    assert await send_one(flaky, Pace(1000), 1, Content("hi")) == (Outcome.SENT, None)
    assert flaky.calls[1] - flaky.calls[0] >= 1.0 and flaky.calls[2] - flaky.calls[1] >= 2.0  # 1 s, then 2 s
    down = Script(*[Transient("TelegramServerError")] * 10)
    outcome, _ = await send_one(down, Pace(1000), 1, Content("hi"), stopping=lambda: len(down.calls) >= 1)
    assert outcome is Outcome.RETRY and len(down.calls) == 1  # a stop hands it back, never FAILED


async def test_a_copy_that_keeps_meeting_errors_comes_back_as_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:  # the backoff is counted, not slept
        waits.append(seconds)

    monkeypatch.setattr("services.delivery.pace.asyncio.sleep", no_wait)
    down = Script(*[Transient("TelegramServerError")] * 10)
    outcome, reason = await send_one(down, Pace(1e6), 1, Content("hi"))
    assert (outcome, reason) == (Outcome.RETRY, "TelegramServerError")
    assert len(down.calls) == TRANSIENT_TRIES and waits == [1, 2, 4]


@pytest.mark.parametrize(
    ("text", "photo", "problem"),
    [
        ("<b>open", False, "unclosed tag"),
        ("<div>x</div>", False, "Unsupported start tag"),
        ("fish & chips", False, "unescaped '&'"),
        ("   ", False, "empty"),
        ("x" * 4097, False, "at most 4096"),
        ("x" * 1025, True, "at most 1024"),
    ],
)
def test_the_broadcast_text_is_checked_as_telegram_would(text: str, photo: bool, problem: str) -> None:
    with pytest.raises(BroadcastInvalid) as caught:
        check_text(text, with_photo=photo)
    assert problem in caught.value.params["problem"]


def test_good_html_and_an_empty_caption_pass() -> None:
    assert check_text('<b>New</b> <a href="https://example.com">jobs</a> &amp; more', with_photo=False)
    assert check_text("", with_photo=True) == ""
