"""The user's conversation state (FSM and dialog stacks) in Redis or memory, and erasing it on request.

While Redis is down the bot goes on answering (`ResilientStorage`, and the isolation lock taken without Redis):
reads find no state (the user lands in the menu), writes are dropped, and the log says so once per outage.

Each update holds its user's lock (aiogram takes it before any middleware of ours), and no other update touches the
state of that chat and user meanwhile. So the holder spares Redis round trips, most of those an update cost
(docs/bot.md, "Where the time goes"), in four ways: the lock is asked for in the same round trip that claims the
update (`arriving`, `handlers.claims`) and reads the user's FSM state, their dialog stack, the dialog context of a
pressed button and their cached member, which the update reads next (the member is handed to `services.cache`);
aiogram-dialog's second lock, on the dialog stack of the same chat, is the one already held; its writes, and what
other parts queue with `send_with_unlock` (the update's claim marked done), go out in the round trip that lets the
lock go; and a value equal to what Redis holds is not written again (aiogram-dialog saves the stack and the context
after every update, changed or not). Polling, a button press costs three round trips in all (with the flood count), a
message four (its dialog context is known only from the stack); under the webhook two more (it claims the update and
marks it done itself, as it answers Telegram from the claim).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram.types import Update
from loguru import logger
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

from handlers.claims import UpdateClaims
from services.cache import serve_ahead, stop_serving
from services.counters import KEY_PREFIX

FSM_PREFIX = "fsm"
DIALOG_STACK = "aiogd:stack:"
"""The destiny under which aiogram-dialog keeps a private chat's dialog stack (its storage format in Redis)."""
DIALOG_CONTEXT = "aiogd:context:"
"""The destiny of a dialog's context, followed by its intent id, which the dialog's buttons carry in their callback
data before `INTENT_END` (aiogram-dialog's format too)."""
INTENT_END = "\x1d"


@dataclass(frozen=True, slots=True)
class _Arrival:
    update: Update
    claimed: bool


_ARRIVING: ContextVar[_Arrival | None] = ContextVar("arriving_update", default=None)


@contextmanager
def arriving(update: Update, *, claimed: bool = False) -> Iterator[None]:
    """Name the update this task is about to handle, so that its user's lock reads ahead what the update needs (the
    dialog context a pressed button names) and claims it in the same round trip (`OrderedIsolation`), unless it
    is `claimed` already (the webhook claims before it answers Telegram). The Dispatcher wraps each update in this."""
    token = _ARRIVING.set(_Arrival(update, claimed))
    try:
        yield
    finally:
        _ARRIVING.reset(token)


def _pressed_context(key: StorageKey, update: Update) -> StorageKey | None:
    """The dialog context the button being pressed belongs to, as aiogram-dialog will read it (private chats)."""
    callback = update.callback_query
    data = callback.data if callback is not None else None
    if not data or INTENT_END not in data:
        return None
    destiny = DIALOG_CONTEXT + data.split(INTENT_END, 1)[0]
    return StorageKey(bot_id=key.bot_id, chat_id=key.chat_id, user_id=key.chat_id, thread_id=key.thread_id,
                      business_connection_id=key.business_connection_id, destiny=destiny)  # fmt: skip


async def forget_user_state(redis: Redis | None, storage: BaseStorage, user_id: int) -> int:
    """Remove every state and data key of this user (all destinies: FSM, dialog stacks and contexts) and their
    throttle counters. Lock keys are left to expire on their own (the current update holds one). Returns the
    number of keys removed."""
    removed = 0
    hold = _HOLD.get()
    if hold is not None:
        hold.forget()  # nothing this update read or meant to write stays
    if redis is not None:
        found = [key for key in await user_state_keys(redis, user_id) if not key.endswith(b":lock")]
        if found:
            removed += int(await redis.delete(*found))
    if isinstance(storage, MemoryStorage):
        for key in [k for k in storage.storage if user_id in (k.user_id, k.chat_id)]:
            del storage.storage[key]
            removed += 1
    return removed


async def user_state_keys(redis: Redis, user_id: int) -> list[bytes]:
    """Keys that still name the user (for tests and the erasure check)."""
    keys: set[bytes] = set()
    patterns = (f"{FSM_PREFIX}:{user_id}:*", f"{FSM_PREFIX}:*:{user_id}:*",
                *(f"{KEY_PREFIX}:{name}/{user_id}/*" for name in ("throttle", "throttle-notice")))  # fmt: skip
    for pattern in patterns:
        keys.update([key async for key in redis.scan_iter(match=pattern, count=500)])
    return sorted(keys)


