"""The job card: facts, the match reasons, and Apply, Save, Not interested and Share."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo, Url
from aiogram_dialog.widgets.text import Format

from dialogs.common import Html, Tr, choice_window, esc, services, to_menu, tr, user_id
from dialogs.results import reasons_text
from dialogs.states import Job
from locales import Translator
from services.accounts.saved import DismissReason
from services.jobs.cards import JobCard


def job_text(card: JobCard, t: Translator, reasons: str, to_check: str = "") -> str:
    firm = esc(card.firm) + (f" ({t('firm-ranking', rank=card.firm_ranking)})" if card.firm_ranking else "")
    lines = [f"<b>{esc(card.title)}</b>", firm, ""]
    mode = t(f"work-mode-{card.work_mode}")
    if card.place:  # the place and the work mode once each: "📍 Leeds · hybrid", not "Leeds / Hybrid (hybrid)"
        lines.append(t("card-location", place=esc(card.place), mode=mode))
    else:
        lines.append(t("card-mode", mode=mode[:1].upper() + mode[1:]))
    lines.append(t("card-salary", salary=esc(card.salary) if card.salary else t("salary-not-stated")))
    lines.append(t("card-level", level=t.level(card.seniority)))
    if card.service:
        lines.append(t("card-service", service=t.service(card.service)))
    if card.qualifications:
        lines.append(t("card-requirements", items=esc(", ".join(card.qualifications[:8]))))
    if card.software:  # named in the ad, not always asked for: apart from "Asks for"
        lines.append(t("card-software", items=esc(", ".join(card.software[:8]))))
    if card.employment:
        lines.append(t("card-employment", items=", ".join(t(f"employment-{e}") for e in card.employment)))
    lines.append(t("card-posted", date=card.posted_on.isoformat()))
    if reasons or to_check:
        lines.append("")
    if reasons:
        lines.append(t("card-why", reasons=esc(reasons)))
    if to_check:
        lines.append(t("card-to-check", items=esc(to_check)))
    if card.summary:
        lines += ["", f"<i>{esc(card.summary)}</i>"]
    return "\n".join(lines)


def _job_id(manager: DialogManager) -> int:
    data = manager.start_data if isinstance(manager.start_data, dict) else {}
    return int(data.get("job_id", 0))


async def card_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t, app, job_id = tr(dialog_manager), services(dialog_manager), _job_id(dialog_manager)
    card = await app.jobs.card(job_id)
    saved = await app.saved.is_saved(user_id(dialog_manager), job_id)
    if card is None:  # gone from the board (a saved one can still be removed), or a link to nothing we know
        body = t("job-closed" if saved else "job-not-found")
        return {"body": body, "open": False, "has_link": False, "link": "", "saved": saved, "unsaved": False,
                "share": ""}  # fmt: skip
    data = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    item = {"reasons": data.get("reasons", [])}
    bot: Bot = dialog_manager.middleware_data["bot"]
    me = await bot.me()
    return {
        "body": job_text(card, t, reasons_text(item, t), reasons_text(item, t, "check")),
        "open": True,
        "has_link": card.link is not None,
        "link": card.link or "",
        "saved": saved,
        "unsaved": not saved,
        "share": f"https://t.me/{me.username}?start=job_{job_id}",
    }


async def on_save(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await services(manager).saved.save_job(user_id(manager), _job_id(manager))
    await callback.answer(tr(manager)("job-saved"))


async def on_unsave(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await services(manager).saved.unsave_job(user_id(manager), _job_id(manager))
    await callback.answer(tr(manager)("job-unsaved"))


async def reasons_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    return {"items": [(t(f"dismiss-{r.value}"), r.value) for r in DismissReason]}


async def on_dismiss(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    try:
        reason = DismissReason(item)
    except ValueError:
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await services(manager).saved.dismiss_job(user_id(manager), _job_id(manager), reason)
    await callback.answer(tr(manager)("job-dismissed"))
    await manager.done({"dismissed": _job_id(manager)})


def job_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Html("body"),
            Url(Tr("btn-apply"), Format("{link}"), when="has_link"),
            Row(
                Button(Tr("btn-save"), id="save", on_click=on_save, when="unsaved"),
                Button(Tr("btn-unsave"), id="unsave", on_click=on_unsave, when="saved"),
                SwitchTo(Tr("btn-not-interested"), id="dismiss", state=Job.dismiss, when="open"),
            ),
            Url(Tr("btn-share"), Format("{share}"), when="open"),
            Row(Cancel(Tr("btn-back")), to_menu()),
            getter=card_getter,
            state=Job.card,
        ),
        choice_window(
            Job.dismiss, on_dismiss, reasons_getter, Job.card, prompt="dismiss-why", widget_id="why", width=1
        ),
    )
