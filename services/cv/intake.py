"""CV intake as one call: bytes or pasted text in, a profile out (or a friendly refusal).

A text that does not read like a CV at all (`services.cv.profile.cv_signal`: no dated role, no job title, no CV
vocabulary; a recipe, a shopping list) is refused before anything is extracted, so it can never become a profile.

While a CV is processed its text is registered as sensitive, so no log line can carry it. A failure of extraction
is logged by its type and place only (its message may quote the CV in pieces too short for the mask to know), and
the caller gets a friendly refusal that carries nothing of it. The text itself is not returned to callers that only
need the profile, and nothing here stores it.

Each sender (a bot user, an API token) has a daily quota of CVs read and of LLM extractions (`CvQuota`). Past the
first the CV is refused with a friendly "try again tomorrow"; past the second the rules read it alone.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from services.counters import Counters, limit_of
from services.cv.profile import CvProfile, CvVerdict, cv_signal, extract_profile
from services.cv.reading import CvReader, CvRejected, CvText
from services.errors import DomainError
from services.redaction import sensitive

if TYPE_CHECKING:
    from services.cv.llm import LlmCvExtractor


PASTED_MIN_CHARS = 60
PASTED_MIN_WORDS = 8
"""A typed message shorter than this is a search ("audit senior Leeds hybrid"), never a CV."""


def pasted_verdict(text: str) -> CvVerdict:
    """Whether a typed message is a CV pasted as text (read it), might be one (ask), or is a search."""
    if len(text.strip()) < PASTED_MIN_CHARS or len(text.split()) < PASTED_MIN_WORDS:
        return CvVerdict.NOT_CV
    return cv_signal(text).verdict


@dataclass(frozen=True, slots=True)
class CvResult:
    profile: CvProfile
    kind: str
    pages: int | None
    characters: int


@dataclass(frozen=True, slots=True)
class CvQuota:
    """CVs and LLM extractions a sender may have a day (UTC), counted in Redis across instances
    (`services.counters`)."""

    counters: Counters
    cvs_per_day: int = 20
    llm_per_day: int = 10

    async def take(self, what: str, sender: str, limit: int, *, today: dt.date | None = None) -> bool:
        """Count one; whether it is within `limit`. The count lives a little over a day."""
        day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
        return await self.counters.hit(limit_of("cv-quota", limit, lives=26 * 3600), what, sender, day)


class CvIntake:
    """Reading, then extraction: by rules, with the LLM merged in when one is configured."""

    def __init__(self, reader: CvReader, llm: LlmCvExtractor | None = None, quota: CvQuota | None = None) -> None:
        self._reader = reader
        self._llm = llm
        self._quota = quota

    async def warm_up(self) -> None:
        """Start the sandboxed reader processes ahead of the first CV."""
        await self._reader.warm_up()

    async def close(self) -> None:
        await self._reader.close()

    async def from_file(self, data: bytes, *, sender: str | None = None, today: dt.date | None = None) -> CvResult:
        """`sender` ("user:42", "token:7") is counted against the daily quota; None (the command line): no quota."""
        await self._admit(sender)
        return await self._profile(await self._reader.read(data), today, sender)

    async def from_text(self, text: str, *, sender: str | None = None, today: dt.date | None = None) -> CvResult:
        await self._admit(sender)
        return await self._profile(await self._reader.read_text(text), today, sender)

    async def _admit(self, sender: str | None) -> None:
        if self._quota is not None and sender is not None:
            limit = self._quota.cvs_per_day
            if not await self._quota.take("cv", sender, limit):
                raise CvRejected("too_many_today", limit=limit)

    async def _llm_allowed(self, sender: str | None) -> bool:
        if self._llm is None:
            return False
        if self._quota is None or sender is None:
            return True
        if await self._quota.take("llm", sender, self._quota.llm_per_day):
            return True
        logger.info("CV read by the rules alone: this sender's LLM extractions for today are used up")
        return False

    async def _profile(self, cv: CvText, today: dt.date | None, sender: str | None = None) -> CvResult:
        if cv_signal(cv.text).verdict is CvVerdict.NOT_CV:  # no dated role, no job named, no CV vocabulary
            logger.info("CV refused: it does not read like a CV ({} characters)", len(cv.text))
            raise CvRejected("not_a_cv")
        failed = ""
        use_llm = await self._llm_allowed(sender)
        with sensitive(cv.text):
            try:
                if self._llm is not None and use_llm:
                    profile = await self._llm.extract(cv.text, today=today)
                else:
                    profile = extract_profile(cv.text, today=today)
            except DomainError:
                raise
            except Exception as exc:  # any failure of extraction ends here, whatever it is
                # Its message and traceback may quote the CV (a validation error's input, a complaint about a line)
                # in pieces too short for the mask to know: only its type and place go on, and the refusal raised
                # below, outside this handler, carries no trace of it.
                frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
                failed = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}" if frame else "?"
        if failed:
            logger.error("CV extraction failed: {} (its message is not logged: it may quote the CV)", failed)
            raise CvRejected("not_understood")
        return CvResult(profile, cv.kind, cv.pages, len(cv.text))
