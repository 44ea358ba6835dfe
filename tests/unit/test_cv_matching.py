"""CV intake's size rules, in the service and without Telegram: the one limit (`CV_MAX_MB`) refuses a file by its
stated size before any download, and a host's refusal of a file for its size (`FileTooLarge`) is the same refusal,
as just over Telegram's 20 MB."""

from __future__ import annotations

from typing import Any, cast

import pytest

from services.cv.matching import CvFile, CvMatching, FileTooLarge
from services.cv.reading import CvRejected

MB = 1024**2


class Intake:
    """A CV reader that keeps what it was given and refuses it (so the use case stops before the database)."""

    def __init__(self) -> None:
        self.read: list[bytes] = []

    async def from_file(self, data: bytes, *, sender: str | None = None) -> Any:
        self.read.append(data)
        raise CvRejected("empty")


class Download:
    def __init__(self, answer: bytes | Exception) -> None:
        self.answer, self.calls = answer, 0

    async def __call__(self) -> bytes:
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def matching(intake: Intake) -> CvMatching:
    return CvMatching(cast(Any, None), cast(Any, intake), *[cast(Any, None)] * 4, max_bytes=10 * MB)


async def test_a_file_stated_over_the_limit_is_refused_before_it_is_fetched() -> None:
    download, intake = Download(b"%PDF"), Intake()
    with pytest.raises(CvRejected) as refused:
        await matching(intake).run(1, file=CvFile(15 * MB, download))
    assert (refused.value.code, refused.value.params) == ("too_large", {"size_mb": 15.0, "limit_mb": 10.0})
    assert download.calls == 0 and intake.read == []


async def test_a_file_the_host_refuses_for_its_size_is_too_large_as_over_telegrams_cap() -> None:
    intake = Intake()
    with pytest.raises(CvRejected) as refused:
        await matching(intake).run(1, file=CvFile(None, Download(FileTooLarge())))
    assert refused.value.code == "too_large"
    assert refused.value.params == {"size_mb": pytest.approx(20.1), "limit_mb": 10.0}
    assert intake.read == []


async def test_a_file_within_the_limit_is_fetched_and_read() -> None:
    download, intake = Download(b"%PDF-1.4 a CV"), Intake()
    with pytest.raises(CvRejected, match="empty"):  # the stand-in reader's own refusal
        await matching(intake).run(1, file=CvFile(10 * MB, download))
    assert download.calls == 1 and intake.read == [b"%PDF-1.4 a CV"]


async def test_other_download_errors_are_not_turned_into_a_refusal() -> None:
    with pytest.raises(ConnectionError):
        await matching(Intake()).run(1, file=CvFile(None, Download(ConnectionError("reset"))))
