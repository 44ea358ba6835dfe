"""The addresses the adapters share, and nothing else of dialogs/ is imported by handlers/: every dialog's states
(where a window is), the callback data of the buttons the bot builds outside aiogram-dialog (where a press goes:
a broadcast's progress, job alerts, a banned user's erasure), and the flag an erasure confirmation raises for the
bot's middleware.

Buttons already sent keep working: each `CallbackData` factory packs to the very string the hand-made format gave
(`adm:bc:cancel:7`, `alert:job:42`, `alert:all:1733480000`, `alert:pause`, `rights:erase`; new since:
`alert:firmoff:1a2b3c4d`), a fixed word of the
old format being a field with one allowed value, and ids take digits only, as the old patterns did."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from pydantic import BeforeValidator, StringConstraints


class Menu(StatesGroup):
    main = State()


class Onboarding(StatesGroup):
    consent = State()


class Cv(StatesGroup):
    upload = State()
    profile = State()
    fix_level = State()
    fix_family = State()
    fix_location = State()
    fix_title = State()
    fix_years = State()
    fix_salary = State()
    fix_sectors = State()
    compare = State()
    """A new CV's reading beside the current profile: replace or keep."""
    confirm_text = State()
    """Pasted text that may be a CV: read it as one, or search for it."""
    reading = State()
    """A CV handed over by the handlers (start data: a document's `file_id` and `file_size`, or the pasted `text`):
    the dialog's start reads it and goes on to the card or the comparison, or closes on a refusal. No window."""


class Search(StatesGroup):
    query = State()
    results = State()
    choose = State()
    place = State()


class Job(StatesGroup):
    card = State()
    dismiss = State()
    applied_on = State()
    """"I applied": when (a button, or a typed date)."""
    stage = State()
    reminder = State()


class Prefs(StatesGroup):
    main = State()
    choose = State()
    places = State()
    firms = State()
    taught = State()
    favourites = State()


class Saved(StatesGroup):
    list = State()


class Applications(StatesGroup):
    list = State()


class Privacy(StatesGroup):
    confirm_delete = State()


class BroadcastFlow(StatesGroup):
    compose = State()
    audience = State()
    language = State()
    preview = State()


# Windows that read typed text (or a photo) themselves; anywhere else a typed message is a search.
TEXT_INPUT_STATES = frozenset(
    {
        Cv.upload,
        Cv.fix_location,
        Cv.fix_title,
        Cv.fix_years,
        Cv.fix_salary,
        Search.query,
        Search.place,
        Job.applied_on,
        Prefs.places,
        Prefs.firms,
        Prefs.favourites,
        BroadcastFlow.compose,
    }
)


# ---------------------------------------------------------------- buttons built outside aiogram-dialog

ADMIN_PREFIX = "adm"
"""The prefix of every admin button's `CallbackData`; aiogram-dialog buttons of admin dialogs have ids `adm_...`."""
ADMIN_CALLBACK = f"{ADMIN_PREFIX}:"
"""Callback data of admin buttons starts with this (what `handlers.admins.AdminGate` looks for)."""


def digits(most: int | None = None) -> BeforeValidator:
    """An id field of callback data: from Telegram's string, ASCII digits only (at most `most` of them), as the old
    hand-made patterns took (pydantic alone would also take `+5`, ` 5`, `5_0` and `-5`)."""

    def check(value: object) -> object:
        if isinstance(value, str) and not (value.isascii() and value.isdigit() and len(value) <= (most or len(value))):
            raise ValueError(f"not an id: {value!r}")
        return value

    return BeforeValidator(check)


class CancelBroadcast(CallbackData, prefix=ADMIN_PREFIX):
    """The cancel button under a broadcast's progress message: `adm:bc:cancel:<broadcast id>`."""

    area: Literal["bc"] = "bc"
    action: Literal["cancel"] = "cancel"
    broadcast_id: Annotated[int, digits()]


class AlertJob(CallbackData, prefix="alert"):
    """One job of a job alert: `alert:job:<job id>`."""

    button: Literal["job"] = "job"
    job_id: Annotated[int, digits(12)]


class AlertAll(CallbackData, prefix="alert"):
    """All the jobs of one alert: `alert:all:<the alert's time, Unix seconds>`."""

    button: Literal["all"] = "all"
    at: Annotated[int, digits(12)]


class AlertPause(CallbackData, prefix="alert"):
    """Pause alerts: `alert:pause`."""

    button: Literal["pause"] = "pause"


class AlertFirmOff(CallbackData, prefix="alert"):
    """Stop a favourite firm's own alert: `alert:firmoff:<the firm's value_key, 8 hex digits>`."""

    button: Literal["firmoff"] = "firmoff"
    key: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")]


class EraseConfirm(CallbackData, prefix="rights"):
    """The plain confirmation `/delete_me` shows a banned user (the dialogs are closed to them): `rights:erase`."""

    action: Literal["erase"] = "erase"


# ---------------------------------------------------------------- erasure


@dataclass(slots=True)
class Erasure:
    """Set by the delete confirmation (the privacy dialog's, or `/delete_me`'s plain button); the bot's outer
    middleware then clears the user's state in Redis, after the dialog machinery has saved its last context (so
    nothing is written back)."""

    user_id: int | None = None
