"""The CV: upload or paste, a progress message edited as work advances, the profile card and its corrections.

A document or a pasted CV sent outside this dialog starts it at `Cv.reading` with the file's id and size or the
text as start data; the dialog's start reads it (`run_intake`)."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, SwitchTo

from dialogs.common import Html, Tr, choice_window, esc, picker, services, to_menu, tr, user_id
from dialogs.results import pack
from dialogs.states import Cv, Onboarding, Search
from locales import Translator
from services.cv.matching import CvFile, FileTooLarge
from services.cv.profile import CvProfile
from services.cv.reading import CvRejected
from services.jobs.fields import parse_salary
from services.jobs.sectors import Sector
from services.jobs.taxonomy import RoleFamily, Seniority
from services.search.job_search import SearchResponse, cv_field


async def run_intake(
    manager: DialogManager, *, file_id: str | None = None, file_size: int | None = None, text: str | None = None
) -> bool:
    """Read a CV (a Telegram file or pasted text), keep its profile, match it, and show the profile card (or the new
    reading beside the current profile). False when it was refused: the progress message says why."""
    app, t, uid = services(manager), tr(manager), user_id(manager)
    bot: Bot = manager.middleware_data["bot"]
    progress = await bot.send_message(uid, t("cv-progress-reading"))

    async def step(message: str) -> None:
        await bot.edit_message_text(message, chat_id=uid, message_id=progress.message_id)

    file = CvFile(file_size, partial(_download, bot, file_id)) if file_id is not None else None
    try:
        outcome = await app.matching.run(
            uid, file=file, text=text, progress=lambda stage: step(t(f"cv-progress-{stage}"))
        )
    except CvRejected as exc:
        await step(t(f"cv-rejected-{exc.code}", **exc.params))
        return False
    if outcome.response is None:  # a profile exists: the new reading waits beside it for the user's word
        await step(t("cv-progress-compare"))
        await manager.start(Cv.compare, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
        return True
    response = outcome.response
    # When few fit, the count is of the closest jobs, not of matches: the note says so once, on the card.
    await step(t("cv-progress-done-few" if response.few_fit else "cv-progress-done", count=len(response.results)))
    await manager.start(
        Cv.profile,
        data={"results": pack(response), "few_fit": response.few_fit},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )
    return True


async def _download(bot: Bot, file_id: str) -> bytes:
    try:
        buffer = await bot.download(file_id)
    except TelegramBadRequest as exc:  # Telegram refuses files over 20 MB even when the size was not given
        if "too big" not in exc.message.lower():
            raise
        raise FileTooLarge from None
    assert buffer is not None
    return buffer.read()


async def on_cv_message(message: Message, _: MessageInput, manager: DialogManager) -> None:
    if message.document is not None:
        await run_intake(manager, file_id=message.document.file_id, file_size=message.document.file_size)
    elif message.text:
        await run_intake(manager, text=message.text)
    else:
        await message.answer(tr(manager)("cv-send-file-or-text"))


def profile_card(profile: CvProfile, t: Translator, *, heading: str = "profile-title") -> str:
    quals = ", ".join(f"{q.code}" + ("" if q.status == "qualified" else f" ({t('qual-' + q.status)})")
                      for q in profile.qualifications)  # fmt: skip
    family = esc(t.family(profile.role_family))
    lines = [
        t(heading),
        t("profile-role", role=esc(profile.current_title), family=family)
        if profile.current_title
        else t("profile-role-only", family=family if profile.role_family != RoleFamily.OTHER.value else "—"),
        # rounded as shown, so the plural agrees with the figure ("1 year", not "1 years" for 0.96)
        t("profile-level", level=t.level(profile.seniority_level), years=round(profile.years_experience, 1)),
        t("profile-qualifications", items=esc(quals or "—")),
        t("profile-location", place=esc(profile.location or "—")),
    ]
    if profile.newly_qualified:
        lines[2] += " · " + t("profile-newly-qualified")
    if profile.work_mode:
        lines[-1] += f" · {t('profile-work-' + profile.work_mode)}"
    wish = profile.salary_expectation
    if wish is not None and (wish.minimum or wish.maximum):
        symbol = {"GBP": "£", "USD": "$", "EUR": "€"}.get(wish.currency or "GBP", "")
        lines.append(t("profile-salary", amount=f"{symbol}{(wish.minimum or wish.maximum or 0) // 1000}k"))
    if profile.skills:
        lines.append(t("profile-skills", items=esc(", ".join(t.skill(s) for s in profile.skills[:8]))))
    if profile.software:
        lines.append(t("profile-software", items=esc(", ".join(profile.software[:8]))))
    if profile.sectors:
        lines.append(t("profile-sectors", items=", ".join(t.sector(s) for s in profile.sectors)))
    if not profile.is_accounting:
        lines.append("")
        lines.append(t("profile-not-accounting"))
        if (field := cv_field(profile)) is not None:
            lines.append(t(f"profile-near-field-{field}"))
    return "\n".join(lines)


async def profile_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    profile = await services(dialog_manager).profiles.profile(user_id(dialog_manager))
    data = {**(dialog_manager.start_data or {}), **dialog_manager.dialog_data}  # type: ignore[dict-item]
    results = data.get("results", [])
    card = profile_card(profile, t) if profile else t("profile-missing")
    if data.get("few_fit") and profile is not None and profile.is_accounting:  # (else the card's own note says it)
        card += "\n\n" + t("few-fit")
    can_undo = profile is not None and await services(dialog_manager).profiles.can_undo(user_id(dialog_manager))
    return {"card": card, "count": len(results), "has_results": bool(results) and profile is not None,
            "has_profile": profile is not None, "can_undo": can_undo}  # fmt: skip


async def show_matches(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    data = {**(manager.start_data or {}), **manager.dialog_data}  # type: ignore[dict-item]
    await manager.start(Search.results, data={"mode": "cv", "results": data.get("results", []),
                                              "few_fit": data.get("few_fit", False)})  # fmt: skip


async def _rematch(manager: DialogManager, profile: CvProfile | None) -> None:
    if profile is None:
        return
    response = await services(manager).matching.rematch(user_id(manager), profile)
    manager.dialog_data.update(results=pack(response), few_fit=response.few_fit)
    await manager.switch_to(Cv.profile)


async def on_level(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    level = Seniority(int(item))
    profile = await services(manager).profiles.correct_profile(user_id(manager), seniority_level=level.value)
    await _rematch(manager, profile)


async def on_family(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    family = RoleFamily(item)
    profile = await services(manager).profiles.correct_profile(user_id(manager), role_family=family.value)
    await _rematch(manager, profile)


async def on_location(message: Message, _: MessageInput, manager: DialogManager) -> None:
    place = " ".join((message.text or "").split())[:100]
    if not place:
        return
    profile = await services(manager).profiles.correct_profile(user_id(manager), location=place)
    await _rematch(manager, profile)


async def on_title(message: Message, _: MessageInput, manager: DialogManager) -> None:
    title = " ".join((message.text or "").split())[:100]
    if not title:
        return
    profile = await services(manager).profiles.correct_profile(user_id(manager), current_title=title)
    await _rematch(manager, profile)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


async def on_years(message: Message, _: MessageInput, manager: DialogManager) -> None:
    found = _NUMBER.search(message.text or "")
    years = float(found.group(0).replace(",", ".")) if found else -1.0
    if not 0 <= years <= 60:
        await message.answer(tr(manager)("cv-fix-years-invalid"))
        return
    profile = await services(manager).profiles.correct_profile(user_id(manager), years_experience=years)
    await _rematch(manager, profile)


async def on_salary(message: Message, _: MessageInput, manager: DialogManager) -> None:
    salary = parse_salary(message.text or "")
    wish = salary.annual_min or salary.annual_max if salary.stated else None
    if wish is None or not 5_000 <= wish <= 1_000_000:
        await message.answer(tr(manager)("cv-fix-salary-invalid"))
        return
    profile = await services(manager).profiles.correct_profile(user_id(manager), salary_minimum=wish)
    await _rematch(manager, profile)


async def on_no_salary(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    profile = await services(manager).profiles.correct_profile(user_id(manager), salary_minimum=None)
    await _rematch(manager, profile)


# ---------------------------------------------------------------- a new CV beside the current profile


async def compare_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t, app, uid = tr(dialog_manager), services(dialog_manager), user_id(dialog_manager)
    current, new = await app.profiles.profile(uid), await app.profiles.pending_profile(uid)
    if new is None:  # answered already, or a day has passed
        return {"card": t("cv-compare-gone"), "pending": False}
    parts = [t("cv-compare-intro"), profile_card(new, t, heading="cv-compare-new")]
    if current is not None:
        parts.append(profile_card(current, t, heading="cv-compare-current"))
    return {"card": "\n\n".join(parts), "pending": True}


async def _settled(manager: DialogManager, profile: CvProfile | None, response: SearchResponse | None) -> None:
    if profile is None or response is None:
        await manager.start(Cv.profile, mode=StartMode.RESET_STACK)
        return
    await manager.start(Cv.profile, data={"results": pack(response), "few_fit": response.few_fit},
                        mode=StartMode.RESET_STACK)  # fmt: skip


async def on_replace(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await _settled(manager, *await services(manager).matching.settle(user_id(manager), replace=True))


async def on_keep(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await _settled(manager, *await services(manager).matching.settle(user_id(manager), replace=False))


async def on_undo(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    profile, response = await services(manager).matching.undo(user_id(manager))
    if profile is None:
        await callback.answer(tr(manager)("cv-undo-gone"), show_alert=True)
        return
    await callback.answer(tr(manager)("cv-undone"))
    await _settled(manager, profile, response)


# ---------------------------------------------------------------- pasted text that may be a CV


async def on_read_pasted(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    text = str((manager.start_data or {}).get("text", ""))  # type: ignore[union-attr]
    await manager.done()
    await run_intake(manager, text=text)


async def on_search_pasted(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    text = str((manager.start_data or {}).get("text", ""))  # type: ignore[union-attr]
    await manager.start(Search.results, data={"query": text}, mode=StartMode.RESET_STACK)


async def level_items(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    return {"items": [(t.level(level.value), str(level.value)) for level in Seniority]}


async def family_items(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    return {"items": [(t.family(f.value), f.value) for f in RoleFamily]}


async def sector_items(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """Each sector, ticked when the profile says the user worked in it."""
    t = tr(dialog_manager)
    profile = await services(dialog_manager).profiles.profile(user_id(dialog_manager))
    held = set(profile.sectors or ()) if profile is not None else set()
    return {"items": [(("✅ " if s.value in held else "▫️ ") + t.sector(s.value), s.value) for s in Sector]}


async def on_sector(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if item not in {s.value for s in Sector}:
        await callback.answer(tr(manager)("button-expired"), show_alert=True)
        return
    await services(manager).profiles.toggle_sector(user_id(manager), Sector(item))  # the window redraws, ticked


async def on_sectors_done(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    """Back to the card: sectors are not weighed in ranking (`Weights.cv_sector`), so the matches stand."""
    await manager.switch_to(Cv.profile)


async def upload_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    app = services(dialog_manager)
    has_profile = await app.profiles.profile(user_id(dialog_manager)) is not None
    return {"limit_mb": app.cv_max_bytes / 1024**2, "has_profile": has_profile}  # the one limit, CV_MAX_MB


async def on_start(start_data: Any, manager: DialogManager) -> None:
    """`Cv.reading`: read the CV handed over; refused, the dialog closes and what was open before stays as it was
    (nothing is shown again). `Cv.upload`: no CV is read before the user agreed to the privacy notice (the consent
    dialog comes back here)."""
    state = manager.current_context().state
    if state == Cv.reading:
        data = start_data if isinstance(start_data, dict) else {}
        try:
            read = await run_intake(manager, file_id=data.get("file_id"), file_size=data.get("file_size"),
                                    text=data.get("text"))  # fmt: skip
        except BaseException:  # `Cv.reading` has no window to stay on: the error handlers answer from before
            await manager.mark_closed()
            raise
        if not read:
            await manager.mark_closed()
        return
    if state != Cv.upload or manager.middleware_data["member"].consented:
        return
    if isinstance(start_data, dict) and start_data.get("consented"):
        return
    await manager.start(Onboarding.consent, data={"then": "cv"}, mode=StartMode.RESET_STACK)


def cv_dialog() -> Dialog:
    """A new instance: a Dialog is a router and belongs to one Dispatcher."""
    return Dialog(
        Window(
            Tr("cv-upload-text"),
            MessageInput(on_cv_message),
            SwitchTo(Tr("btn-my-profile"), id="profile", state=Cv.profile, when="has_profile"),
            Cancel(Tr("btn-back")),
            getter=upload_getter,
            state=Cv.upload,
        ),
        Window(
            Html("card"),
            Button(Tr("btn-show-matches"), id="matches", on_click=show_matches, when="has_results"),
            Row(
                SwitchTo(Tr("btn-fix-title"), id="fix_title", state=Cv.fix_title),
                SwitchTo(Tr("btn-fix-family"), id="fix_family", state=Cv.fix_family),
                when="has_profile",
            ),
            Row(
                SwitchTo(Tr("btn-fix-level"), id="fix_level", state=Cv.fix_level),
                SwitchTo(Tr("btn-fix-years"), id="fix_years", state=Cv.fix_years),
                when="has_profile",
            ),
            Row(
                SwitchTo(Tr("btn-fix-salary"), id="fix_salary", state=Cv.fix_salary),
                SwitchTo(Tr("btn-fix-location"), id="fix_location", state=Cv.fix_location),
                when="has_profile",
            ),
            SwitchTo(Tr("btn-fix-sectors"), id="fix_sectors", state=Cv.fix_sectors, when="has_profile"),
            Button(Tr("btn-undo-replace"), id="undo", on_click=on_undo, when="can_undo"),
            to_menu(),
            getter=profile_getter,
            state=Cv.profile,
        ),
        Window(
            Html("card"),
            Row(
                Button(Tr("btn-cv-replace"), id="replace", on_click=on_replace),
                Button(Tr("btn-cv-keep"), id="keep", on_click=on_keep),
                when="pending",
            ),
            to_menu(),
            getter=compare_getter,
            state=Cv.compare,
        ),
        Window(
            Tr("cv-fix-title"),
            MessageInput(on_title, content_types="text"),
            SwitchTo(Tr("btn-back"), id="back", state=Cv.profile),
            state=Cv.fix_title,
        ),
        Window(
            Tr("cv-fix-years"),
            MessageInput(on_years, content_types="text"),
            SwitchTo(Tr("btn-back"), id="back", state=Cv.profile),
            state=Cv.fix_years,
        ),
        Window(
            Tr("cv-fix-salary"),
            MessageInput(on_salary, content_types="text"),
            Button(Tr("btn-no-salary-wish"), id="no_salary", on_click=on_no_salary),
            SwitchTo(Tr("btn-back"), id="back", state=Cv.profile),
            state=Cv.fix_salary,
        ),
        Window(
            Tr("cv-pasted-ask"),
            Row(
                Button(Tr("btn-pasted-read"), id="read", on_click=on_read_pasted),
                Button(Tr("btn-pasted-search"), id="search", on_click=on_search_pasted),
            ),
            state=Cv.confirm_text,
        ),
        choice_window(
            Cv.fix_level, on_level, level_items, Cv.profile, prompt="cv-fix-level", widget_id="level", width=1
        ),
        choice_window(
            Cv.fix_family, on_family, family_items, Cv.profile, prompt="cv-fix-family", widget_id="family", width=1
        ),
        Window(
            Tr("cv-fix-location"),
            MessageInput(on_location, content_types="text"),
            SwitchTo(Tr("btn-back"), id="back", state=Cv.profile),
            state=Cv.fix_location,
        ),
        Window(
            Tr("cv-fix-sectors"),
            Group(picker("sector", on_sector), width=1),
            Button(Tr("btn-done"), id="done", on_click=on_sectors_done),
            getter=sector_items,
            state=Cv.fix_sectors,
        ),
        on_start=on_start,
    )
