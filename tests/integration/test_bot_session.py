"""The Bot's session (`bot/factory.py`) against the Bot API stand-in over real HTTP: a method goes as one JSON body,
its fields those aiogram's form would carry (the unset left out; false, zero and empty lists sent), its values as
aiogram prepares them (nested objects as objects, the default parse mode filled in); an upload goes as aiogram's
multipart form; Telegram's errors and a server that is gone raise aiogram's own exceptions."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.devtools.playground import BotApiStandIn
from bot.factory import create_bot

CHAT = 777


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[BotApiStandIn, Bot]]:
    stand_in = BotApiStandIn()
    await stand_in.start()
    bot = create_bot(stand_in.token, api_base=stand_in.base_url)
    try:
        yield stand_in, bot
    finally:
        await bot.session.close()
        await stand_in.stop()


async def test_a_method_goes_as_one_json_body_with_aiograms_values(telegram: tuple[BotApiStandIn, Bot]) -> None:
    stand_in, bot = telegram
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Saved jobs", callback_data="s")]])
    sent = await bot.send_message(CHAT, "<b>Menu</b> &amp; more", reply_markup=keyboard, disable_notification=False)
    assert sent.text == "Menu & more" and sent.chat.id == CHAT  # the answer read back as aiogram's Message
    assert stand_in.bodies[-1] == ("sendMessage", "application/json")
    markup = {"inline_keyboard": [[{"text": "Saved jobs", "callback_data": "s"}]]}
    expected = {"chat_id": CHAT, "text": "<b>Menu</b> &amp; more", "parse_mode": "HTML",
                "disable_notification": False, "reply_markup": markup}  # fmt: skip
    assert stand_in.calls[-1] == ("sendMessage", expected)
    await bot.answer_callback_query("q1", show_alert=False, cache_time=0)
    assert stand_in.calls[-1] == ("answerCallbackQuery", {"callback_query_id": "q1", "show_alert": False,
                                                          "cache_time": 0})  # fmt: skip
    await bot.set_my_commands([])  # an empty list clears the menu: it has to be sent
    assert stand_in.calls[-1] == ("setMyCommands", {"commands": []})
    edited = await bot.edit_message_text("Saved", chat_id=CHAT, message_id=sent.message_id)
    assert not isinstance(edited, bool) and edited.text == "Saved"
    assert stand_in.last(CHAT).text == "Saved"


async def test_an_upload_goes_as_aiograms_multipart_form(telegram: tuple[BotApiStandIn, Bot]) -> None:
    stand_in, bot = telegram
    sent = await bot.send_document(CHAT, BufferedInputFile(b'{"user": 1}', filename="export.json"), caption="Yours")
    assert stand_in.bodies[-1] == ("sendDocument", "multipart/form-data")
    assert sent.document is not None and sent.document.file_name == "export.json" and sent.caption == "Yours"


async def test_telegrams_errors_and_a_missing_server_raise_aiograms_exceptions(
    telegram: tuple[BotApiStandIn, Bot],
) -> None:
    stand_in, bot = telegram
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(CHAT, 424242)
    await bot.answer_callback_query("q7")
    stand_in.callback_answers.clear()  # the log of answers, not what the stand-in remembers: as Telegram, once
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("q7", text="again")
    await stand_in.stop()
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(CHAT, "anyone there?")
