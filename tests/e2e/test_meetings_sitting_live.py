"""In a real browser, the sitting page stays live (FO 3.5, FO 3.7): marking the chair absent changes who holds the
casting vote, who leads and the quorum on the page at once, without a reload; the sheet marks the chair and the
vice-chair."""

import pytest

from meetings import services
from meetings.models import Meeting
from members.models import ElectionPeriod
from tests.builders import at, seat_members
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fo_3_7_marking_the_chair_absent_moves_the_casting_vote_and_quorum_without_a_reload(
    page, live_server, staff_user, nordjylland
):
    members = seat_members(nordjylland, ElectionPeriod.objects.get(name="2026-2030"), 4)
    meeting = Meeting.objects.create(
        council=nordjylland,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2026, 5, 12, 10),
        location="Aalborg Rådhus",
    )
    services.add_item(meeting, actor=staff_user, title="Regional trafikplan")
    chair, vice = members[0].person, members[1].person
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/moeder/{meeting.pk}/moedet/")
    assert page.locator(f"#row-{chair.pk}").get_by_text("formand", exact=False).first.is_visible()
    assert "næstformand" in page.locator(f"#row-{vice.pk}").inner_text().lower()
    casting = page.locator("#casting")
    assert "formanden er ikke til stede" in casting.inner_text()  # nobody marked yet
    page.evaluate("window.kkrNoReload = true")  # gone if the page loads again
    page.get_by_role("button", name="Alle til stede").click()
    page.get_by_text("4 af 4 pladser besat").wait_for()
    page.get_by_text("4 er markeret til stede.").wait_for()

    assert f"formandens stemme udslaget (FO 3.7): {chair.name}" in casting.inner_text()
    page.locator(f"#row-{chair.pk}").get_by_role("button", name="Fraværende").click()
    page.locator(f"#row-{chair.pk}.is-absent").wait_for()
    page.get_by_text("3 af 4 pladser besat").wait_for()
    assert "formanden er ikke til stede" in casting.inner_text()
    assert f"Mødeleder (FO 3.5): {vice.name}" in page.locator("#quorum").inner_text()
    assert page.evaluate("window.kkrNoReload === true")

    page.locator(f"#row-{chair.pk}").get_by_role("button", name="Til stede").click()
    page.get_by_text("4 af 4 pladser besat").wait_for()
    assert f"(FO 3.7): {chair.name}" in casting.inner_text()
    assert page.evaluate("window.kkrNoReload === true")
