"""CV intake as one call: bytes or pasted text in, a profile out (or a friendly refusal).

While a CV is processed its text is registered as sensitive, so no log line can carry it. The text itself
is not returned to callers that only need the profile, and nothing here stores it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.cv_profile import CvProfile, extract_profile
from services.cv_reading import CvReader, CvText
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
        with sensitive(cv.text):
            if self._llm is not None:
                profile = await self._llm.extract(cv.text, today=today)
            else:
                profile = extract_profile(cv.text, today=today)
        return CvResult(profile, cv.kind, cv.pages, len(cv.text))
