"""The user's state under their lock (`handlers/state.py`) in real Redis: what an update reads first comes with the
lock,
aiogram-dialog's own lock on the chat's stack is the one already held, its writes and the writes queued for the
unlock land together with the unlock (read back before that as written), a value Redis holds already is not written
again, and erasure leaves nothing of what the update read or meant to write."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import Update
from redis.asyncio import Redis

from bot.factory import create_storage
from handlers.claims import Claim, UpdateClaims
from handlers.state import DIALOG_CONTEXT, DIALOG_STACK, arriving, forget_user_state, send_with_unlock
from services.cache import Cache

USER = 4_200_042


class Trips:
    """Counts round trips to Redis: one per command, one per pipeline. The isolation's two scripts are loaded into
    Redis first (their first use anywhere costs a load), by a lock on a user of its own."""

    @classmethod
    async def after_loading(cls, redis: Redis, isolation: BaseEventIsolation) -> Trips:
        async with isolation.lock(StorageKey(bot_id=1, chat_id=USER + 1, user_id=USER + 1)):
            pass
        return cls(redis)

    def __init__(self, redis: Redis) -> None:
        self.count = 0
        command: Any = redis.execute_command
        pipeline: Any = redis.pipeline

        async def counted(*args: Any, **options: Any) -> Any:
            self.count += 1
            return await command(*args, **options)

        def counted_pipeline(*args: Any, **options: Any) -> Any:
            pipe = pipeline(*args, **options)
            execute = pipe.execute

            async def counted_execute(*a: Any, **o: Any) -> Any:
                self.count += 1
                return await execute(*a, **o)

            pipe.execute = counted_execute
            return pipe

        redis.execute_command = counted  # type: ignore[method-assign]
        redis.pipeline = counted_pipeline  # type: ignore[method-assign]


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.delete(*[k async for k in client.scan_iter(f"fsm:{USER}:*")] or ["none"])
    yield client
    await client.delete(*[k async for k in client.scan_iter(f"fsm:{USER}:*")] or ["none"])
    await client.aclose()


@pytest.fixture
async def probe(redis_url: str) -> AsyncIterator[Redis]:
    """A client of the test's own, to look at Redis without counting."""
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def _key(destiny: str = "default") -> StorageKey:
    return StorageKey(bot_id=1, chat_id=USER, user_id=USER, destiny=destiny)


async def _data(probe: Redis, destiny: str) -> Any:
    """The data Redis holds under a destiny of the user's chat (None: none)."""
    found = await probe.get(f"fsm:{USER}:{USER}:{destiny}:data")
    return None if found is None else json.loads(found)


async def test_a_dialog_turn_costs_a_round_trip_for_the_lock_and_first_reads_and_one_for_its_writes_and_unlock(
    redis: Redis, probe: Redis
) -> None:
    storage, isolation = create_storage(redis)
    user, stack, context = _key(), _key(DIALOG_STACK), _key("aiogd:context:abc")
    await storage.set_state(user, "Menu:main")
    await storage.set_data(stack, {"intents": ["abc"]})
    trips = await Trips.after_loading(redis, isolation)

    async with isolation.lock(user):
        assert trips.count == 1  # the lock, the state and the stack
        assert await storage.get_state(user) == "Menu:main"
        async with isolation.lock(stack):  # aiogram-dialog's lock on the stack: the one already held
            assert await storage.get_data(stack) == {"intents": ["abc"]}
            await storage.set_data(context, {"state": "Saved:list"})
            await storage.set_data(stack, {"intents": []})
            await storage.set_data(stack, {"intents": ["abc"]})  # back to what Redis holds
            assert await storage.get_data(context) == {"state": "Saved:list"}  # as written, not yet sent
            assert trips.count == 1
            assert await _data(probe, "aiogd:context:abc") is None
            assert await probe.exists(f"fsm:{USER}:{USER}:{DIALOG_STACK}:lock") == 0
        assert trips.count == 1  # nothing sent yet: the writes wait for the unlock
        await storage.set_data(context, {"state": "Saved:list"})  # the same again: still one write
        assert await storage.get_data(context) == {"state": "Saved:list"}
        assert send_with_unlock(redis, f"fsm-test:{USER}:done", "1", seconds=60, failed=lambda: None)
        assert trips.count == 1
        assert await _data(probe, "aiogd:context:abc") is None
        assert await probe.exists(f"fsm:{USER}:{USER}:default:lock") == 1
    assert trips.count == 2  # the context written (the unchanged stack not), the queued write, the lock let go
    assert await _data(probe, "aiogd:context:abc") == {"state": "Saved:list"}
    assert await _data(probe, DIALOG_STACK) == {"intents": ["abc"]}
    assert await probe.get(f"fsm-test:{USER}:done") == b"1"
    assert await probe.exists(f"fsm:{USER}:{USER}:default:lock") == 0
    assert not send_with_unlock(redis, "fsm-test:x", "1", seconds=1, failed=lambda: None)  # no lock held: not queued
    await probe.delete(f"fsm-test:{USER}:done")


