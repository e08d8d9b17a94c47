"""Finding things: the archive of past meetings and search across items and people, each showing
only what the user may see (FO 3.0: closed items only for the council's members and staff)."""

import pytest
from django.urls import reverse

from meetings.models import Publication
from tests.builders import make_member
from tests.portal.finding import at, held_meeting, snapshot

pytestmark = pytest.mark.django_db

PRACTICE = ("Fælles praktikpladsindsats", "Kommunerne samarbejder om praktikpladser.", "Godkendt.", False)
SECRET = ("Indstilling til Erhvervshusets bestyrelse", "Kandidaterne kender praktikpladser.", "Tiltrådt.", True)


@pytest.fixture
def last_year(nordjylland):
    return held_meeting(nordjylland, at(2025, 9, 12, 10), [PRACTICE, SECRET])


def search(client, q, **extra):
    return client.get(reverse("portal:search"), {"q": q, **extra})


def test_fo_3_0_the_public_search_finds_no_closed_item(client, last_year):
    response = search(client, "praktikpladser")
    titles = [hit.item.title for hit in response.context["hits"]]
    assert titles == ["Fælles praktikpladsindsats"]
    assert "Erhvervshuset" not in response.text
    assert response.context["people"] == []
    assert "<mark>" in response.text


def test_fo_3_0_a_member_finds_the_closed_item_of_his_council(client, nordjylland, period, last_year):
    client.force_login(make_member(nordjylland, period))
    response = search(client, "Erhvervshusets")
    [hit] = response.context["hits"]
    assert hit.item.is_closed and hit.url == reverse("meetings:member-meeting", args=["nordjylland", last_year.pk])
    assert "Lukket punkt" in response.text


def test_fo_3_0_staff_of_another_council_see_only_the_public_items(client, other_staff_user, last_year):
    client.force_login(other_staff_user)
    assert search(client, "Erhvervshusets").context["hits"] == []
    [hit] = search(client, "samarbejder").context["hits"]
    assert hit.url == reverse("meetings:public-meeting", args=["nordjylland", last_year.pk])


def test_fo_3_4_a_decision_is_not_public_before_the_minutes(client, nordjylland):
    held_meeting(
        nordjylland,
        at(2026, 3, 12, 10),
        [("Budget", "Om budgettet.", "Vedtaget med hemmelig tekst.", False)],
        minutes=False,
    )
    assert search(client, "hemmelig").context["hits"] == []
    [hit] = search(client, "Budget").context["hits"]  # the item as the public agenda shows it, without the decision
    assert "hemmelig" not in hit.snippet


def test_an_unpublished_meeting_is_not_found_by_the_public(client, nordjylland):
    held_meeting(nordjylland, at(2026, 3, 12, 10), [("Hemmeligt udkast", "Tekst.", "", False)], published=False)
    assert search(client, "udkast").context["hits"] == []


def test_the_snippet_escapes_what_was_typed_and_marks_the_hit(client, nordjylland):
    held_meeting(nordjylland, at(2026, 3, 12, 10), [("<script>alert(1)</script> trafik", "Om trafik.", "", False)])
    response = search(client, "trafik")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text and "<mark>" in response.text


def test_people_are_found_by_members_of_their_council_only(client, nordjylland, period, staff_user, last_year):
    make_member(nordjylland, period, "medlem-2")
    assert search(client, "Medlem KKR").context["people"] == []
    client.force_login(staff_user)
    [person] = search(client, "Medlem KKR").context["people"]
    assert person.council_slug == nordjylland.slug
    assert reverse("portal:person-detail", args=["nordjylland", person.pk]) in search(client, "Medlem KKR").text


def test_search_is_paginated_and_an_empty_query_finds_nothing(client, nordjylland):
    items = [(f"Trafik {n}", "Om trafik.", "", False) for n in range(25)]
    held_meeting(nordjylland, at(2026, 3, 12, 10), items)
    first = search(client, "trafik")
    assert len(first.context["hits"]) == 20 and first.context["page"].paginator.count == 25
    assert "side=2&amp;q=trafik" in first.text
    assert len(search(client, "trafik", side=2).context["hits"]) == 5
    assert search(client, "   ").context["hits"] == []
    assert search(client, "x" * 300).status_code == 200


