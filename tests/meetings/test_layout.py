"""The KKR layout of the agenda and the minutes (docs/meetings.md, "Layout"), read back from real WeasyPrint PDFs
with pypdf: the front matter, block.item numbering, the case number, the Deltagerfortegnelse, no rule ids for
members and the public, the closed material marked; and the demo's meeting with bilag."""

import re
from datetime import date, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from meetings import demo, documents, numbering, services
from meetings.models import AgendaItem, Meeting, Publication
from members.deadlines import is_working_day
from tests.builders import at
from tests.meetings.pdftext import pdf_pages, pdf_text, sample_pdf

pytestmark = pytest.mark.django_db
RULE_ID = re.compile(r"\b(FO|B1)\s*\d")


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def publish_agenda(meeting, staff_user, **kwargs) -> dict[str, bytes]:
    """Both versions of the agenda, rendered (WeasyPrint) — audience → PDF."""
    versions = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12), **kwargs)
    return {p.audience: documents.render_pdf(p) for p in versions}


@pytest.fixture
def blocks(nordjylland, staff_user):
    services.create_default_standing_items(nordjylland, actor=staff_user, blocks=True)


@pytest.fixture
def blocked_meeting(blocks, nordjylland, members, staff_user):
    """An agenda in blocks: two cases under "Regionalpolitiske sager", an appointment under "Udpegninger"."""
    meeting = services.plan_meeting(
        nordjylland,
        actor=staff_user,
        kind=Meeting.Kind.ORDINARY,
        starts_at=at(2026, 5, 12, 10),
        ends_at=at(2026, 5, 12, 12, 30),
        location="Aalborg Rådhus",
    )
    udpegninger = meeting.items.get(is_section=True, title="Udpegninger")
    services.add_item(meeting, actor=staff_user, title="Trafikplan", case_number="26/00412")
    services.add_item(meeting, actor=staff_user, title="Klimaplan")
    services.add_item(
        meeting, actor=staff_user, title="Udpegning til RAR Nordjylland", section=udpegninger, is_closed=True
    )
    return meeting


# --- Front matter ----------------------------------------------------------------------------------------------


def test_the_front_page_labels_dato_tidspunkt_from_start_to_end_and_sted(blocked_meeting, staff_user):
    pages = pdf_pages(publish_agenda(blocked_meeting, staff_user)[Publication.Audience.PUBLIC])
    front = " ".join(pages[0].split())
    assert "Dato tirsdag den 12. maj 2026 Tidspunkt kl. 10.00–12.30 Sted Aalborg Rådhus" in front
    assert "Indhold" not in front and "Indhold" in pages[1]  # the contents from page 2, as KL's template


# --- Numbering -------------------------------------------------------------------------------------------------


def test_numbering_is_flat_without_blocks_and_block_item_under_them():
    rows = [numbering.Row(n, is_standing=n in (1, 4)) for n in range(1, 5)]
    assert numbering.labels(rows) == {1: "1", 2: "2", 3: "3", 4: "4"}
    rows = [
        numbering.Row(1, is_standing=True),
        numbering.Row(2, is_section=True, is_standing=True),
        numbering.Row(3),
        numbering.Row(4),
        numbering.Row(5, is_section=True, is_standing=True),
        numbering.Row(6),
        numbering.Row(7, is_standing=True),
        numbering.Row(8),  # a supplementary item after the closing standing item
    ]
    assert numbering.labels(rows) == {1: "1", 2: "2", 3: "2.1", 4: "2.2", 5: "3", 6: "3.1", 7: "4", 8: "5"}


