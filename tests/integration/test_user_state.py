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
from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis

from bot.factory import create_storage
from handlers.state import DIALOG_STACK, forget_user_state, send_with_unlock
from services.cache import Cache

USER = 4_200_042


class Trips:
    """Counts round trips to Redis: one per command, one per pipeline."""

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
    trips = Trips(redis)

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
        assert send_with_unlock(redis, lambda pipe: pipe.set(f"fsm-test:{USER}:done", "1", ex=60), lambda: None)
        assert trips.count == 1
        assert await _data(probe, "aiogd:context:abc") is None
        assert await probe.exists(f"fsm:{USER}:{USER}:default:lock") == 1
    assert trips.count == 2  # the context written (the unchanged stack not), the queued write, the lock let go
    assert await _data(probe, "aiogd:context:abc") == {"state": "Saved:list"}
    assert await _data(probe, DIALOG_STACK) == {"intents": ["abc"]}
    assert await probe.get(f"fsm-test:{USER}:done") == b"1"
    assert await probe.exists(f"fsm:{USER}:{USER}:default:lock") == 0
    assert not send_with_unlock(redis, lambda pipe: None, lambda: None)  # no lock held: the caller writes itself
    await probe.delete(f"fsm-test:{USER}:done")


async def test_a_write_queued_for_the_unlock_falls_back_when_redis_fails(redis: Redis, probe: Redis) -> None:
    _, isolation = create_storage(redis)
    fell_back: list[str] = []
    async with isolation.lock(_key()):
        assert send_with_unlock(redis, lambda pipe: pipe.execute_command("NO-SUCH-COMMAND"),
                                lambda: fell_back.append("memory"))  # fmt: skip
    assert fell_back == ["memory"]
    assert await probe.exists(f"fsm:{USER}:{USER}:default:lock") == 0  # the unlock went through all the same


async def test_the_users_cached_values_come_with_the_lock_and_are_served_once(redis: Redis, probe: Redis) -> None:
    member = f"member-test:{USER}"
    await probe.set(member, "cached")
    _, isolation = create_storage(redis, cached=lambda user_id: (f"member-test:{user_id}", "member-test:absent"))
    cache = Cache(redis, "test", seconds=60)
    trips = Trips(redis)
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
