"""Meeting pages: who sees what (SPEC §6), the staff journey, and constant query counts."""

from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Attachment, Attendance, ItemProposal, Meeting, Publication
from tests.builders import at, make_member, one_page_pdf_bytes, pdf_file, seat_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def future_meeting(nordjylland, period):
    """An ordinary meeting after today's date (the suite's clock is real)."""
    return Meeting.objects.create(
        council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="Aalborg Rådhus"
    )


@pytest.fixture
def published(future_meeting, staff_user):
    services.add_item(future_meeting, actor=staff_user, title="Åben sag", case_presentation="Åben tekst")
    services.add_item(
        future_meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIG TEKST", is_closed=True
    )
    members_version, public = services.publish_agenda(future_meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    Publication.objects.update(state=Publication.State.READY, file="publikationer/test.pdf")
    return future_meeting


def staff_url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.council.slug, meeting.pk, *args])


# --- Visibility ------------------------------------------------------------------------------------


def test_the_public_sees_published_agendas_without_closed_content(client, published):
    listing = client.get(reverse("meetings:public-meeting-list", args=["nordjylland"]))
    page = client.get(reverse("meetings:public-meeting", args=["nordjylland", published.pk]))
    assert listing.status_code == page.status_code == 200
    html = page.content.decode()
    assert "Åben tekst" in html and "Lukket punkt" in html
    assert "Personsag" not in html and "FORTROLIG TEKST" not in html


def test_the_public_gets_404_for_a_meeting_whose_agenda_is_unpublished(client, future_meeting):
    response = client.get(reverse("meetings:public-meeting", args=["nordjylland", future_meeting.pk]))
    assert response.status_code == 404


def test_members_read_closed_items_in_their_councils_agenda(client, published, member_user):
    client.force_login(member_user)
    response = client.get(reverse("meetings:member-meeting", args=["nordjylland", published.pk]))
    assert response.status_code == 200 and "FORTROLIG TEKST" in response.content.decode()


def test_a_member_of_another_council_gets_404(client, published, hovedstaden, period):
    client.force_login(make_member(hovedstaden, period, "medlem-hovedstaden"))
    assert client.get(reverse("meetings:member-meeting", args=["nordjylland", published.pk])).status_code == 404
    assert client.get(staff_url("meeting-detail", published)).status_code == 404


def test_only_the_public_pdf_is_open_to_anyone(client, published, member_user):
    public = Publication.objects.get(audience="public")
    members_version = Publication.objects.get(audience="members")
    public.file.storage.save("publikationer/test.pdf", pdf_file())
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(members_version.get_absolute_url()).status_code == 404
    client.force_login(member_user)
    assert client.get(members_version.get_absolute_url()).status_code == 200


def test_the_atom_feed_lists_public_versions_only(client, published):
    response = client.get(reverse("meetings:publication-feed", args=["nordjylland"]))
    assert response.status_code == 200 and response.content.decode().count("<entry>") == 1


def test_the_calendar_carries_a_stable_uid_sequence_and_cancellation(client, future_meeting, staff_user):
    services.cancel_meeting(future_meeting, actor=staff_user)
    body = client.get(reverse("meetings:meeting-calendar", args=["nordjylland"])).content.decode()
    assert f"UID:meeting-{future_meeting.pk}@testserver" in body
    assert "SEQUENCE:1" in body and "STATUS:CANCELLED" in body


# --- Staff pages: roles, input, methods ----------------------------------------------------------------


