"""Issue 22, point 6 ("Conversation"), as a new user met it: one size limit, one notice when throttled, what works
without consent, a language change that keeps the time zone, and Russian cards in Russian (skills, plural forms,
decimal commas). Real Dispatcher polling the Bot API stand-in; real PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select

from db.models import User, UserPreferences
from tests.support.botharness import Harness

PASTED_CV = """Anna Smirnova
Leeds
Senior Accountant

Experience
Senior Accountant, Harbour & Co, Leeds — March 2015 to December 2024
Month-end close, management accounts, VAT returns, reconciliations, financial reporting under IFRS, budgeting.
Assistant Accountant, Northern Foods Ltd, Leeds — June 2013 to February 2015
Accounts payable, bank reconciliations, journals, payroll support. Sage and Excel.

Education
BSc Accounting and Finance, University of Leeds, 2013
ACCA qualified 2018
"""


async def _timezone(bot: Harness, user: int) -> str | None:
    async with bot.runtime.uow() as work:
        return await work.session.scalar(select(UserPreferences.timezone).where(UserPreferences.user_id == user))


async def test_the_size_limit_is_stated_one_way_from_cv_max_mb(bot: Harness) -> None:
    """Was: "up to 20 MB" on the upload prompt, "under 10 MB" or "under 20 MB" on refusals."""
    limit_mb = bot.app.services.cv_max_bytes / 1024**2
    assert limit_mb == 10  # CV_MAX_MB's default, which these end-to-end settings keep
    user = bot.new_user()
    await bot.onboard(user)
    prompt = await bot.press(user, "Upload my CV")
    assert "(up to 10 MB)" in prompt.text
    await bot.send_file(user, b"x" * 100, "cv.pdf", "application/pdf", declared_size=15 * 1024**2)
    assert bot.stand_in.last(user).text == "The file is too large (15 MB). Please send a CV under 10 MB."
    await bot.send_file(user, b"x" * 100, "cv.pdf", "application/pdf", declared_size=25 * 1024**2)
    assert bot.stand_in.last(user).text == "The file is too large (25 MB). Please send a CV under 10 MB."
    said = " ".join(bot.texts(user))
    assert "20 MB" not in said and "20 МБ" not in said


async def test_a_flood_gets_one_notice_in_the_users_language(bot: Harness) -> None:
    """Was: messages 31-35 of a burst vanished with no word."""
    user = bot.new_user()
    await bot.say(user, "/help", language="ru")  # the user is known (their language too)
    await asyncio.sleep(10.05 - time.time() % 10)  # the throttle counts per 10-second window: a fresh one
    for _ in range(35):
        bot.stand_in.send_text(user, "/help", language_code="ru")
    await bot.idle()
    texts = bot.texts(user)[1:]
    notices = [text for text in texts if "быстрее, чем я успеваю читать" in text]
    assert len(notices) == 1  # once for the burst; the other dropped messages go silently
    assert sum(text.startswith("Как я работаю") for text in texts) == 30  # the 30 within the limit are answered
    assert len(texts) == 31


async def test_not_now_at_consent_says_what_works_without_it(bot: Harness) -> None:
    """Was: the menu, with no word on what works without consent."""
    user = bot.new_user()
    await bot.say(user, "/start")
    menu = await bot.press(user, "Not now")
    assert menu.text.startswith("No problem: I will not read a CV until you agree.")
    assert "type what you are looking for" in menu.text and "save them" in menu.text and "Preferences" in menu.text
    assert "Main menu" in menu.text and "Upload my CV" in " ".join(bot.buttons(menu))
    results = await bot.say(user, "payroll manager remote")  # what the note promised: search works
    assert "payroll manager remote" in results.text and "privacy" not in results.text
    again = await bot.say(user, "/menu")
    assert not again.text.startswith("No problem")  # the note answers "Not now", not every menu
    asked = await bot.press(user, "Upload my CV")  # a CV still needs consent: asked again
    assert "your privacy" in asked.text
    async with bot.runtime.uow() as work:
        assert await work.session.scalar(select(User.consent_at).where(User.telegram_id == user)) is None


async def test_changing_language_keeps_the_time_zone(bot: Harness) -> None:
    """Was: switching to Russian moved the digest time zone to Moscow, silently."""
    english = bot.new_user()
    await bot.onboard(english)
    await bot.say(english, "/language")
    prefs = await bot.press(english, "Русский")
    assert "Часовой пояс для подборок (09:00): Europe/London" in prefs.text
    assert await _timezone(bot, english) == "Europe/London"

    russian = bot.new_user()  # Telegram in Russian, so far on Moscow time: English keeps Moscow
    await bot.onboard(russian, language="ru")
    await bot.say(russian, "/language", language="ru")
    prefs = await bot.press(russian, "English", language="ru")
    assert "Time zone for digests (09:00): Europe/Moscow" in prefs.text
    assert await _timezone(bot, russian) == "Europe/Moscow"


async def test_a_russian_profile_card_speaks_russian(bot: Harness) -> None:
    """Was: "Навыки: audit, financial reporting" and "стаж 9.8 лет"."""
    user = bot.new_user()
    await bot.onboard(user, language="ru")
    await bot.press(user, "Загрузить резюме", language="ru")
    await bot.say(user, PASTED_CV, language="ru")
    await bot.idle(limit=120)
    card = bot.stand_in.last(user).text
    assert "Ваш профиль" in card
    assert "стаж 11,6 года" in card  # decimal comma, and the form Russian uses for a fraction
    skills = next(line for line in card.splitlines() if line.startswith("Навыки: "))
    assert {"управленческая отчётность", "финансовая отчётность", "МСФО", "НДС"} <= set(skills[8:].split(", "))
    assert "management accounts" not in card and "VAT" not in card
    assert "Программы: Sage, Excel" in card  # product names stay as they are
