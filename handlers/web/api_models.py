"""The HTTP API's requests and responses. The handlers validate and serialise with these models, and the OpenAPI
description is generated from them, so the two cannot drift apart.

The responses are derived from the services' DTOs (`fields_of`): each takes the DTO's fields with their types and
defaults, in order, and names only what the API shows differently (a label for a number, a rendered reason, a
field left out); built `from_attributes`, so a handler passes the DTO itself (`Job.model_validate(card)`). A field
the DTO gains appears here too, unless it is dropped."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from typing import Annotated, Any, Literal, get_type_hints

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, create_model

from locales import ENGLISH
from services.accounts.preferences import Preferences as PreferencesDto
from services.accounts.saved import SavedJobView
from services.admin.stats import Stats as StatsDto
from services.admin.users import UserCard
from services.cv.intake import CvResult
from services.jobs.cards import JobCard
from services.jobs.taxonomy import Seniority
from services.search.job_search import Reason, SearchResult, unique_texts
from services.search.job_search import SearchResponse as SearchResponseDto


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Response(BaseModel):
    """A response built from a service's DTO: `Model.model_validate(dto)`."""

    model_config = ConfigDict(extra="forbid", from_attributes=True, json_schema_serialization_defaults_required=True)


def fields_of(
    dto: type, *, drop: Collection[str] = (), describe: Mapping[str, str] | None = None, **changes: Any
) -> dict[str, Any]:
    """The fields of the dataclass `dto` as `create_model` takes them: name -> (type, FieldInfo), with the DTO's
    types and defaults, in its order, less `drop`; `describe` gives fields the API's description. `changes` gives a
    field another (type, FieldInfo); a field read from another attribute (`validation_alias`) takes that
    attribute's place; any other name the DTO lacks is added right after the field named before it in `changes`."""
    hints, describe = get_type_hints(dto, include_extras=True), describe or {}
    out: dict[str, Any] = {}
    for f in dataclasses.fields(dto):
        if f.name in drop:
            continue
        default: dict[str, Any] = {}
        if f.default is not dataclasses.MISSING:
            default["default"] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default["default_factory"] = f.default_factory
        out[f.name] = (hints[f.name], Field(description=describe.get(f.name), **default))
    previous = None
    for name, spec in changes.items():
        source = getattr(spec[1], "validation_alias", None)
        if name in out:
            out[name] = spec
        elif isinstance(source, str) and source in out:  # renamed: in the place of the field it reads
            out = {name if key == source else key: spec if key == source else value for key, value in out.items()}
        else:
            items = list(out.items())
            at = list(out).index(previous) + 1 if previous is not None else 0
            out = dict([*items[:at], (name, spec), *items[at:]])
        previous = name
    return out


def _texts(reasons: Iterable[Reason]) -> list[str]:
    """Reasons as English sentences, each text once."""
    return unique_texts(list(reasons), ENGLISH.reason)


def _rounded(digits: int) -> AfterValidator:
    return AfterValidator(lambda value: round(value, digits))


def _level(value: int | None) -> str | None:
    return Seniority(value).name.lower() if value is not None else None


# ---------------------------------------------------------------------------------------------- requests
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


# ---------------------------------------------------------------------------------------------- responses
JobResult = create_model(
    "JobResult",
    __base__=Response,
    **fields_of(
        SearchResult,
        score=(Annotated[float, _rounded(4)], ...),
        reasons=(
            Annotated[list[str], BeforeValidator(_texts)],
            Field(description="Why it fits, and what is missing or uncertain (each text once)."),
        ),
        to_check=(
            Annotated[list[str], BeforeValidator(_texts)],
            Field(
                default_factory=list,
                description="The reasons that are facts to check, not reasons why it fits: no salary stated, a "
                "qualification asked for, another place or level, posted before the window asked, pay below the wish.",
            ),
        ),
    ),
)

_FOUND = fields_of(
    SearchResponseDto,
    drop=("filters", "query_text", "wanted", "keywords_only"),
    describe={
        "few_fit": "True when nothing fits well: the best result scores under the calibrated threshold (a query) or "
        "the CV is weak for this board; the results are the closest there are, not matches.",
        "understood": "What was searched when the query was read differently from how it was typed (Russian "
        "translated, a misspelling corrected), e.g. 'accountant Manchester' for 'acountant manchestr'.",
        "off_topic": "The query names nothing this board holds (no role, finance word or filter).",
        "not_here": "Places named in the query where no result is: the results are elsewhere.",
        "outside": "Of those, places the board covers no jobs in (it lists UK and Armenian ads).",
    },
    results=(list[JobResult], ...),
    took_ms=(Annotated[float, _rounded(1)], ...),
)
SearchResponse = create_model("SearchResponse", __base__=Response, **_FOUND)

Job = create_model(
    "Job",
    __base__=Response,
    **fields_of(JobCard, seniority=(Annotated[str | None, BeforeValidator(_level)], ...)),
)

_READ = fields_of(CvResult, drop=("pages", "characters"), describe={"kind": "pdf, docx, odt, rtf or text"})
CvParseResponse = create_model("CvParseResponse", __base__=Response, **_READ)

CvMatchResponse = create_model(
    "CvMatchResponse",
    __base__=Response,
    profile=_READ["profile"],
    **{name: _FOUND[name] for name in ("results", "took_ms", "few_fit")},
    stored=(
        bool,
        Field(
            description="Whether the profile was kept (an admin token gave a user_id, and that user consented and is "
            "not banned)."
        ),
    ),
)

User = create_model(
    "User",
    __base__=Response,
    **fields_of(
        UserCard,
        drop=("cv_updated_at",),
        banned=(bool, Field(validation_alias="is_banned")),
        blocked_bot=(bool, Field(validation_alias="is_blocked")),
    ),
)

SavedJob = create_model("SavedJob", __base__=Response, **fields_of(SavedJobView))


class SavedJobs(Response):
    jobs: list[SavedJob]


Preferences = create_model(
    "Preferences",
    __base__=Response,
    **fields_of(
        PreferencesDto,
        filters=(Annotated[dict[str, Any], BeforeValidator(lambda filters: filters.as_dict())], ...),
    ),
)

Stats = create_model(
    "Stats",
    __doc__="The numbers of `/stats` (see `python -m bot stats --json`).",
    **fields_of(
        StatsDto,
        # As `Stats.as_dict()` gives them (which `model_validate` reads): times as ISO 8601 strings.
        tasks=(list[dict[str, Any]], ...),
        broadcast=(dict[str, Any] | None, ...),
    ),
)


class ErrorBody(Strict):
    type: str = Field(description="unauthorized, forbidden, not_found, invalid_request, too_large, rate_limited, ...")
    message: str
    request_id: str


class Error(Strict):
    error: ErrorBody