def test_the_agenda_numbers_block_item_and_the_appointment_sits_under_udpegninger(blocked_meeting, staff_user):
    titles = list(blocked_meeting.items.values_list("title", flat=True))
    assert titles == [
        "Godkendelse af referat fra forrige møde",
        "Meddelelser",
        "Regionalpolitiske sager",
        "Trafikplan",
        "Klimaplan",
        "Udpegninger",
        "Udpegning til RAR Nordjylland",
        "Punkter til næste møde",
        "Eventuelt",
    ]
    pdfs = publish_agenda(blocked_meeting, staff_user)
    members = flat(pdfs[Publication.Audience.MEMBERS])
    for line in ("3. Regionalpolitiske sager", "3.1 Trafikplan (Beslutning)", "3.2 Klimaplan", "4. Udpegninger"):
        assert line in members
    assert "4.1 Udpegning til RAR Nordjylland (Beslutning)" in members and "5. Punkter til næste møde" in members
    assert members.count("Udpegninger") == 2  # the block in the contents and as heading: no empty item beside it
    public = flat(pdfs[Publication.Audience.PUBLIC])
    assert "4.1 Lukket punkt" in public and "RAR" not in public


def test_a_council_without_blocks_keeps_the_flat_numbering(nordjylland, members, staff_user):
    services.create_default_standing_items(nordjylland, actor=staff_user)
    meeting = services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.ORDINARY, starts_at=at(2026, 5, 12, 10), location="A"
    )
    services.add_item(meeting, actor=staff_user, title="Trafikplan")
    text = flat(publish_agenda(meeting, staff_user)[Publication.Audience.PUBLIC])
    assert "3. Trafikplan (Beslutning)" in text and "4. Udpegninger" in text and "3.1" not in text


def test_the_case_number_is_entered_in_the_form_printed_with_the_item_and_kept_when_postponed(
    client, blocked_meeting, staff_user, nordjylland
):
    client.force_login(staff_user)
    url = reverse("meetings:item-create", args=["nordjylland", blocked_meeting.pk])
    client.post(url, {"kind": "decision", "title": "Budget", "case_number": " 26/01234 "})
    item = blocked_meeting.items.get(title="Budget")
    assert item.case_number == "26/01234"
    page = client.get(reverse("meetings:meeting-detail", args=["nordjylland", blocked_meeting.pk])).text
    assert "Sagsnr.: 26/01234" in page and "3.3. Budget" not in page and "3.3 Budget" in page
    text = flat(publish_agenda(blocked_meeting, staff_user)[Publication.Audience.PUBLIC])
    assert "3.1 Trafikplan (Beslutning) Sagsnr.: 26/00412" in text and "Sagsnr.: 26/01234" in text
    later = services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.ORDINARY, starts_at=at(2026, 6, 12, 10), location="A"
    )
    carried = services.postpone_item(item, actor=staff_user, to_meeting=later)
    assert carried.case_number == "26/01234"


# --- Deltagerfortegnelse -----------------------------------------------------------------------------------------


def row(name, municipality, party, *, kind="party_elected", capacity="member", present=True, notice=False, pk):
    person = SimpleNamespace(
        pk=pk, name=name, municipality=SimpleNamespace(name=municipality), party=SimpleNamespace(letter=party)
    )
    person.__str__ = lambda self=person: name
    membership = SimpleNamespace(pk=pk, kind=kind, municipality=person.municipality, person=person)
    return SimpleNamespace(
        person=person, capacity=capacity, membership=membership, is_present=present, holds_seat=True, has_notice=notice
    )


def test_FO_3_9_the_deltagerfortegnelse_puts_chair_and_vice_chair_first_then_the_mayors_one_per_line():
    rows = [
        row("Anna Andersen", "Aalborg", "A", pk=1),
        row("Bo Berg", "Brønderslev", "V", kind="mayor", pk=2),
        row("Carl Chair", "Hjørring", "V", kind="mayor", pk=3),
        row("Dorte Vice", "Thisted", "A", pk=4),
        row("Ejner Ek", "Frederikshavn", "C", kind="mayor", pk=5),
    ]
    sitting = documents.Sitting(
        sheet=rows,
        presence=SimpleNamespace(marks={}),
        at=None,
        chairs={3: "formand", 4: "næstformand"},
    )
    assert documents.participant_list(sitting, public=True)["present"] == [
        "Carl Chair, Hjørring (V), formand",
        "Dorte Vice, Thisted (A), næstformand",
        "Bo Berg, Brønderslev (V)",
        "Ejner Ek, Frederikshavn (C)",
        "Anna Andersen, Aalborg (A)",
    ]


