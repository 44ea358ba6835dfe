"""The admin pages, `/admin/api/stats`, `/metrics` and the readiness rules over real HTTP, with the real database
and Redis: login, session cookie, CSRF, lock-out, ban and unban, the same numbers as the stats service."""

from __future__ import annotations

import asyncio
import html
import re

import aiohttp
import pytest
from aiohttp import web
from loguru import logger
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from sqlalchemy import text

from handlers.web.admin_page import LOCKOUT_SECONDS, MAX_FAILURES, MAX_FAILURES_OVERALL
from handlers.web.app import create_metrics_app
from handlers.web.guard import FailureGate
from handlers.web.logbuffer import RecentLogs
from services.counters import Counters
from services.usage import Event
from tests.support.webapp import TOKEN, add_users, client, serve


async def _login_form(http: aiohttp.ClientSession, base: str) -> str:
    async with http.get(f"{base}/admin/login") as resp:
        assert resp.status == 200
        page = await resp.text()
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


async def _login(http: aiohttp.ClientSession, base: str, token: str = TOKEN) -> aiohttp.ClientResponse:
    csrf = await _login_form(http, base)
    async with http.post(f"{base}/admin/login", data={"csrf": csrf, "token": token}, allow_redirects=False) as resp:
        await resp.read()
        return resp


async def _session_csrf(http: aiohttp.ClientSession, base: str) -> str:
    async with http.get(f"{base}/admin") as resp:
        assert resp.status == 200
        page = await resp.text()
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


async def test_the_admin_pages_are_off_without_a_token(db_url: str) -> None:
    async with serve(db_url, None, token=None) as site, client() as http:
        for path in ("/admin", "/admin/login", "/admin/api/stats"):
            async with http.get(site.base + path, allow_redirects=False) as resp:
                assert resp.status == 404, path
        async with http.get(f"{site.base}/healthz") as resp:
            assert resp.status == 200


async def test_login_session_and_the_same_numbers_as_the_service(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url) as site, client() as http:
        await add_users(site.runtime, 101, 102)
        async with http.get(f"{site.base}/admin", allow_redirects=False) as resp:
            assert resp.status == 303 and resp.headers["Location"] == "/admin/login"
        wrong = await _login(http, site.base, "not-the-token")
        assert wrong.status == 401
        right = await _login(http, site.base)
        assert right.status == 303 and right.headers["Location"] == "/admin"
        cookie = right.headers.getall("Set-Cookie")
        session = next(c for c in cookie if c.startswith("admin_session="))
        assert "HttpOnly" in session and "SameSite=Strict" in session and "Path=/admin" in session
        async with http.get(f"{site.base}/admin") as resp:
            page = await resp.text()
            assert resp.status == 200
            assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
        assert re.search(r'id="stat-users">2<', page) and "<svg" in page and "user101" in page
        async with http.get(f"{site.base}/admin/api/stats") as resp:
            assert resp.status == 200
            data = await resp.json()
        expected = (await site.services.stats.report()).as_dict()
        assert {k: v for k, v in data.items() if k not in ("at", "daily")} == {
            k: v for k, v in expected.items() if k != "at"
        }
        assert len(data["daily"]) == 14 and data["daily"][-1]["users"] == 2


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SEARCH = '<script>alert("x")'  # finds the log line below; its quote would end the field's value if not escaped


async def test_html_in_names_logs_and_searches_is_escaped_on_the_page(db_url: str, redis_url: str) -> None:
    logs = RecentLogs()
    logs.install()
    logger.warning("firm {} refused", HOSTILE)
    try:
        async with serve(db_url, redis_url, logs=logs) as site, client() as http:
            async with site.runtime.engine.begin() as conn:
                await conn.execute(
                    text("INSERT INTO jobbot.users (telegram_id, username, first_name, last_name) "
                         "VALUES (251, :u, :f, 'Smith & Co')"),
                    {"u": 'x"><b>bold</b>', "f": HOSTILE},
                )  # fmt: skip
            assert (await _login(http, site.base)).status == 303
            async with http.get(f"{site.base}/admin", params={"user": "251", "q": SEARCH}) as resp:
                assert resp.status == 200
                page = await resp.text()
    finally:
        logs.uninstall()
    assert "<script" not in page and "<img" not in page and "<b>" not in page  # nothing hostile became markup
    row = re.search(r'<tr id="user-251">(.*?)</tr>', page, re.DOTALL)
    assert row is not None
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row.group(1))]
    assert cells[1:3] == ['@x"><b>bold</b>', f"{HOSTILE} Smith & Co"]  # the username and the name, shown as text
    assert f"firm {HOSTILE} refused" in html.unescape(page)  # the log line
    search = re.search(r'id="log-search" value="([^"]*)"', page)
    assert search is not None and html.unescape(search.group(1)) == SEARCH  # echoed in its field


