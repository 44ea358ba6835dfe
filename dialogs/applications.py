"""My applications (`/applications`, the menu): the jobs the user applied for, by stage (applied, interview, offer,
rejected, no reply), five a page, each opening its job card (where its stage and reminder change). A job that left
the board shows as closed; one with three weeks of silence says "no reply?"."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window

from dialogs.common import PAGE_SIZE, Html, esc, paged_list, services, to_menu, tr, user_id
from dialogs.states import Applications, Job
from services.jobs.cards import short_label


async def applications_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    applications = await services(dialog_manager).applications.applications(user_id(dialog_manager))
    pages = max(1, -(-len(applications) // PAGE_SIZE))
    page = min(int(dialog_manager.dialog_data.get("page", 0)), pages - 1)
    shown = applications[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if not applications:
        body = t("applications-empty")
    else:
        counts = {a.stage: sum(1 for b in applications if b.stage is a.stage) for a in applications}
        summary = " · ".join(f"{t(f'stage-{stage.value}')}: {count}" for stage, count in counts.items())
        lines = [t("applications-title", count=len(applications), page=page + 1, pages=pages), summary]
        stage = None
        for number, application in enumerate(shown, start=page * PAGE_SIZE + 1):
            if application.stage is not stage:  # a heading where a stage starts on this page
                stage = application.stage
                lines += ["", f"<b>{t(f'stage-{stage.value}')}</b>"]
            notes = [t("applications-applied-on", date=application.applied_on.isoformat(), days=application.days)]
            if application.remind_on is not None:
                notes.append(t("applications-reminder", date=application.remind_on.isoformat()))
            if application.no_reply_suggested:
                notes.append(t("applications-no-reply"))
            if application.closed:
                notes.append(t("saved-closed"))
            lines.append(f"{number}. <b>{esc(application.title)}</b> — {esc(application.firm)}")
            lines.append(f"    <i>{esc(' · '.join(notes))}</i>")
        body = "\n".join(lines)
    items = [(f"{page * PAGE_SIZE + i + 1}. {'✖ ' if a.closed else ''}{short_label(a.title)}", str(a.job_id))
             for i, a in enumerate(shown)]  # fmt: skip
    return {"body": body, "items": items, "has_prev": page > 0, "has_next": page < pages - 1}


async def on_open(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    mine = {str(job_id) for job_id in await services(manager).applications.applied_ids(user_id(manager))}
    if item not in mine:  # an old button, or data forged to reach someone else's list
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await manager.start(Job.card, data={"job_id": int(item), "reasons": []})


def applications_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Html("body"),
            *paged_list(on_open),
            to_menu(),
            getter=applications_getter,
            state=Applications.list,
        ),
    )
