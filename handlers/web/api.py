"""The HTTP API, `/api/v1`, on the one aiohttp application: the matcher without Telegram, over the services the
bot uses.

Every request gets a request id (`X-Request-Id`, taken from the client when well-formed) that is in every log line
it causes and in every error. Errors have one shape: `{"error": {"type", "message", "request_id"}}`. Tokens
(`Authorization: Bearer jbt_...`, managed with `python -m bot api-token`) carry scopes; each token has its own
rate limit per minute (Redis, else memory), answered with 429 and `Retry-After`. CORS answers the configured
origins only. JSON bodies are limited to 64 KB, CV uploads to CV_MAX_MB.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import BodyPartReader, web
from loguru import logger
from pydantic import BaseModel, ValidationError
from redis.asyncio import Redis

from handlers.web import api_models as m
from handlers.web.openapi import Handler, Operation, docs_page, openapi_document
from locales import ENGLISH
from services.admin.api_tokens import ApiTokens, Scope, TokenInfo
from services.container import Services
from services.counters import Counters, limit_of
from services.cv.reading import CvRejected
from services.errors import DomainError
from services.search.query import simple_filters

JSON_LIMIT = 64 * 1024
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_DIGITS = re.compile(r"^[0-9]{1,19}$")  # ASCII digits only: str.isdigit() also takes superscripts
SERVICES = web.AppKey("api_services", Services)
TOKENS = web.AppKey("api_tokens", ApiTokens)
ORIGINS = web.AppKey("api_origins", frozenset)
REQUEST_ID = web.RequestKey("request_id", str)
TOKEN_ID = web.RequestKey("token_id", int)
TOKEN = web.RequestKey("token", TokenInfo)
SPEC = web.AppKey("api_spec", dict)
Model = TypeVar("Model", bound=BaseModel)


class ApiError(Exception):
    def __init__(self, status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.kind, self.message, self.headers = status, kind, message, headers or {}


class RateLimiter:
    """Requests per token per minute (minutes of the clock): a count per (token, minute) in Redis shared by every
    instance, else (and while Redis fails) memory (`services.counters`). `clock` is the time it sees (a test's
    own)."""

    def __init__(self, redis: Redis | None, per_minute: int, *, clock: Callable[[], float] = time.time) -> None:
        self._counters = Counters(redis)
        self._limit = limit_of("api-rate", per_minute, lives=120)  # two minutes: the minute it names, and then some
        self.per_minute = per_minute
        self._clock = clock

    async def hit(self, token_id: int) -> int | None:
        """None when allowed; else the seconds until the next minute."""
        now = self._clock()
        allowed = await self._counters.hit(self._limit, token_id, int(now // 60))
        return None if allowed else max(1, int(60 - now % 60))


LIMITER = web.AppKey("api_limiter", RateLimiter)


def _error(
    status: int, kind: str, message: str, request_id: str, headers: dict[str, str] | None = None
) -> web.Response:
    body = {"error": {"type": kind, "message": message, "request_id": request_id}}
    return web.json_response(body, status=status, headers={"X-Request-Id": request_id, **(headers or {})})


_HTTP_KINDS = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


@web.middleware
async def errors_and_ids(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The request id, the one error shape, CORS headers; nothing unexpected leaves as a traceback."""
    given = request.headers.get("X-Request-Id", "")
    request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    request[REQUEST_ID] = request_id
    origin = request.headers.get("Origin")
    allowed = origin is not None and origin in request.app[ORIGINS]
    started = time.perf_counter()
    with logger.contextualize(request_id=request_id):
        try:
            if request.method == "OPTIONS":
                response: web.StreamResponse = _preflight(request, allowed)
            else:
                response = await handler(request)
                response.headers["X-Request-Id"] = request_id
        except ApiError as exc:
            response = _error(exc.status, exc.kind, exc.message, request_id, exc.headers)
        except web.HTTPException as exc:
            kind = _HTTP_KINDS.get(exc.status, "error")
            response = _error(exc.status, kind, exc.reason, request_id)
        except Exception as exc:
            logger.opt(exception=exc).error("API {} {} failed: {}", request.method, request.path, type(exc).__name__)
            response = _error(500, "internal", "Something went wrong on our side.", request_id)
        token = request.get(TOKEN_ID)
        logger.info(
            "API {} {} {} in {:.0f} ms (token {})",
            request.method,
            request.path,
            response.status,
            (time.perf_counter() - started) * 1000,
            token if token is not None else "-",
        )
    if allowed:
        response.headers["Access-Control-Allow-Origin"] = str(origin)
        response.headers["Access-Control-Expose-Headers"] = "X-Request-Id, Retry-After"
        response.headers["Vary"] = "Origin"
    return response


def _preflight(request: web.Request, allowed: bool) -> web.Response:
    if not allowed:
        raise ApiError(403, "forbidden", "This origin may not call the API.")
    return web.Response(
        status=204,
        headers={
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Request-Id",
            "Access-Control-Max-Age": "600",
        },
    )


