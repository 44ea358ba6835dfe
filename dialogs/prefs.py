"""Preferences: saved filters used by every search, alert frequency, language, excluded and favourite firms, and
what the user's "not interested" taught the ranking (each lesson can be forgotten)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Group, Row, SwitchTo

from dialogs import filters as choices
from dialogs.common import Html, Tr, choice_window, esc, picker, place_window, services, to_menu, tr, user_id
from dialogs.states import Prefs
from locales import Translator, translator
from services.accounts.preferences import AlertFrequency, default_timezone
from services.delivery.telegram_html import popup
from services.search.leanings import Leanings, Lesson, value_key

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
    if prefs.leanings.firms:
        lines.append(t("prefs-favourites", firms=esc(", ".join(prefs.leanings.firms))))
    if taught := taught_items(prefs.leanings, t):
        lines.append(t("prefs-taught", items=esc(" · ".join(label for label, _ in taught))))
    return {"body": "\n".join(lines), "field_items": [(t(f"filter-{f}"), f) for f in FIELDS]}


def _lesson_args(lesson: Lesson, value: str | int, t: Translator) -> dict[str, Any]:
    if lesson in (Lesson.FEWER_SENIOR, Lesson.FEWER_JUNIOR):
        return {"level": t(f"step-{value}")}
    if lesson is Lesson.FEWER_FAMILIES:
        return {"family": t.family(str(value))}
    if lesson is Lesson.SALARY_FLOOR:
        return {"floor": f"{int(value):,}"}
    return {"place": str(value)}


def lesson_text(lesson: Lesson, value: str | int, t: Translator) -> str:
    """What one "not interested" taught, said when it is learned ("Fewer roles above manager level from now on.")."""
    return t(f"lesson-{lesson.value}", **_lesson_args(lesson, value, t))


def taught_items(leanings: Leanings, t: Translator) -> list[tuple[str, str]]:
    """Each lesson as (label, id): the id names the lesson and its value by `value_key`, so a button drawn before
    the list changed forgets that value or nothing, never another."""
    lessons = (Lesson.FEWER_SENIOR, Lesson.FEWER_JUNIOR, Lesson.FEWER_PLACES, Lesson.FEWER_FAMILIES,
               Lesson.SALARY_FLOOR)  # fmt: skip
    return [(t(f"taught-item-{lesson.value}", **_lesson_args(lesson, value, t)), f"{lesson.value}.{value_key(value)}")
            for lesson in lessons for value in leanings.values_of(lesson)]  # fmt: skip


async def taught_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    leanings = await services(dialog_manager).preferences.leanings(user_id(dialog_manager))
    items = [(f"✖ {label}", oid) for label, oid in taught_items(leanings, t)]
    return {"body": t("taught-title") + ("" if items else "\n\n" + t("taught-none")), "items": items}


async def on_forget(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    t = tr(manager)
    name, _, key = item.partition(".")
    lesson = next((lesson for lesson in Lesson if lesson.value == name and lesson is not Lesson.FIRMS), None)
    if lesson is None or not key:
        await callback.answer(t("button-expired"), show_alert=True)
        return
    forgotten = await services(manager).preferences.forget_lesson(user_id(manager), lesson, key)
    await callback.answer(t("taught-forgotten" if forgotten is not None else "button-expired"))


async def favourites_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """A row per favourite firm: remove it, and its own alert (on or off)."""
    t = tr(dialog_manager)
    firms = await services(dialog_manager).preferences.favourite_firms(user_id(dialog_manager))
    body = t("favourites-title") + ("" if firms else "\n\n" + t("favourites-none"))
    items: list[tuple[str, str]] = []
    for firm, alerting in firms:
        key = value_key(firm)
        items += [(f"✖ {firm}", f"drop.{key}"), (t("btn-firm-alert-on" if alerting else "btn-firm-alert-off"),
                                                 f"{'quiet' if alerting else 'alert'}.{key}")]  # fmt: skip
    return {"body": body, "items": items}


async def on_favourite_button(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    """✖ removes the firm from the favourites; the bell turns its own alert on or off."""
    t, prefs, uid = tr(manager), services(manager).preferences, user_id(manager)
    action, _, key = item.partition(".")
    firm: str | int | None = None
    said = ""
    if action == "drop":
        firm = await prefs.forget_lesson(uid, Lesson.FIRMS, key)
        said = t("favourite-removed", firm=firm)
    elif action in ("alert", "quiet"):
        firm = await prefs.set_firm_alert(uid, key, on=action == "alert")
        said = t("firm-alert-on" if action == "alert" else "firm-alert-off", firm=firm)
    await callback.answer(popup(said) if firm is not None else t("button-expired"))


async def firm_answer(message: Message, found: list[str], t: Translator, done: str) -> bool:
    """The answer to a typed firm name: not known, several match (named), or done (`done`'s text); True when done."""
    if not found:
        await message.answer(t("firm-not-found"))
    elif len(found) > 1:
        await message.answer(t("firm-ambiguous", firms=esc(", ".join(found))))
    else:
        await message.answer(t(done, firm=esc(found[0])))
    return len(found) == 1


async def on_favourite(message: Message, _: MessageInput, manager: DialogManager) -> None:
    found = await services(manager).preferences.add_favourite_firm(user_id(manager), message.text or "")
    await firm_answer(message, found, tr(manager), "favourite-added")


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
    found = await services(manager).preferences.exclude_firm(user_id(manager), message.text or "")
    if await firm_answer(message, found, tr(manager), "firm-excluded"):
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
            Row(
                SwitchTo(Tr("btn-favourites"), id="favourites", state=Prefs.favourites),
                SwitchTo(Tr("btn-taught"), id="taught", state=Prefs.taught),
            ),
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
        Window(
            Html("body"),
            Group(picker("lesson", on_forget), width=1),
            SwitchTo(Tr("btn-back"), id="back", state=Prefs.main),
            getter=taught_getter,
            state=Prefs.taught,
        ),
        Window(
            Html("body"),
            MessageInput(on_favourite, content_types="text"),
            Group(picker("firm", on_favourite_button), width=2),
            SwitchTo(Tr("btn-back"), id="back", state=Prefs.main),
            getter=favourites_getter,
            state=Prefs.favourites,
        ),
        on_start=on_start,
    )
