"""the main page of each role passes axe-core (no serious or critical violation) and does not
scroll sideways at 1280 px nor break at 390 px (wide tables scroll inside their box)."""

import pytest

from members.services.staff import grant_staff
from tests.e2e.a11y import assert_accessible, assert_fits, assert_words_whole
from tests.e2e.conftest import log_in
from tests.portal.finding import at, held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(nordjylland):
    held_meeting(nordjylland, at(2025, 9, 12, 10), [("Praktikpladser", "Om praktikpladser.", "Godkendt.", False)])


def check(page, url):
    page.goto(url)
    for width in (1280, 390):
        assert_fits(page, width)
    assert_words_whole(page, 1280)
    assert_accessible(page)


def test_the_public_pages(page, live_server, content):
    for path in ("/", "/kkr/nordjylland/", "/kkr/nordjylland/arkiv/", "/soeg/?q=praktikpladser"):
        check(page, live_server.url + path)


def test_the_member_portal_and_archive(page, live_server, member_user, content):
    log_in(page, live_server, member_user.username)
    page.wait_for_url("**/kkr/nordjylland/medlem/")
    for path in ("/kkr/nordjylland/medlem/", "/kkr/nordjylland/arkiv/", "/kkr/nordjylland/medlemmer/"):
        check(page, live_server.url + path)


def test_the_staff_dashboard_and_forms(page, live_server, staff_user, content):
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    pages = (
        "/kkr/nordjylland/sekretariat/",
        "/kkr/nordjylland/nyt-raad/",
        "/kkr/nordjylland/medlemmer/ny/",
        "/kkr/nordjylland/sekretariat/forretningsorden/2026-2030/",
    )
    for path in pages:
        check(page, live_server.url + path)


def test_the_kl_admin_staff_rights_page(page, live_server, admin_user_kl, plain_user, nordjylland):
    grant_staff(plain_user, nordjylland, actor=admin_user_kl)
    log_in(page, live_server, admin_user_kl.username)
    page.wait_for_url(f"{live_server.url}/")
    check(page, live_server.url + "/administration/sekretariater/")


def test_the_kv25_composition_table_fits_at_1280(page, live_server, staff_user, nordjylland, period):
    from elections.demo import load_demo_results

    load_demo_results(nordjylland, period)
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    check(page, f"{live_server.url}/kkr/nordjylland/sekretariat/sammensaetning/2026-2030/")
