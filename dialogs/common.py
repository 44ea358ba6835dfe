"""What every dialog shares: translated text widgets, the services, and message-size limits."""

from __future__ import annotations

import html
from operator import itemgetter
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, User
from aiogram_dialog import DialogManager, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Group, Row, Select, Start, SwitchTo
from aiogram_dialog.widgets.text import Format, Text

from dialogs.states import Menu
from locales import Translator
from services.container import Services

MESSAGE_LIMIT = 4096
PAGE_SIZE = 5


def tr(manager: DialogManager) -> Translator:
    translator: Translator = manager.middleware_data["t"]
    return translator


def services(manager: DialogManager) -> Services:
    app: Services = manager.middleware_data["app"]
    return app


def user_id(manager: DialogManager) -> int:
    user: User = manager.middleware_data["event_from_user"]
    return user.id


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def fit(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Shorten a window's text to what Telegram accepts, at a line break when there is one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if "\n" in cut[limit // 2 :]:
        cut = cut[: cut.rindex("\n")]
    return cut + "…"


class Tr(Text):
    """A translated text: the key's message in the user's language, given the getter's plain values."""

    def __init__(self, key: str, when: Any = None) -> None:
        super().__init__(when=when)
        self.key = key

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        args = {k: v for k, v in data.items() if isinstance(v, str | int | float) and not isinstance(v, bool)}
        return tr(manager)(self.key, **args)


class Html(Text):
    """A block of HTML a getter built (already escaped), cut to Telegram's limit."""

    def __init__(self, name: str, when: Any = None) -> None:
        super().__init__(when=when)
        self.name = name

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return fit(str(data.get(self.name, "")), MESSAGE_LIMIT - 300)  # room for the window's other lines


def to_menu() -> Start:
    """Back to the main menu from anywhere, leaving nothing open behind."""
    return Start(Tr("btn-menu"), id="menu", state=Menu.main, mode=StartMode.RESET_STACK)


def picker(widget_id: str, on_click: Any, items: str = "items") -> Select[str]:
    """Buttons from a getter's list of (label, id) pairs; the id is what a press sends."""
    return Select(Format("{item[0]}"), id=widget_id, item_id_getter=itemgetter(1), items=items, on_click=on_click)


def choice_window(state: State, on_choice: Any, getter: Any, back: State, *, prompt: str = "filter-choose",
                  widget_id: str = "opt", width: int = 2) -> Window:  # fmt: skip
    """A question and one button per answer (the getter's `items`), and Back."""
    return Window(
        Tr(prompt),
        Group(picker(widget_id, on_choice), width=width),
        SwitchTo(Tr("btn-back"), id="back", state=back),
        getter=getter,
        state=state,
    )


def place_window(state: State, on_text: Any, on_anywhere: Any, back: State) -> Window:
    """Type places, or choose anywhere (search filters and preferences share it)."""
    return Window(
        Tr("filter-place-prompt"),
        MessageInput(on_text, content_types="text"),
        Button(Tr("value-anywhere"), id="anywhere", on_click=on_anywhere),
        SwitchTo(Tr("btn-back"), id="back", state=back),
        state=state,
    )


async def on_page(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    step = 1 if button.widget_id == "next" else -1
    manager.dialog_data["page"] = max(0, int(manager.dialog_data.get("page", 0)) + step)


def paged_list(on_open: Any) -> list[Any]:
    """A page's items as buttons (the getter's `items`), then Previous and Next where there are pages."""
    return [
        Column(picker("open", on_open)),
        Row(
            Button(Tr("btn-prev"), id="prev", on_click=on_page, when="has_prev"),
            Button(Tr("btn-next"), id="next", on_click=on_page, when="has_next"),
        ),
    ]
