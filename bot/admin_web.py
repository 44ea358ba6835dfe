"""The admin web page on the one aiohttp application: `/admin` behind ADMIN_TOKEN.

- Login: a form posting the token; compared in constant time; a session id in an HTTP-only, SameSite=Strict cookie
  (Secure in production), kept in Redis (memory without it) for 8 hours.
- CSRF: every POST carries the session's CSRF token in a hidden field (the login form a double-submit token).
- Lock-out (`bot.guard.FailureGate`, shared by the login form and the bearer of `/admin/api/stats`): 5 wrong
  tokens from one client lock that client out for 15 minutes, 100 from all clients together lock everyone out of
  token logins for 15 minutes (live sessions go on); every attempt is counted before the token is compared. The
  client is the peer address, or fly.io's `Fly-Client-IP` only when the peer is one of `TRUSTED_PROXIES`.
- The page: the numbers of `StatsService`, users and searches per day as server-drawn SVG bars (no script, no CDN),
  this instance's recent warnings and errors with a level filter and search, and users with search, ban and unban.
- `/admin/api/stats`: the same numbers as JSON, for the session or `Authorization: Bearer <ADMIN_TOKEN>`.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from loguru import logger
from redis.asyncio import Redis

from bot.guard import FailureGate, Network, client_address
from bot.logbuffer import LEVELS, RecentLogs
from services.accounts import Accounts, UserCard
from services.counters import ExpiringStore
from services.stats import Day, Stats, StatsService

SESSION_COOKIE = "admin_session"
LOGIN_CSRF_COOKIE = "admin_login_csrf"
SESSION_SECONDS = 8 * 3600
MAX_FAILURES = 5
MAX_FAILURES_OVERALL = 100
LOCKOUT_SECONDS = 15 * 60
USERS_PER_PAGE = 25

_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass
class AdminSite:
    token: str | None
    stats: StatsService
    accounts: Accounts
    logs: RecentLogs
    redis: Redis | None
    secure_cookies: bool
    trusted_proxies: Sequence[Network] = ()
    _store: ExpiringStore = field(init=False)
    _gate: FailureGate = field(init=False)

    def __post_init__(self) -> None:
        self._store = ExpiringStore(self.redis)
        self._gate = FailureGate(self._store, "admin-token", per_client=MAX_FAILURES, overall=MAX_FAILURES_OVERALL,
                                 lockout=LOCKOUT_SECONDS)  # fmt: skip

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
        return await self._store.get(f"admin-session:{sid}")

    def _disabled(self) -> web.HTTPNotFound:
        page = _page("Admin", "<p>The admin page is off: set ADMIN_TOKEN to turn it on.</p>", status=404)
        return web.HTTPNotFound(text=page.text, content_type="text/html", headers=_HEADERS)

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
        body = (
            "<h1>Admin</h1>"
            + (f'<p class="error" id="error">{escape(error)}</p>' if error else "")
            + '<form method="post" action="/admin/login">'
            f'<input type="hidden" name="csrf" value="{csrf}">'
            '<label>Admin token <input type="password" name="token" id="token" autocomplete="current-password" '
            'required></label> <button type="submit" id="login">Log in</button></form>'
        )
        response = _page("Admin login", body, status=status)
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
        await self._store.put(f"admin-session:{sid}", csrf, SESSION_SECONDS)
        logger.info("admin page: logged in from {}", client)
        response = web.HTTPSeeOther("/admin")
        response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="Strict", secure=self.secure_cookies,
                            path="/admin", max_age=SESSION_SECONDS)  # fmt: skip
        response.del_cookie(LOGIN_CSRF_COOKIE, path="/admin")
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        csrf = await self._require(request)
        await self._check_csrf(request, csrf)
        await self._store.delete(f"admin-session:{request.cookies.get(SESSION_COOKIE, '')}")
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
        users, total = await self.accounts.list_users(user_search, limit=USERS_PER_PAGE)
        body = (
            '<header><h1>Accountancy jobs bot</h1><form method="post" action="/admin/logout">'
            f'<input type="hidden" name="csrf" value="{escape(csrf)}"><button type="submit">Log out</button></form>'
            "</header>"
            + _stats_section(stats)
            + '<section class="charts">'
            + _bar_chart("New users per day", "users-chart", [(d.day, d.users) for d in days])
            + _bar_chart("Searches per day", "searches-chart", [(d.day, d.searches) for d in days])
            + "</section>"
            + self._logs_section(level, log_search, user_search)
            + _users_section(users, total, user_search, level, log_search, csrf)
        )
        return _page("Admin", body)

    def _logs_section(self, level: str, search: str, user_search: str) -> str:
        lines = self.logs.lines(level=level, search=search, limit=100)
        options = "".join(f'<option value="{lv}"{" selected" if lv == level else ""}>{lv}</option>' for lv in LEVELS)
        rows = (
            "".join(
                f'<tr class="log {line.level.lower()}"><td>{escape(line.time)}</td><td>{escape(line.level)}</td>'
                f"<td>{escape(line.source)}</td><td>{escape(line.message)}</td></tr>"
                for line in lines
            )
            or '<tr><td colspan="4">Nothing logged at this level.</td></tr>'
        )
        return (
            '<section id="logs"><h2>Recent warnings and errors (this instance)</h2>'
            '<form method="get" action="/admin#logs">'
            f'<input type="hidden" name="user" value="{escape(user_search)}">'
            f'<label>Level <select name="level" id="log-level">{options}</select></label> '
            f'<label>Search <input name="q" id="log-search" value="{escape(search)}"></label> '
            '<button type="submit" id="log-filter">Filter</button></form>'
            f'<table id="log-table"><tr><th>Time</th><th>Level</th><th>Source</th><th>Message</th></tr>{rows}</table>'
            "</section>"
        )

    async def ban(self, request: web.Request) -> web.Response:
        csrf = await self._require(request)
        form = await self._check_csrf(request, csrf)
        user_id = int(request.match_info["user_id"])
        banned = request.match_info["action"] == "ban"
        if not await self.accounts.set_banned(user_id, banned):
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


_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222}
header{display:flex;justify-content:space-between;align-items:center}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.6em}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em}.card b{display:block;font-size:1.5em}
.charts{display:flex;gap:1em;flex-wrap:wrap;margin:1em 0}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3em;text-align:left}
.log.error td,.log.critical td{color:#a00}.error{color:#a00}
"""


