"""CV intake as one call: bytes or pasted text in, a profile out (or a friendly refusal).

While a CV is processed its text is registered as sensitive, so no log line can carry it. A failure of extraction
is logged by its type and place only (its message may quote the CV in pieces too short for the mask to know), and
the caller gets a friendly refusal that carries nothing of it. The text itself is not returned to callers that only
need the profile, and nothing here stores it.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from services.cv_profile import CvProfile, extract_profile
from services.cv_reading import CvReader, CvRejected, CvText
from services.errors import DomainError
from services.redaction import sensitive

if TYPE_CHECKING:
    from services.cv_llm import LlmCvExtractor


@dataclass(frozen=True, slots=True)
class CvResult:
    profile: CvProfile
    kind: str
    pages: int | None
    characters: int


class CvIntake:
    """Reading, then extraction: by rules, with the LLM merged in when one is configured."""

    def __init__(self, reader: CvReader, llm: LlmCvExtractor | None = None) -> None:
        self._reader = reader
        self._llm = llm

    async def warm_up(self) -> None:
        """Start the sandboxed reader processes ahead of the first CV."""
        await self._reader.warm_up()

    async def close(self) -> None:
        await self._reader.close()

    async def from_file(self, data: bytes, *, today: dt.date | None = None) -> CvResult:
        return await self._profile(await self._reader.read(data), today)

    async def from_text(self, text: str, *, today: dt.date | None = None) -> CvResult:
        return await self._profile(await self._reader.read_text(text), today)

    async def _profile(self, cv: CvText, today: dt.date | None) -> CvResult:
        failed = ""
        with sensitive(cv.text):
            try:
                if self._llm is not None:
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
