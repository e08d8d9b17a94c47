"""In a real browser: staff record a party-elected member's departure (B1 1.13); the substitute becomes
member and the "new substitute needed" action appears on the dashboard."""

import pytest

from members.models import Membership
from tests.builders import politician, seat, substitute
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_record_a_departure_and_the_substitute_steps_up(page, live_server, staff_user, nordjylland, period):
    member = seat(nordjylland, period, politician("Vera Venstre"))
    substitute(member, politician("Søren Suppleant"))
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    page.goto(f"{live_server.url}/kkr/nordjylland/medlemmer/{member.pk}/udtraeden/")
    assert "B1 1.9 / 1.13" in page.locator(".rule-box").inner_text()
    page.get_by_label("Sidste dag i KKR").fill("2026-06-30")
    page.get_by_label("Grund").select_option("left_municipal_council")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url("**/kkr/nordjylland/medlemmer/")
    assert "Søren Suppleant er ikke" not in page.content()
    assert Membership.objects.get(person__name="Søren Suppleant").starts_on.isoformat() == "2026-07-01"
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/")
    assert page.get_by_text("Venstre skal vælge ny stedfortræder for Søren Suppleant").first.is_visible()
    assert page.get_by_role("link", name="Registrér stedfortræder").is_visible()