def test_FO_3_9_the_minutes_print_afbud_the_substitute_for_whom_and_the_secretariat(
    client, meeting, members, staff_user
):
    from members.models import Person, SubstituteAssignment

    substitute = Person.objects.create(name="Sara Suppleant", municipality=members[3].municipality)
    SubstituteAssignment.objects.create(membership=members[3], person=substitute, starts_on=date(2026, 1, 20))
    services.record_absence_notice(meeting, membership=members[3], actor=staff_user, now=at(2026, 5, 11, 9))
    services.add_item(meeting, actor=staff_user, title="Trafikplan")
    for person, present in ((members[0].person, True), (members[1].person, True), (members[2].person, False)):
        services.record_attendance(meeting, person=person, is_present=present, actor=staff_user)
    services.record_attendance(meeting, person=substitute, is_present=True, actor=staff_user)
    client.force_login(staff_user)
    url = reverse("meetings:staff-present-update", args=["nordjylland", meeting.pk])
    response = client.post(url, {"staff_present": "Anne Holm, KKR-konsulent\n\n Jonas Krogh "})
    assert response.status_code == 302
    meeting.refresh_from_db()
    services.approve_minutes(meeting, actor=staff_user)
    members_version, _ = services.publish_minutes(meeting, actor=staff_user)
    text = flat(documents.render_pdf(members_version))
    expected = (
        "Til stede Medlem 01, Aalborg (A), formand Medlem 02, Aalborg (A), næstformand "
        "Stedfortrædere Sara Suppleant, Aalborg deltog som stedfortræder for Medlem 04 "
        "Afbud Medlem 04, Aalborg (A) "
        "Fraværende uden afbud Medlem 03, Aalborg (A) "
        "Fra sekretariatet Anne Holm, KKR-konsulent Jonas Krogh"
    )
    assert expected in text


# --- For members and the public ----------------------------------------------------------------------------------


