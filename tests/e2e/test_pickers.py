"""the people picker lists who fits the rule on the date in the form: changing the date asks the
server again with that date (htmx), so a future-dated new member can be chosen."""

from datetime import date

import pytest

from tests.builders import politician
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_future_dated_new_member_is_offered_once_the_date_is_typed(page, live_server, staff_user, nordjylland):
    newcomer = politician("Hans Fremtid", "Hjørring", letter="A")
    newcomer.offices.update(starts_on=date(2029, 6, 1))  # a by-election successor, on the council from June 2029
    politician("Carl Nu", "Hjørring", letter="A")
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    page.goto(f"{live_server.url}/kkr/nordjylland/medlemmer/ny/")
    options = page.locator(".picker-list")
    assert "Carl Nu" in options.inner_text() and "Hans Fremtid" not in options.inner_text()
    with page.expect_request(lambda request: "starts_on=2029-07-01" in request.url):
        page.get_by_label("Medlem fra").fill("2029-07-01")
        page.get_by_label("Medlem fra").dispatch_event("change")
    page.get_by_label("Hans Fremtid (Hjørring, A)").wait_for()
    with page.expect_request(lambda request: "person_soeg=hans" in request.url and "2029-07-01" in request.url):
        page.get_by_label("Person").fill("hans")
    page.get_by_label("Hans Fremtid (Hjørring, A)").check()
