"""Which pressed buttons are this package's: those built with aiogram's `CallbackData` (job alerts, the admins'
buttons, the banned user's erasure confirmation). Every other button is a dialog's (aiogram-dialog's callback data).

The routers here come before the dialogs' (`handlers.get_routers`), so without a gate every press of a dialog's
button would try their `CallbackData` filters first (five, and the admin router's own filter, for anyone not an
admin), each failing by an exception inside aiogram's `unpack`. `OwnButtons` lets in only the callback data whose
prefix one of those filters names, and is checked once, on the router that holds them all."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram import Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery


class OwnButtons(Filter):
    """A callback query whose data starts with one of `prefixes` and the separator after it."""

    def __init__(self, prefixes: Iterable[tuple[str, str]]) -> None:
        self._starts = tuple(sorted({prefix + separator for prefix, separator in prefixes}))

    @classmethod
    def of(cls, routers: Iterable[Router]) -> OwnButtons:
        """The gate for `routers`' button handlers. Each must be a `CallbackData` filter's (`Model.filter()`): one
        that is not could not be told from a dialog's button, so it is refused here, when the routers are made."""
        prefixes = []
        for router in (inner for outer in routers for inner in outer.chain_tail):  # each and the routers it holds
            for handler in router.callback_query.handlers:
                found = [f.callback for f in handler.filters or () if isinstance(f.callback, CallbackQueryFilter)]
                if not found:
                    name = getattr(handler.callback, "__name__", repr(handler.callback))
                    raise ValueError(f"{router.name}: button handler {name} has no CallbackData")
                prefixes += [(f.callback_data.__prefix__, f.callback_data.__separator__) for f in found]
        return cls(prefixes)

    async def __call__(self, callback: CallbackQuery) -> bool:
        data = callback.data
        return data is not None and data.startswith(self._starts)
