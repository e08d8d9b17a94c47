"""Playwright driving Debian's Chromium (``browser`` in tests/conftest.py) against pytest-django's live server."""

import pytest


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