def test_no_rule_ids_in_the_agenda_minutes_and_e_mails_members_and_the_public_get(
    meeting, members, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    item = services.add_item(meeting, actor=staff_user, title="Trafikplan")
    services.add_item(meeting, actor=staff_user, title="Personsag", is_closed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting, actor=staff_user, late_reason="Sagen kom sent", now=at(2026, 5, 8, 12))
    for member in members:
        services.record_attendance(meeting, person=member.person, is_present=True, actor=staff_user)
    services.record_vote(item, actor=staff_user, votes_for=2, votes_against=2, casting_vote="for")
    services.approve_minutes(meeting, actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_minutes(meeting, actor=staff_user)
    publications = list(Publication.objects.filter(meeting=meeting))
    assert len(publications) == 4
    for publication in publications:
        text = flat(publication.file.read())
        assert "Udsendt efter fristen" in text or publication.kind == Publication.Kind.MINUTES
        assert not RULE_ID.search(text), (publication, RULE_ID.search(text).group(0))
    minutes = flat(Publication.objects.get(kind="minutes", audience="public").file.read())
    assert "Mødeleder: Medlem 01" in minutes and "Udslagsgivende stemme ved stemmelighed: Formanden" in minutes
    assert mailoutbox and not [mail for mail in mailoutbox if RULE_ID.search(mail.subject + mail.body)]


def test_the_members_version_says_it_holds_closed_items_in_every_footer(meeting, members, staff_user):
    services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Tekst " * 900)
    closed = services.add_item(meeting, actor=staff_user, title="Personsag", is_closed=True)
    services.add_attachment(
        closed,
        actor=staff_user,
        title="Lægeerklæring",
        file=SimpleUploadedFile("b.pdf", sample_pdf("FORTROLIGT"), content_type="application/pdf"),
    )
    pdfs = publish_agenda(meeting, staff_user)
    pages = pdf_pages(pdfs[Publication.Audience.MEMBERS])
    document = [page for page in pages if "Bilag 2.1" not in page and "FORTROLIGT" not in page]
    assert len(document) >= 2
    assert all("Medlemsudgave – indeholder lukkede punkter" in " ".join(page.split()) for page in document)
    assert "Medlemsudgave" not in pdf_text(pdfs[Publication.Audience.PUBLIC])


def test_the_public_contents_say_lukket_punkt_once(meeting, members, staff_user):
    services.add_item(meeting, actor=staff_user, title="Trafikplan")
    services.add_item(meeting, actor=staff_user, title="Personsag", is_closed=True)
    services.add_item(meeting, actor=staff_user, title="Bolig", is_closed=True, public_title="Ejendomssag")
    pdfs = publish_agenda(meeting, staff_user)
    public = flat(pdfs[Publication.Audience.PUBLIC])
    assert "Lukket punkt – Lukket punkt" not in public
    assert "2. Lukket punkt" in public and "3. Ejendomssag – Lukket punkt" in public
    assert "2. Personsag – Lukket punkt" in flat(pdfs[Publication.Audience.MEMBERS])


# --- The demo ------------------------------------------------------------------------------------------------------


def test_the_demo_meeting_days_are_working_days_whatever_today_is():
    start = date(2026, 1, 1)
    for offset in range(0, 3 * 366):
        today = start + timedelta(days=offset)
        when = demo.days(today)
        for starts_at in (when.held, when.upcoming, *when.plan):
            assert is_working_day(starts_at.date()), (today, starts_at)
        assert when.held.date() < today < when.upcoming.date(), today


def test_the_demo_has_a_meeting_with_a_text_a_scanned_a_tagged_and_a_closed_bilag(
    nordjylland, settings, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    from meetings.models import Attachment

    settings.DEV_MODE = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=StringIO())
    held = nordjylland.meetings.get(status=Meeting.Status.HELD, kind=Meeting.Kind.ORDINARY)
    bilag = list(Attachment.objects.filter(item__meeting=held).select_related("item"))
    readers = {a.title: PdfReader(a.file.open("rb")) for a in bilag}
    scans = [title for title, r in readers.items() if not "".join(p.extract_text() for p in r.pages).strip()]
    tagged = [title for title, r in readers.items() if "/StructTreeRoot" in r.trailer["/Root"]]
    assert len(bilag) == 4 and len(scans) == 1 and len(tagged) == 1
    assert [a.title for a in bilag if a.item.is_closed] == ["Kandidaternes baggrund"]
    members_pdf = held.publications.get(kind="agenda", audience="members").file.read()
    public_pdf = held.publications.get(kind="agenda", audience="public").file.read()
    assert "Kandidaternes baggrund" in pdf_text(members_pdf) and "Kandidaternes baggrund" not in pdf_text(public_pdf)
    assert "4.1 Lukket punkt" in flat(public_pdf)
    item = AgendaItem.objects.get(meeting=held, title="Fælles kommunal praktikpladsindsats")
    assert item.case_number and item.attachments.count() == 2
    minutes = flat(held.publications.get(kind="minutes", audience="public").file.read())
    assert "deltog som stedfortræder for" in minutes and "Fra sekretariatet" in minutes


def test_the_sitting_page_numbers_the_items_as_the_documents_do(client, blocked_meeting, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("meetings:meeting-sitting", args=["nordjylland", blocked_meeting.pk])).text
    assert "3.1 Trafikplan" in page and "4.1 Udpegning til RAR Nordjylland" in page and "4. Udpegninger" in page