def _press(data: str) -> Update:
    """A button pressed in the user's private chat, on a message of the bot's."""
    user = {"id": USER, "is_bot": False, "first_name": "Ann"}
    message = {"message_id": 7, "date": 0, "chat": {"id": USER, "type": "private"}, "text": "Menu",
               "from": {"id": 1, "is_bot": True, "first_name": "Bot"}}  # fmt: skip
    return Update.model_validate({"update_id": 1, "callback_query": {
        "id": "9", "from": user, "chat_instance": "c", "message": message, "data": data}})  # fmt: skip


async def test_a_pressed_buttons_dialog_context_comes_with_the_lock(redis: Redis, probe: Redis) -> None:
    storage, isolation = create_storage(redis)
    user, context, other = _key(), _key(DIALOG_CONTEXT + "abc"), _key(DIALOG_CONTEXT + "xyz")
    await storage.set_data(context, {"state": "Menu:main", "id": "abc"})
    await storage.set_data(other, {"state": "Saved:list", "id": "xyz"})
    trips = await Trips.after_loading(redis, isolation)
    with arriving(_press("abc\x1dsaved")):  # aiogram-dialog's button: its intent id, then the widget's data
        async with isolation.lock(user):
            assert trips.count == 1  # the lock, the state, the stack and the button's context
            assert await storage.get_data(context) == {"state": "Menu:main", "id": "abc"}
            assert trips.count == 1
            assert await storage.get_data(other) == {"state": "Saved:list", "id": "xyz"}  # not named: read now
            assert trips.count == 2
    with arriving(_press("alert:stop:1")):  # a button of our own (no intent id): no context to read
        async with isolation.lock(user):
            assert trips.count == 4  # the unlock before, and this lock with the state and the stack
            assert await storage.get_data(context) == {"state": "Menu:main", "id": "abc"}
            assert trips.count == 5
    await probe.delete(*[f"fsm:{USER}:{USER}:{DIALOG_CONTEXT}{intent}:data" for intent in ("abc", "xyz")])


async def _claiming(redis: Redis, probe: Redis) -> tuple[UpdateClaims, BaseEventIsolation, Update, str]:
    """Claims on the test's Redis, an isolation that takes them with the lock, a button press and the key of its
    claim (none yet)."""
    claims = UpdateClaims(redis)
    _, isolation = create_storage(redis, claims=claims)
    update = _press("abc\x1dsaved")
    name = f"update:1:{update.update_id}"
    await probe.delete(name)
    return claims, isolation, update, name


async def test_the_update_is_claimed_with_the_lock_and_a_second_delivery_is_told_apart(
    redis: Redis, probe: Redis
) -> None:
    claims, isolation, update, name = await _claiming(redis, probe)
    trips = await Trips.after_loading(redis, isolation)
    try:
        with arriving(update):
            async with isolation.lock(_key()):
                assert trips.count == 1  # the lock, the reads and the claim
                assert (await probe.get(name) or b"").startswith(b"busy:")  # a value of this claim's own
                assert await claims.begin(1, update.update_id) is Claim.NEW  # answered from that round trip
                assert trips.count == 1
                assert await claims.begin(1, update.update_id) is Claim.BUSY  # asked once only: Redis now
                assert trips.count == 3
                await claims.finish(1, update.update_id)
        with arriving(update):  # delivered again after it was handled
            async with isolation.lock(_key()):
                assert await claims.begin(1, update.update_id) is Claim.DONE
        with arriving(update, claimed=True):  # the webhook claimed it itself: nothing taken here
            await probe.delete(name)
            async with isolation.lock(_key()):
                assert await probe.get(name) is None
    finally:
        await probe.delete(name)


async def test_a_claim_taken_while_another_holds_the_lock_is_given_back_when_the_update_is_cancelled(
    redis: Redis, probe: Redis
) -> None:
    _, isolation, update, name = await _claiming(redis, probe)
    _, elsewhere = create_storage(redis)  # another instance's isolation, holding the user's lock
    held, release = asyncio.Event(), asyncio.Event()

    async def other_instance() -> None:
        async with elsewhere.lock(_key()):
            held.set()
            await release.wait()

    async def this_instance() -> None:
        with arriving(update):
            async with isolation.lock(_key()):
                pytest.fail("the lock is held elsewhere")

    holder = asyncio.create_task(other_instance())
    await held.wait()
    waiter = asyncio.create_task(this_instance())
    for _ in range(50):
        if await probe.get(name) is not None:
            break
        await asyncio.sleep(0.02)
    assert (await probe.get(name) or b"").startswith(b"busy:")  # claimed with the first try of the lock
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert await probe.get(name) is None  # given back: a later delivery is handled
    release.set()
    await holder


