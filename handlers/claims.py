"""Update ids claimed while they are handled and recorded once handled, across instances (Redis; memory without).

Telegram delivers at least once. An update id is first claimed as `busy` for a short time, then marked `done` for
24 hours once handled. A second delivery of a `done` update is dropped; of a `busy` one, refused for now (the
webhook answers 503 and Telegram delivers it again later), so an instance that stops mid-update loses nothing: its
claim is released when it stops gracefully, or expires when it dies.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from loguru import logger
from redis.asyncio import Redis
from redis.exceptions import RedisError

DONE_SECONDS = 24 * 3600  # Telegram keeps undelivered updates for 24 hours


class Claim(StrEnum):
    NEW = "new"
    BUSY = "busy"
    DONE = "done"


@dataclass(slots=True)
class _Ahead:
    """A claim this task sent in a round trip of its own making (`UpdateClaims.claim_ahead`): its value, which no
    other handler's claim has, and whether it was taken (None: unknown, the round trip failed)."""

    update_id: int
    value: str
    taken: bool | None = None


_AHEAD: ContextVar[_Ahead | None] = ContextVar("update_claimed_ahead", default=None)


@dataclass(frozen=True, slots=True)
class ClaimAhead:
    """SET `key` to `value` if absent, expiring in `seconds`; `settle` takes whether it was set."""

    key: str
    value: str
    seconds: int
    settle: Callable[[bool], None]


class UpdateClaims:
    def __init__(self, redis: Redis | None, *, busy_seconds: int = 60, memory_size: int = 10_000) -> None:
        self._redis = redis
        self.busy_seconds = busy_seconds
        self._memory: dict[int, tuple[str, float]] = {}
        self._memory_size = memory_size

    @staticmethod
    def _key(bot_id: int, update_id: int) -> str:
        return f"update:{bot_id}:{update_id}"

    async def begin(self, bot_id: int, update_id: int) -> Claim:
        """Claim the update: NEW (it is ours now), BUSY (another handler has it), DONE (handled before). Answered
        without Redis when this task claimed it already (`claim_ahead`); a claim of this task's whose round trip
        failed (Redis may have taken it all the same) is told from another handler's by its value."""
        ahead = _AHEAD.get()
        value = "busy"
        if ahead is not None and ahead.update_id == update_id:
            _AHEAD.set(None)
            if ahead.taken:
                return Claim.NEW
            value = ahead.value
        if self._redis is not None:
            try:
                key = self._key(bot_id, update_id)
                if await self._redis.set(key, value, nx=True, ex=self.busy_seconds):
                    return Claim.NEW
                state = await self._redis.get(key)
                if state in (value, value.encode()) and value != "busy":
                    return Claim.NEW  # this task's own claim, taken by a round trip that seemed to fail
                return Claim.DONE if state in (b"done", "done") else Claim.BUSY
            except RedisError as exc:
                logger.warning("update claims: Redis unavailable ({}), using memory", type(exc).__name__)
        now = time.monotonic()
        state, until = self._memory.get(update_id, ("", 0.0))
        if state and until > now:
            return Claim(state)
        self._memory[update_id] = ("busy", now + self.busy_seconds)
        if len(self._memory) > self._memory_size:
            self._memory = {k: v for k, v in self._memory.items() if v[1] > now}
        return Claim.NEW

    def claim_ahead(self, bot_id: int, update_id: int) -> ClaimAhead:
        """`begin` for a caller that sends it in a round trip of its own (the user's lock, `handlers.state`), with
        a value of this claim's own. Once settled as taken, this task's next `begin` of the update answers NEW
        without asking Redis; not taken (a second delivery, rare), `begin` asks Redis, which tells BUSY from DONE."""
        ahead = _Ahead(update_id, f"busy:{uuid.uuid4().hex}")
        _AHEAD.set(ahead)

        def settle(taken: bool) -> None:
            ahead.taken = taken

        return ClaimAhead(self._key(bot_id, update_id), ahead.value, self.busy_seconds, settle)

    async def give_back_ahead(self, bot_id: int, update_id: int) -> None:
        """Release the claim `claim_ahead` sent, if Redis holds it and `begin` has not used it (the update was
        cancelled before it was handled): its next delivery is handled, here or by another instance."""
        ahead = _AHEAD.get()
        if ahead is None or ahead.update_id != update_id or ahead.taken is False:
            return
        _AHEAD.set(None)
        if self._redis is not None:
            key = self._key(bot_id, update_id)
            with contextlib.suppress(RedisError):
                if await self._redis.get(key) in (ahead.value, ahead.value.encode()):
                    await self._redis.delete(key)

    @property
    def redis(self) -> Redis | None:
        return self._redis

    async def finish(self, bot_id: int, update_id: int) -> None:
        await self._set(bot_id, update_id, "done")

    def done_key(self, bot_id: int, update_id: int) -> tuple[str, str, int]:
        """`finish` as a key, its value and its lifetime, for a caller that writes it itself (`finished_here` if
        Redis does not take it)."""
        return self._key(bot_id, update_id), "done", DONE_SECONDS

    def finished_here(self, update_id: int) -> None:
        """`finish` in this process's memory (Redis did not take it)."""
        self._memory[update_id] = ("done", time.monotonic() + DONE_SECONDS)

    async def release(self, bot_id: int, update_id: int) -> None:
        """Give the update back (not handled): its next delivery is handled, here or by another instance."""
        if self._redis is not None:
            with contextlib.suppress(RedisError):
                await self._redis.delete(self._key(bot_id, update_id))
        self._memory.pop(update_id, None)

    async def _set(self, bot_id: int, update_id: int, state: str) -> None:
        if self._redis is not None:
            try:
                await self._redis.set(self._key(bot_id, update_id), state, ex=DONE_SECONDS)
                return
            except RedisError:
                pass
        self._memory[update_id] = (state, time.monotonic() + DONE_SECONDS)