async def test_every_post_needs_the_csrf_token(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url) as site, client() as http:
        await add_users(site.runtime, 201)
        async with http.post(f"{site.base}/admin/login", data={"token": TOKEN}, allow_redirects=False) as resp:
            assert resp.status == 403  # the login form's own token is missing
        assert (await _login(http, site.base)).status == 303
        for data in ({}, {"csrf": "forged"}):
            async with http.post(f"{site.base}/admin/users/201/ban", data=data, allow_redirects=False) as resp:
                assert resp.status == 403
        assert (await site.services.user_admin.user_card(201)).is_banned is False  # type: ignore[union-attr]
        csrf = await _session_csrf(http, site.base)
        async with http.post(f"{site.base}/admin/users/201/ban", data={"csrf": csrf, "user": "201"},
                             allow_redirects=False) as resp:  # fmt: skip
            assert resp.status == 303 and resp.headers["Location"].startswith("/admin?user=201")
        assert (await site.services.user_admin.user_card(201)).is_banned is True  # type: ignore[union-attr]
        async with http.post(f"{site.base}/admin/users/201/unban", data={"csrf": csrf}, allow_redirects=False) as r:
            assert r.status == 303
        assert (await site.services.user_admin.user_card(201)).is_banned is False  # type: ignore[union-attr]
        async with http.post(f"{site.base}/admin/logout", data={"csrf": csrf}, allow_redirects=False) as resp:
            assert resp.status == 303
        async with http.get(f"{site.base}/admin", allow_redirects=False) as resp:
            assert resp.status == 303  # logged out


async def test_repeated_failures_lock_the_client_out(db_url: str, redis_url: str) -> None:
    # The header names the client only because the peer (127.0.0.1) is a trusted proxy here.
    async with serve(db_url, redis_url, trusted_proxies="127.0.0.1") as site:
        async with client(**{"Fly-Client-IP": "203.0.113.7"}) as attacker:
            for _ in range(5):
                assert (await _login(attacker, site.base, "guess")).status == 401
            locked = await _login(attacker, site.base)  # even the right token, now
            assert locked.status == 429 and int(locked.headers["Retry-After"]) == LOCKOUT_SECONDS
        async with client(**{"Fly-Client-IP": "198.51.100.2"}) as admin:
            assert (await _login(admin, site.base)).status == 303  # someone else is not locked out


async def test_an_untrusted_peer_gets_no_fresh_budget_from_the_header(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url) as site:  # no trusted proxy: the peer is the client
        for n in range(5):
            async with client(**{"Fly-Client-IP": f"203.0.113.{n}"}) as attacker:
                assert (await _login(attacker, site.base, "guess")).status == 401
        async with client(**{"Fly-Client-IP": "203.0.113.99"}) as attacker:
            assert (await _login(attacker, site.base)).status == 429


async def test_parallel_guesses_cannot_all_slip_under_the_limit(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url) as site, client() as http:
        csrf = await _login_form(http, site.base)

        async def guess(n: int) -> int:
            async with http.post(f"{site.base}/admin/login", data={"csrf": csrf, "token": f"guess-{n}"},
                                 allow_redirects=False) as resp:  # fmt: skip
                await resp.read()
                return resp.status

        statuses = await asyncio.gather(*(guess(n) for n in range(30)))
        assert statuses.count(401) == MAX_FAILURES and statuses.count(429) == 30 - MAX_FAILURES


async def test_the_bearer_counts_failures_too(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url) as site, client() as http:
        for n in range(MAX_FAILURES):
            async with http.get(f"{site.base}/admin/api/stats", headers={"Authorization": f"Bearer g{n}"}) as resp:
                assert resp.status == 401
        async with http.get(f"{site.base}/admin/api/stats", headers={"Authorization": f"Bearer {TOKEN}"}) as resp:
            assert resp.status == 429 and resp.headers["Retry-After"] == str(LOCKOUT_SECONDS)
        assert (await _login(http, site.base)).status == 429  # one budget for the page and the API


async def test_many_clients_together_lock_token_logins_but_not_live_sessions(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url, trusted_proxies="127.0.0.1") as site, client() as admin:
        assert (await _login(admin, site.base)).status == 303
        for n in range(MAX_FAILURES_OVERALL):
            headers = {"Fly-Client-IP": f"10.{n // 250}.{n % 250}.1", "Authorization": f"Bearer guess-{n}"}
            async with admin.get(f"{site.base}/admin/api/stats", headers=headers) as resp:
                assert resp.status == 401, n
        headers = {"Fly-Client-IP": "192.0.2.1", "Authorization": f"Bearer {TOKEN}"}
        async with admin.get(f"{site.base}/admin/api/stats", headers=headers) as resp:
            assert resp.status == 429  # a new address, the right token: token logins are off for everyone
        async with admin.get(f"{site.base}/admin/api/stats") as resp:
            assert resp.status == 200  # the session from before goes on