@dataclass(slots=True, eq=False)
class _Hold:
    """One update's hold on its user's lock, and that chat's state as the update sees it.

    `states` and `ahead`: FSM states and data read ahead with the lock, each served once; `cached`: the user's
    `services.cache` values read with it, served there. `stored`: data as Redis holds it (read or written under the
    lock), as the storage's JSON ("" for none). `pending`: data writes made inside aiogram-dialog's stack lock
    (`nested` > 0), not yet sent (the storage's JSON, "" to delete). `later`: writes queued by others
    (`send_with_unlock`), each with what to do if they fail. All go out with the unlock."""

    task: asyncio.Task[Any] | None
    key: StorageKey
    redis: Redis
    states: dict[StorageKey, str | None] = field(default_factory=dict)
    ahead: dict[StorageKey, str | None] = field(default_factory=dict)
    stored: dict[StorageKey, str] = field(default_factory=dict)
    pending: dict[StorageKey, str] = field(default_factory=dict)
    later: list[_Later] = field(default_factory=list)
    cached: dict[str, str | None] = field(default_factory=dict)
    writer: ResilientStorage | None = None
    nested: int = 0

    def covers(self, key: StorageKey) -> bool:
        """Whether `key` names state of the locked chat and user (any destiny: FSM, dialog stack or context), in
        the task that holds the lock. Every update that reaches that state takes this lock first."""
        held = self.key
        return (self.task is asyncio.current_task() and key.chat_id == held.chat_id and key.user_id == held.user_id
                and key.bot_id == held.bot_id and key.thread_id == held.thread_id
                and key.business_connection_id == held.business_connection_id)  # fmt: skip

    def forget(self) -> None:
        self.states.clear()
        self.cached.clear()
        self.ahead.clear()
        self.stored.clear()
        self.pending.clear()


_HOLD: ContextVar[_Hold | None] = ContextVar("user_lock_held", default=None)


def _held_over(key: StorageKey) -> _Hold | None:
    hold = _HOLD.get()
    return hold if hold is not None and hold.covers(key) else None


@dataclass(frozen=True, slots=True)
class _Later:
    """A write queued for the unlock: SET `key` `value` with an expiry of `seconds`; `failed` if Redis refused it."""

    key: str
    value: str
    seconds: int
    failed: Callable[[], object]


def send_with_unlock(redis: Redis, key: str, value: str, *, seconds: int, failed: Callable[[], object]) -> bool:
    """Queue a write on `redis` (`key` set to `value`, expiring in `seconds`) to go out in the round trip that lets
    this task's user lock go, with the state it wrote; `failed` is called if Redis did not take it. False when this
    task holds no user lock on that Redis: the caller writes it itself."""
    hold = _HOLD.get()
    if hold is None or hold.task is not asyncio.current_task() or hold.redis is not redis:
        return False
    hold.later.append(_Later(key, value, seconds, failed))
    return True


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class _Outage:
    """Says once when Redis stops answering and once when it is back."""

    down = False

    @classmethod
    def failed(cls, what: str, exc: Exception) -> None:
        if not cls.down:
            cls.down = True
            logger.error("Redis unavailable ({}, on {}): conversations go on without their state until it is back",
                         type(exc).__name__, what)  # fmt: skip

    @classmethod
    def answered(cls) -> None:
        if cls.down:
            cls.down = False
            logger.warning("Redis answers again: conversation state is kept again")


