"""Saved jobs: a paged list; a job that left the board shows as closed; each opens its card (with Remove)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window

from dialogs.common import PAGE_SIZE, Html, esc, paged_list, services, to_menu, tr, user_id
from dialogs.states import Job, Saved
from services.jobs.cards import short_label


async def saved_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    jobs = await services(dialog_manager).saved.saved_jobs(user_id(dialog_manager))
    pages = max(1, -(-len(jobs) // PAGE_SIZE))
    page = min(int(dialog_manager.dialog_data.get("page", 0)), pages - 1)
    shown = jobs[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if not jobs:
        body = t("saved-empty")
    else:
        lines = [t("saved-title", count=len(jobs), page=page + 1, pages=pages), ""]
        for number, job in enumerate(shown, start=page * PAGE_SIZE + 1):
            closed = f" — <i>{t('saved-closed')}</i>" if job.closed else ""
            lines.append(f"{number}. <b>{esc(job.title)}</b> — {esc(job.firm)}{closed}")
        body = "\n".join(lines)
    items = [(f"{page * PAGE_SIZE + i + 1}. {'✖ ' if j.closed else ''}{short_label(j.title)}", str(j.job_id))
             for i, j in enumerate(shown)]  # fmt: skip
    return {"body": body, "items": items, "has_prev": page > 0, "has_next": page < pages - 1}


async def on_open(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    mine = {str(job.job_id) for job in await services(manager).saved.saved_jobs(user_id(manager))}
    if item not in mine:  # an old button, or data forged to reach someone else's list
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await manager.start(Job.card, data={"job_id": int(item), "reasons": []})


def saved_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Html("body"),
            *paged_list(on_open),
            to_menu(),
            getter=saved_getter,
            state=Saved.list,
        ),
    )
