"""Who is asking, and how often they may be wrong: the client address behind a trusted proxy, and a failure gate
for secrets typed or sent by people (the admin token).

- The client address is the connection's peer. A proxy's header (`Fly-Client-IP`) is believed only when the
  peer is one of `TRUSTED_PROXIES` (fly.io's proxy connects from its private 172.16.0.0/12); anyone else could
  write any value there and get a fresh budget of guesses with each one.
- The gate counts every failure per client address and over all clients together. An attempt takes its place in
  the count *before* the secret is compared and gives it back only when it was right, so parallel guesses cannot
  all slip under the limit. A client that reaches `per_client` failures, or everyone once `overall` is reached,
  is locked out for exactly `lockout` seconds from that moment; attempts meanwhile do not extend it and are never
  compared.
- Counts and locks are counts of `services.counters` (the `limits` library): in Redis when there is one (every
  instance shares them), else in this process's memory, and a Redis error falls back to memory rather than letting
  every guess through. A lock is a count limited to one that lives `lockout` seconds from its first hit.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiohttp import web

from services.counters import Counters, Limit, limit_of

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request: web.Request, trusted: Iterable[Network]) -> str:
    """The peer address, or the proxy's `Fly-Client-IP` when the peer is a trusted proxy."""
    peer = request.remote or "unknown"
    forwarded = request.headers.get("Fly-Client-IP", "").strip()
    if forwarded and _within(peer, trusted):
        with contextlib.suppress(ValueError):
            return str(ipaddress.ip_address(forwarded))
    return peer


def _within(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


@dataclass
class FailureGate:
    """Attempts at one secret: `admit` before comparing, `settle` after. See the module's docstring."""

    counters: Counters
    name: str
    per_client: int = 5
    overall: int = 100
    lockout: int = 15 * 60
    _mine: Limit = field(init=False)
    _everyone: Limit = field(init=False)
    _lock: Limit = field(init=False)

    def __post_init__(self) -> None:
        # Each count lives `lockout` seconds from its first failure; a lock, `lockout` seconds from when it is set
        # (setting it again does not extend it). Keys: (name, "count" | "lock", client), "*" for everyone (never an
        # address).
        self._mine = limit_of("gate", self.per_client, lives=self.lockout)
        self._everyone = limit_of("gate", self.overall, lives=self.lockout)
        self._lock = limit_of("gate", 1, lives=self.lockout)

    async def locked(self, client: str) -> bool:
        return (
            await self.counters.count(self._lock, self.name, "lock", client) > 0
            or await self.counters.count(self._lock, self.name, "lock", "*") > 0
        )

    async def admit(self, client: str) -> bool:
        """Whether this attempt may be compared. It counts as a failure until `settle(client, ok=True)`."""
        if await self.locked(client):
            return False
        mine = await self.counters.hit(self._mine, self.name, "count", client)
        everyone = await self.counters.hit(self._everyone, self.name, "count", "*")
        if not mine:
            await self.counters.hit(self._lock, self.name, "lock", client)
            return False
        if not everyone:
            await self.counters.hit(self._lock, self.name, "lock", "*")
            return False
        return True

    async def settle(self, client: str, *, ok: bool) -> int:
        """After an admitted attempt: the client's failure count (0 after a success, which clears it)."""
        if ok:
            await self.counters.clear(self._mine, self.name, "count", client)
            await self.counters.give_back(self._everyone, self.name, "count", "*")
            return 0
        mine = await self.counters.count(self._mine, self.name, "count", client)
        if mine >= self.per_client:
            await self.counters.hit(self._lock, self.name, "lock", client)
        if await self.counters.count(self._everyone, self.name, "count", "*") >= self.overall:
            await self.counters.hit(self._lock, self.name, "lock", "*")
        return mine