class ResilientStorage(BaseStorage):
    """The Redis storage, except that a Redis error reads as "no state" and drops a write, and that under the
    user's lock it serves what was read ahead, sends aiogram-dialog's writes together and skips a write of what
    Redis holds already (see the module; state is kept without expiry, so a skipped write renews nothing)."""

    def __init__(self, inner: RedisStorage) -> None:
        self.inner = inner
        self._spare = inner.state_ttl is None and inner.data_ttl is None

    def _hold(self, key: StorageKey) -> _Hold | None:
        return _held_over(key) if self._spare else None

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        if (hold := self._hold(key)) is not None:
            hold.states.pop(key, None)
        try:
            await self.inner.set_state(key, state)
            _Outage.answered()
        except RedisError as exc:
            _Outage.failed("set_state", exc)

    async def get_state(self, key: StorageKey) -> str | None:
        if (hold := self._hold(key)) is not None and key in hold.states:
            return hold.states.pop(key)
        try:
            found = await self.inner.get_state(key)
        except RedisError as exc:
            _Outage.failed("get_state", exc)
            return None
        _Outage.answered()
        return found

    def _json(self, data: Mapping[str, Any]) -> str | None:
        """Data as the storage writes it ("" for none: the key is deleted); None if it cannot be."""
        try:
            return self.inner.json_dumps(data) if data else ""
        except (TypeError, ValueError):
            return None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        hold = self._hold(key)
        value = self._json(data) if hold is not None and isinstance(data, dict) else None
        if hold is not None and value is not None:
            hold.ahead.pop(key, None)
            if hold.nested or key in hold.pending:  # aiogram-dialog's turn, or its key: sent with the unlock
                hold.pending.pop(key, None)
                hold.pending[key] = value
                hold.writer = self
                return
            if hold.stored.get(key) == value:
                return
        try:
            await self.inner.set_data(key, data)
            _Outage.answered()
        except RedisError as exc:
            _Outage.failed("set_data", exc)
            value = None
        if hold is not None:
            if value is None:
                hold.stored.pop(key, None)
            else:
                hold.stored[key] = value

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        hold = self._hold(key)
        if hold is not None and key in hold.pending:
            written = hold.pending[key]
            return dict(self.inner.json_loads(written)) if written else {}
        if hold is not None and key in hold.ahead:
            read = hold.ahead.pop(key) or ""
            hold.stored[key] = read  # as Redis holds it: an unchanged write gives the same text, and is skipped
            return dict(self.inner.json_loads(read)) if read else {}
        try:
            found = await self.inner.get_data(key)
        except RedisError as exc:
            _Outage.failed("get_data", exc)
            return {}
        _Outage.answered()
        if hold is not None and (value := self._json(found)) is not None:
            hold.stored[key] = value
        return found

    def pending_writes(self, hold: _Hold) -> tuple[list[str], dict[str, str], Callable[[bool], None]]:
        """The held writes that change what Redis holds (a key's last write is the one that counts): the keys to
        delete and the keys to set with their values, and what to call with whether Redis took them."""
        pending, hold.pending = hold.pending, {}
        writes = [(key, value) for key, value in pending.items() if hold.stored.get(key) != value]
        build = self.inner.key_builder.build
        removed = [build(key, "data") for key, value in writes if not value]
        kept = {build(key, "data"): value for key, value in writes if value}

        def settle(sent: bool) -> None:
            for key, value in writes:
                if sent:
                    hold.stored[key] = value
                else:
                    hold.stored.pop(key, None)

        return removed, kept, settle

    async def close(self) -> None:
        await self.inner.close()


_TAKE = """
-- Take a user's lock as redis-py's Lock does (SET NX, with its expiry), claim the update if asked, and read keys.
-- KEYS: the lock, the update's claim (when ARGV[3] is not empty), then the keys to read.
-- ARGV: the lock's token, its expiry in milliseconds ('' for none), the claim's expiry in seconds ('' for none) and
-- its value.
local taken
if ARGV[2] == '' then
  taken = redis.call('SET', KEYS[1], ARGV[1], 'NX')
else
  taken = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
end
local first, claimed = 2, 0
if ARGV[3] ~= '' then
  if redis.call('SET', KEYS[2], ARGV[4], 'NX', 'EX', ARGV[3]) then claimed = 1 end
  first = 3
end
local read = {}
if #KEYS >= first then read = redis.call('MGET', unpack(KEYS, first)) end
return {taken and 1 or 0, claimed, read}
"""

