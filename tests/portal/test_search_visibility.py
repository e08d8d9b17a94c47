"""Search shows each role exactly what its meeting pages show (SPEC §6, FO 3.0, FO 3.3, FO 3.4): members the
agenda, Tillæg and minutes as sent (never an agenda not yet sent, never an edit made since), staff their
council's live items, everyone else only the published public versions. Tried as an attacker would: a member
searching for words of drafts."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from meetings.models import AbsenceNotice, Meeting, Publication
from members.models import Membership, Person, SubstituteAssignment
from tests.builders import make_member, make_user
from tests.portal.finding import at, held_meeting, snapshot

pytestmark = pytest.mark.django_db


def search(client, q):
    return client.get(reverse("portal:search"), {"q": q})


def titles(response) -> list[str]:
    return [hit.item.title for hit in response.context["hits"]]


@pytest.fixture
def never_sent(nordjylland, period):
    """A planned meeting whose agenda was never sent: an open and a closed item, with the case text."""
    meeting = Meeting.objects.create(
        council=nordjylland, period=period, starts_at=at(2026, 11, 12, 10), location="Aalborg"
    )
    meeting.items.create(position=1, title="Skolestruktur kladdeord", case_presentation="Udkast om hemmeligskole.")
    meeting.items.create(
        position=2, title="Fortrolig ansaettelse", case_presentation="Lukketsag tekst.", is_closed=True
    )
    return meeting


def test_fo_3_3_a_member_finds_no_item_of_an_agenda_never_sent_open_or_closed(client, member_user, never_sent):
    client.force_login(member_user)
    for word in ("kladdeord", "hemmeligskole", "ansaettelse", "Lukketsag"):
        response = search(client, word)
        assert response.context["hits"] == [], word
        assert "Skolestruktur" not in response.text and "Fortrolig" not in response.text


def test_fo_3_3_staff_find_the_live_items_of_an_agenda_not_yet_sent(client, staff_user, never_sent):
    client.force_login(staff_user)
    assert titles(search(client, "kladdeord")) == ["Skolestruktur kladdeord"]
    assert titles(search(client, "Lukketsag")) == ["Fortrolig ansaettelse"]


@pytest.fixture
def edited(nordjylland):
    """A meeting whose agenda was sent (members' and public versions), then an item edited: a new title and
    case text, and a closed item's text."""
    meeting = held_meeting(
        nordjylland,
        at(2026, 3, 12, 10),
        [
            ("Trafikplan sendtord", "Den udsendte tekst om cykelstier.", "", False),
            ("Lukket personsag", "Udsendt lukket begrundelse.", "", True),
        ],
        minutes=False,
    )
    meeting.items.filter(position=1).update(title="Trafikplan rettetord", case_presentation="Ny tekst om motorvej.")
    meeting.items.filter(position=2).update(case_presentation="Rettet lukket efterskrift.")
    return meeting


def test_fo_3_3_a_member_finds_an_item_edited_after_sending_only_as_sent(client, member_user, edited):
    client.force_login(member_user)
    for word in ("rettetord", "motorvej", "efterskrift"):
        assert search(client, word).context["hits"] == [], word
    response = search(client, "cykelstier")
    assert titles(response) == ["Trafikplan sendtord"]  # the sent title, not today's
    assert "rettetord" not in response.text and "motorvej" not in response.text
    assert titles(search(client, "begrundelse")) == ["Lukket personsag"]


def test_fo_3_3_staff_find_the_edited_item_in_its_live_text(client, staff_user, edited):
    client.force_login(staff_user)
    assert titles(search(client, "motorvej")) == ["Trafikplan rettetord"]
    assert titles(search(client, "efterskrift")) == ["Lukket personsag"]
    assert search(client, "cykelstier").context["hits"] == []


def test_fo_3_0_the_public_finds_an_edited_item_as_published_and_never_the_closed_one(client, edited):
    response = search(client, "cykelstier")
    assert titles(response) == ["Trafikplan sendtord"]
    assert response.context["hits"][0].url == reverse("meetings:public-meeting", args=["nordjylland", edited.pk])
    for word in ("motorvej", "rettetord", "begrundelse", "efterskrift", "personsag"):
        assert search(client, word).context["hits"] == [], word


def test_fo_3_3_a_member_finds_no_item_added_after_sending_until_a_tillaeg_holds_it(client, member_user, edited):
    edited.items.create(position=3, title="Tilføjet punkt eftersendt", case_presentation="Ikke udsendt endnu.")
    client.force_login(member_user)
    assert search(client, "eftersendt").context["hits"] == []
    agenda = edited.publications.filter(kind=Publication.Kind.AGENDA, audience=Publication.Audience.MEMBERS).get()
    Publication.objects.create(
        meeting=edited,
        kind=Publication.Kind.SUPPLEMENT,
        audience=Publication.Audience.MEMBERS,
        version=1,
        content={"items": [{"number": 3, "title": "Tilføjet punkt eftersendt", "is_closed": False}]},
        state=Publication.State.READY,
        requested_at=agenda.requested_at,
    )
    [hit] = search(client, "eftersendt").context["hits"]
    assert hit.item.title == "Tilføjet punkt eftersendt"


def test_fo_3_4_members_find_the_draft_minutes_decision_the_public_does_not(client, nordjylland, member_user):
    meeting = held_meeting(
        nordjylland, at(2026, 3, 12, 10), [("Budget", "Om budgettet.", "Vedtaget udkastord.", False)]
    )
    meeting.publications.filter(kind=Publication.Kind.MINUTES, audience=Publication.Audience.PUBLIC).delete()
    meeting.publications.filter(kind=Publication.Kind.MINUTES).update(is_draft=True)
    assert search(client, "udkastord").context["hits"] == []
    client.force_login(member_user)
    [hit] = search(client, "udkastord").context["hits"]
    assert hit.url == reverse("meetings:member-meeting", args=["nordjylland", meeting.pk])


def test_fo_3_4_a_new_minutes_version_replaces_the_old_decision_in_search(client, nordjylland, member_user):
    meeting = held_meeting(nordjylland, at(2026, 3, 12, 10), [("Budget", "Om budgettet.", "Gammelbeslutning.", False)])
    meeting.items.filter(position=1).update(decision="Nybeslutning.")
    for audience in Publication.Audience.values:
        old = meeting.publications.get(kind=Publication.Kind.MINUTES, audience=audience)
        Publication.objects.create(
            meeting=meeting,
            kind=Publication.Kind.MINUTES,
            audience=audience,
            version=2,
            content=snapshot(meeting, kind=Publication.Kind.MINUTES, public=audience == "public"),
            state=Publication.State.READY,
            requested_at=old.requested_at,
        )
    for user in (None, member_user):
        if user:
            client.force_login(user)
        assert search(client, "Gammelbeslutning").context["hits"] == []
        assert len(search(client, "Nybeslutning").context["hits"]) == 1


def test_b1_1_8_a_substitute_finds_a_closed_item_only_of_a_meeting_he_is_summoned_to(client, nordjylland, period):
    meeting = held_meeting(
        nordjylland, at(2026, 3, 12, 10), [("Lukket stedfortrædersag", "Indkaldtord.", "", True)], minutes=False
    )
    member = Membership.objects.get(person__user=make_member(nordjylland, period))
    user = make_user("stedfortraeder")
    person = Person.objects.create(name="Stedfortræder", municipality=member.municipality, user=user)
    SubstituteAssignment.objects.create(membership=member, person=person, starts_on=date(2026, 1, 20))
    client.force_login(user)
    assert search(client, "Indkaldtord").context["hits"] == []
    assert search(client, "stedfortrædersag").context["hits"] == []  # the public version says "Lukket punkt"
    AbsenceNotice.objects.create(meeting=meeting, membership=member, given_at=meeting.starts_at)
    [hit] = search(client, "Indkaldtord").context["hits"]
    assert hit.item.title == "Lukket stedfortrædersag"
    page = client.get(hit.url)
    assert "Indkaldtord" in page.text


def test_search_of_documents_runs_a_constant_number_of_queries(
    client, nordjylland, member_user, django_assert_max_num_queries
):
    for month in range(1, 11):
        held_meeting(nordjylland, at(2025, month, 12, 10), [("Praktik", "Om praktikpladser.", "Godkendt.", False)])
    client.force_login(member_user)
    search(client, "praktikpladser")
    with django_assert_max_num_queries(9):
        response = search(client, "praktikpladser")
    assert len(response.context["hits"]) == 10


def test_staffs_live_items_are_matched_on_the_stored_vector_the_trigger_keeps(staff_user, edited):
    """Staff search reads the live text through ``LiveItemVector``: on PostgreSQL a trigger rewrites an item's
    stored vector with every write to it (a queryset ``update`` too), so the edit is found at once and the
    text sent is not; SQLite matches the live columns."""
    from meetings.models import LiveItemVector
    from portal.search import items as searching

    results = searching.search_items("motorvej", staff_user)
    assert results.count() == 1 and not results.capped
    [row] = results[0:20]
    assert row.hit_title == "Trafikplan rettetord"
    assert searching.search_items("cykelstier", staff_user).count() == 0
    if connection.vendor == "postgresql":
        assert LiveItemVector.objects.filter(meeting=edited).count() == edited.items.count()
        edited.items.all().delete()
        assert not LiveItemVector.objects.filter(meeting=edited).exists()


# --- The archive lists each past meeting's items as the same pages show them -----------------------------------


def archive(client):
    return client.get(reverse("portal:archive", args=["nordjylland"])).text


def test_fo_3_3_the_archive_shows_members_and_the_public_an_edited_item_as_sent(client, member_user, edited):
    assert "Trafikplan sendtord" in archive(client) and "rettetord" not in archive(client)
    client.force_login(member_user)
    text = archive(client)
    assert "Trafikplan sendtord" in text and "Lukket personsag" in text
    assert "rettetord" not in text


def test_fo_3_3_the_archive_shows_members_no_item_of_a_meeting_whose_agenda_was_never_sent(
    client, nordjylland, member_user, staff_user
):
    held_meeting(nordjylland, at(2026, 3, 12, 10), [("Aldrig udsendt kladdepunkt", "", "", True)], published=False)
    client.force_login(member_user)
    assert "kladdepunkt" not in archive(client)
    client.force_login(staff_user)
    assert "Aldrig udsendt kladdepunkt" in archive(client)  # the secretariat's own live items


def test_fo_3_4_the_archive_shows_a_decision_as_the_minutes_hold_it(client, nordjylland, member_user):
    meeting = held_meeting(
        nordjylland, at(2026, 3, 12, 10), [("Budget", "Om budgettet.", "Vedtaget som sendt.", False)]
    )
    meeting.items.filter(position=1).update(decision="Rettet beslutning bagefter.")
    for user in (None, member_user):
        if user:
            client.force_login(user)
        text = archive(client)
        assert "Vedtaget som sendt." in text and "bagefter" not in text
