"""The admin web page on the one aiohttp application: `/admin` behind ADMIN_TOKEN.

- Login: a form posting the token; compared in constant time; a session id in an HTTP-only, SameSite=Strict cookie
  (Secure in production), kept in Redis (memory without it) for 8 hours.
- CSRF: every POST carries the session's CSRF token in a hidden field (the login form a double-submit token).
- Lock-out (`handlers.web.guard.FailureGate`, shared by the login form and the bearer of `/admin/api/stats`): 5 wrong
  tokens from one client lock that client out for 15 minutes, 100 from all clients together lock everyone out of
  token logins for 15 minutes (live sessions go on); every attempt is counted before the token is compared. The
  client is the peer address, or fly.io's `Fly-Client-IP` only when the peer is one of `TRUSTED_PROXIES`.
- The page: the numbers of `StatsService`, users and searches per day as server-drawn SVG bars (no script, no CDN),
  this instance's recent warnings and errors with a level filter and search, and users with search, ban and unban.
  The HTML comes from the jinja2 templates in `templates/admin/` beside this module, every value autoescaped.
- `/admin/api/stats`: the same numbers as JSON, for the session or `Authorization: Bearer <ADMIN_TOKEN>`.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from loguru import logger
from redis.asyncio import Redis

from handlers.web.guard import FailureGate, Network, client_address
from handlers.web.logbuffer import LEVELS, RecentLogs
from services.admin.stats import Day, Stats, StatsService
from services.admin.users import UserAdmin
from services.cache import Cache
from services.counters import Counters

SESSION_COOKIE = "admin_session"
LOGIN_CSRF_COOKIE = "admin_login_csrf"
SESSION_SECONDS = 8 * 3600
MAX_FAILURES = 5
MAX_FAILURES_OVERALL = 100
LOCKOUT_SECONDS = 15 * 60
USERS_PER_PAGE = 25
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 480, 160, 22

_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

# autoescape=True: every value rendered into the admin pages is HTML-escaped unless a template says otherwise (none
# does). StrictUndefined: a misspelt name fails the render instead of printing nothing.
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)


@dataclass
class AdminSite:
    token: str | None
    stats: StatsService
    users: UserAdmin
    logs: RecentLogs
    redis: Redis | None
    secure_cookies: bool
    trusted_proxies: Sequence[Network] = ()
    _sessions: Cache = field(init=False)
    _gate: FailureGate = field(init=False)

    def __post_init__(self) -> None:
        # A session exists nowhere else: without Redis (or while it fails) this process keeps it itself.
        self._sessions = Cache(self.redis, "admin session", seconds=SESSION_SECONDS, memory=1000)
        self._gate = FailureGate(Counters(self.redis), "admin-token", per_client=MAX_FAILURES,
                                 overall=MAX_FAILURES_OVERALL, lockout=LOCKOUT_SECONDS)  # fmt: skip

    # ------------------------------------------------------------------ plumbing
    def client(self, request: web.Request) -> str:
        return client_address(request, self.trusted_proxies)

    async def _check_token(self, client: str, given: str, how: str) -> bool | None:
        """True or False for an admitted attempt; None when the client (or everyone) is locked out."""
        assert self.token is not None
        if not await self._gate.admit(client):
            logger.warning("admin {}: refused, {} is locked out", how, client)
            return None
        ok = hmac.compare_digest(given.encode(), self.token.encode())
        failures = await self._gate.settle(client, ok=ok)
        if not ok:
            logger.warning("admin {}: wrong token from {} ({} of {})", how, client, failures, MAX_FAILURES)
        return ok

    async def _session(self, request: web.Request) -> str | None:
        """The session's CSRF token when the request carries a live session."""
        sid = request.cookies.get(SESSION_COOKIE, "")
        if not sid or len(sid) > 100:
            return None
        return await self._sessions.get(f"admin-session:{sid}")

    def _disabled(self) -> web.HTTPNotFound:
        return web.HTTPNotFound(text=_render("off.html"), content_type="text/html", headers=_HEADERS)

    async def _require(self, request: web.Request) -> str:
        """The session's CSRF token; else a redirect to the login form (or 404 when the page is off)."""
        if self.token is None:
            raise self._disabled()
        csrf = await self._session(request)
        if csrf is None:
            raise web.HTTPSeeOther("/admin/login")
        return csrf

    async def _check_csrf(self, request: web.Request, csrf: str) -> dict[str, Any]:
        form = dict(await request.post())
        if not hmac.compare_digest(str(form.get("csrf", "")).encode(), csrf.encode()):
            logger.warning("admin page: POST {} without a valid CSRF token from {}", request.path, self.client(request))
            raise web.HTTPForbidden(text="Missing or wrong CSRF token.")
        return form

    # ------------------------------------------------------------------ login
    async def login_form(self, request: web.Request, *, error: str = "", status: int = 200) -> web.Response:
        if self.token is None:
            raise self._disabled()
        csrf = secrets.token_urlsafe(24)
        response = _page("login.html", status=status, error=error, csrf=csrf)
        response.set_cookie(LOGIN_CSRF_COOKIE, csrf, httponly=True, samesite="Strict", secure=self.secure_cookies,
                            path="/admin", max_age=3600)  # fmt: skip
        return response

    async def login(self, request: web.Request) -> web.Response:
        if self.token is None:
            raise self._disabled()
        client = self.client(request)
        form = dict(await request.post())
        expected_csrf = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not expected_csrf or not hmac.compare_digest(str(form.get("csrf", "")).encode(), expected_csrf.encode()):
            logger.warning("admin page: login without a valid CSRF token from {}", client)
            raise web.HTTPForbidden(text="Missing or wrong CSRF token.")
        ok = await self._check_token(client, str(form.get("token", "")), "login")
        if ok is None:
            response = await self.login_form(request, error="Too many failed attempts. Try again later.", status=429)
            response.headers["Retry-After"] = str(LOCKOUT_SECONDS)
            return response
        if not ok:
            return await self.login_form(request, error="Wrong token.", status=401)
        sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        await self._sessions.put(f"admin-session:{sid}", csrf)
        logger.info("admin page: logged in from {}", client)
        response = web.HTTPSeeOther("/admin")
        response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="Strict", secure=self.secure_cookies,
                            path="/admin", max_age=SESSION_SECONDS)  # fmt: skip
        response.del_cookie(LOGIN_CSRF_COOKIE, path="/admin")
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        csrf = await self._require(request)
        await self._check_csrf(request, csrf)
        await self._sessions.delete(f"admin-session:{request.cookies.get(SESSION_COOKIE, '')}")
        response = web.HTTPSeeOther("/admin/login")
        response.del_cookie(SESSION_COOKIE, path="/admin")
        raise response

    # ------------------------------------------------------------------ the page
    async def page(self, request: web.Request) -> web.Response:
        csrf = await self._require(request)
        level = request.query.get("level", "WARNING")
        log_search = request.query.get("q", "")[:200]
        user_search = request.query.get("user", "")[:100]
        stats, days = await self.stats.report(), await self.stats.daily(14)
        users, total = await self.users.list_users(user_search, limit=USERS_PER_PAGE)
        return _page(
            "page.html",
            csrf=csrf,
            stats=stats,
            cards=_cards(stats),
            charts=[
                _bar_chart("New users per day", "users-chart", [(d.day, d.users) for d in days]),
                _bar_chart("Searches per day", "searches-chart", [(d.day, d.searches) for d in days]),
            ],
            levels=LEVELS,
            level=level,
            log_search=log_search,
            log_lines=self.logs.lines(level=level, search=log_search, limit=100),
            users=users,
            total=total,
            user_search=user_search,
        )

    async def ban(self, request: web.Request) -> web.Response:
        csrf = await self._require(request)
        form = await self._check_csrf(request, csrf)
        user_id = int(request.match_info["user_id"])
        banned = request.match_info["action"] == "ban"
        if not await self.users.set_banned(user_id, banned):
            raise web.HTTPNotFound(text="No such user.")
        logger.info("admin page: user {} {} from {}", user_id, "banned" if banned else "unbanned", self.client(request))
        back = {k: str(form.get(k, "")) for k in ("user", "level", "q") if form.get(k)}
        raise web.HTTPSeeOther("/admin" + (f"?{urlencode(back)}" if back else "") + "#users")

    async def api_stats(self, request: web.Request) -> web.Response:
        if self.token is None:
            raise self._disabled()
        bearer = request.headers.get("Authorization", "")
        if bearer.startswith("Bearer "):
            ok = await self._check_token(self.client(request), bearer[7:], "API")
            if ok is None:
                return web.json_response({"error": "locked out: too many wrong tokens"}, status=429,
                                         headers={"Retry-After": str(LOCKOUT_SECONDS)})  # fmt: skip
            if not ok:
                return _unauthorised()
        elif await self._session(request) is None:
            return _unauthorised()
        stats, days = await self.stats.report(), await self.stats.daily(14)
        data = {**stats.as_dict(), "daily": [_day(d) for d in days]}
        return web.json_response(data, dumps=lambda v: json.dumps(v, ensure_ascii=False), headers=_HEADERS)

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/admin", self.page)
        app.router.add_get("/admin/login", self.login_form)
        app.router.add_post("/admin/login", self.login)
        app.router.add_post("/admin/logout", self.logout)
        app.router.add_post(r"/admin/users/{user_id:\d{1,19}}/{action:ban|unban}", self.ban)
        app.router.add_get("/admin/api/stats", self.api_stats)