_LET_GO = """
-- Write what an update held back, then let its user's lock go if the lock still holds its token (as redis-py's Lock
-- does). KEYS: the lock, ARGV[2] keys to delete, ARGV[3] keys to set, then keys to set with an expiry.
-- ARGV: the token ('' when no lock was taken), the two counts, the values to set, then a (value, seconds) pair for
-- each key with an expiry. The deletes are one pcall, the sets one (MSET), each write with an expiry one of its
-- own: one that fails stops no other, nor the unlock. Returns the unlock (1 or 0), whether the deletes and sets both
-- went through, then whether each write with an expiry did.
local removed, kept = tonumber(ARGV[2]), tonumber(ARGV[3])
local function ok(reply) return (type(reply) == 'table' and reply.err) and 0 or 1 end
local state = 1
if removed > 0 then state = ok(redis.pcall('DEL', unpack(KEYS, 2, 1 + removed))) end
if kept > 0 then
  local pairs = {}
  for i = 1, kept do
    pairs[#pairs + 1] = KEYS[1 + removed + i]
    pairs[#pairs + 1] = ARGV[3 + i]
  end
  state = math.min(state, ok(redis.pcall('MSET', unpack(pairs))))
end
local result = {0, state}
local arg = 4 + kept
for i = 2 + removed + kept, #KEYS do
  result[#result + 1] = ok(redis.pcall('SET', KEYS[i], ARGV[arg], 'EX', ARGV[arg + 1]))
  arg = arg + 2
end
if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  result[1] = 1
end
return result
"""


