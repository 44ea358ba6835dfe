"""The dialogs with aiogram-dialog's test tools (BotClient, MockMessageManager, JsonMemoryStorage): the same
Dispatcher as production, with Telegram replaced by the mock message manager; real PostgreSQL behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Dispatcher
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.factory import create_dispatcher
from bot.runtime import build_services
from bot.settings import load_settings
from db.engine import create_engine, create_session_factory
from db.uow import UnitOfWorkFactory
from services.accounts.preferences import AlertFrequency
from services.container import Services
from services.search.embeddings import EmbeddingService
from tests.support.hashed_embeddings import HashedEmbeddings


@pytest.fixture
async def services(db_url: str) -> AsyncIterator[Services]:
    engine = create_engine(db_url)
    uow = UnitOfWorkFactory(create_session_factory(engine))
    embeddings = EmbeddingService(HashedEmbeddings(), uow)
    yield build_services(uow, embeddings, load_settings(openai_api_key=None), None)
    await engine.dispose()


@pytest.fixture
def messages() -> MockMessageManager:
    return MockMessageManager()


@pytest.fixture
def dp(services: Services, messages: MockMessageManager) -> Dispatcher:
    return create_dispatcher(services, None, storage=JsonMemoryStorage(), message_manager=messages)


def button(label: str) -> InlineButtonTextLocator:
    return InlineButtonTextLocator(f".*{label}.*")


async def test_consent_comes_before_the_menu(dp: Dispatcher, messages: MockMessageManager, services: Services) -> None:
    client = BotClient(dp, user_id=42)
    await client.send("/start")
    consent = messages.one_message()
    assert "your privacy" in (consent.text or "")
    messages.reset_history()
    await client.click(consent, button("I agree"))
    assert (messages.one_message().text or "").startswith("<b>Main menu</b>")
    assert (await services.users.seen(42)).consented


async def test_not_now_leads_to_the_menu_without_consent(dp: Dispatcher, messages: MockMessageManager,
                                                         services: Services) -> None:  # fmt: skip
    client = BotClient(dp, user_id=43)
    await client.send("/start")
    await client.click(messages.one_message(), button("Not now"))
    assert "Main menu" in (messages.last_message().text or "")
    assert not (await services.users.seen(43)).consented


async def test_upload_asks_for_consent_first(dp: Dispatcher, messages: MockMessageManager) -> None:
    client = BotClient(dp, user_id=44)
    await client.send("/start")
    await client.click(messages.one_message(), button("Not now"))
    await client.click(messages.last_message(), button("Upload my CV"))
    assert "your privacy" in (messages.last_message().text or "")
    await client.click(messages.last_message(), button("I agree"))
    assert "Send your CV" in (messages.last_message().text or "")


async def test_preferences_alerts_and_language(dp: Dispatcher, messages: MockMessageManager,
                                               services: Services) -> None:  # fmt: skip
    client = BotClient(dp, user_id=45)
    await client.send("/start")
    await client.click(messages.one_message(), button("I agree"))
    await client.click(messages.last_message(), button("Preferences"))
    await client.click(messages.last_message(), button("Alerts"))
    await client.click(messages.last_message(), button("daily"))
    assert "Alerts about new jobs: daily" in (messages.last_message().text or "")
    await client.click(messages.last_message(), button("Language"))
    await client.click(messages.last_message(), button("Русский"))
    assert "Уведомления о новых вакансиях: раз в день" in (messages.last_message().text or "")
    prefs = await services.preferences.preferences(45)
    assert prefs.alert_frequency is AlertFrequency.DAILY and prefs.language == "ru"
    await client.send("/menu")
    assert (messages.last_message().text or "").startswith("<b>Главное меню</b>")


async def test_a_place_typed_in_preferences_is_understood(dp: Dispatcher, messages: MockMessageManager,
                                                                     services: Services) -> None:  # fmt: skip
    client = BotClient(dp, user_id=46)
    await client.send("/start")
    await client.click(messages.one_message(), button("I agree"))
    await client.click(messages.last_message(), button("Preferences"))
    await client.click(messages.last_message(), button("Place"))
    await client.send("Leeds, North West")  # (an unknown place is refused with a plain message: see e2e)
    assert "Leeds, North West" in (messages.last_message().text or "")
    filters = (await services.preferences.preferences(46)).filters
    assert filters.places == ("Leeds",) and filters.regions == ("North West",)


async def test_delete_me_can_be_declined(dp: Dispatcher, messages: MockMessageManager, services: Services) -> None:
    client = BotClient(dp, user_id=47)
    await client.send("/start")
    await client.send("/delete_me")
    assert "Erase everything?" in (messages.last_message().text or "")
    await client.click(messages.last_message(), button("No, keep it"))
    assert "Main menu" in (messages.last_message().text or "")
    assert await services.users.rows_left(47) == 1


async def test_cancel_returns_to_the_menu_from_inside_a_dialog(dp: Dispatcher, messages: MockMessageManager) -> None:
    client = BotClient(dp, user_id=48)
    await client.send("/start")
    await client.click(messages.one_message(), button("I agree"))
    await client.click(messages.last_message(), button("Search jobs"))
    assert "What are you looking for?" in (messages.last_message().text or "")
    await client.send("/cancel")
    assert "Main menu" in (messages.last_message().text or "")
