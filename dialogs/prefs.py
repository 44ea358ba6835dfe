"""Preferences: saved filters used by every search, alert frequency, language and excluded firms."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Group, SwitchTo

from dialogs import filters as choices
from dialogs.common import Html, Tr, choice_window, esc, picker, place_window, services, to_menu, tr, user_id
from dialogs.states import Prefs
from locales import translator
from services.accounts.preferences import AlertFrequency, default_timezone

FIELDS = (*choices.SEARCH_FIELDS, "alerts", "timezone", "language")


async def prefs_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t, app, uid = tr(dialog_manager), services(dialog_manager), user_id(dialog_manager)
    prefs = await app.preferences.preferences(uid)
    described = choices.describe(replace(prefs.filters, excluded_firms=()), t)
    firms = await app.preferences.excluded_firm_names(uid)
    lines = [
        t("prefs-title"),
        t("prefs-filters", filters=esc(" · ".join(described)) if described else t("prefs-no-filters")),
        t("prefs-alerts", value=t(f"alerts-{prefs.alert_frequency.value}")),
        t("prefs-timezone", value=prefs.timezone or default_timezone(prefs.language or t.language)),
        t("prefs-language", value=t(f"language-{prefs.language or t.language}")),
    ]
    if firms:
        lines.append(t("prefs-firms", firms=esc(", ".join(firms[:20]))))
    return {"body": "\n".join(lines), "field_items": [(t(f"filter-{f}"), f) for f in FIELDS]}


async def on_field(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if item not in FIELDS:
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    manager.dialog_data["field"] = item
    await manager.switch_to(Prefs.places if item == "place" else Prefs.choose)


async def choose_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    field = dialog_manager.dialog_data.get("field", "remote")
    return {"items": [(label, oid) for oid, label in choices.options(field, t)]}


async def on_choice(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    prefs, uid = services(manager).preferences, user_id(manager)
    field = manager.dialog_data.get("field", "")
    try:
        if field == "alerts":
            await prefs.update_preferences(uid, alert_frequency=AlertFrequency(item))
        elif field == "timezone":
            await prefs.update_preferences(uid, timezone=item)
        elif field == "language":
            await prefs.update_preferences(uid, language=item)
            manager.middleware_data["t"] = translator(item)  # this very answer already in the new language
        else:
            await prefs.edit_filters(uid, lambda filters: choices.apply(filters, field, item))
    except ValueError:
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await manager.switch_to(Prefs.main)


async def on_places(message: Message, _: MessageInput, manager: DialogManager) -> None:
    text = message.text or ""
    saved = await services(manager).preferences.edit_filters(
        user_id(manager), lambda filters: choices.with_places(filters, text)
    )
    if saved is None:
        await message.answer(tr(manager)("place-not-found"))
        return
    await manager.switch_to(Prefs.main)


async def on_any_place(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await services(manager).preferences.edit_filters(
        user_id(manager), lambda filters: choices.apply(filters, "place", choices.ANY)
    )
    await manager.switch_to(Prefs.main)


async def on_firm(message: Message, _: MessageInput, manager: DialogManager) -> None:
    t = tr(manager)
    found = await services(manager).preferences.exclude_firm(user_id(manager), message.text or "")
    if not found:
        await message.answer(t("firm-not-found"))
    elif len(found) > 1:
        await message.answer(t("firm-ambiguous", firms=esc(", ".join(found))))
    else:
        await message.answer(t("firm-excluded", firm=esc(found[0])))
        await manager.switch_to(Prefs.main)


async def on_clear_firms(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await services(manager).preferences.edit_filters(
        user_id(manager), lambda filters: replace(filters, excluded_firms=())
    )
    await manager.switch_to(Prefs.main)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    """`/language` opens the language choice directly."""
    if isinstance(start_data, dict) and start_data.get("field") in FIELDS:
        manager.dialog_data["field"] = start_data["field"]


def prefs_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Html("body"),
            Group(picker("field", on_field, "field_items"), width=2),
            SwitchTo(Tr("btn-excluded-firms"), id="firms", state=Prefs.firms),
            to_menu(),
            getter=prefs_getter,
            state=Prefs.main,
        ),
        choice_window(Prefs.choose, on_choice, choose_getter, back=Prefs.main),
        place_window(Prefs.places, on_places, on_any_place, back=Prefs.main),
        Window(
            Tr("firms-prompt"),
            MessageInput(on_firm, content_types="text"),
            Button(Tr("btn-clear-firms"), id="clear", on_click=on_clear_firms),
            SwitchTo(Tr("btn-back"), id="back", state=Prefs.main),
            state=Prefs.firms,
        ),
        on_start=on_start,
    )