def test_the_members_archive_shows_last_years_minutes_with_the_closed_item(client, nordjylland, period, last_year):
    held_meeting(nordjylland, at(2026, 3, 12, 10), [("Nyere punkt", "", "", False)])
    client.force_login(make_member(nordjylland, period))
    response = client.get(reverse("portal:archive", args=["nordjylland"]))
    meetings = list(response.context["page"].object_list)
    assert [m.starts_at.year for m in meetings] == [2026, 2025]  # newest first
    assert "Indstilling til Erhvervshusets bestyrelse" in response.text
    assert "Referat (PDF" in response.text and "Tiltrådt." in response.text


def test_the_public_archive_shows_published_non_closed_content_only(client, nordjylland, last_year):
    held_meeting(nordjylland, at(2026, 3, 12, 10), [("Ikke offentliggjort", "", "", False)], published=False)
    response = client.get(reverse("portal:archive", args=["nordjylland"]))
    assert [m.pk for m in response.context["page"].object_list] == [last_year.pk]
    assert "Fælles praktikpladsindsats" in response.text
    assert "Erhvervshuset" not in response.text and "Ikke offentliggjort" not in response.text


def test_the_archive_runs_a_constant_number_of_queries(client, nordjylland, django_assert_max_num_queries):
    for month in range(1, 11):
        held_meeting(nordjylland, at(2025, month, 12, 10), [PRACTICE, SECRET])
    with django_assert_max_num_queries(8):
        client.get(reverse("portal:archive", args=["nordjylland"]))
    with django_assert_max_num_queries(8):
        search(client, "praktikpladsindsats")


def test_the_archive_is_paginated(client, nordjylland):
    for day in range(1, 23):
        held_meeting(nordjylland, at(2025, 3, day, 10), [PRACTICE])
    response = client.get(reverse("portal:archive", args=["nordjylland"]), {"side": 2})
    assert len(response.context["page"].object_list) == 2


def test_appointments_are_found_by_members_and_staff_not_by_the_public(client, nordjylland, settings):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from appointments.models import Appointment

    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    appointment = Appointment.objects.current(timezone.localdate()).select_related("person").first()
    if appointment is None:
        pytest.skip("the demo has no current appointment")
    name = appointment.person.name
    assert search(client, name).context["appointments"] == []
    client.force_login(get_user_model().objects.get(username="sekretariat-nordjylland"))
    found = search(client, name).context["appointments"]
    assert appointment.pk in [hit.pk for hit in found]


# --- Meetings: place, kind and date ---------------------------------------------------------------------


@pytest.fixture
def meetings(nordjylland, staff_user, last_year):
    """Last year's published meeting in Aalborg (12 September 2025), an unpublished constituent meeting in
    Hjørring and a cancelled one in Thisted."""
    from meetings.models import Meeting

    hjoerring = held_meeting(nordjylland, at(2026, 1, 15, 10), [("Valg", "", "", False)], published=False)
    hjoerring.kind, hjoerring.location = Meeting.Kind.CONSTITUENT, "Hjørring Rådhus"
    hjoerring.save()
    thisted = held_meeting(nordjylland, at(2026, 2, 5, 10), [("Aflyst", "", "", False)], published=False)
    thisted.status, thisted.location = Meeting.Status.CANCELLED, "Thisted Rådhus"
    thisted.save()
    return {"aalborg": last_year, "hjoerring": hjoerring, "thisted": thisted}


def found(response):
    return [hit.meeting.pk for hit in response.context["meeting_hits"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Hjørring", ["hjoerring"]),
        ("rådhus", ["hjoerring", "aalborg"]),  # newest first on equal rank
        ("konstituerende", ["hjoerring"]),
        ("ordinært møde", ["aalborg"]),
        ("september 2025", ["aalborg"]),
        ("12. september", ["aalborg"]),
        ("12.09.2025", ["aalborg"]),
        ("januar", ["hjoerring"]),
        ("torsdag", ["hjoerring"]),  # 15 January 2026 is a Thursday
        ("Thisted", []),  # cancelled
        ("oktober", []),
    ],
)
def test_a_member_finds_his_councils_meetings_by_place_kind_and_date(
    client, nordjylland, period, meetings, query, expected
):
    client.force_login(make_member(nordjylland, period))
    assert found(search(client, query)) == [meetings[name].pk for name in expected]