async def _authorise(request: web.Request, scope: Scope) -> TokenInfo:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise ApiError(
            401,
            "unauthorized",
            "An API token is required: Authorization: Bearer <token>.",
            {"WWW-Authenticate": "Bearer"},
        )
    token = await request.app[TOKENS].check(header[7:].strip())
    if token is None:
        raise ApiError(401, "unauthorized", "Unknown or revoked token.", {"WWW-Authenticate": "Bearer"})
    request[TOKEN_ID] = token.id
    request[TOKEN] = token
    if not token.allows(scope):
        raise ApiError(403, "forbidden", f"This token lacks the '{scope.value}' scope.")
    wait = await request.app[LIMITER].hit(token.id)
    if wait is not None:
        raise ApiError(
            429, "rate_limited", "Too many requests for this token; try again shortly.", {"Retry-After": str(wait)}
        )
    return token


def needs(scope: Scope) -> Callable[[Handler], Handler]:
    def wrap(handler: Handler) -> Handler:
        async def guarded(request: web.Request) -> web.StreamResponse:
            await _authorise(request, scope)
            return await handler(request)

        guarded.__name__ = handler.__name__
        return guarded

    return wrap


async def _json_body(request: web.Request, model: type[Model]) -> Model:
    if request.content_length is not None and request.content_length > JSON_LIMIT:
        raise ApiError(413, "too_large", f"The body is over {JSON_LIMIT // 1024} KB.")
    raw = await request.content.read(JSON_LIMIT + 1)
    if len(raw) > JSON_LIMIT:
        raise ApiError(413, "too_large", f"The body is over {JSON_LIMIT // 1024} KB.")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested deeper than Python parses
        raise ApiError(400, "invalid_request", "The body is not valid JSON.") from None
    return _validate(model, data)


def _validate(model: type[Model], data: Any) -> Model:
    try:
        return model.model_validate(data)
    except RecursionError:
        raise ApiError(400, "invalid_request", "body: nested too deeply") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "body"
        raise ApiError(400, "invalid_request", f"{where}: {first.get('msg', 'invalid')}") from None


def _ok(model: BaseModel) -> web.Response:
    return web.Response(text=model.model_dump_json(), content_type="application/json")


def _clean(text: str) -> str:
    """Text as PostgreSQL stores it: no NUL characters."""
    return text.replace("\x00", " ")


# ---------------------------------------------------------------------------------------------- endpoints
# Each answers with a model of `api_models` built from the service's DTO; its token and scope are checked before
# (`OPERATIONS`).
async def search(request: web.Request) -> web.StreamResponse:
    body = await _json_body(request, m.SearchRequest)
    f = body.filters
    filters = simple_filters(
        locations=[_clean(x) for x in f.locations],
        remote=f.remote,
        min_salary=f.min_salary,
        seniority=_clean(f.seniority or "") or None,
        services=[_clean(x) for x in f.services],
        employment=[_clean(x) for x in f.employment],
        posted_within_days=f.posted_within_days,
    )
    response = await request.app[SERVICES].search.search(_clean(body.query), filters, top=body.top)
    return _ok(m.SearchResponse.model_validate(response))


async def job(request: web.Request) -> web.StreamResponse:
    job_id = _path_id(request, "job_id")
    card = await request.app[SERVICES].jobs.card(job_id)
    if card is None:
        raise ApiError(404, "not_found", f"No job {job_id} on the board.")
    return _ok(m.Job.model_validate(card))


async def _cv_upload(request: web.Request) -> tuple[bytes, int | None]:
    """The `file` part of a multipart upload, and the optional `user_id` part."""
    if not request.content_type.startswith("multipart/"):
        raise ApiError(415, "unsupported_media_type", "Send the CV as multipart/form-data with a 'file' part.")
    limit = request.app[SERVICES].cv_max_bytes
    too_large = ApiError(413, "too_large", f"The CV is over {limit / 1024**2:g} MB.")
    if request.content_length is not None and request.content_length > limit + JSON_LIMIT:
        raise too_large
    data, user_id = b"", None
    try:
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.name == "file":
                chunks, size = [], 0
                while chunk := await part.read_chunk(256 * 1024):
                    size += len(chunk)
                    if size > limit:  # read no further than the limit
                        raise too_large
                    chunks.append(chunk)
                data = b"".join(chunks)
            elif part.name == "user_id":
                raw = (await part.text()).strip()
                if not _DIGITS.match(raw):
                    raise ApiError(400, "invalid_request", "user_id: must be a Telegram user id")
                user_id = int(raw)
    except ApiError:
        raise
    except Exception:  # aiohttp's multipart reader raises several kinds on malformed parts
        raise ApiError(400, "invalid_request", "The multipart body could not be read.") from None
    if not data:
        raise ApiError(400, "invalid_request", "file: a CV file is required")
    return data, user_id


async def cv_parse(request: web.Request) -> web.StreamResponse:
    data, _ = await _cv_upload(request)
    result = await request.app[SERVICES].cv.from_file(data, sender=f"token:{request[TOKEN].id}")
    return _ok(m.CvParseResponse.model_validate(result))


