"""Playwright driving Debian's Chromium (never a downloaded browser) against pytest-django's live server."""

import os
import shutil

import pytest

from tests.conftest import skip_or_fail

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        skip_or_fail("KKR_REQUIRE_BROWSER", "Chromium er ikke installeret")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _reference_data(transactional_db, reference_data):
    """Browser tests run against a live server, so they are transactional; make sure the reference rows exist."""


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, username, password="hemmelig-kode-42"):
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