def _unauthorised() -> web.Response:
    return web.json_response({"error": "unauthorised"}, status=401, headers={"WWW-Authenticate": "Bearer"})


def _day(d: Day) -> dict[str, Any]:
    return {"day": d.day.isoformat(), "users": d.users, "searches": d.searches}


def _render(template: str, **context: Any) -> str:
    return _TEMPLATES.get_template(f"admin/{template}").render(**context)


def _page(template: str, *, status: int = 200, **context: Any) -> web.Response:
    return web.Response(text=_render(template, **context), content_type="text/html", status=status, headers=_HEADERS)


def _cards(s: Stats) -> list[tuple[str, int, str]]:
    """The numbers at the top of the page: label, value and element id."""
    u = s.users
    return [
        ("users", u["total"], "stat-users"), ("new in 24 h", u["new_24h"], "stat-new"),
        ("active in 7 days", u["active_7d"], "stat-active"), ("with a CV", u["with_cv"], "stat-with-cv"),
        ("blocked the bot", u["blocked_us"], "stat-blocked"), ("banned", u["banned"], "stat-banned"),
        ("CVs processed", s.cvs_processed["total"], "stat-cvs"), ("searches today", s.searches["today"], "stat-today"),
        ("searches in 7 days", s.searches["last_7d"], "stat-week"), ("saved jobs", s.saved_jobs, "stat-saved"),
        ("alerts sent", s.alerts_sent["total"], "stat-alerts"), ("errors in 24 h", s.errors_24h, "stat-errors"),
        ("jobs on the board", s.jobs["on_board"], "stat-board"), ("jobs indexed", s.jobs["indexed"], "stat-indexed"),
        ("jobs waiting", s.jobs["waiting"], "stat-waiting"),
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Bar:
    day: dt.date
    value: int
    x: float
    y: float
    height: float


@dataclass(frozen=True, slots=True)
class _Chart:
    title: str
    element_id: str
    top: int
    bar_width: float
    bars: list[_Bar]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    pad: int = CHART_PAD


def _bar_chart(title: str, element_id: str, points: list[tuple[dt.date, int]]) -> _Chart:
    """The geometry of a bar chart (one bar a day, scaled to the largest value); `chart.html` draws it as SVG."""
    width, height, pad = CHART_WIDTH, CHART_HEIGHT, CHART_PAD
    top = max([v for _, v in points] + [1])
    step = (width - 2 * pad) / max(len(points), 1)
    bars = []
    for i, (day, value) in enumerate(points):
        h = (height - 2 * pad) * value / top
        bars.append(_Bar(day, value, x=pad + i * step, y=height - pad - h, height=h))
    return _Chart(title, element_id, top, bar_width=step * 0.8, bars=bars)
