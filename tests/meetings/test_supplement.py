"""The supplementary agenda (Tillæg): items added after the agenda was sent are numbered after the
others, and the members get a Tillæg PDF with only those items and their bilag, rendered by the publication
job, linked on the meeting pages and in the supplementary e-mail. Real WeasyPrint throughout."""

from uuid import uuid4

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kkr.errors import RuleViolation
from meetings import documents, services, tasks
from meetings.models import Meeting, Publication
from tests.builders import at
from tests.meetings.pdftext import pdf_outline, pdf_pages, pdf_text, sample_pdf

pytestmark = pytest.mark.django_db


def upload(*pages: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("bilag.pdf", sample_pdf(*pages), content_type="application/pdf")


@pytest.fixture
def future_meeting(nordjylland, period):
    return Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="Aalborg")


@pytest.fixture
def sent_agenda(future_meeting, staff_user, members):
    """An agenda of two items (the first with a bilag), sent; then a supplementary item with a bilag and a
    closed supplementary item."""
    first = services.add_item(future_meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser")
    services.add_attachment(first, actor=staff_user, title="Køreplan", file=upload("Køreplan"))
    services.add_item(future_meeting, actor=staff_user, title="Eventuelt")
    services.publish_agenda(future_meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    mail.outbox.clear()
    urgent = services.add_item(future_meeting, actor=staff_user, title="Hastesag", case_presentation="Storm")
    services.add_attachment(urgent, actor=staff_user, title="Bilag 1: Varsel", file=upload("Varsel fra DMI"))
    services.add_item(
        future_meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIGT", is_closed=True
    )
    return future_meeting


def test_an_item_added_after_sending_is_numbered_last_and_e_mails_nobody_until_the_tillaeg_is_sent(
    sent_agenda, django_capture_on_commit_callbacks
):
    assert list(sent_agenda.items.order_by("position").values_list("position", "title", "is_supplementary")) == [
        (1, "Trafikplan", False),
        (2, "Eventuelt", False),
        (3, "Hastesag", True),
        (4, "Personsag", True),
    ]
    assert not mail.outbox


def test_the_tillaeg_pdf_has_only_the_supplementary_items_with_their_bilag_and_bookmarks(sent_agenda, staff_user):
    members_version, public = services.publish_supplement(sent_agenda, actor=staff_user, now=at(2027, 2, 3, 12))
    assert (members_version.kind, members_version.version) == (Publication.Kind.SUPPLEMENT, 1)
    assert members_version.content["supplement_to"] == 1
    pdf = documents.render_pdf(members_version)
    text = pdf_text(pdf)
    assert "Tillæg til dagsorden (medlemsudgave)" in text and "Tillæg til dagsordenen (version 1)" in text
    assert "Tillæg – 3. Hastesag" in text and "Tillæg – 4. Personsag" in text and "FORTROLIGT" in text
    assert "Trafikplan" not in text and "Køreplan" not in text
    pages = pdf_pages(pdf)
    assert pages[-2].startswith("Bilag 3.1: Varsel") and pages[-1].startswith("Varsel fra DMI")
    assert [(title, [c for c, _, _ in children]) for title, _, children in pdf_outline(pdf)] == [
        ("Tillæg – 3. Hastesag", ["Bilag 3.1: Varsel"]),
        ("Tillæg – 4. Personsag", []),
    ]
    public_text = pdf_text(documents.render_pdf(public))
    assert "Tillæg – 4. Lukket punkt" in public_text
    assert "FORTROLIGT" not in public_text and "Personsag" not in public_text


def test_the_members_get_the_supplementary_e_mail_with_the_pdf_link_when_their_version_is_ready(
    sent_agenda, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members_version, public = services.publish_supplement(sent_agenda, actor=staff_user, now=at(2027, 2, 3, 12))
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY and members_version.file
    message = mail.outbox[0]
    assert message.subject == "Tillæg til dagsordenen: KKR Nordjylland 2. marts 2027"
    assert "Tillæg – punkt 3. Hastesag" in message.body and "Tillæg – punkt 4. Lukket punkt" in message.body
    assert "Personsag" not in message.body  # the substitutes get it too: a closed item's title stays behind the login
    assert f"/dokumenter/{members_version.pk}.pdf" in message.body
    assert f"/kkr/nordjylland/medlem/moeder/{sent_agenda.pk}/" in message.body
    assert len(mail.outbox) == 4 and all(len(m.to) == 1 and not m.bcc for m in mail.outbox)  # one each
    assert not message.attachments and {m.body for m in mail.outbox} == {message.body}
    assert tasks.notify_members(members_version.pk) == 0  # once


def test_a_second_tillaeg_holds_every_supplementary_item_so_far(sent_agenda, staff_user):
    services.publish_supplement(sent_agenda, actor=staff_user, now=at(2027, 2, 3, 12))
    services.add_item(sent_agenda, actor=staff_user, title="Endnu en hastesag")
    members_version, _ = services.publish_supplement(sent_agenda, actor=staff_user, now=at(2027, 2, 4, 12))
    assert members_version.version == 2
    assert [item["number"] for item in members_version.content["items"]] == [3, 4, 5]


def test_a_tillaeg_is_refused_before_the_agenda_is_sent_and_without_supplementary_items(
    future_meeting, staff_user, members
):
    services.add_item(future_meeting, actor=staff_user, title="Sag")
    with pytest.raises(RuleViolation, match="ikke udsendt"):
        services.publish_supplement(future_meeting, actor=staff_user)
    services.publish_agenda(future_meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    with pytest.raises(RuleViolation, match="ingen tillægspunkter"):
        services.publish_supplement(future_meeting, actor=staff_user)
    assert not future_meeting.publications.filter(kind=Publication.Kind.SUPPLEMENT).exists()


def test_a_tillaeg_to_a_draft_agenda_goes_to_the_members_only(future_meeting, staff_user, members):
    services.add_item(future_meeting, actor=staff_user, title="Sag")
    services.publish_agenda(future_meeting, actor=staff_user, draft=True)
    services.add_item(future_meeting, actor=staff_user, title="Hastesag")
    [members_version] = services.publish_supplement(future_meeting, actor=staff_user)
    assert members_version.audience == Publication.Audience.MEMBERS


def test_staff_send_the_tillaeg_from_the_meeting_page_after_a_confirmation(
    client, sent_agenda, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    page = client.get(reverse("meetings:meeting-detail", args=["nordjylland", sent_agenda.pk])).content.decode()
    url = reverse("meetings:supplement-publish", args=["nordjylland", sent_agenda.pk])
    assert url in page and "Udsend tillæg …" in page
    confirm = client.get(url).content.decode()
    assert "Tillæg – 3. Hastesag" in confirm and "Tillæg – 4. Personsag" in confirm
    assert "4 modtagere" in confirm and "Udkast" not in confirm and not mail.outbox
    preview = reverse("meetings:publication-preview", args=["nordjylland", sent_agenda.pk, "supplement", "members"])
    assert preview in confirm
    preview_pages = pdf_pages(client.get(preview).content)
    assert "Tillæg – 3. Hastesag" in preview_pages[1]  # the contents, after the front page
    assert all("FORHÅNDSVISNING – IKKE OFFENTLIGGJORT" in page for page in preview_pages[:-1])  # not the bilag's own
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"token": uuid4(), "version": 1})
    assert response.status_code == 302
    assert sent_agenda.publications.filter(kind=Publication.Kind.SUPPLEMENT, state="ready").count() == 2
    message = mail.outbox[0]
    assert len(mail.outbox) == 4  # one per recipient
    assert "Tillæg" in message.subject


def test_the_tillaeg_is_linked_on_the_member_and_public_pages_until_a_new_agenda_version(
    client, sent_agenda, staff_user, member_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members_version, public = services.publish_supplement(sent_agenda, actor=staff_user, now=at(2027, 2, 3, 12))
    client.force_login(member_user)
    member_page = client.get(reverse("meetings:member-meeting", args=["nordjylland", sent_agenda.pk])).content.decode()
    assert members_version.get_absolute_url() in member_page and "FORTROLIGT" in member_page
    client.logout()
    public_page = client.get(reverse("meetings:public-meeting", args=["nordjylland", sent_agenda.pk])).content.decode()
    assert public.get_absolute_url() in public_page and "Tillæg – 3. Hastesag" in public_page
    assert members_version.get_absolute_url() not in public_page
    assert "FORTROLIGT" not in public_page and "Personsag" not in public_page
    services.publish_agenda(sent_agenda, actor=staff_user, change_note="Tillægget indarbejdet", now=at(2027, 2, 4, 12))
    assert Publication.objects.filter(kind=Publication.Kind.AGENDA, version=2).count() == 2
    public_page = client.get(reverse("meetings:public-meeting", args=["nordjylland", sent_agenda.pk])).content.decode()
    assert "Hent tillæg til dagsorden som PDF" not in public_page  # the agenda's version 2 has the items itself