async def test_the_lock_out_is_constant(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    await redis.delete(*[k async for k in redis.scan_iter("jobbot-limits:gate/t/*")] or ["none"])
    gate = FailureGate(Counters(redis), "t", per_client=2, overall=100, lockout=60)
    lock = "jobbot-limits:gate/t/lock/a/1/60/second"  # client a's lock: a count limited to one, living 60 s
    try:
        for _ in range(2):
            assert await gate.admit("a") and await gate.settle("a", ok=False) >= 1
        ttl = await redis.ttl(lock)
        assert 0 < ttl <= 60
        await redis.expire(lock, 30)  # as if half the lock-out had passed
        for _ in range(5):
            assert not await gate.admit("a")  # refused, never compared
        assert 0 < await redis.ttl(lock) <= 30  # and the lock-out was not extended
        assert await gate.admit("b")  # another client
    finally:
        await redis.delete(*[k async for k in redis.scan_iter("jobbot-limits:gate/t/*")] or ["none"])
        await redis.aclose()


async def test_a_redis_error_falls_back_to_counting_in_memory() -> None:
    # Nothing listens there; no client retries, so each call fails at once.
    broken = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    gate = FailureGate(Counters(broken), "t", per_client=3, overall=100, lockout=60)
    for _ in range(3):
        assert await gate.admit("a")
        await gate.settle("a", ok=False)
    assert not await gate.admit("a")
    await broken.aclose()


async def test_metrics_in_prometheus_text(db_url: str) -> None:
    async with serve(db_url, None) as site, client() as http:
        await add_users(site.runtime, 301, 302, 303)
        await site.services.usage.add(Event.CV_PROCESSED)
        async with http.get(f"{site.base}/metrics") as resp:
            assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/plain")
            body = await resp.text()
    assert 'jobbot_users{kind="total"} 3.0' in body
    assert 'jobbot_events_total{event="cv_processed"} 1.0' in body
    for name in ("jobbot_index_lag_jobs", 'jobbot_jobs{state="waiting"}', 'jobbot_searches{window="today"}',
                 "jobbot_update_seconds", "jobbot_updates_total", "jobbot_errors_24h"):  # fmt: skip
        assert name in body, name


async def test_metrics_read_the_shared_numbers_at_most_every_30_seconds(db_url: str) -> None:
    async with serve(db_url, None) as site, client() as http:
        await add_users(site.runtime, 311, 312)

        async def scrape() -> str:
            async with http.get(f"{site.base}/metrics") as resp:
                return await resp.text()

        assert 'jobbot_users{kind="total"} 2.0' in await scrape()
        await add_users(site.runtime, 313)
        await site.services.usage.add(Event.CV_PROCESSED)
        again = await scrape()
        assert 'jobbot_users{kind="total"} 2.0' in again  # the shared numbers of a moment ago
        assert 'jobbot_events_total{event="cv_processed"} 1.0' in again  # this process's counters are live
        site.metrics.shared_for = 0  # as if 30 s had passed
        assert 'jobbot_users{kind="total"} 3.0' in await scrape()


METRICS_TOKEN = "metrics-scraper-token-0123456789abcdef"


async def test_metrics_behind_a_token(db_url: str) -> None:
    async with serve(db_url, None, metrics_token=METRICS_TOKEN) as site, client() as http:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN}"}):
            async with http.get(f"{site.base}/metrics", headers=headers) as resp:
                assert resp.status == 401 and "jobbot_" not in await resp.text()
        async with http.get(f"{site.base}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}) as resp:
            assert resp.status == 200 and "jobbot_users" in await resp.text()


async def test_metrics_are_off_in_production_without_a_token_or_port(db_url: str) -> None:
    async with serve(db_url, None, environment="production") as site, client() as http:
        async with http.get(f"{site.base}/metrics") as resp:
            assert resp.status == 404
        async with http.get(f"{site.base}/healthz") as resp:
            assert resp.status == 200


async def test_metrics_on_their_own_port_only(db_url: str) -> None:
    async with serve(db_url, None, environment="production", metrics_port=9) as site, client() as http:
        async with http.get(f"{site.base}/metrics") as resp:
            assert resp.status == 404  # not on PORT
        runner = web.AppRunner(create_metrics_app(site.services, site.metrics))
        await runner.setup()
        internal = web.TCPSite(runner, "127.0.0.1", 0)
        await internal.start()
        try:
            port = runner.addresses[0][1]
            async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                assert resp.status == 200 and "jobbot_users" in await resp.text()
            async with http.get(f"http://127.0.0.1:{port}/admin") as resp:
                assert resp.status == 404  # nothing else there
        finally:
            await runner.cleanup()


@pytest.mark.parametrize(("age", "status"), [(5.0, 200), (600.0, 503), (None, 503)])
async def test_readiness_follows_the_scheduler_heartbeat(db_url: str, age: float | None, status: int) -> None:
    async def heartbeat() -> float | None:
        return age

    async with (
        serve(db_url, None, heartbeat=heartbeat) as site,
        client() as http,
        http.get(f"{site.base}/readyz") as resp,
    ):
        body = await resp.json()
        assert resp.status == status, body
    assert body["scheduler"]["configured"] is True
    assert body["failing"] == ([] if status == 200 else ["scheduler"])
