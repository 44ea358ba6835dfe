"""The CV: upload or paste, a progress message edited as work advances, the profile card and its corrections."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo

from dialogs.common import Html, Tr, choice_window, esc, services, to_menu, tr, user_id
from dialogs.results import pack
from dialogs.states import Cv, Onboarding, Search
from locales import Translator
from services.cv_profile import CvProfile
from services.cv_reading import TELEGRAM_DOWNLOAD_LIMIT, CvRejected
from services.taxonomy import RoleFamily, Seniority


async def run_intake(
    manager: DialogManager, *, file_id: str | None = None, file_size: int | None = None, text: str | None = None
) -> None:
    """Read a CV (a Telegram file or pasted text), keep its profile, match it, and show the profile card."""
    app, t, uid = services(manager), tr(manager), user_id(manager)
    bot: Bot = manager.middleware_data["bot"]
    progress = await bot.send_message(uid, t("cv-progress-reading"))

    async def step(message: str) -> None:
        await bot.edit_message_text(message, chat_id=uid, message_id=progress.message_id)

    try:
        if file_id is not None:
            if file_size is not None and file_size > TELEGRAM_DOWNLOAD_LIMIT:
                raise CvRejected("too_large", size_mb=file_size / 1024**2, limit_mb=TELEGRAM_DOWNLOAD_LIMIT / 1024**2)
            if file_size is not None and file_size > app.cv_max_bytes:
                raise CvRejected("too_large", size_mb=file_size / 1024**2, limit_mb=app.cv_max_bytes / 1024**2)
            try:
                buffer = await bot.download(file_id)
            except TelegramBadRequest as exc:  # Telegram refuses files over 20 MB even when the size was not given
                if "too big" not in exc.message.lower():
                    raise
                raise CvRejected("too_large", size_mb=TELEGRAM_DOWNLOAD_LIMIT / 1024**2 + 0.1,
                                 limit_mb=TELEGRAM_DOWNLOAD_LIMIT / 1024**2) from None  # fmt: skip
            assert buffer is not None
            data: bytes | None = buffer.read()
        else:
            data = None
        response = await app.matching.run(
            uid, data=data, text=text, progress=lambda stage: step(t(f"cv-progress-{stage}"))
        )
    except CvRejected as exc:
        await step(t(f"cv-rejected-{exc.code}", **exc.params))
        return
    await step(t("cv-progress-done", count=len(response.results)))
    await manager.start(
        Cv.profile,
        data={"results": pack(response), "few_fit": response.few_fit},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def on_cv_message(message: Message, _: MessageInput, manager: DialogManager) -> None:
    if message.document is not None:
        await run_intake(manager, file_id=message.document.file_id, file_size=message.document.file_size)
    elif message.text:
        await run_intake(manager, text=message.text)
    else:
        await message.answer(tr(manager)("cv-send-file-or-text"))


def profile_card(profile: CvProfile, t: Translator) -> str:
    quals = ", ".join(f"{q.code}" + ("" if q.status == "qualified" else f" ({t('qual-' + q.status)})")
                      for q in profile.qualifications)  # fmt: skip
    lines = [
        t("profile-title"),
        t("profile-role", role=esc(profile.current_title or "—"), family=esc(t.family(profile.role_family))),
        t("profile-level", level=t.level(profile.seniority_level), years=f"{profile.years_experience:g}"),
        t("profile-qualifications", items=esc(quals or "—")),
        t("profile-location", place=esc(profile.location or "—")),
    ]
    if profile.skills:
        lines.append(t("profile-skills", items=esc(", ".join(profile.skills[:8]))))
    if profile.software:
        lines.append(t("profile-software", items=esc(", ".join(profile.software[:8]))))
    if not profile.is_accounting:
        lines.append("")
        lines.append(t("profile-not-accounting"))
    return "\n".join(lines)


async def profile_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    profile = await services(dialog_manager).accounts.profile(user_id(dialog_manager))
    data = {**(dialog_manager.start_data or {}), **dialog_manager.dialog_data}  # type: ignore[dict-item]
    results = data.get("results", [])
    card = profile_card(profile, t) if profile else t("profile-missing")
    if data.get("few_fit"):
        card += "\n\n" + t("few-fit")
    return {"card": card, "count": len(results), "has_results": bool(results) and profile is not None}


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
    profile = await services(manager).accounts.correct_profile(user_id(manager), seniority_level=level.value)
    await _rematch(manager, profile)


async def on_family(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    family = RoleFamily(item)
    profile = await services(manager).accounts.correct_profile(user_id(manager), role_family=family.value)
    await _rematch(manager, profile)


async def on_location(message: Message, _: MessageInput, manager: DialogManager) -> None:
    place = " ".join((message.text or "").split())[:100]
    if not place:
        return
    profile = await services(manager).accounts.correct_profile(user_id(manager), location=place)
    await _rematch(manager, profile)


async def level_items(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    return {"items": [(t.level(level.value), str(level.value)) for level in Seniority]}


async def family_items(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    t = tr(dialog_manager)
    return {"items": [(t.family(f.value), f.value) for f in RoleFamily]}


async def on_upload_start(start_data: Any, manager: DialogManager) -> None:
    """No CV is read before the user agreed to the privacy notice (the consent dialog comes back here)."""
    if manager.current_context().state != Cv.upload or manager.middleware_data["member"].consented:
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
            Cancel(Tr("btn-back")),
            state=Cv.upload,
        ),
        Window(
            Html("card"),
            Button(Tr("btn-show-matches"), id="matches", on_click=show_matches, when="has_results"),
            Row(
                SwitchTo(Tr("btn-fix-level"), id="fix_level", state=Cv.fix_level),
                SwitchTo(Tr("btn-fix-family"), id="fix_family", state=Cv.fix_family),
            ),
            SwitchTo(Tr("btn-fix-location"), id="fix_location", state=Cv.fix_location),
            to_menu(),
            getter=profile_getter,
            state=Cv.profile,
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
        on_start=on_upload_start,
    )