async def test_a_claim_whose_round_trip_seemed_to_fail_is_still_known_as_this_updates_own(
    redis: Redis, probe: Redis
) -> None:
    """A Redis stall: the script ran, the client gave up waiting. The claim's value tells it from another's."""
    claims = UpdateClaims(redis)
    name = "update:1:77"
    try:
        with arriving(_press("abc\x1dsaved")):
            sent = claims.claim_ahead(1, 77)  # what the lock's script carries; its answer never arrives
            await probe.set(name, sent.value, ex=60)  # ... but Redis did take it
            assert await claims.begin(1, 77) is Claim.NEW  # handled, not dropped as busy
            other = claims.claim_ahead(1, 77)  # a second delivery, while the first is handled
            assert await claims.begin(1, 77) is Claim.BUSY and other.value != sent.value
    finally:
        await probe.delete(name)


async def test_an_update_cancelled_under_the_lock_before_it_was_handled_gives_its_claim_back(
    redis: Redis, probe: Redis
) -> None:
    _, isolation, update, name = await _claiming(redis, probe)
    inside = asyncio.Event()

    async def handling() -> None:
        with arriving(update):
            async with isolation.lock(_key()):
                inside.set()
                await asyncio.sleep(30)  # cancelled here, before DropDuplicates used the claim (a shutdown)

    task = asyncio.create_task(handling())
    await inside.wait()
    assert await probe.get(name) is not None
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await probe.get(name) is None  # a later delivery is handled
    assert await probe.exists(f"fsm:{USER}:{USER}:default:lock") == 0


async def test_a_write_queued_for_the_unlock_falls_back_when_redis_fails(redis: Redis, probe: Redis) -> None:
    storage, isolation = create_storage(redis)
    fell_back: list[str] = []
    async with isolation.lock(_key()):
        async with isolation.lock(_key(DIALOG_STACK)):
            await storage.set_data(_key(DIALOG_STACK), {"intents": ["kept"]})
        assert send_with_unlock(redis, f"fsm-test:{USER}:refused", "1", seconds=0,  # Redis refuses an expiry of 0
                                failed=lambda: fell_back.append("memory"))  # fmt: skip
        assert send_with_unlock(redis, f"fsm-test:{USER}:taken", "1", seconds=60, failed=lambda: fell_back.append("?"))
    assert fell_back == ["memory"]  # only the refused one falls back; the others went through all the same
    assert await probe.get(f"fsm-test:{USER}:taken") == b"1"
    assert await _data(probe, DIALOG_STACK) == {"intents": ["kept"]}
    assert await probe.exists(f"fsm:{USER}:{USER}:default:lock") == 0  # and the lock was let go
    await probe.delete(f"fsm-test:{USER}:taken", f"fsm:{USER}:{USER}:{DIALOG_STACK}:data")


async def test_the_users_cached_values_come_with_the_lock_and_are_served_once(redis: Redis, probe: Redis) -> None:
    member = f"member-test:{USER}"
    await probe.set(member, "cached")
    _, isolation = create_storage(redis, cached=lambda user_id: (f"member-test:{user_id}", "member-test:absent"))
    cache = Cache(redis, "test", seconds=60)
    trips = await Trips.after_loading(redis, isolation)
    try:
        async with isolation.lock(_key()):
            assert trips.count == 1  # the lock, the state, the stack and the cached values
            assert await cache.get(member) == "cached"
            assert await cache.get("member-test:absent") is None
            assert trips.count == 1
            assert await cache.get(member) == "cached"  # served once: this one asks Redis
            assert trips.count == 2
        async with isolation.lock(_key()):
            await cache.delete(member)  # dropped here: not served from what the lock read
            assert await cache.get(member) is None
        assert await Cache(redis, "test", seconds=60).get(member) is None
    finally:
        await probe.delete(member)


async def test_after_erasure_nothing_read_or_meant_to_be_written_comes_back(redis: Redis, probe: Redis) -> None:
    storage, isolation = create_storage(redis)
    user, stack = _key(), _key(DIALOG_STACK)
    await storage.set_data(stack, {"intents": ["abc"]})

    async with isolation.lock(user):
        async with isolation.lock(stack):
            assert await storage.get_data(stack) == {"intents": ["abc"]}
            await storage.set_data(stack, {"intents": ["abc", "def"]})
        assert await forget_user_state(redis, storage, USER) >= 1
        assert await storage.get_data(stack) == {}
        await storage.set_data(stack, {"intents": ["abc"]})  # no longer what Redis holds: written
    assert await _data(probe, DIALOG_STACK) == {"intents": ["abc"]}


async def test_a_task_of_its_own_takes_the_lock_again(redis: Redis) -> None:
    """The hold is the holder's: a task it starts (as aiogram-dialog's background updates do) waits for the lock."""
    _, isolation = create_storage(redis)
    user = _key()
    order: list[str] = []

    async def other() -> None:
        async with isolation.lock(user):
            order.append("other")

    async with isolation.lock(user):
        task = asyncio.create_task(other())
        await asyncio.sleep(0.2)
        order.append("holder")
    await task
    assert order == ["holder", "other"]
