"""The HTTP API over real HTTP, on the demo board indexed by the offline model: every endpoint with a good token,
a missing or wrong token, the wrong scope, the rate limit, oversized and malformed bodies, CORS, request ids; and
Schemathesis against the served OpenAPI description."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from loguru import logger
from multidict import CIMultiDict
from redis.asyncio import Redis

from handlers.web.api import RateLimiter
from services.admin.api_tokens import ApiTokens, Scope
from tests.support.pg import create_database, drop_database, with_database
from tests.support.webapp import Site, add_users, serve

CV_TEXT = """Jane Example
Audit Senior, Leeds
ACA qualified with 4 years of external audit.
Experience
Audit Senior, Example & Co LLP, Leeds, 2021 - Present
Skills: CaseWare, Excel, FRS 102
"""
ORIGIN = "https://jobs.example.com"


@pytest.fixture(scope="module")
async def db(pg_root_url: str, e2e_template: str) -> AsyncIterator[str]:
    name = await create_database(pg_root_url, template=e2e_template)
    yield with_database(pg_root_url, name)
    await drop_database(pg_root_url, name)


@pytest.fixture(scope="module")
async def site(db: str, redis_url: str) -> AsyncIterator[Site]:
    async with serve(db, redis_url, api_rate_per_minute=1000, cors_origins=ORIGIN, cv_max_mb=0.5) as served:
        yield served


@pytest.fixture(scope="module")
async def tokens(site: Site) -> dict[str, str]:
    api = ApiTokens(site.runtime.uow)
    out = {}
    for scope in Scope:
        out[scope.value], _ = await api.create(f"test {scope.value}", {scope})
    return out


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _call(method: str, url: str, **kwargs: object) -> tuple[int, dict, CIMultiDict[str]]:
    async with aiohttp.ClientSession() as http, http.request(method, url, **kwargs) as resp:  # type: ignore[arg-type]
        body = await resp.json(content_type=None) if resp.status != 204 else {}
        return resp.status, body, CIMultiDict(resp.headers)


def _cv_form(data: bytes, name: str = "cv.txt", user_id: int | None = None) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("file", data, filename=name, content_type="application/octet-stream")
    if user_id is not None:
        form.add_field("user_id", str(user_id))
    return form


async def test_search_and_jobs(site: Site, tokens: dict[str, str]) -> None:
    base = f"{site.base}/api/v1"
    query = {"query": "audit manager", "filters": {"locations": ["London"]}, "top": 5}
    status, body, headers = await _call("POST", f"{base}/search", json=query, headers=_auth(tokens["read"]))
    assert status == 200, body
    assert 0 < len(body["results"]) <= 5 and body["results"][0]["reasons"]
    assert len(headers["X-Request-Id"]) == 32
    job_id = body["results"][0]["job_id"]
    status, job, _ = await _call("GET", f"{base}/jobs/{job_id}", headers=_auth(tokens["read"]))
    assert status == 200 and job["job_id"] == job_id and job["title"] == body["results"][0]["title"]
    assert {"salary", "seniority", "qualifications", "posted_on", "summary"} <= set(job)
    status, missing, headers = await _call("GET", f"{base}/jobs/987654321", headers=_auth(tokens["admin"]))
    assert status == 404 and missing["error"]["type"] == "not_found"
    assert missing["error"]["request_id"] == headers["X-Request-Id"]


async def test_cv_match_acts_for_a_user_only_with_an_admin_token_and_consent(
    site: Site, tokens: dict[str, str]
) -> None:
    base = f"{site.base}/api/v1"
    status, parsed, _ = await _call("POST", f"{base}/cv/parse", data=_cv_form(CV_TEXT.encode()),
                                    headers=_auth(tokens["match"]))  # fmt: skip
    assert status == 200, parsed
    assert parsed["profile"]["role_family"] == "audit" and parsed["kind"] == "text"
    await add_users(site.runtime, 8101, 8102, 8103)
    for consenting in (8102, 8103):
        await site.services.users.give_consent(consenting)
    await site.services.user_admin.set_banned(8103, True)
    # A `match` token may not act for a user: refused alike for a consenting user and for an id that does not exist,
    # so the answer tells nothing about who is there, and nothing is stored.
    refusals = []
    for user in (8102, 8199):
        status, body, _ = await _call("POST", f"{base}/cv/match", data=_cv_form(CV_TEXT.encode(), user_id=user),
                                      headers=_auth(tokens["match"]))  # fmt: skip
        refusals.append((status, body["error"]["type"], body["error"]["message"]))
    assert refusals[0] == refusals[1] == (403, "forbidden", "user_id: acting for a user needs the 'admin' scope.")
    assert await site.services.profiles.profile(8102) is None
    # Without a user, or acting with an admin's token: kept only for a consenting user who is not banned.
    for user, token, kept in ((None, "match", False), (8101, "admin", False), (8103, "admin", False),
                              (8102, "admin", True)):  # fmt: skip
        status, matched, _ = await _call("POST", f"{base}/cv/match", data=_cv_form(CV_TEXT.encode(), user_id=user),
                                         headers=_auth(tokens[token]))  # fmt: skip
        assert status == 200, matched
        assert matched["stored"] is kept and matched["results"]
    assert await site.services.profiles.profile(8101) is None  # no consent: nothing kept
    assert await site.services.profiles.profile(8103) is None  # banned: nothing kept
    assert await site.services.profiles.profile(8102) is not None
    status, refused, _ = await _call("POST", f"{base}/cv/parse", data=_cv_form(b"\x00" * 10, "x.bin"),
                                     headers=_auth(tokens["match"]))  # fmt: skip
    assert status == 422 and refused["error"]["type"] == "cv_rejected"


async def test_admin_endpoints(site: Site, tokens: dict[str, str]) -> None:
    base = f"{site.base}/api/v1"
    await add_users(site.runtime, 8201)
    for path in ("users/8201", "users/8201/saved-jobs", "users/8201/preferences", "stats"):
        status, body, _ = await _call("GET", f"{base}/{path}", headers=_auth(tokens["admin"]))
        assert status == 200, (path, body)
    status, body, _ = await _call("GET", f"{base}/users/8201", headers=_auth(tokens["admin"]))
    assert body["telegram_id"] == 8201 and body["has_cv"] is False
    status, body, _ = await _call("GET", f"{base}/users/8299", headers=_auth(tokens["admin"]))
    assert status == 404
    status, stats, _ = await _call("GET", f"{base}/stats", headers=_auth(tokens["admin"]))
    assert stats["jobs"]["indexed"] == 300


async def test_tokens_and_scopes(site: Site, tokens: dict[str, str]) -> None:
    base = f"{site.base}/api/v1"
    query = {"query": "tax"}
    status, body, headers = await _call("POST", f"{base}/search", json=query)
    assert status == 401 and body["error"]["type"] == "unauthorized" and headers["WWW-Authenticate"] == "Bearer"
    status, _, _ = await _call("POST", f"{base}/search", json=query, headers=_auth("jbt_not-a-real-token"))
    assert status == 401
    status, body, _ = await _call("GET", f"{base}/stats", headers=_auth(tokens["read"]))
    assert status == 403 and "admin" in body["error"]["message"]
    status, _, _ = await _call("POST", f"{base}/cv/parse", data=_cv_form(b"x"), headers=_auth(tokens["read"]))
    assert status == 403
    api = ApiTokens(site.runtime.uow)
    secret, info = await api.create("short-lived", {Scope.READ})
    assert (await _call("POST", f"{base}/search", json=query, headers=_auth(secret)))[0] == 200
    assert await api.revoke(info.id)
    assert (await _call("POST", f"{base}/search", json=query, headers=_auth(secret)))[0] == 401
    listed = {t.id: t for t in await api.list()}
    assert listed[info.id].revoked and listed[info.id].last_used_at is not None


async def test_the_rate_limit_is_per_token(db: str, redis_url: str) -> None:
    if time.time() % 60 > 45:  # the limit counts per minute: start this over HTTP well inside one
        await asyncio.sleep(61 - time.time() % 60)
    async with serve(db, redis_url, api_rate_per_minute=3) as small:
        api = ApiTokens(small.runtime.uow)
        first, _ = await api.create("a", {Scope.READ})
        second, _ = await api.create("b", {Scope.READ})
        url = f"{small.base}/api/v1/jobs/1"
        answers = [(await _call("GET", url, headers=_auth(first)))[0] for _ in range(4)]
        assert answers == [200, 200, 200, 429]  # three answers, then the limit
        status, body, headers = await _call("GET", url, headers=_auth(first))
        assert status == 429 and body["error"]["type"] == "rate_limited" and 1 <= int(headers["Retry-After"]) <= 60
        assert (await _call("GET", url, headers=_auth(second)))[0] != 429


async def test_bad_bodies_are_refused_with_the_one_error_shape(site: Site, tokens: dict[str, str]) -> None:
    base, auth = f"{site.base}/api/v1", _auth(tokens["admin"])
    cases = [
        ({"data": "{not json", "headers": {**auth, "Content-Type": "application/json"}}, 400, "invalid_request"),
        ({"json": {"query": ""}}, 400, "invalid_request"),
        ({"json": {"query": "tax", "top": 0}}, 400, "invalid_request"),
        ({"json": {"query": "tax", "surprise": 1}}, 400, "invalid_request"),
        ({"json": {"query": "x" * (70 * 1024)}}, 413, "too_large"),
        ({"data": "[" * 60_000, "headers": {**auth, "Content-Type": "application/json"}}, 400, "invalid_request"),
        (
            {
                "data": '{"query": "tax", "filters": ' + '{"a":' * 5_000 + "1" + "}" * 5_001,
                "headers": {**auth, "Content-Type": "application/json"},
            },
            400,
            "invalid_request",
        ),
    ]
    for kwargs, status, kind in cases:
        kwargs.setdefault("headers", auth)
        got, body, _ = await _call("POST", f"{base}/search", **kwargs)
        assert (got, body["error"]["type"]) == (status, kind), kwargs.keys()
        assert set(body["error"]) == {"type", "message", "request_id"}
    got, body, _ = await _call("POST", f"{base}/cv/parse", data=_cv_form(b"%PDF" + b"x" * 600_000), headers=auth)
    assert got == 413 and body["error"]["type"] == "too_large"
    got, body, _ = await _call("POST", f"{base}/cv/parse", json={"file": "x"}, headers=auth)
    assert got == 415
    got, body, _ = await _call("GET", f"{base}/nowhere", headers=auth)
    assert got == 404 and body["error"]["type"] == "not_found"
    got, _, _ = await _call("POST", f"{base}/search", json={"query": "audit\x00 leeds"}, headers=auth)
    assert got == 200  # a NUL is just text


async def test_the_rate_limiter_counts_per_minute_with_its_own_clock(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    try:
        await redis.delete(*[k async for k in redis.scan_iter("jobbot-limits:api-rate/*")] or ["none"])
        now = [1_800_000_030.0]  # half way through a minute
        limiter = RateLimiter(redis, 2, clock=lambda: now[0])
        assert [await limiter.hit(7) for _ in range(3)] == [None, None, 30]  # the third waits for the next minute
        assert await limiter.hit(8) is None  # another token
        now[0] += 30  # the next minute
        assert await limiter.hit(7) is None
    finally:
        await redis.delete(*[k async for k in redis.scan_iter("jobbot-limits:api-rate/*")] or ["none"])
        await redis.aclose()


async def test_cors_for_configured_origins_only(site: Site, tokens: dict[str, str]) -> None:
    url = f"{site.base}/api/v1/search"
    preflight = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type"}  # fmt: skip
    status, _, headers = await _call("OPTIONS", url, headers=preflight)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Authorization" in headers["Access-Control-Allow-Headers"]
    status, _, headers = await _call("OPTIONS", url, headers={**preflight, "Origin": "https://evil.example"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, _, headers = await _call("POST", url, json={"query": "tax"},
                                     headers={**_auth(tokens["read"]), "Origin": ORIGIN})  # fmt: skip
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN


async def test_request_ids_reach_the_logs(site: Site, tokens: dict[str, str]) -> None:
    seen: list[dict] = []
    handler = logger.add(lambda m: seen.append(dict(m.record["extra"])), level="DEBUG")
    try:
        status, _, headers = await _call("POST", f"{site.base}/api/v1/search", json={"query": "payroll"},
                                         headers={**_auth(tokens["read"]), "X-Request-Id": "trace-42"})  # fmt: skip
    finally:
        logger.remove(handler)
    assert status == 200 and headers["X-Request-Id"] == "trace-42"
    assert any(extra.get("request_id") == "trace-42" for extra in seen)


async def test_the_description_and_its_page(site: Site) -> None:
    status, spec, _ = await _call("GET", f"{site.base}/api/v1/openapi.json")
    assert status == 200 and spec["openapi"] == "3.1.0"
    assert {"/api/v1/search", "/api/v1/jobs/{job_id}", "/api/v1/cv/parse", "/api/v1/cv/match",
            "/api/v1/users/{telegram_id}", "/api/v1/stats"} <= set(spec["paths"])  # fmt: skip
    async with aiohttp.ClientSession() as http, http.get(f"{site.base}/api/v1/docs") as resp:
        page = await resp.text()
    assert resp.status == 200 and "POST /api/v1/search" in page and "SearchRequest" in page


async def test_schemathesis_finds_no_server_error_and_no_broken_promise(
    site: Site, tokens: dict[str, str], tmp_path: Path
) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("schemathesis")
    assert st is not None, "schemathesis is a dev dependency"
    report = tmp_path / "junit.xml"
    process = await asyncio.create_subprocess_exec(
        st, "run", f"{site.base}/api/v1/openapi.json", "--url", site.base,
        "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                    "response_schema_conformance",
        "--header", f"Authorization: Bearer {tokens['admin']}", "--max-examples", "25", "--seed", "7",
        "--report", "junit", "--report-junit-path", str(report), "--no-color",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        cwd=tmp_path,  # its crash cache (`.schemathesis/`) goes there, not into the checkout
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), 240)  # inside the test's own 300 s timeout
    text = out.decode()
    assert process.returncode == 0, text[-4000:]
    assert "passed" in text.lower()
    json.dumps(text)  # the output is text, nothing binary


ENDPOINTS = [  # (method, path, the scope it needs, a body maker)
    ("POST", "search", "read", lambda: {"json": {"query": "audit"}}),
    ("GET", "jobs/1", "read", dict),
    ("POST", "cv/parse", "match", lambda: {"data": _cv_form(CV_TEXT.encode())}),
    ("POST", "cv/match", "match", lambda: {"data": _cv_form(CV_TEXT.encode())}),
    ("GET", "users/8201", "admin", dict),
    ("GET", "users/8201/saved-jobs", "admin", dict),
    ("GET", "users/8201/preferences", "admin", dict),
    ("GET", "stats", "admin", dict),
]


@pytest.mark.parametrize(("method", "path", "scope", "body"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
async def test_every_endpoint_wants_a_token_with_its_scope(site: Site, tokens: dict[str, str], method: str,
                                                           path: str, scope: str, body: Any) -> None:  # fmt: skip
    url = f"{site.base}/api/v1/{path}"
    status, answer, _ = await _call(method, url, **body())
    assert status == 401 and answer["error"]["type"] == "unauthorized"
    weaker = {"read": "match", "match": "read", "admin": "match"}[scope]
    status, answer, _ = await _call(method, url, headers=_auth(tokens[weaker]), **body())
    assert status == 403 and answer["error"]["type"] == "forbidden"
    status, answer, _ = await _call(method, url, headers=_auth(tokens[scope]), **body())
    assert status in (200, 404), answer  # 404: a user this test did not create


@pytest.mark.parametrize("path", ["jobs/abc", "jobs/1.5", "users/-1", "users/%C2%B9"])
async def test_malformed_ids_are_not_found(site: Site, tokens: dict[str, str], path: str) -> None:
    status, answer, _ = await _call("GET", f"{site.base}/api/v1/{path}", headers=_auth(tokens["admin"]))
    assert status == 404 and answer["error"]["type"] == "not_found"


@pytest.mark.parametrize("path", ["cv/parse", "cv/match"])
async def test_oversized_cvs_are_refused(site: Site, tokens: dict[str, str], path: str) -> None:
    status, answer, _ = await _call("POST", f"{site.base}/api/v1/{path}", data=_cv_form(b"x" * 700_000),
                                    headers=_auth(tokens["match"]))  # fmt: skip
    assert status == 413 and answer["error"]["type"] == "too_large"
