"""The admin page in a real headless browser (Debian's chromium driven by Selenium through Debian's chromedriver;
no browser is downloaded): refused without a session, with a wrong token and for a form stripped of its CSRF token;
logged in, the numbers, the log filter and a ban."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from loguru import logger
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from handlers.web.logbuffer import RecentLogs
from tests.support.webapp import TOKEN, add_users, serve

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail("Debian's chromium and chromium-driver are needed: `make test` installs them")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"):
        options.add_argument(flag)
    profile = Path(tempfile.mkdtemp(prefix="chromium-"))
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _text(driver: WebDriver, css: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def _walk_through(driver: WebDriver, base: str, victim: int) -> None:
    """What an admin does in the browser (synchronous: Selenium runs in a thread beside the event loop)."""
    driver.get(f"{base}/admin")
    assert driver.current_url.endswith("/admin/login")  # no session: sent to the login form
    driver.get(f"{base}/admin/api/stats")
    assert "unauthorised" in driver.page_source

    driver.get(f"{base}/admin/login")
    driver.find_element(By.ID, "token").send_keys("a wrong guess")
    driver.find_element(By.ID, "login").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "error"))
    assert _text(driver, "#error") == "Wrong token."

    driver.find_element(By.ID, "token").send_keys(TOKEN)
    driver.find_element(By.ID, "login").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/admin"))
    assert _text(driver, "#stat-users") == "3"
    assert driver.find_element(By.ID, "users-chart").tag_name == "svg"

    Select(driver.find_element(By.ID, "log-level")).select_by_value("ERROR")
    driver.find_element(By.ID, "log-filter").click()
    WebDriverWait(driver, 10).until(lambda d: "level=ERROR" in d.current_url)
    logs = _text(driver, "#log-table")
    assert "payment provider down" in logs and "disk almost full" not in logs
    Select(driver.find_element(By.ID, "log-level")).select_by_value("WARNING")
    search = driver.find_element(By.ID, "log-search")
    search.clear()
    search.send_keys("disk")
    driver.find_element(By.ID, "log-filter").click()
    WebDriverWait(driver, 10).until(lambda d: "q=disk" in d.current_url)
    logs = _text(driver, "#log-table")
    assert "disk almost full" in logs and "payment provider down" not in logs

    # A tampered form (its CSRF field removed) is refused.
    driver.execute_script(f"document.querySelector('#user-{victim} input[name=csrf]').remove()")
    driver.find_element(By.ID, f"ban-{victim}").click()
    WebDriverWait(driver, 10).until(lambda d: "CSRF" in d.page_source)
    driver.get(f"{base}/admin")
    assert _text(driver, f"#user-{victim} .status") == "active"

    driver.find_element(By.ID, f"ban-{victim}").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, f"unban-{victim}"))
    assert _text(driver, f"#user-{victim} .status") == "banned"
    assert driver.find_elements(By.ID, f"unban-{victim}")


async def test_an_admin_in_a_real_browser(browser: WebDriver, db_url: str, redis_url: str) -> None:
    logs = RecentLogs()
    logs.install()
    logger.warning("disk almost full")
    logger.error("payment provider down")
    try:
        async with serve(db_url, redis_url, logs=logs) as site:
            await add_users(site.runtime, 401, 402, 403)
            await asyncio.to_thread(_walk_through, browser, site.base, 402)
            card = await site.services.user_admin.user_card(402)
            assert card is not None and card.is_banned
            others = [await site.services.user_admin.user_card(u) for u in (401, 403)]
            assert all(c is not None and not c.is_banned for c in others)
    finally:
        logs.uninstall()
