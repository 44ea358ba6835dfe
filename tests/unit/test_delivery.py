"""Bulk sending's rules without Telegram: the even pace, 429s waited out in full, 403 final; the HTML check."""

from __future__ import annotations

import itertools
import time

import pytest

from services.broadcast import BroadcastInvalid, check_text
from services.delivery import MAX_RETRIES, Content, Outcome, Pace, RetryAfter, SendFailed, Unreachable, send_one


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


async def test_endless_429s_give_up_after_the_retries() -> None:
    send = Script(*[RetryAfter(0.001)] * (MAX_RETRIES + 5))
    outcome, reason = await send_one(send, Pace(1000), 1, Content("hi"))
    assert outcome is Outcome.FAILED and "rate limited" in str(reason)
    assert len(send.calls) == MAX_RETRIES + 1


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
