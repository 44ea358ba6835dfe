"""The HTTP API's requests and responses. The handlers validate and serialise with these models, and the OpenAPI
description is generated from them, so the two cannot drift apart."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.cv_profile import CvProfile


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Filters(Strict):
    locations: list[str] = Field(default_factory=list, max_length=10, description="Towns or regions ('Leeds').")
    remote: Literal["remote", "hybrid", "hybrid_only"] | None = Field(
        None, description="remote only, hybrid or remote, or hybrid only"
    )
    min_salary: int | None = Field(None, ge=0, le=1_000_000, description="Annual, in pounds.")
    seniority: str | None = Field(None, max_length=40, description="A level word: trainee ... partner.")
    services: list[str] = Field(default_factory=list, max_length=10, description="audit, tax, payroll ...")
    employment: list[str] = Field(default_factory=list, max_length=5, description="permanent, contract ...")
    posted_within_days: int | None = Field(None, ge=1, le=365)


class SearchRequest(Strict):
    query: str = Field(min_length=1, max_length=500, description="Free text: 'audit senior Leeds hybrid 50k'.")
    filters: Filters = Field(default_factory=Filters)
    top: int = Field(10, ge=1, le=50)


class JobResult(Strict):
    job_id: int
    title: str
    firm: str
    score: float
    reasons: list[str] = Field(description="Why it fits, and what is missing or uncertain (each text once).")
    to_check: list[str] = Field(
        default_factory=list,
        description="The reasons that are facts to check, not reasons why it fits: no salary stated, a qualification "
        "asked for, another place or level, posted before the window asked, pay below the wish.",
    )
    location: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None


class SearchResponse(Strict):
    results: list[JobResult]
    took_ms: float
    few_fit: bool = Field(
        description="True when nothing fits well: the best result scores under the calibrated threshold (a query) "
        "or the CV is weak for this board; the results are the closest there are, not matches."
    )
    understood: str | None = Field(
        default=None,
        description="What was searched when the query was read differently from how it was typed (Russian "
        "translated, a misspelling corrected), e.g. 'accountant Manchester' for 'acountant manchestr'.",
    )
    off_topic: bool = Field(
        default=False, description="The query names nothing this board holds (no role, finance word or filter)."
    )
    not_here: list[str] = Field(
        default_factory=list, description="Places named in the query where no result is: the results are elsewhere."
    )
    outside: list[str] = Field(
        default_factory=list, description="Of those, places the board covers no jobs in (it lists UK and Armenian ads)."
    )


class Job(Strict):
    job_id: int
    title: str
    firm: str
    firm_ranking: int | None
    location: str
    work_mode: str
    salary: str | None
    seniority: str | None
    service: str | None
    qualifications: list[str]
    software: list[str]
    employment: list[str]
    posted_on: dt.date
    link: str | None
    summary: str


class CvParseResponse(Strict):
    profile: CvProfile
    kind: str = Field(description="pdf, docx, odt, rtf or text")


class CvMatchResponse(Strict):
    profile: CvProfile
    results: list[JobResult]
    took_ms: float
    few_fit: bool
    stored: bool = Field(
        description="Whether the profile was kept (an admin token gave a user_id, and that user consented and is not "
        "banned)."
    )


class User(Strict):
    telegram_id: int
    username: str | None
    name: str
    language: str
    created_at: dt.datetime
    last_active_at: dt.datetime
    consented: bool
    banned: bool
    blocked_bot: bool
    has_cv: bool
    alert_frequency: str
    searches: int
    saved_jobs: int


class SavedJob(Strict):
    job_id: int
    title: str
    firm: str
    closed: bool


class SavedJobs(Strict):
    jobs: list[SavedJob]


class Preferences(Strict):
    filters: dict[str, Any]
    alert_frequency: str
    language: str | None
    timezone: str | None


class Stats(BaseModel):
    """The numbers of `/stats` (see `python -m bot stats --json`)."""

    at: dt.datetime
    users: dict[str, int]
    cvs_processed: dict[str, int]
    searches: dict[str, int]
    saved_jobs: int
    alerts_sent: dict[str, int]
    jobs: dict[str, int]
    errors_24h: int
    tasks: list[dict[str, Any]]
    broadcast: dict[str, Any] | None


class ErrorBody(Strict):
    type: str = Field(description="unauthorized, forbidden, not_found, invalid_request, too_large, rate_limited, ...")
    message: str
    request_id: str


class Error(Strict):
    error: ErrorBody