def _page(title: str, body: str, *, status: int = 200) -> web.Response:
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>'
        f"<body>{body}</body></html>"
    )
    return web.Response(text=html, content_type="text/html", status=status, headers=_HEADERS)


def _card(label: str, value: object, element_id: str) -> str:
    return f'<div class="card"><b id="{element_id}">{escape(str(value))}</b>{escape(label)}</div>'


def _stats_section(s: Stats) -> str:
    u = s.users
    cards = [
        ("users", u["total"], "stat-users"), ("new in 24 h", u["new_24h"], "stat-new"),
        ("active in 7 days", u["active_7d"], "stat-active"), ("with a CV", u["with_cv"], "stat-with-cv"),
        ("blocked the bot", u["blocked_us"], "stat-blocked"), ("banned", u["banned"], "stat-banned"),
        ("CVs processed", s.cvs_processed["total"], "stat-cvs"), ("searches today", s.searches["today"], "stat-today"),
        ("searches in 7 days", s.searches["last_7d"], "stat-week"), ("saved jobs", s.saved_jobs, "stat-saved"),
        ("alerts sent", s.alerts_sent["total"], "stat-alerts"), ("errors in 24 h", s.errors_24h, "stat-errors"),
        ("jobs on the board", s.jobs["on_board"], "stat-board"), ("jobs indexed", s.jobs["indexed"], "stat-indexed"),
        ("jobs waiting", s.jobs["waiting"], "stat-waiting"),
    ]  # fmt: skip
    tasks = (
        "".join(
            f"<tr><td>{escape(t.task)}</td><td>{escape(t.outcome)}</td><td>{t.started_at:%Y-%m-%d %H:%M}</td>"
            f"<td>{t.items}</td><td>{escape(t.error or '')}</td></tr>"
            for t in s.tasks
        )
        or '<tr><td colspan="5">No scheduled task has run yet.</td></tr>'
    )
    b = s.broadcast
    broadcast = (
        f'<p id="broadcast">Latest broadcast #{b.id}: {escape(b.status)}, {b.sent} of {b.total} sent, '
        f"{b.blocked} blocked, {b.failed} failed, {b.pending} left.</p>"
        if b
        else ""
    )
    return (
        f'<section id="stats"><h2>Now ({s.at:%Y-%m-%d %H:%M} UTC)</h2><div class="cards">'
        + "".join(_card(*c) for c in cards)
        + "</div><h3>Scheduled tasks</h3><table><tr><th>Task</th><th>Outcome</th><th>Started</th><th>Items</th>"
        f"<th>Error</th></tr>{tasks}</table>{broadcast}</section>"
    )