def test_staff_plan_a_meeting(client, staff_user, period):
    client.force_login(staff_user)
    response = client.post(
        reverse("meetings:meeting-list", args=["nordjylland"]),
        {"kind": "ordinary", "starts_at": "2027-03-02T10:00", "location": "Aalborg"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert meeting.history.get().history_user == staff_user


def test_planning_with_bad_input_shows_the_form_again(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("meetings:meeting-list", args=["nordjylland"]), {"kind": "ordinary"})
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, future_meeting):
    response = client.get(staff_url("meeting-detail", future_meeting))
    assert response.status_code == 302 and "/konto/login/" in response.url


def test_a_member_gets_403_on_the_secretariats_pages(client, future_meeting, member_user):
    client.force_login(member_user)
    assert client.get(staff_url("meeting-detail", future_meeting)).status_code == 403
    assert client.post(staff_url("agenda-publish", future_meeting)).status_code == 403


def test_publishing_asks_first_and_publishes_nothing_on_get(client, future_meeting, staff_user):
    client.force_login(staff_user)
    response = client.get(staff_url("agenda-publish", future_meeting))
    assert response.status_code == 200 and "modtage" in response.content.decode()
    assert not Publication.objects.exists()


def test_staff_add_move_and_publish_through_the_pages(
    client, future_meeting, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    for title in ("Første", "Andet"):
        client.post(staff_url("item-create", future_meeting), {"kind": "decision", "title": title})
    second = AgendaItem.objects.get(title="Andet")
    client.post(reverse("meetings:item-move", args=["nordjylland", second.pk]), {"direction": "up"})
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            staff_url("agenda-publish", future_meeting), {"late_reason": "", "token": uuid4(), "version": 1}
        )
    assert response.status_code == 302
    assert list(future_meeting.items.values_list("title", flat=True)) == ["Andet", "Første"]
    assert Publication.objects.filter(state="queued").count() == 2 and len(callbacks) == 2


def test_a_refused_publication_says_which_proposal_is_missing(client, future_meeting, staff_user, member_user):
    services.add_item(future_meeting, actor=staff_user, title="Punkt")
    client.force_login(member_user)
    client.post(
        reverse("meetings:proposal-create", args=["nordjylland", future_meeting.pk]),
        {"title": "Broer", "text": "Tekst"},
    )
    assert ItemProposal.objects.get().is_in_time
    client.force_login(staff_user)
    response = client.post(staff_url("agenda-publish", future_meeting), {"token": uuid4(), "version": 1}, follow=True)
    assert "«Broer» fra Medlem KKR Nordjylland" in response.content.decode()
    assert not Publication.objects.exists()


def test_an_attachment_must_be_a_pdf(client, future_meeting, staff_user):
    item = services.add_item(future_meeting, actor=staff_user, title="Punkt")
    client.force_login(staff_user)
    url = reverse("meetings:attachment-create", args=["nordjylland", item.pk])
    bad = client.post(url, {"title": "Bilag", "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")})
    good = client.post(url, {"title": "Bilag", "file": pdf_file()})
    assert bad.status_code == 400 and good.status_code == 302
    assert Attachment.objects.get().size == len(one_page_pdf_bytes())


