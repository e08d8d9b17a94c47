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


def test_staff_set_up_two_factor_login_and_are_asked_for_the_code_next_time(page, live_server, staff_user, settings):
    """required for staff; the QR code and the key on the page, ten recovery codes, then the code at
    every login (kkr/twofactor.py). The phone is played by django-otp's TOTP on the key shown."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    settings.KKR_REQUIRE_2FA = True
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/konto/to-trins/opret/**")
    assert page.locator(".qr svg").is_visible()
    key = b32decode(page.locator(".secret").inner_text().replace(" ", ""))

    def code(ahead=0):
        totp = TOTP(key)
        totp.time = totp.time + 30 * ahead
        return f"{totp.token():06d}"

    page.get_by_label("Kode").fill(code())
    page.get_by_role("button", name="Bekræft og slå til").click()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Jeg har gemt koderne – fortsæt").click()
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/")
    assert page.get_by_role("heading", level=1).inner_text() == "KKR Nordjylland – sekretariatets overblik"
    page.get_by_role("button", name="Log ud").click()
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/konto/to-trins/?next=**")
    page.get_by_label("Kode").fill(code(ahead=1))
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