def _bar_chart(title: str, element_id: str, points: list[tuple[dt.date, int]]) -> str:
    """A bar chart as inline SVG, drawn here: one bar a day, the value in each bar's tooltip."""
    width, height, pad = 480, 160, 22
    top = max([v for _, v in points] + [1])
    bar = (width - 2 * pad) / max(len(points), 1)
    bars = []
    for i, (day, value) in enumerate(points):
        h = (height - 2 * pad) * value / top
        x, y = pad + i * bar, height - pad - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar * 0.8:.1f}" height="{h:.1f}" fill="#4a7bd0">'
            f"<title>{day:%d %b}: {value}</title></rect>"
        )
    first, last = (points[0][0], points[-1][0]) if points else (None, None)
    labels = (
        f'<text x="{pad}" y="{height - 5}" font-size="11">{first:%d %b}</text>'
        f'<text x="{width - pad}" y="{height - 5}" font-size="11" text-anchor="end">{last:%d %b}</text>'
        if first and last
        else ""
    )
    return (
        f"<figure><figcaption>{escape(title)} (max {top})</figcaption>"
        f'<svg id="{element_id}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">{"".join(bars)}{labels}</svg></figure>'
    )


def _users_section(users: list[UserCard], total: int, search: str, level: str, log_search: str, csrf: str) -> str:
    rows = []
    for u in users:
        action = "unban" if u.is_banned else "ban"
        username = escape("@" + u.username if u.username else "-")
        rows.append(
            f'<tr id="user-{u.telegram_id}"><td>{u.telegram_id}</td><td>{username}'
            f"</td><td>{escape(u.name)}</td><td>{u.language}</td><td>{u.last_active_at:%Y-%m-%d %H:%M}</td>"
            f'<td>{"yes" if u.has_cv else "no"}</td><td class="status">{"banned" if u.is_banned else "active"}'
            f"{' (blocked the bot)' if u.is_blocked else ''}</td><td>"
            f'<form method="post" action="/admin/users/{u.telegram_id}/{action}">'
            f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
            f'<input type="hidden" name="user" value="{escape(search)}">'
            f'<input type="hidden" name="level" value="{escape(level)}">'
            f'<input type="hidden" name="q" value="{escape(log_search)}">'
            f'<button type="submit" id="{action}-{u.telegram_id}">{action.capitalize()}</button></form></td></tr>'
        )
    return (
        f'<section id="users"><h2>Users ({total} found)</h2><form method="get" action="/admin#users">'
        f'<label>Id, username or name <input name="user" id="user-search" value="{escape(search)}"></label> '
        '<button type="submit" id="user-find">Find</button></form>'
        "<table><tr><th>Id</th><th>Username</th><th>Name</th><th>Language</th><th>Last active</th><th>CV</th>"
        f"<th>Status</th><th></th></tr>{''.join(rows)}</table></section>"
    )
