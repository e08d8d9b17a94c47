"""In a real browser: each bilag of the shown version opens on its own, beside the combined PDF (SPEC §6). The
public page links an open item's bilag only; a member's page links the closed item's bilag too, and each link
answers with the PDF to that visitor."""

import pytest

from meetings import services
from meetings.models import Meeting
from members.models import ElectionPeriod
from tests.builders import at
from tests.e2e.conftest import log_in
from tests.security.world import one_page_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_bilag_opens_on_its_own_for_the_public_and_for_members(
    page, live_server, staff_user, member_user, nordjylland, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.create(
        council=nordjylland,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2027, 3, 2, 10),
        location="Aalborg Rådhus",
    )
    for title, bilag, closed in (("Trafikplan", "Køreplan", False), ("Personsag", "Lægeerklæring", True)):
        item = services.add_item(meeting, actor=staff_user, title=title, is_closed=closed)
        services.add_attachment(item, actor=staff_user, title=bilag, file=one_page_pdf())
    services.publish_agenda(meeting, actor=staff_user, now=at(2027, 2, 1, 12))

    def opens(link):
        response = page.context.request.get(f"{live_server.url}{link.get_attribute('href')}")
        return response.status == 200 and response.body().startswith(b"%PDF")

    page.goto(f"{live_server.url}/kkr/nordjylland/moeder/{meeting.pk}/")
    assert opens(page.get_by_role("link", name="1.1 Køreplan"))
    assert page.get_by_role("link", name="2.1 Lægeerklæring").count() == 0 and "Lægeerklæring" not in page.content()

    log_in(page, live_server, member_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/medlem/moeder/{meeting.pk}/")
    assert opens(page.get_by_role("link", name="1.1 Køreplan"))
    assert opens(page.get_by_role("link", name="2.1 Lægeerklæring"))
