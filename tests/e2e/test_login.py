"""In a real browser: secretariat staff log in and see their council's dashboard."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_log_in_and_see_their_dashboard(page, live_server, staff_user):
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    assert page.get_by_role("heading", level=1).inner_text() == "KKR Nordjylland – sekretariatets overblik"
    assert page.get_by_text("Ingen åbne opfølgninger").is_visible()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page, live_server, db):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Spring til indhold"
