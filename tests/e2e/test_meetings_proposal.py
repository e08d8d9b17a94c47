"""In a real browser: a member proposes an item for the next ordinary meeting (FO 3.2) and follows its status;
the secretariat puts it on the agenda and publishes; the member finds it on the agenda."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from meetings.deadlines import COPENHAGEN
from meetings.models import ItemProposal, Meeting
from members.models import ElectionPeriod
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_members_proposal_goes_on_the_agenda_and_the_member_sees_it(
    page, live_server, member_user, staff_user, nordjylland, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    day = timezone.localdate() + timedelta(days=30)  # well before the FO 3.2 deadline
    meeting = Meeting.objects.create(
        council=nordjylland,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=datetime(day.year, day.month, day.day, 10, tzinfo=COPENHAGEN),
        location="Aalborg",
    )
    portal = f"{live_server.url}/kkr/nordjylland/medlem/"

    log_in(page, live_server, member_user.username)
    page.goto(portal)
    page.get_by_role("link", name="Ordinært møde").first.click()
    page.get_by_role("link", name="Skriv et forslag").click()
    page.get_by_label("Overskrift").fill("Fælles busplan")
    page.get_by_label("Forslag og begrundelse").fill("KKR drøfter en fælles busplan for regionen.")
    page.get_by_role("button", name="Send forslaget").click()
    page.get_by_text("er modtaget i tide og kommer på dagsordenen").wait_for()
    assert page.get_by_text("Fælles busplan – Modtaget").is_visible()

    page.context.clear_cookies()
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/moeder/{meeting.pk}/")
    page.locator("tr", has_text="Fælles busplan").get_by_role("button", name="Sæt på dagsordenen").click()
    page.get_by_role("heading", name="1. Fælles busplan").wait_for()
    page.get_by_role("link", name="Offentliggør dagsordenen").click()  # the confirmation page asks first
    page.get_by_role("button", name="Offentliggør dagsordenen").click()
    page.get_by_text("version 1").first.wait_for()
    assert ItemProposal.objects.get().status == ItemProposal.Status.ON_AGENDA

    page.context.clear_cookies()
    log_in(page, live_server, member_user.username)
    page.goto(portal)
    assert page.get_by_text("Fælles busplan – Sat på dagsordenen").is_visible()
    page.get_by_role("link", name="Ordinært møde").first.click()
    assert page.get_by_text("Fælles busplan").first.is_visible()
    assert "KKR drøfter en fælles busplan for regionen." in page.content()
