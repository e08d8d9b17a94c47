"""In a real browser: staff build and publish an agenda; an anonymous visitor downloads the public PDF and finds
no closed item's content in it (text read back with pypdf through tests/meetings/pdftext.py)."""

from pathlib import Path

import pytest

from meetings.models import Meeting, Publication
from members.models import ElectionPeriod
from tests.builders import at
from tests.e2e.conftest import log_in
from tests.meetings.pdftext import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_item(page, title, text, *, closed=False):
    form = page.locator("details", has_text="Tilføj punkt")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Sagsfremstilling").fill(text)
    page.get_by_label("Lukket punkt").set_checked(closed)
    page.get_by_role("button", name="Tilføj punkt").click()


def test_staff_publish_an_agenda_and_the_public_pdf_has_no_closed_content(
    page, live_server, staff_user, nordjylland, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.create(
        council=nordjylland,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2027, 3, 2, 10),
        location="Aalborg Rådhus",
    )
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/moeder/{meeting.pk}/")
    add_item(page, "Regional trafikplan", "Busser og tog i hele regionen")
    add_item(page, "Personsag", "FORTROLIGT INDHOLD", closed=True)
    page.get_by_role("link", name="Offentliggør dagsordenen").click()  # the confirmation page asks first
    page.get_by_role("button", name="Offentliggør dagsordenen").click()
    page.get_by_text("version 1").first.wait_for()
    assert Publication.objects.filter(state=Publication.State.READY).count() == 2

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/kkr/nordjylland/moeder/{meeting.pk}/")
    assert page.get_by_text("Lukket punkt").first.is_visible()
    assert "FORTROLIGT" not in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent dagsorden som PDF").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "Busser og tog i hele regionen" in text and "Lukket punkt" in text and "Personsag" not in text
    assert "FORTROLIGT" not in text
