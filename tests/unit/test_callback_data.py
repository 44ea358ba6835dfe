"""The callback data of the buttons the bot builds outside aiogram-dialog (aiogram `CallbackData` factories): they
pack to the very strings the hand-made format wrote, so buttons sent before the change keep working, and they
refuse what the old patterns refused."""

from __future__ import annotations

import pytest
from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, User

from dialogs.states import AlertAll, AlertFirmOff, AlertJob, AlertPause, CancelBroadcast, EraseConfirm
from handlers import get_routers
from handlers.admin import UserAction
from handlers.admins import IsAdmin
from handlers.buttons import OwnButtons
from handlers.commands import ERASE_CONFIRM

# Written here as the hand-made code wrote them (f"{PREFIX}{id}"), not built with the factories.
OLD_FORMAT: list[tuple[str, CallbackData]] = [
    ("adm:bc:cancel:17", CancelBroadcast(broadcast_id=17)),
    ("adm:user:ban:900001", UserAction(action="ban", telegram_id=900_001)),
    ("adm:user:unban:900001", UserAction(action="unban", telegram_id=900_001)),
    ("alert:job:123456789012", AlertJob(job_id=123_456_789_012)),
    ("alert:all:1733480000", AlertAll(at=1_733_480_000)),
    ("alert:pause", AlertPause()),
]


@pytest.mark.parametrize(("old", "data"), OLD_FORMAT, ids=[old for old, _ in OLD_FORMAT])
def test_the_factories_pack_to_the_old_strings_and_read_them(old: str, data: CallbackData) -> None:
    assert data.pack() == old
    assert type(data).unpack(old) == data


def test_each_old_string_is_read_by_its_own_factory_only() -> None:
    factories = {type(data) for _, data in OLD_FORMAT}
    for old, data in OLD_FORMAT:
        for factory in factories - {type(data)}:
            with pytest.raises((TypeError, ValueError)):
                factory.unpack(old)


@pytest.mark.parametrize(
    ("factory", "forged"),
    [
        (AlertJob, "alert:job:1234567890123"),  # more than 12 digits
        (AlertJob, "alert:job:+5"),
        (AlertJob, "alert:job:-5"),
        (AlertJob, "alert:job: 5"),
        (AlertJob, "alert:job:5_0"),
        (AlertJob, "alert:job:5.0"),
        (AlertJob, "alert:job:"),
        (AlertJob, "alert:job:5:6"),
        (AlertAll, "alert:all:x"),
        (AlertPause, "alert:pause:1"),
        (UserAction, "adm:user:kick:5"),
        (UserAction, "adm:user:ban:-5"),
        (CancelBroadcast, "adm:bc:stop:5"),
        (CancelBroadcast, "adm:bc:cancel:"),
    ],
)
def test_what_the_old_patterns_refused_is_refused(factory: type[CallbackData], forged: str) -> None:
    with pytest.raises((TypeError, ValueError)):
        factory.unpack(forged)


def test_the_erasure_confirmation_packs_as_before() -> None:
    assert EraseConfirm().pack() == "rights:erase" == ERASE_CONFIRM
    assert EraseConfirm.unpack("rights:erase") == EraseConfirm()


# ---------------------------------------------------------------- the gate before the handlers' routers


def _press(data: str) -> CallbackQuery:
    user = User(id=1, is_bot=False, first_name="A")
    return CallbackQuery(id="1", from_user=user, chat_instance="c", data=data)


async def test_the_handlers_routers_let_in_their_own_buttons_only() -> None:
    (held,) = get_routers(IsAdmin(frozenset({1})))
    # The filter on the router that holds them (aiogram keeps a router's own filters on its observer's handler).
    (gate,) = [f.callback for f in held.callback_query._handler.filters or ()]
    assert isinstance(gate, OwnButtons)
    for old, data in [*OLD_FORMAT, ("alert:firmoff:0a1b2c3d", AlertFirmOff(key="0a1b2c3d")),
                      ("rights:erase", EraseConfirm())]:  # fmt: skip
        assert await gate(_press(data.pack())), old
    # aiogram-dialog's buttons (an intent id, its separator, a widget id), and what no router here reads
    for other in ["aVx3kQ\x1dsaved", "aVx3kQ\x1djobs:12", "alerts:job:5", "adm", "rights", "", "menu"]:
        assert not await gate(_press(other)), other


def test_a_button_handler_without_callback_data_is_refused_when_the_routers_are_made() -> None:
    router = Router(name="odd")

    async def anything(callback: CallbackQuery) -> None: ...

    router.callback_query.register(anything, F.data == "odd")
    with pytest.raises(ValueError, match="anything has no CallbackData"):
        OwnButtons.of([router])
    outer = Router(name="outer")
    outer.include_router(router)  # one held inside another is looked at too
    with pytest.raises(ValueError, match="anything has no CallbackData"):
        OwnButtons.of([outer])
