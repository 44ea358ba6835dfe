"""The job card: facts, the match reasons, and Apply, Save, Not interested and Share; "I applied" and, once applied,
the application's day, stage and follow-up reminder (the application tracker), with buttons to change them."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, SwitchTo, Url
from aiogram_dialog.widgets.text import Format

from dialogs.common import Html, Tr, choice_window, esc, picker, services, to_menu, tr, user_id
from dialogs.prefs import lesson_text
from dialogs.states import Job
from locales import Translator
from services.accounts.applications import (
    APPLIED_DAYS_AGO,
    QUIET_DAYS,
    REMIND_IN_DAYS,
    ApplicationView,
    InvalidApplyDate,
    Stage,
)
from services.accounts.saved import DismissReason
from services.delivery.telegram_html import popup
from services.jobs.cards import JobCard
from services.jobs.languages import AdLanguages
from services.jobs.sectors import AdSectors
from services.search.job_search import Reason, unique_texts, without_restated


def _estimate_text(card: JobCard, t: Translator) -> str:
    """ "Salary not stated · est. £42k-£48k (from 37 similar ads)": the board's going rate, never the employer's."""
    estimate = card.salary_estimate
    if estimate is None:
        return t("salary-not-stated")
    sign = "£" if estimate.currency == "GBP" else f"{estimate.currency} "
    band = f"{sign}{estimate.low / 1000:,.0f}k-{sign}{estimate.high / 1000:,.0f}k"
    return t("salary-estimated", band=band, count=estimate.count)


def _asked(t: Translator, required: list[str], desirable: list[str]) -> str:
    """What an ad asks, each marked essential or desirable: "NHS or healthcare (essential), charity (desirable)"."""
    return ", ".join([*(t("asked-required", item=name) for name in required),
                      *(t("asked-desirable", item=name) for name in desirable)])  # fmt: skip


def job_text(card: JobCard, t: Translator, reasons: str, to_check: str = "", missing: str = "",
             suggestion: str = "") -> str:  # fmt: skip
    firm = esc(card.firm) + (f" ({t('firm-ranking', rank=card.firm_ranking)})" if card.firm_ranking else "")
    lines = [f"<b>{esc(card.title)}</b>", firm, ""]
    mode = t(f"work-mode-{card.work_mode}")
    if card.place:  # the place and the work mode once each: "📍 Leeds · hybrid", not "Leeds / Hybrid (hybrid)"
        lines.append(t("card-location", place=esc(card.place), mode=mode))
    else:
        lines.append(t("card-mode", mode=mode[:1].upper() + mode[1:]))
    lines.append(t("card-salary", salary=esc(card.salary) if card.salary else esc(_estimate_text(card, t))))
    lines.append(t("card-level", level=t.level(card.seniority)))
    if card.service:
        lines.append(t("card-service", service=t.service(card.service)))
    if card.qualifications:
        lines.append(t("card-requirements", items=esc(", ".join(card.qualifications[:8]))))
    if card.ad_status:  # what the ad says of qualification status: "qualified", "part-qualified considered" ...
        lines.append(t("card-status", items=", ".join(t(f"status-{s}") for s in card.ad_status)))
    if asks := AdSectors.from_list(card.ad_sectors):  # the sector experience it asks: "NHS or healthcare (essential)"
        sectors = _asked(t, [t.sector(s) for s in sorted(asks.required)], [t.sector(s) for s in sorted(asks.desirable)])
        lines.append(t("card-sectors", items=sectors))
    if spoken := AdLanguages.from_list(card.ad_languages):  # "Armenian (essential), Russian (desirable)"
        names = [t.tongue(n) for n in sorted(spoken.required)], [t.tongue(n) for n in sorted(spoken.desirable)]
        lines.append(t("card-languages", items=_asked(t, *names)))
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
    if missing:
        lines.append(t("card-missing", items=esc(missing)))
    if suggestion:
        lines.append(t("card-suggestion", text=esc(suggestion)))
    if card.summary:
        lines += ["", f"<i>{esc(card.summary)}</i>"]
    return "\n".join(lines)


def application_lines(application: ApplicationView, t: Translator) -> list[str]:
    """The application on the card: the day and stage, a follow-up reminder to come, and "no reply?" after
    `QUIET_DAYS` without news."""
    lines = [t("card-applied", date=application.applied_on.isoformat(), stage=t(f"stage-{application.stage.value}"))]
    if application.remind_on is not None:
        lines.append(t("card-reminder", date=application.remind_on.isoformat()))
    if application.no_reply_suggested:
        lines.append(t("card-no-reply", days=QUIET_DAYS))
    return lines


def _job_id(manager: DialogManager) -> int:
    data = manager.start_data if isinstance(manager.start_data, dict) else {}
    return int(data.get("job_id", 0))


async def card_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t, app, job_id = tr(dialog_manager), services(dialog_manager), _job_id(dialog_manager)
    card = await app.jobs.card(job_id)
    saved = await app.saved.is_saved(user_id(dialog_manager), job_id)
    application = await app.applications.application(user_id(dialog_manager), job_id)
    tracker = {"applied": application is not None, "not_applied": application is None and card is not None,
               "no_reply": application is not None and application.no_reply_suggested}  # fmt: skip
    if card is None:  # gone from the board (a saved one can still be removed), or a link to nothing we know
        body = t("job-closed" if saved or application else "job-not-found")
        if application is not None:  # the application outlives the ad: its stage can still move
            body = "\n".join([f"<b>{esc(application.title)}</b>", esc(application.firm), "", body, "",
                              *application_lines(application, t)])  # fmt: skip
        return {"body": body, "open": False, "has_link": False, "link": "", "saved": saved, "unsaved": False,
                "share": "", "favourite": False, "not_favourite": False, **tracker}  # fmt: skip
    data = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    listed = [Reason.of(key, **args) for key, args in data.get("reasons", [])]
    fit = await app.user_search.fit(user_id(dialog_manager), job_id)
    # Why it fits and what to check: as the list said (its query's words), else judged against the user's CV.
    reasons = listed or ([*fit.fits, *fit.to_check] if fit is not None else [])
    missing = fit.missing if fit is not None else []
    reasons = without_restated(reasons, missing)  # what "what you may lack" says again, in full
    why = " · ".join(unique_texts([r for r in reasons if r.kind == "fit"], t.reason))
    check = " · ".join(unique_texts([r for r in reasons if r.kind == "check"], t.reason))
    suggestion = t.reason(fit.suggestion) if fit is not None and fit.suggestion is not None else ""
    fit_leanings = (await app.preferences.leanings(user_id(dialog_manager))).firms
    bot: Bot = dialog_manager.middleware_data["bot"]
    me = await bot.me()
    body = job_text(card, t, why, check, "; ".join(unique_texts(missing, t.reason)), suggestion)
    if application is not None:
        body += "\n\n" + "\n".join(application_lines(application, t))
    return {
        "body": body,
        "open": True,
        "has_link": card.link is not None,
        "link": card.link or "",
        "saved": saved,
        "unsaved": not saved,
        "share": f"https://t.me/{me.username}?start=job_{job_id}",
        "favourite": card.firm in fit_leanings,
        "not_favourite": card.firm not in fit_leanings,
        **tracker,
    }


async def on_favourite(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    t, favourite = tr(manager), button.widget_id == "fav"
    firm = await services(manager).preferences.favour_firm_of_job(user_id(manager), _job_id(manager),
                                                                  favourite=favourite)  # fmt: skip
    if firm is None:
        await callback.answer(t("job-not-found"), show_alert=True)
    else:
        await callback.answer(popup(t("favourite-added" if favourite else "favourite-removed", firm=firm)),
                              show_alert=favourite)  # fmt: skip


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
    learned = await services(manager).saved.dismiss_job(user_id(manager), _job_id(manager), reason)
    t = tr(manager)
    if learned is None:
        await callback.answer(t("job-dismissed"))
    else:  # what the reason taught, and where to undo it
        said = f"{t('job-dismissed')} {lesson_text(learned.lesson, learned.value, t)} {t('lesson-undo')}"
        await callback.answer(popup(said), show_alert=True)
    await manager.done({"dismissed": _job_id(manager)})


# ---------------------------------------------------------------- the application tracker


async def applied_on_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    return {"items": [(t("apply-days-ago", days=days), str(days)) for days in APPLIED_DAYS_AGO]}


async def _applied(manager: DialogManager, *, days_ago: int = 0, typed: str | None = None) -> None:
    await services(manager).applications.apply(user_id(manager), _job_id(manager), days_ago=days_ago, typed=typed)
    await manager.switch_to(Job.card)


async def on_applied_days(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if not item.isdigit() or int(item) not in APPLIED_DAYS_AGO:
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await _applied(manager, days_ago=int(item))
    await callback.answer(tr(manager)("job-applied"))


async def on_applied_typed(message: Message, _: MessageInput, manager: DialogManager) -> None:
    try:
        await _applied(manager, typed=(message.text or "")[:40])
    except InvalidApplyDate:
        await message.answer(tr(manager)("apply-date-invalid"))


async def stage_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    application = await services(dialog_manager).applications.application(user_id(dialog_manager),
                                                                           _job_id(dialog_manager))  # fmt: skip
    current = application.stage if application is not None else None
    return {"items": [(("• " if stage is current else "") + t(f"stage-{stage.value}"), stage.value) for stage in Stage]}


async def on_stage(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    try:
        stage = Stage(item)
    except ValueError:
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await services(manager).applications.set_stage(user_id(manager), _job_id(manager), stage)
    await callback.answer(tr(manager)("stage-set", stage=tr(manager)(f"stage-{stage.value}")))
    await manager.switch_to(Job.card)


async def on_no_reply(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await services(manager).applications.set_stage(user_id(manager), _job_id(manager), Stage.NO_REPLY)
    await callback.answer(tr(manager)("stage-set", stage=tr(manager)("stage-no_reply")))


async def on_withdraw(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await services(manager).applications.withdraw(user_id(manager), _job_id(manager))
    await callback.answer(tr(manager)("application-removed"))
    await manager.switch_to(Job.card)


NO_REMINDER = "0"


async def reminder_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    return {"items": [*((t("remind-in", days=days), str(days)) for days in REMIND_IN_DAYS),
                      (t("remind-none"), NO_REMINDER)]}  # fmt: skip


async def on_reminder(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    t = tr(manager)
    if item != NO_REMINDER and (not item.isdigit() or int(item) not in REMIND_IN_DAYS):
        await callback.answer(t("button-expired"), show_alert=True)
        return
    days = None if item == NO_REMINDER else int(item)
    application = await services(manager).applications.set_reminder(user_id(manager), _job_id(manager), days)
    if application.remind_on is None:
        await callback.answer(t("reminder-removed"))
    else:
        await callback.answer(t("reminder-set", date=application.remind_on.isoformat()))
    await manager.switch_to(Job.card)


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
            # The application tracker: "I applied"; once applied, the stage and a follow-up reminder.
            SwitchTo(Tr("btn-i-applied"), id="apply", state=Job.applied_on, when="not_applied"),
            Row(
                SwitchTo(Tr("btn-stage"), id="stage", state=Job.stage, when="applied"),
                SwitchTo(Tr("btn-reminder"), id="remind", state=Job.reminder, when="applied"),
            ),
            Button(Tr("btn-mark-no-reply"), id="no_reply", on_click=on_no_reply, when="no_reply"),
            Url(Tr("btn-share"), Format("{share}"), when="open"),
            Button(Tr("btn-favourite"), id="fav", on_click=on_favourite, when="not_favourite"),
            Button(Tr("btn-unfavourite"), id="unfav", on_click=on_favourite, when="favourite"),
            Row(Cancel(Tr("btn-back")), to_menu()),
            getter=card_getter,
            state=Job.card,
        ),
        choice_window(
            Job.dismiss, on_dismiss, reasons_getter, Job.card, prompt="dismiss-why", widget_id="why", width=1
        ),
        Window(
            Tr("apply-when"),
            MessageInput(on_applied_typed, content_types="text"),
            Group(picker("day", on_applied_days), width=2),
            SwitchTo(Tr("btn-back"), id="back", state=Job.card),
            getter=applied_on_getter,
            state=Job.applied_on,
        ),
        Window(
            Tr("stage-prompt"),
            Group(picker("stage", on_stage), width=2),
            Button(Tr("btn-withdraw"), id="withdraw", on_click=on_withdraw),
            SwitchTo(Tr("btn-back"), id="back", state=Job.card),
            getter=stage_getter,
            state=Job.stage,
        ),
        choice_window(Job.reminder, on_reminder, reminder_getter, Job.card, prompt="remind-when", widget_id="remind"),
    )
