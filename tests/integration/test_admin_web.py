"""The admin pages, `/admin/api/stats`, `/metrics` and the readiness rules over real HTTP, with the real database
and Redis: login, session cookie, CSRF, lock-out, ban and unban, the same numbers as the stats service."""

from __future__ import annotations

import re

import aiohttp
import pytest

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


async def test_every_post_needs_the_csrf_token(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url) as site, client() as http:
        await add_users(site.runtime, 201)
        async with http.post(f"{site.base}/admin/login", data={"token": TOKEN}, allow_redirects=False) as resp:
            assert resp.status == 403  # the login form's own token is missing
        assert (await _login(http, site.base)).status == 303
        for data in ({}, {"csrf": "forged"}):
            async with http.post(f"{site.base}/admin/users/201/ban", data=data, allow_redirects=False) as resp:
                assert resp.status == 403
        assert (await site.services.accounts.user_card(201)).is_banned is False  # type: ignore[union-attr]
        csrf = await _session_csrf(http, site.base)
        async with http.post(f"{site.base}/admin/users/201/ban", data={"csrf": csrf, "user": "201"},
                             allow_redirects=False) as resp:  # fmt: skip
            assert resp.status == 303 and resp.headers["Location"].startswith("/admin?user=201")
        assert (await site.services.accounts.user_card(201)).is_banned is True  # type: ignore[union-attr]
        async with http.post(f"{site.base}/admin/users/201/unban", data={"csrf": csrf}, allow_redirects=False) as r:
            assert r.status == 303
        assert (await site.services.accounts.user_card(201)).is_banned is False  # type: ignore[union-attr]
        async with http.post(f"{site.base}/admin/logout", data={"csrf": csrf}, allow_redirects=False) as resp:
            assert resp.status == 303
        async with http.get(f"{site.base}/admin", allow_redirects=False) as resp:
            assert resp.status == 303  # logged out


async def test_repeated_failures_lock_the_client_out(db_url: str, redis_url: str) -> None:
    async with serve(db_url, redis_url) as site:
        async with client(**{"Fly-Client-IP": "203.0.113.7"}) as attacker:
            for _ in range(5):
                assert (await _login(attacker, site.base, "guess")).status == 401
            locked = await _login(attacker, site.base)  # even the right token, now
            assert locked.status == 429 and int(locked.headers["Retry-After"]) > 0
        async with client(**{"Fly-Client-IP": "198.51.100.2"}) as admin:
            assert (await _login(admin, site.base)).status == 303  # someone else is not locked out


async def test_the_api_takes_the_token_as_a_bearer(db_url: str) -> None:
    async with serve(db_url, None) as site, client() as http:
        async with http.get(f"{site.base}/admin/api/stats") as resp:
            assert resp.status == 401
        async with http.get(f"{site.base}/admin/api/stats", headers={"Authorization": "Bearer wrong"}) as resp:
            assert resp.status == 401
        async with http.get(f"{site.base}/admin/api/stats", headers={"Authorization": f"Bearer {TOKEN}"}) as resp:
            assert resp.status == 200
            assert (await resp.json())["users"]["total"] == 0


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
