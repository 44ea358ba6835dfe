"""What every dialog shares: translated text widgets, the services, and message-size limits."""

from __future__ import annotations

import html
from operator import itemgetter
from typing import Any

from aiogram.types import User
from aiogram_dialog import DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Select, Start
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
