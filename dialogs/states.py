"""Every dialog's states in one place."""

from aiogram.fsm.state import State, StatesGroup


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
    compare = State()
    """A new CV's reading beside the current profile: replace or keep."""
    confirm_text = State()
    """Pasted text that may be a CV: read it as one, or search for it."""


class Search(StatesGroup):
    query = State()
    results = State()
    choose = State()
    place = State()


class Job(StatesGroup):
    card = State()
    dismiss = State()


class Prefs(StatesGroup):
    main = State()
    choose = State()
    places = State()
    firms = State()


class Saved(StatesGroup):
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
        Prefs.places,
        Prefs.firms,
        BroadcastFlow.compose,
    }
)
