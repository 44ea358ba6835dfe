"""The one place errors become words: domain errors in the user's language, lost dialogs back to the menu,
anything else logged with the update and user ids (never a CV's text) and a short apology."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, User
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState
from loguru import logger

from dialogs.states import Menu
from handlers.senders import ErrorAlerts
from locales import Translator, translator
from services.container import Services
from services.errors import DomainError
from services.usage import Event


def _user(event: ErrorEvent) -> User | None:
    update = event.update
    source = update.message or update.callback_query or update.edited_message
    return source.from_user if source is not None else None


def _translator(event: ErrorEvent, data: dict[str, Any]) -> Translator:
    found = data.get("t")
    if isinstance(found, Translator):
        return found
    user = _user(event)
    return translator(user.language_code if user else None)


async def _tell(event: ErrorEvent, bot: Bot, text: str) -> None:
    callback = event.update.callback_query
    if callback is not None:
        with suppress(TelegramAPIError):  # an old query can no longer be answered
            await callback.answer()  # stop the spinner
    user = _user(event)
    if user is not None:
        await bot.send_message(user.id, text)


async def _to_menu(dialog_manager: DialogManager | None) -> None:
    if dialog_manager is not None:
        await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def lost_dialog(event: ErrorEvent, bot: Bot, **data: Any) -> None:
    """A button from an expired session (Redis flushed, an old message, a renamed state): back to the menu."""
    logger.info("update {}: lost dialog context ({})", event.update.update_id, type(event.exception).__name__)
    await _tell(event, bot, _translator(event, data)("session-expired"))
    await _to_menu(data.get("dialog_manager"))


async def domain_error(event: ErrorEvent, bot: Bot, **data: Any) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    user = _user(event)
    logger.info("update {} user {}: {}", event.update.update_id, user.id if user else None, error.code)
    t = _translator(event, data)
    await _tell(event, bot, t(f"error-{error.code}", **getattr(error, "params", {})))


async def unexpected(event: ErrorEvent, bot: Bot, **data: Any) -> None:
    user = _user(event)
    logger.opt(exception=event.exception).error(
        "update {} user {} failed: {}", event.update.update_id, user.id if user else None,
        type(event.exception).__name__,
    )  # fmt: skip
    app: Services | None = data.get("app")
    if app is not None:
        await app.usage.add(Event.ERROR)
    alerts: ErrorAlerts | None = data.get("alerts")
    if alerts is not None:
        await alerts.report(bot, event.exception, update_id=event.update.update_id, user_id=user.id if user else None)
    try:
        await _tell(event, bot, _translator(event, data)("error-unexpected"))
        await _to_menu(data.get("dialog_manager"))
    except Exception as exc:
        logger.warning("update {}: could not apologise ({})", event.update.update_id, type(exc).__name__)


def register(router: Router) -> None:
    """On the root router (the Dispatcher): aiogram-dialog's error middlewares, which give these handlers the
    user's dialog manager, wrap the root's error handlers only."""
    router.errors.register(lost_dialog, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState))
    router.errors.register(domain_error, ExceptionTypeFilter(DomainError))
    router.errors.register(unexpected)