def test_fo_3_0_the_public_finds_only_meetings_with_a_published_agenda(client, other_staff_user, meetings):
    assert found(search(client, "rådhus")) == [meetings["aalborg"].pk]
    assert found(search(client, "konstituerende")) == []
    client.force_login(other_staff_user)
    assert found(search(client, "rådhus")) == [meetings["aalborg"].pk]


def test_a_meeting_hit_opens_the_page_of_the_users_role_and_marks_the_words(
    client, nordjylland, period, staff_user, meetings
):
    hjoerring, aalborg = meetings["hjoerring"], meetings["aalborg"]
    client.force_login(staff_user)
    [hit] = search(client, "Hjørring").context["meeting_hits"]
    assert hit.url == hjoerring.get_absolute_url() and "<mark>Hjørring</mark>" in hit.snippet
    client.force_login(make_member(nordjylland, period))
    [hit] = search(client, "Hjørring").context["meeting_hits"]
    assert hit.url == reverse("meetings:member-meeting", args=["nordjylland", hjoerring.pk])
    client.logout()
    response = search(client, "Aalborg")
    [hit] = response.context["meeting_hits"]
    assert hit.url == reverse("meetings:public-meeting", args=["nordjylland", aalborg.pk])
    assert "Ordinært møde" in response.text and "12. september 2025" in response.text and "<mark>" in response.text


def test_postgresql_searches_meetings_and_items_through_the_gin_indexes(client, meetings):
    """The GIN indexes of migration portal/0001_search_index are built on exactly the expressions the search
    uses, so PostgreSQL uses them (sequential scans switched off to make the plan visible on a small table)."""
    import importlib

    from django.db import connection

    from members.models import Council
    from members.permissions import Roles
    from portal.search import meetingtext as searching

    if connection.vendor != "postgresql":
        pytest.skip("full-text search and its indexes are PostgreSQL only")
    migration = importlib.import_module("portal.migrations.0001_search_index")
    frozen = "".join(migration.CREATE_MEETINGS.split())
    assert "".join(searching.meeting_vector_sql("").split()) in frozen
    sql, params = searching.postgres_meetings("Aalborg", Roles(managed=list(Council.objects.all()), member_of=[]), 20)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "portal_meeting_search_da" in plan


def test_fo_3_0_an_item_added_after_the_agenda_went_out_is_not_found_by_the_public(client, nordjylland, period):
    """Regression: search read the live items, so an item added after the agenda was published (before its Tillæg
    is out) was found by anyone; the public and the members find an item only as a sent version shows it."""
    meeting = held_meeting(nordjylland, at(2026, 3, 12, 10), [PRACTICE], minutes=False)
    meeting.items.create(position=2, title="Udkast: lukning af skoler", case_presentation="Ikke sendt ud endnu.")
    assert search(client, "skoler").context["hits"] == []
    client.force_login(make_member(nordjylland, period))
    assert search(client, "skoler").context["hits"] == []


def test_fo_3_0_an_item_edited_after_the_agenda_went_out_shows_only_its_published_text(client, nordjylland):
    meeting = held_meeting(nordjylland, at(2026, 3, 12, 10), [PRACTICE[:2] + ("", False)], minutes=False)
    assert len(search(client, "samarbejder").context["hits"]) == 1
    meeting.items.filter(position=1).update(case_presentation="Kommunerne samarbejder. Fortroligt udkast.")
    assert search(client, "fortroligt").context["hits"] == []
    [hit] = search(client, "samarbejder").context["hits"]  # the published text, as the public page shows it
    assert "Fortroligt" not in hit.snippet


def test_fo_3_0_an_item_of_a_published_tillaeg_is_found_by_the_public(client, nordjylland):
    meeting = held_meeting(nordjylland, at(2026, 3, 12, 10), [PRACTICE], minutes=False)
    meeting.items.create(position=2, title="Tillæg om skoler", case_presentation="Sendt som tillæg.")
    held = Publication.objects.filter(meeting=meeting, audience=Publication.Audience.PUBLIC).get()
    Publication.objects.create(
        meeting=meeting,
        kind=Publication.Kind.SUPPLEMENT,
        audience=Publication.Audience.PUBLIC,
        version=1,
        content=snapshot(meeting, kind=Publication.Kind.AGENDA, public=True),
        state=Publication.State.READY,
        requested_at=held.requested_at,
    )
    assert [hit.item.title for hit in search(client, "skoler").context["hits"]] == ["Tillæg om skoler"]
