"""Search: a typed query, paged results with their reasons, filter buttons, and relaxing filters step by step."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs import filters as choices
from dialogs.common import (
    PAGE_SIZE,
    Html,
    Tr,
    choice_window,
    esc,
    paged_list,
    picker,
    place_window,
    services,
    to_menu,
    tr,
    user_id,
)
from dialogs.results import pack, result_lines
from dialogs.states import Job, Search
from services.jobs.cards import short_label
from services.search.query import SearchFilters

TOP = 50
QUERY_LIMIT = 300
FEW_FIT_SHOWN = 5
"""When nothing fits a typed query well, the closest few are shown under the notice, not pages of them."""


async def run_search(manager: DialogManager, filters: SearchFilters | None = None) -> None:
    """Search again (the typed query, or the CV's profile) with these filters and show page one; None: a typed
    query within the user's saved preferences (`UserSearch.typed`). The user's dismissed jobs stay out."""
    app, uid = services(manager), user_id(manager)
    data = manager.dialog_data
    if data.get("mode") == "cv":
        assert filters is not None
        matched = await app.user_search.cv_matches(uid, filters, top=TOP)
        if matched is None:
            data.update(results=[], few_fit=False, keywords_only=False)
        else:
            data.update(results=pack(matched), few_fit=matched.few_fit, keywords_only=matched.keywords_only)
    else:
        query = data.get("query", "")
        if filters is None:
            response = await app.user_search.typed(uid, query, top=TOP)
        else:
            response = await app.user_search.refined(uid, query, filters, top=TOP)
        filters = response.filters
        results = pack(response)[: FEW_FIT_SHOWN if response.few_fit else TOP]  # not a page of non-fits
        data.update(results=results, few_fit=response.few_fit, wanted=response.wanted.as_dict(),
                    keywords_only=response.keywords_only, understood=response.understood,
                    off_topic=response.off_topic, not_here=list(response.not_here),
                    outside=list(response.outside))  # fmt: skip
    data.update(filters=replace(filters, excluded_jobs=()).as_dict(), page=0)


def current_filters(manager: DialogManager) -> SearchFilters:
    return SearchFilters.from_dict(manager.dialog_data.get("filters", {}))


async def start_query(manager: DialogManager, text: str) -> None:
    """A typed query within the saved preferences: its own words (a place, remote, a salary) put what they ask for
    first and filter nothing, and take the place of a saved preference of the same kind ("accountant Leeds" with
    Manchester saved looks in Leeds first, not in Manchester only); the filter buttons then set filters."""
    manager.dialog_data.update(mode="query", query=" ".join(text.split())[:QUERY_LIMIT], relaxed=[])
    await run_search(manager)
    await manager.switch_to(Search.results)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    if data.get("mode") == "cv":
        saved = await services(manager).preferences.search_filters(user_id(manager))
        manager.dialog_data.update(mode="cv", results=data.get("results", []), few_fit=data.get("few_fit", False),
                                   filters=replace(saved, excluded_jobs=()).as_dict(), page=0, relaxed=[])  # fmt: skip
    elif data.get("query"):
        await start_query(manager, str(data["query"]))


async def on_query(message: Message, _: MessageInput, manager: DialogManager) -> None:
    if not (message.text or "").strip():
        await message.answer(tr(manager)("search-type-query"))
        return
    await start_query(manager, message.text or "")


async def results_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t, data = tr(dialog_manager), dialog_manager.dialog_data
    results: list[dict[str, Any]] = data.get("results", [])
    pages = max(1, -(-len(results) // PAGE_SIZE))
    page = min(int(data.get("page", 0)), pages - 1)
    shown = results[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    filters = current_filters(dialog_manager)
    cv = data.get("mode") == "cv"
    title = t("results-for-cv") if cv else t("results-for", query=esc(data.get("query", "")))
    lines = [f"<b>{title}</b>"]
    if not cv and data.get("understood"):
        lines.append(t("results-understood", text=esc(data["understood"])))
    if not cv and data.get("off_topic"):  # nothing to look for: say so, and how to ask
        lines.append(t("results-off-topic"))
        return {"body": "\n".join(lines), "items": [], "has_prev": False, "has_next": False, "can_relax": False,
                "relax_label": "", "field_items": []}  # fmt: skip
    if not cv and data.get("outside"):
        lines.append(t("results-outside", places=esc(", ".join(data["outside"]))))
    elif not cv and data.get("not_here") and results:
        lines.append(t("results-not-here", places=esc(", ".join(data["not_here"]))))
    described = choices.describe(filters, t)
    if described:
        lines.append(t("results-filters", filters=esc(" · ".join(described))))
    wanted = choices.describe(SearchFilters.from_dict(data.get("wanted", {})), t) if data.get("mode") != "cv" else []
    if wanted:
        lines.append(t("results-wanted", wanted=esc(" · ".join(wanted))))
    if data.get("relaxed"):
        lines.append(t("results-relaxed", dropped=", ".join(t(choices.RELAXATION_KEYS[n]) for n in data["relaxed"])))
    if data.get("few_fit") and results:
        lines.append(t("few-fit" if cv else "few-fit-query"))
    if data.get("keywords_only"):
        lines.append(t("results-keywords-only"))
    relax_label = ""
    if results:
        lines.append(t("results-count", count=len(results), page=page + 1, pages=pages))
        lines.append("")
        applied = await services(dialog_manager).applications.applied_ids(user_id(dialog_manager))
        lines.append(result_lines(shown, page * PAGE_SIZE, t, applied))
    else:
        steps = filters.relaxations()
        lines.append(t("results-none-relax") if steps else t("results-none"))
        relax_label = t(choices.RELAXATION_KEYS[steps[0][0]]) if steps else ""
    return {
        "body": "\n".join(lines),
        "items": [
            (f"{page * PAGE_SIZE + i + 1}. {short_label(item['title'])}", str(item["id"]))
            for i, item in enumerate(shown)
        ],
        "has_prev": page > 0,
        "has_next": page < pages - 1,
        "can_relax": bool(relax_label),
        "relax_label": relax_label,
        "field_items": [(t(f"filter-{f}"), f) for f in choices.SEARCH_FIELDS],
    }


async def on_open(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    results = manager.dialog_data.get("results", [])
    found = next((r for r in results if str(r["id"]) == item), None)
    if found is None:  # not one of this user's results: an old or forged button
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await manager.start(Job.card, data={"job_id": found["id"], "reasons": found["reasons"]})


async def on_relax(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    steps = current_filters(manager).relaxations()
    if not steps:
        return
    name, relaxed = steps[0]
    manager.dialog_data["relaxed"] = [*manager.dialog_data.get("relaxed", []), name]
    await run_search(manager, relaxed)


async def on_field(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if item not in choices.SEARCH_FIELDS:
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    manager.dialog_data["field"] = item
    await manager.switch_to(Search.place if item == "place" else Search.choose)


async def choose_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    field = dialog_manager.dialog_data.get("field", "remote")
    return {"field_name": t(f"filter-{field}"), "items": [(label, oid) for oid, label in choices.options(field, t)]}


async def on_choice(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    try:
        filters = choices.apply(current_filters(manager), manager.dialog_data.get("field", ""), item)
    except ValueError:
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await run_search(manager, filters)
    await manager.switch_to(Search.results)


async def on_place(message: Message, _: MessageInput, manager: DialogManager) -> None:
    filters = choices.with_places(current_filters(manager), message.text or "")
    if filters is None:
        await message.answer(tr(manager)("place-not-found"))
        return
    await run_search(manager, filters)
    await manager.switch_to(Search.results)


async def on_any_place(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await run_search(manager, choices.apply(current_filters(manager), "place", choices.ANY))
    await manager.switch_to(Search.results)


async def on_result(start_data: Any, result: Any, manager: DialogManager) -> None:
    """A job marked not interesting on its card leaves the list at once."""
    if isinstance(result, dict) and "dismissed" in result:
        results = manager.dialog_data.get("results", [])
        manager.dialog_data["results"] = [r for r in results if r["id"] != result["dismissed"]]


def search_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Tr("search-prompt"),
            MessageInput(on_query, content_types="text"),
            Cancel(Tr("btn-back")),
            state=Search.query,
        ),
        Window(
            Html("body"),
            *paged_list(on_open),
            Button(Format("{relax_label}"), id="relax", on_click=on_relax, when="can_relax"),
            Group(picker("field", on_field, "field_items"), width=3),
            Row(SwitchTo(Tr("btn-new-search"), id="again", state=Search.query), to_menu()),
            getter=results_getter,
            state=Search.results,
        ),
        choice_window(Search.choose, on_choice, choose_getter, back=Search.results),
        place_window(Search.place, on_place, on_any_place, back=Search.results),
        on_start=on_start,
        on_process_result=on_result,
    )
