"""Corrections after sending (FO 3.3): a bilag added, replaced or removed after the agenda (or a Tillæg) is out makes
a new version of that document with a change note, and each member gets one e-mail about it (the Delivery log).
Refused changes change nothing and say why; after the minutes are approved the item page shows the buttons disabled
with the reason."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kkr.errors import RuleViolation
from meetings import services
from meetings.models import Attachment, Delivery, Meeting, Publication
from tests.builders import at
from tests.meetings.pdftext import sample_pdf

pytestmark = pytest.mark.django_db


def upload(text="Køreplan", name="bilag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_pdf(text), content_type="application/pdf")


@pytest.fixture
def future_meeting(nordjylland, period):
    return Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="Aalborg")


@pytest.fixture
def bilag(future_meeting, staff_user, members, django_capture_on_commit_callbacks):
    """Item 1 with bilag 1.1, the agenda sent (version 1, rendered and e-mailed), the outbox emptied."""
    item = services.add_item(future_meeting, actor=staff_user, title="Trafikplan")
    attachment = services.add_attachment(item, actor=staff_user, title="Køreplan", file=upload())
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(future_meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    mail.outbox.clear()
    return attachment


def versions(meeting, kind=Publication.Kind.AGENDA) -> list[tuple[int, str]]:
    rows = meeting.publications.filter(kind=kind).order_by("version", "audience")
    return list(rows.values_list("version", "audience"))


def test_fo_3_3_a_bilag_replaced_after_sending_makes_a_new_version_with_the_change_note_and_one_e_mail_each(
    bilag, staff_user, members, django_capture_on_commit_callbacks
):
    meeting = bilag.item.meeting
    with django_capture_on_commit_callbacks(execute=True):
        services.replace_attachment(bilag, actor=staff_user, file=upload("Ny køreplan"), change_note="Ny rute 12.")
    new = meeting.publications.get(kind=Publication.Kind.AGENDA, audience=Publication.Audience.MEMBERS, version=2)
    assert new.change_note == "Bilag 1.1 «Køreplan» er udskiftet. Ny rute 12." and new.is_ready
    assert versions(meeting) == [(1, "members"), (1, "public"), (2, "members"), (2, "public")]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.person.email for m in members)  # one each
    assert all("Ny rute 12." in m.body for m in mail.outbox)
    assert Delivery.objects.filter(publication=new, sent_at__isnull=False).count() == len(members)


def test_fo_3_3_a_bilag_added_or_removed_after_sending_makes_a_new_version_each(
    bilag, staff_user, django_capture_on_commit_callbacks
):
    meeting, item = bilag.item.meeting, bilag.item
    with django_capture_on_commit_callbacks(execute=True):
        added = services.add_attachment(item, actor=staff_user, title="Kort", file=upload("Kort"), change_note="Kort.")
        services.remove_attachment(bilag, actor=staff_user, change_note="Erstattet af kortet.")
    later = meeting.publications.filter(audience="members", version__gt=1).order_by("version")
    assert list(later.values_list("change_note", flat=True)) == [
        "Bilag 1.2 «Kort» er tilføjet. Kort.",
        "Bilag 1.1 «Køreplan» er fjernet. Erstattet af kortet.",
    ]
    newest = meeting.publications.get(audience="members", version=3)
    assert [a["pk"] for a in newest.content["items"][0]["attachments"]] == [added.pk]
    assert len(mail.outbox) == 2 * 4  # two changes, four members, one e-mail each per change


def test_fo_3_3_a_change_after_sending_without_a_change_note_is_refused_and_changes_nothing(bilag, staff_user):
    stored = bilag.file.name
    with pytest.raises(RuleViolation, match="Skriv kort, hvad der er ændret"):
        services.replace_attachment(bilag, actor=staff_user, file=upload("Ny"), change_note="  ")
    with pytest.raises(RuleViolation, match="Skriv kort, hvad der er ændret"):
        services.remove_attachment(bilag, actor=staff_user)
    with pytest.raises(RuleViolation, match="Skriv kort, hvad der er ændret"):
        services.add_attachment(bilag.item, actor=staff_user, title="Kort", file=upload("Kort"))
    assert list(Attachment.objects.values_list("file", flat=True)) == [stored]
    assert versions(bilag.item.meeting) == [(1, "members"), (1, "public")]


def test_fo_3_3_a_correction_after_the_deadline_asks_no_late_reason_and_keeps_the_one_given(
    meeting, staff_user, members
):
    item = services.add_item(meeting, actor=staff_user, title="Trafikplan")
    attachment = services.add_attachment(item, actor=staff_user, title="Køreplan", file=upload())
    services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 8, 12), late_reason="Sagen kom sent")
    services.replace_attachment(attachment, actor=staff_user, file=upload("Ny"), change_note="Rettet.")
    assert meeting.publications.get(version=2, audience="public").late_reason == "Sagen kom sent"


def test_fo_3_3_a_closed_items_bilag_changed_after_sending_makes_a_members_version_only(
    future_meeting, staff_user, members
):
    item = services.add_item(future_meeting, actor=staff_user, title="Personsag", is_closed=True)
    attachment = services.add_attachment(item, actor=staff_user, title="Lægeerklæring", file=upload())
    services.publish_agenda(future_meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    services.replace_attachment(attachment, actor=staff_user, file=upload("Ny"), change_note="Ny erklæring.")
    assert versions(future_meeting) == [(1, "members"), (1, "public"), (2, "members")]


def test_fo_3_3_a_supplementary_items_bilag_changes_the_tillaeg_once_it_is_out_and_nothing_before(bilag, staff_user):
    meeting = bilag.item.meeting
    urgent = services.add_item(meeting, actor=staff_user, title="Hastesag")
    varsel = services.add_attachment(urgent, actor=staff_user, title="Varsel", file=upload("Varsel"))  # no note
    assert versions(meeting, Publication.Kind.SUPPLEMENT) == [] and versions(meeting)[-1][0] == 1
    services.publish_supplement(meeting, actor=staff_user)
    services.replace_attachment(varsel, actor=staff_user, file=upload("Nyt varsel"), change_note="Nyt varsel.")
    tillaeg = meeting.publications.get(kind=Publication.Kind.SUPPLEMENT, audience="members", version=2)
    assert tillaeg.change_note == "Bilag 2.1 «Varsel» er udskiftet. Nyt varsel."
    assert versions(meeting)[-1][0] == 1  # the agenda itself is not sent again


def test_fo_3_4_after_approval_the_item_page_shows_the_bilag_buttons_disabled_with_the_reason(
    client, meeting, staff_user
):
    item = services.add_item(meeting, actor=staff_user, title="Sag")
    services.add_attachment(item, actor=staff_user, title="Notat", file=upload())
    services.approve_minutes(meeting, actor=staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("meetings:item-update", args=["nordjylland", item.pk])).content.decode()
    assert "Bilagene kan ikke ændres:</strong> Referatet er godkendt" in page
    assert page.count('disabled aria-describedby="bilag-refusal"') == 3  # Udskift, Fjern, Tilføj bilag
    delete = client.post(reverse("meetings:attachment-delete", args=["nordjylland", item.attachments.get().pk]))
    assert delete.status_code == 400 and "Referatet er godkendt" in delete.content.decode()
    assert "(FO 3.4) (FO 3.4)" not in delete.content.decode()
    with pytest.raises(RuleViolation) as refused:
        services.add_attachment(item, actor=staff_user, title="Nyt", file=upload())
    assert str(refused.value).count("(FO 3.4)") == 1
    assert item.attachments.count() == 1


def test_a_refused_replacement_shows_the_typed_title_and_note_again_and_changes_nothing(client, bilag, staff_user):
    client.force_login(staff_user)
    url = reverse("meetings:attachment-replace", args=["nordjylland", bilag.pk])
    response = client.post(url, {"title": "Ny titel skrevet", "file": upload("Ny"), "change_note": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "Skriv kort, hvad der er ændret" in page
    assert 'value="Ny titel skrevet"' in page
    response = client.post(url, {"title": "Ny titel", "file": SimpleUploadedFile("x.pdf", b"MZ"), "change_note": "Ny."})
    page = response.content.decode()
    assert response.status_code == 400 and "Bilaget skal være en PDF-fil." in page and ">Ny.</textarea>" in page
    bilag.refresh_from_db()
    assert bilag.title == "Køreplan" and versions(bilag.item.meeting) == [(1, "members"), (1, "public")]


def test_a_refused_removal_after_sending_keeps_the_page_and_a_removal_with_a_note_says_which_version(
    client, bilag, staff_user
):
    client.force_login(staff_user)
    url = reverse("meetings:attachment-delete", args=["nordjylland", bilag.pk])
    assert "bliver version 2 af dagsordenen" in client.get(url).content.decode()
    refused = client.post(url, {"change_note": ""})
    assert refused.status_code == 400 and "Skriv kort, hvad der er ændret" in refused.content.decode()
    assert Attachment.objects.filter(pk=bilag.pk).exists()
    done = client.post(url, {"change_note": "Forkert fil."}, follow=True)
    assert "Dagsordenen er sendt som version 2 med ændringsnoten" in done.content.decode()
    assert not Attachment.objects.filter(pk=bilag.pk).exists()