class OrderedIsolation(BaseEventIsolation):
    """Per-user isolation that also keeps order: updates of one user wait in a first-come queue in this process
    (asyncio locks wake waiters in order), then take the Redis lock that isolates them from other instances.

    A Redis lock alone is taken by whichever waiter polls first, so twenty updates sent at once could run out of
    order; within one instance (polling, or a webhook behind one machine) this keeps them in arrival order.

    The Redis lock is redis-py's, first tried in one round trip with reading the user's FSM state and, in a private
    chat, their dialog stack and the context of a pressed button (`ResilientStorage` serves them), and with claiming
    the update (`claims`; `DropDuplicates` is answered from that); when another instance holds it, it is waited for
    as redis-py does. A claim taken so and not yet used is given back if the update is cancelled. A lock asked for
    inside a held one, in the same task, on the same chat and user (aiogram-dialog locks the chat's dialog stack
    inside the user's lock) is the one already held: no second lock, in Redis or here. The writes made inside it,
    and those queued with `send_with_unlock`, go out in the round trip that lets the user's lock go.
    """

    def __init__(self, inner: RedisEventIsolation, storage: RedisStorage, *,
                 cached: Callable[[int], Sequence[str]] | None = None,
                 claims: UpdateClaims | None = None) -> None:  # fmt: skip
        """`cached`: the keys of `services.cache` values to read with a user's lock (by their Telegram id);
        `claims`: the update claims to take with it (on the same Redis)."""
        self._inner = inner
        self._storage = storage
        self._cached = cached
        self._claims = claims if claims is not None and claims.redis is inner.redis else None
        self._take = inner.redis.register_script(_TAKE)
        self._let_go_script = inner.redis.register_script(_LET_GO)
        self._locks: dict[StorageKey, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        outer = _HOLD.get()
        if outer is not None and outer.task is not asyncio.current_task():
            outer = None  # a task started by the holder's: the hold is not its own
        if outer is not None and outer.covers(key):
            outer.nested += 1
            try:
                yield None
            finally:
                outer.nested -= 1
            return
        local, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (local, users + 1)
        try:
            async with local:
                if outer is not None:  # another chat's lock inside a held one (a group's dialog stack): as it is
                    async with self._redis_lock(key, None):
                        yield None
                    return
                hold = _Hold(asyncio.current_task(), key, self._inner.redis)
                held = _HOLD.set(hold)
                try:
                    async with self._redis_lock(key, hold):
                        served = serve_ahead(hold.cached) if hold.cached else None
                        try:
                            yield None
                        finally:
                            if served is not None:
                                stop_serving(served)
                except asyncio.CancelledError:  # before the update was handled, its claim is given back
                    if self._claims is not None and (arrival := _ARRIVING.get()) is not None:
                        await self._claims.give_back_ahead(key.bot_id, arrival.update.update_id)
                    raise
                finally:
                    _HOLD.reset(held)
        finally:
            local, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (local, users - 1)

    @asynccontextmanager
    async def _redis_lock(self, key: StorageKey, hold: _Hold | None) -> AsyncGenerator[None, None]:
        """The Redis lock, except that losing it meanwhile (Redis flushed or restarted, the lock expired) is logged
        instead of failing an update whose work is already done. While Redis is down the update runs under this
        process's own lock only."""
        name = self._inner.key_builder.build(key, "lock")
        token = uuid.uuid4().hex.encode()  # redis-py's own would be uuid1: the same job at five times the cost
        try:
            if hold is None or not await self._take_reading_ahead(name, token, key, hold):
                await self._redis_lock_named(name).acquire(token=token)
        except RedisError as exc:
            _Outage.failed("lock", exc)
            try:
                yield None
            finally:
                if hold is not None:
                    await self._let_go(key, hold, name, None)
            return
        try:
            yield None
        finally:
            if hold is not None:
                await self._let_go(key, hold, name, token)
            else:
                try:
                    await self._redis_lock_named(name).do_release(token)
                except (LockError, RedisError):
                    logger.warning("user {}: the Redis lock was lost while the update ran", key.user_id)

    def _redis_lock_named(self, name: str) -> Lock:
        """redis-py's lock, as aiogram's isolation makes it: for the waits and for a lock taken without a hold (made
        only then: building one on every update cost almost 1% of a button press, sampled)."""
        return self._inner.redis.lock(name, **self._inner.lock_kwargs)

    async def _let_go(self, key: StorageKey, hold: _Hold, name: str, token: bytes | None) -> None:
        """One round trip (`_LET_GO`): the held state writes, the writes queued with `send_with_unlock`, and the
        unlock (`token` None: the lock was not taken, Redis being down). Each part that Redis did not take is
        settled as failed on its own."""
        later, hold.later = hold.later, []
        if not hold.pending and not later and token is None:
            return
        removed: list[str] = []
        kept: dict[str, str] = {}
        settle = None
        if hold.pending and hold.writer is not None:
            removed, kept, settle = hold.writer.pending_writes(hold)
        keys = [name, *removed, *kept, *(write.key for write in later)]
        args: list[Any] = [token or "", len(removed), len(kept), *kept.values()]
        for write in later:
            args += [write.value, write.seconds]
        try:
            released, state, *written = await self._let_go_script(keys=keys, args=args)
        except RedisError as exc:
            _Outage.failed("set_data" if token is None else "unlock", exc)
            released, state, written = 0, 0, [0] * len(later)
        else:
            _Outage.answered()
        if settle is not None:
            settle(bool(state))
        for write, went in zip(later, written, strict=True):
            if not went:
                write.failed()
        if token is not None and not released:
            logger.warning("user {}: the Redis lock was lost while the update ran", key.user_id)

    async def _take_reading_ahead(self, name: str, token: bytes, key: StorageKey, hold: _Hold) -> bool:
        """Try the lock once (as `Lock.do_acquire` does) and, in the same round trip, claim the arriving update
        and read the FSM state aiogram reads next, the private chat's dialog stack aiogram-dialog reads after it
        and the dialog context of a pressed button (`arriving`), and the user's cached values."""
        build = self._storage.key_builder.build
        arrival = _ARRIVING.get()
        ahead: list[StorageKey] = []
        if key.chat_id == key.user_id and key.business_connection_id is None:  # aiogram-dialog's own condition
            ahead.append(StorageKey(bot_id=key.bot_id, chat_id=key.chat_id, user_id=key.chat_id,
                                    thread_id=key.thread_id, destiny=DIALOG_STACK))  # fmt: skip
            if arrival is not None and (pressed := _pressed_context(key, arrival.update)) is not None:
                ahead.append(pressed)
        cached = self._cached(key.user_id) if self._cached is not None else ()
        claim = None
        if self._claims is not None and arrival is not None and not arrival.claimed:
            claim = self._claims.claim_ahead(key.bot_id, arrival.update.update_id)
        keys = [name, *([claim.key] if claim else []), build(key, "state"),
                *(build(data_key, "data") for data_key in ahead), *cached]  # fmt: skip
        timeout = self._inner.lock_kwargs.get("timeout")  # seconds, as redis-py's lock takes it
        expiry = int(timeout * 1000) if timeout else ""
        args = [token, expiry, *((claim.seconds, claim.value) if claim else ("", ""))]
        taken, claimed, (state, *data) = await self._take(keys=keys, args=args)
        if claim is not None:
            claim.settle(bool(claimed))
        if not taken:
            return False
        hold.states[key] = _text(state)
        hold.ahead.update(zip(ahead, map(_text, data[: len(ahead)]), strict=True))
        hold.cached.update(zip(cached, map(_text, data[len(ahead) :]), strict=True))
        return True

    async def close(self) -> None:
        await self._inner.close()
