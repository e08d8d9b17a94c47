"""the dashboard shows the newest ten open follow-ups and leads to the searchable list of all of them,
by keyboard too; both fit at 1280 and 390 px and pass axe."""

import pytest

from tests.builders import action
from tests.e2e.a11y import assert_accessible, assert_fits
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_leads_to_every_open_follow_up_and_the_search_narrows_them(
    page, live_server, staff_user, nordjylland
):
    for number in range(11):
        action(nordjylland, f"Opgave {number:02}")
    action(nordjylland, "Borgmesterskifte i Aalborg", rule="B1 1.13")
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    assert page.get_by_text("Løs: ").count() == 10
    page.get_by_role("link", name="Se alle opfølgninger (12)").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/kkr/nordjylland/sekretariat/opfoelgninger/")
    assert page.get_by_text("Løs: ").count() == 12
    for width in (1280, 390):
        assert_fits(page, width)
    assert_accessible(page)
    page.get_by_label("Søg i opgave, detaljer og regel").fill("borgmester")
    page.keyboard.press("Enter")
    page.wait_for_url("**/opfoelgninger/?q=borgmester")
    assert page.get_by_text("Løs: ").count() == 1 and page.get_by_text("Borgmesterskifte i Aalborg").count() >= 1