async def cv_match(request: web.Request) -> web.StreamResponse:
    """Nothing of the CV is kept, unless an `admin` token names a `user_id`, acting for that user: then, if the user
    has consented and is not banned, their profile is stored, as when they send the CV to the bot. A `user_id` from
    any other token is refused before anything is looked up, so the answer never tells whether an id exists."""
    data, user_id = await _cv_upload(request)
    if user_id is not None and not request[TOKEN].allows(Scope.ADMIN):
        raise ApiError(403, "forbidden", "user_id: acting for a user needs the 'admin' scope.")
    result, response, stored = await request.app[SERVICES].matching.for_caller(
        data, user_id, top=10, sender=f"token:{request[TOKEN].id}"
    )
    found = {"results": response.results, "took_ms": response.took_ms, "few_fit": response.few_fit}
    return _ok(m.CvMatchResponse.model_validate({"profile": result.profile, **found, "stored": stored}))


def _path_id(request: web.Request, name: str) -> int:
    raw = request.match_info[name]
    if not _DIGITS.match(raw) or len(raw) > 18:
        raise ApiError(404, "not_found", f"No such {name.replace('_', ' ')}.")
    return int(raw)


async def _user_or_404(request: web.Request) -> int:
    user_id = _path_id(request, "telegram_id")
    if await request.app[SERVICES].user_admin.user_card(user_id) is None:
        raise ApiError(404, "not_found", f"No user {user_id}.")
    return user_id


async def user(request: web.Request) -> web.StreamResponse:
    card = await request.app[SERVICES].user_admin.user_card(await _user_or_404(request))
    assert card is not None
    return _ok(m.User.model_validate(card))


async def saved(request: web.Request) -> web.StreamResponse:
    jobs = await request.app[SERVICES].saved.saved_jobs(await _user_or_404(request))
    return _ok(m.SavedJobs(jobs=jobs))


async def preferences(request: web.Request) -> web.StreamResponse:
    prefs = await request.app[SERVICES].preferences.preferences(await _user_or_404(request))
    return _ok(m.Preferences.model_validate(prefs))


async def stats(request: web.Request) -> web.StreamResponse:
    return _ok(m.Stats.model_validate((await request.app[SERVICES].stats.report()).as_dict()))


async def openapi(request: web.Request) -> web.StreamResponse:
    return web.json_response(request.app[SPEC])


async def docs(request: web.Request) -> web.StreamResponse:
    return web.Response(
        text=docs_page(request.app[SPEC]),
        content_type="text/html",
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )


OPERATIONS = (
    Operation("POST", "/search", search, Scope.READ, "Search jobs: a query and filters in, ranked jobs with their "
              "reasons out", m.SearchResponse, (400, 413, 503), body=m.SearchRequest),
    Operation("GET", "/jobs/{job_id}", job, Scope.READ, "A job with its parsed fields", m.Job, (404,)),
    Operation("POST", "/cv/parse", cv_parse, Scope.MATCH, "Read a CV into a profile (nothing is kept)",
              m.CvParseResponse, (400, 413, 415, 422), upload=True),
    Operation("POST", "/cv/match", cv_match, Scope.MATCH, "Read a CV and return the jobs that fit it",
              m.CvMatchResponse, (400, 413, 415, 422, 503), upload=True),
    Operation("GET", "/users/{telegram_id}", user, Scope.ADMIN, "What we hold about a user (never their CV)", m.User,
              (404,)),
    Operation("GET", "/users/{telegram_id}/saved-jobs", saved, Scope.ADMIN, "A user's saved jobs", m.SavedJobs,
              (404,)),
    Operation("GET", "/users/{telegram_id}/preferences", preferences, Scope.ADMIN, "A user's preferences",
              m.Preferences, (404,)),
    Operation("GET", "/stats", stats, Scope.ADMIN, "The numbers of /stats", m.Stats),
)  # fmt: skip
"""The endpoints, each behind a token with its scope; the OpenAPI description is generated from these."""


async def _domain_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except CvRejected as exc:
        raise ApiError(422, "cv_rejected", str(exc)) from None
    except DomainError as exc:
        raise ApiError(
            503 if exc.code in ("embedding_unavailable", "index_busy") else 400, exc.code, ENGLISH(f"error-{exc.code}")
        ) from None


def create_api_app(
    services: Services, tokens: ApiTokens, redis: Redis | None, *, per_minute: int, origins: frozenset[str]
) -> web.Application:
    """The `/api/v1` sub-application. Its body limit is the CV limit; JSON bodies are checked against 64 KB."""
    app = web.Application(
        client_max_size=services.cv_max_bytes + 64 * 1024, middlewares=[errors_and_ids, web.middleware(_domain_errors)]
    )
    app[SERVICES], app[TOKENS], app[ORIGINS] = services, tokens, origins
    app[LIMITER] = RateLimiter(redis, per_minute)
    app[SPEC] = openapi_document(OPERATIONS)
    routes = [(op.method, op.path, needs(op.scope)(op.handler)) for op in OPERATIONS]
    for method, path, handler in [*routes, ("GET", "/openapi.json", openapi), ("GET", "/docs", docs)]:
        app.router.add_route(method, path, handler)
        app.router.add_route("OPTIONS", path, handler)  # preflight: answered by the middleware
    return app
