"""One job as the bot shows it: the index's parsed facts and the board's own words, read together."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from db.uow import UnitOfWorkFactory
from services.jobs.fields import place_text
from services.jobs.salary_estimate import Estimate, PayFacts, SalaryEstimates

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class JobCard:
    job_id: int
    title: str
    firm: str
    firm_ranking: int | None
    location: str
    """As the board states it ('Leeds / Remote'); the parsed places when the board gives none."""
    work_mode: str
    salary: str | None
    """As stated on the board; None when the ad states none."""
    seniority: int | None
    service: str | None
    qualifications: tuple[str, ...]
    software: tuple[str, ...]
    employment: tuple[str, ...]
    posted_on: dt.date
    link: str | None
    summary: str
    """The start of the description, as plain text."""
    ad_status: tuple[str, ...] = ()
    """What the ad says of qualification status (`services.jobs.qualification_status`): qualified, part_qualified,
    qbe, study_support, training_contract."""
    ad_sectors: tuple[str, ...] = ()
    """The sector experience the ad asks (`services.jobs.sectors.AdSectors.as_list`: "health", "charity?")."""
    ad_languages: tuple[str, ...] = ()
    """The languages the ad asks, English aside (`services.jobs.languages.AdLanguages.as_list`: "Armenian")."""
    salary_estimate: Estimate | None = None
    """For an ad that states no salary: the board's going rate for comparable jobs (`services.jobs.salary_estimate`),
    shown as an estimate, never as the employer's figure."""

    @property
    def place(self) -> str:
        """The location less its work-mode words ('Leeds / Hybrid' -> 'Leeds'): the card shows the mode once, beside
        it; empty for a job that names no place ('Remote')."""
        return place_text(self.location)


def plain_summary(description: str, limit: int = 400) -> str:
    text = _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", description))).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


LABEL_LIMIT = 40
"""The most characters of a job title on a button (Telegram shows about this many on a phone)."""


def short_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """`text` whole when it fits, else cut at the last word boundary within `limit` with an ellipsis
    ("Senior Audit Manager - Financial…", never "Senior Audit Manager - Financial Servic")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head and text[limit - 1] != " " else head
    return cut.rstrip(" -–—,;:/|(") + "…"


class JobCards:
    def __init__(self, uow: UnitOfWorkFactory, model: str, estimates: SalaryEstimates | None = None) -> None:
        self._uow = uow
        self._model = model
        self._estimates = estimates

    async def card(self, job_id: int) -> JobCard | None:
        """The job, or None when it has left the board (or was never there)."""
        async with self._uow() as work:
            facts = await work.job_index.facts(self._model, job_id)
            if facts is None:
                return None
            board = await work.board.jobs([job_id])
        if not board:
            return None
        job = board[0]
        link = job.link if job.link.startswith(("https://", "http://")) else None
        salary = job.salary.strip() if facts.salary_stated and job.salary.strip() else None
        estimate = None
        if salary is None and not facts.salary_stated and self._estimates is not None:
            estimate = await self._estimates.estimate_for(PayFacts.of(facts))
        return JobCard(
            job_id=job_id,
            title=job.title,
            firm=job.firm_name,
            firm_ranking=job.firm_ranking,
            location=job.location.strip() or ", ".join(facts.places) or (facts.region or ""),
            work_mode=facts.work_mode,
            salary=salary,
            seniority=facts.seniority,
            service=facts.service,
            qualifications=tuple(facts.qualifications or ()),
            software=tuple(facts.software or ()),
            employment=tuple(facts.employment or ()),
            posted_on=facts.posted_on,
            link=link,
            summary=plain_summary(job.description),
            ad_status=tuple(facts.ad_status or ()),
            ad_sectors=tuple(facts.ad_sectors or ()),
            ad_languages=tuple(facts.ad_languages or ()),
            salary_estimate=estimate,
        )
