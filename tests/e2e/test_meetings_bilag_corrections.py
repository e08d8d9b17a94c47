"""In a real browser, corrections after sending (FO 3.3, FO 3.4): staff replace a bilag of a sent agenda with a change
note, which makes version 2 of the agenda and one e-mail to each member; once the minutes are approved the item page
shows the bilag buttons disabled with the reason instead of hiding them."""

import pytest
from django.core import mail

from meetings import services
from meetings.models import Meeting, Publication
from members.models import ElectionPeriod
from tests.builders import at, one_page_pdf_bytes, seat_members
from tests.e2e.conftest import log_in
from tests.security.world import one_page_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fo_3_3_staff_replace_a_sent_bilag_with_a_change_note_and_each_member_is_told_once(
    page, live_server, staff_user, nordjylland, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    period = ElectionPeriod.objects.get(name="2026-2030")
    members = seat_members(nordjylland, period, 3)
    meeting = Meeting.objects.create(
        council=nordjylland, period=period, starts_at=at(2026, 5, 12, 10), location="Aalborg Rådhus"
    )
    item = services.add_item(meeting, actor=staff_user, title="Trafikplan")
    services.add_attachment(item, actor=staff_user, title="Køreplan", file=one_page_pdf())
    services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    mail.outbox.clear()

    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/moeder/punkter/{item.pk}/")
    assert page.get_by_text("bliver det version 2 af dagsordenen").is_visible()
    page.get_by_text("Udskift bilag 1.1").click()
    page.get_by_label("Ny fil (PDF)").set_input_files(
        files=[{"name": "ny.pdf", "mimeType": "application/pdf", "buffer": one_page_pdf_bytes()}]
    )
    page.get_by_label("Hvad er ændret?").first.fill("Køreplanen for rute 12 er rettet.")
    page.get_by_role("button", name="Udskift bilaget").click()
    page.get_by_text("Dagsordenen er sendt som version 2 med ændringsnoten").wait_for()

    new = meeting.publications.get(kind=Publication.Kind.AGENDA, audience=Publication.Audience.MEMBERS, version=2)
    assert new.change_note == "Bilag 1.1 «Køreplan» er udskiftet. Køreplanen for rute 12 er rettet."
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.person.email for m in members)  # one e-mail each

    services.approve_minutes(meeting, actor=staff_user)
    page.reload()
    assert page.get_by_text("Bilagene kan ikke ændres: Referatet er godkendt").is_visible()
    assert page.get_by_role("button", name="Udskift bilag 1.1").is_disabled()
    assert page.get_by_role("button", name="Fjern bilag 1.1").is_disabled()
    assert page.get_by_role("button", name="Tilføj bilag").is_disabled()
