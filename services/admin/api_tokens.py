"""Tokens of the HTTP API: created with scopes, kept as SHA-256 only, listed, revoked, checked on every request.

A token is `jbt_` and 43 random URL-safe characters; its SHA-256 is looked up, then compared in constant time.
Scopes: `read` (search, jobs), `match` (CV parsing and matching), `admin` (users, stats; and everything else).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from db.models import ApiToken
from db.uow import UnitOfWorkFactory

PREFIX = "jbt_"
TOUCH_EVERY = dt.timedelta(minutes=1)


class Scope(StrEnum):
    READ = "read"
    MATCH = "match"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    name: str
    prefix: str
    scopes: frozenset[Scope]
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked: bool

    def allows(self, scope: Scope) -> bool:
        return scope in self.scopes or Scope.ADMIN in self.scopes


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokens:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def create(self, name: str, scopes: set[Scope]) -> tuple[str, TokenInfo]:
        """A new token: the token itself (shown once, never stored) and what is kept of it."""
        if not scopes:
            raise ValueError("a token needs at least one scope")
        token = PREFIX + secrets.token_urlsafe(32)
        async with self._uow() as work:
            row = await work.api_tokens.add(name.strip()[:100] or "unnamed", _hash(token), token[:10],
                                            sorted(s.value for s in scopes))  # fmt: skip
            await work.commit()
            return token, _info(row)

    async def list(self) -> list[TokenInfo]:
        async with self._uow() as work:
            return [_info(row) for row in await work.api_tokens.all()]

    async def revoke(self, token_id: int) -> bool:
        async with self._uow() as work:
            done = await work.api_tokens.revoke(token_id, dt.datetime.now(dt.UTC))
            await work.commit()
            return done

    async def check(self, token: str) -> TokenInfo | None:
        """The live token's info, or None (unknown, malformed or revoked)."""
        if not token.startswith(PREFIX) or len(token) > 100:
            return None
        digest = _hash(token)
        async with self._uow() as work:
            row = await work.api_tokens.by_hash(digest)
            if row is None or not hmac.compare_digest(row.token_hash, digest):
                return None
            now = dt.datetime.now(dt.UTC)
            if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
                await work.api_tokens.touch(row.id, now)
                await work.commit()
            return _info(row)


def _info(row: ApiToken) -> TokenInfo:
    scopes = frozenset(Scope(s) for s in row.scopes)
    return TokenInfo(row.id, row.name, row.prefix, scopes, row.created_at, row.last_used_at, row.revoked_at is not None)