def test_attendance_by_htmx_returns_the_live_quorum(client, meeting, staff_user, period, nordjylland):
    members = seat_members(nordjylland, period, 4)
    client.force_login(staff_user)
    response = client.post(
        staff_url("attendance-update", meeting),
        {"present": members[0].person.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "1 af 4 pladser besat" in response.content.decode()
    assert Attendance.objects.get().is_present


def test_a_member_sends_an_absence_notice_from_the_portal(client, future_meeting, member_user):
    client.force_login(member_user)
    response = client.post(reverse("meetings:absence-create", args=["nordjylland", future_meeting.pk]), {"note": "Syg"})
    assert response.status_code == 302 and future_meeting.absence_notices.get().note == "Syg"


def test_the_portal_lists_my_proposals_with_status(client, future_meeting, member_user):
    client.force_login(member_user)
    client.post(
        reverse("meetings:proposal-create", args=["nordjylland", future_meeting.pk]), {"title": "Broer", "text": "T"}
    )
    response = client.get(reverse("meetings:member-meeting-list", args=["nordjylland"]))
    assert "Broer – Modtaget" in response.content.decode()


# --- Bad input changes nothing --------------------------------------------------------------------------


def test_a_nul_byte_in_a_decision_is_refused_and_does_not_empty_the_decision(client, meeting, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Orientering", kind=AgendaItem.Kind.ORIENTATION)
    services.record_decision(item, actor=staff_user, decision="Taget til efterretning.")
    client.force_login(staff_user)

    response = client.post(
        reverse("meetings:decision-update", args=["nordjylland", item.pk]), {"decision": "Tiltrådt\x00"}, follow=True
    )

    assert response.status_code == 400  # the refusal page, with the text as typed (less the nul byte)
    page = response.content.decode()
    assert "Null-tegn er ikke tilladt" in page and ">Tiltrådt</textarea>" in page
    item.refresh_from_db()
    assert item.decision == "Taget til efterretning."


def test_an_unknown_move_direction_is_refused_and_moves_nothing(client, future_meeting, staff_user):
    first, second = (services.add_item(future_meeting, actor=staff_user, title=t) for t in ("Første", "Andet"))
    client.force_login(staff_user)

    response = client.post(reverse("meetings:item-move", args=["nordjylland", second.pk]), {"direction": "op"})

    assert response.status_code == 302
    assert list(future_meeting.items.values_list("title", flat=True)) == ["Første", "Andet"]


def test_FO_3_2_declining_a_late_proposal_without_the_chairs_reason_is_refused(
    client, future_meeting, staff_user, member_user
):
    proposal = ItemProposal.objects.create(
        meeting=future_meeting,
        proposer=member_user.person,
        title="Sent forslag",
        text="T",
        received_at=at(2027, 3, 1, 9),
        is_in_time=False,
    )
    client.force_login(staff_user)

    response = client.post(
        reverse("meetings:proposal-decline", args=["nordjylland", proposal.pk]), {"note": "  "}, follow=True
    )

    assert "Skriv formandens begrundelse" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ItemProposal.Status.RECEIVED


def test_an_absence_notice_with_a_nul_byte_is_refused_and_not_recorded(client, future_meeting, member_user):
    client.force_login(member_user)

    response = client.post(
        reverse("meetings:absence-create", args=["nordjylland", future_meeting.pk]), {"note": "Syg\x00"}
    )

    assert response.status_code == 400 and "Intet er gemt." in response.content.decode()
    assert not future_meeting.absence_notices.exists()


# --- Query counts --------------------------------------------------------------------------------------


@pytest.fixture
def big_agenda(future_meeting, staff_user, nordjylland, period):
    """40 items (every fourth closed), 60 attachments, 58 members."""
    seat_members(nordjylland, period, 58)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=future_meeting,
            position=n,
            title=f"Punkt {n}",
            case_presentation="Tekst " * 50,
            is_closed=n % 4 == 0,
        )
        for n in range(1, 41)
    )
    Attachment.objects.bulk_create(
        Attachment(item=items[n % 40], title=f"Bilag {n}", file=f"bilag/{n}.pdf", size=1000) for n in range(60)
    )
    return future_meeting


def test_the_agenda_page_of_a_big_meeting_renders_in_constant_queries(
    client, big_agenda, staff_user, django_assert_num_queries
):
    client.force_login(staff_user)
    # session, user, the user's roles (access, council and navigation in one), meeting (with its
    # period's rule set), items with their attachments (one join), proposals, publications
    with django_assert_num_queries(7):
        response = client.get(staff_url("meeting-detail", big_agenda))
    assert response.content.decode().count('class="agenda-item"') == 40


def test_the_agenda_page_lists_each_proposal_with_its_proposer_and_item_in_the_same_queries(
    client, big_agenda, staff_user, member_user, django_assert_num_queries
):
    client.force_login(member_user)
    for title in ("Broer", "Busser"):
        client.post(
            reverse("meetings:proposal-create", args=["nordjylland", big_agenda.pk]), {"title": title, "text": "T"}
        )
    services.accept_proposal(ItemProposal.objects.get(title="Broer"), actor=staff_user)
    client.force_login(staff_user)
    with django_assert_num_queries(7):  # as above: the proposer's name and the item's number come with the proposals
        page = client.get(staff_url("meeting-detail", big_agenda)).content.decode()
    assert page.count("<td>Medlem KKR Nordjylland</td>") == 2
    assert "Sat på dagsordenen (punkt 41)" in page and "Sæt på dagsordenen<span" in page  # "Busser" still to decide
    assert "Bilag 1.1: <a" in page and "(1000\xa0bytes)" in page


def test_the_members_agenda_page_of_a_big_meeting_renders_in_constant_queries(
    client, big_agenda, staff_user, member_user, django_assert_num_queries
):
    services.publish_agenda(big_agenda, actor=staff_user, now=at(2027, 2, 1, 12))
    client.force_login(member_user)
    url = reverse("meetings:member-meeting", args=["nordjylland", big_agenda.pk])
    client.get(url)
    # session, user, roles (access and whether closed items show: a member today), meeting (with its period's rule
    # set), the newest documents with the number of "Godkendelse af referat" (none here), the member's own afbud
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert page.count('class="agenda-item"') == 40 and page.count(" (også samlet i PDF-udgaven)</p>") == 40
    bilag = [
        reverse("meetings:attachment-file", args=[pk])
        for pk in big_agenda.items.get(position=1).attachments.values_list("pk", flat=True)
    ]
    links = "; ".join(f'<a href="{url}" type="application/pdf">1.{n}</a>' for n, url in enumerate(bilag, start=1))
    assert f'<p class="bilag">Bilag: {links} (også samlet i PDF-udgaven)</p>' in page  # titles only "Bilag 40": none


def test_the_sitting_page_of_a_big_meeting_renders_in_constant_queries(
    client, big_agenda, staff_user, django_assert_num_queries
):
    client.force_login(staff_user)
    # session, user, roles, meeting (with its period's rule set), roster ×2 (the seats; substitutes, leaves,
    # chair roles and observers), attendance marks and notices in one (the quorum counts the marks too), items
    # with their votes
    with django_assert_num_queries(8):
        response = client.get(staff_url("meeting-sitting", big_agenda))
    assert "0 af 58 pladser besat" in response.content.decode()
