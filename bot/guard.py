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
- Counts live in Redis when there is one (every instance shares them), else in this process's memory, and a
  Redis error falls back to memory rather than letting every guess through (`services.counters`).
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from aiohttp import web

from services.counters import ExpiringStore

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

    store: ExpiringStore
    name: str
    per_client: int = 5
    overall: int = 100
    lockout: int = 15 * 60

    def _keys(self, client: str) -> tuple[str, str, str, str]:
        """The client's count, everyone's count, the client's lock, everyone's lock ("*" is never an address)."""
        prefix = f"gate:{self.name}"
        return f"{prefix}:count:{client}", f"{prefix}:count:*", f"{prefix}:lock:{client}", f"{prefix}:lock:*"

    async def locked(self, client: str) -> bool:
        _, _, lock, lock_all = self._keys(client)
        return await self.store.get(lock) is not None or await self.store.get(lock_all) is not None

    async def admit(self, client: str) -> bool:
        """Whether this attempt may be compared. It counts as a failure until `settle(client, ok=True)`."""
        if await self.locked(client):
            return False
        count, count_all, lock, lock_all = self._keys(client)
        mine = await self.store.add(count, 1, self.lockout)
        everyone = await self.store.add(count_all, 1, self.lockout)
        if mine > self.per_client:
            await self.store.put(lock, "1", self.lockout, only_new=True)
            return False
        if everyone > self.overall:
            await self.store.put(lock_all, "1", self.lockout, only_new=True)
            return False
        return True

    async def settle(self, client: str, *, ok: bool) -> int:
        """After an admitted attempt: the client's failure count (0 after a success, which clears it)."""
        count, count_all, lock, lock_all = self._keys(client)
        if ok:
            await self.store.delete(count)
            await self.store.add(count_all, -1, self.lockout)
            return 0
        mine = int(await self.store.get(count) or 0)
        if mine >= self.per_client:
            await self.store.put(lock, "1", self.lockout, only_new=True)
        if int(await self.store.get(count_all) or 0) >= self.overall:
            await self.store.put(lock_all, "1", self.lockout, only_new=True)
        return mine
