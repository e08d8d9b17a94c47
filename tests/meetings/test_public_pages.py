"""The public and members' meeting pages: the minutes in full with the agenda linked (no page over
100 KB for 40 items), the newest versions' content only, the anonymous page served from the cache until what it
shows changes, the public list paginated and the public calendar a window of 12 months back and onwards."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings import documents, services
from meetings.models import Meeting, Publication
from tests.builders import at

pytestmark = pytest.mark.django_db

CASE = "Kommunerne i regionen har drøftet den fælles indsats for {n}. " * 12  # ~800 characters an item
RECOMMENDATION = "Det indstilles, at rådet godkender oplægget om punkt {n} og sender det videre til KL."


@pytest.fixture(autouse=True)
def fake_render(monkeypatch):
    """The PDFs are not what these tests are about: every render is a tiny fake PDF."""
    monkeypatch.setattr(documents, "render_pdf", lambda publication: b"%PDF-1.7 test")


@pytest.fixture
def held(meeting, members, staff_user):
    """The meeting of 12 May 2026 with 40 items (every tenth closed), its agenda and approved minutes published."""
    for n in range(1, 41):
        services.add_item(
            meeting,
            actor=staff_user,
            title=f"Sag {n}",
            case_presentation=CASE.format(n=n),
            recommendation=RECOMMENDATION.format(n=n),
            is_closed=n % 10 == 0,
        )
    services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 4, 9))
    for membership in members:
        services.record_attendance(meeting, person=membership.person, is_present=True, actor=staff_user)
    for item in meeting.items.all():
        services.record_decision(item, actor=staff_user, decision=f"Godkendt som indstillet ({item.position}).")
    services.approve_minutes(meeting, actor=staff_user)
    services.publish_minutes(meeting, actor=staff_user)
    return meeting


def public_url(meeting, name="public-meeting"):
    return reverse(f"meetings:{name}", args=[meeting.council.slug, meeting.pk])


def member_url(meeting, name="member-meeting"):
    return reverse(f"meetings:{name}", args=[meeting.council.slug, meeting.pk])


# --- The minutes in full, the agenda linked ------------------------------------------------------------


def test_the_public_meeting_page_shows_the_minutes_in_full_and_links_the_agenda(client, held):
    page = client.get(public_url(held)).content.decode()
    assert len(page.encode()) < 100_000  # 110 KB with both documents in full
    assert "Godkendt som indstillet (1)." in page  # the minutes
    assert page.count(CASE.format(n=1)) == 1  # each case presentation once, not once per document
    assert f'href="{public_url(held, "public-meeting-agenda")}"' in page and "Læs dagsordenen" in page
    agenda = client.get(public_url(held, "public-meeting-agenda")).content.decode()
    assert "Dagsorden" in agenda and "Godkendt som indstillet (1)." not in agenda
    assert agenda.count(CASE.format(n=2)) == 1 and "Læs referatet" in agenda
    assert CASE.format(n=10) not in page + agenda  # a closed item stays closed on both


def test_before_the_minutes_the_public_page_shows_the_agenda(client, meeting, members, staff_user):
    services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser og tog")
    services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 4, 9))
    page = client.get(public_url(meeting)).content.decode()
    assert "Busser og tog" in page and "Læs dagsordenen" not in page and "Læs referatet" not in page


def test_a_member_reads_the_minutes_with_the_agenda_linked_closed_items_included(client, held, member_user):
    client.force_login(member_user)
    page = client.get(member_url(held)).content.decode()
    assert len(page.encode()) < 100_000
    assert "Godkendt som indstillet (10)." in page and CASE.format(n=10) in page  # closed, for members
    assert page.count(CASE.format(n=1)) == 1 and f'href="{member_url(held, "member-meeting-agenda")}"' in page
    agenda = client.get(member_url(held, "member-meeting-agenda")).content.decode()
    assert CASE.format(n=10) in agenda and "Godkendt som indstillet (1)." not in agenda


def test_the_public_page_reads_the_stored_content_of_the_newest_versions_only(client, held, staff_user, monkeypatch):
    """the page read every version's stored content, twice."""
    services.publish_minutes(held, actor=staff_user, change_note="Stavefejl rettet")
    services.publish_minutes(held, actor=staff_user, change_note="Bilag tilføjet")
    loaded = []
    from_db = Publication.from_db.__func__

    def counting(cls, db, field_names, values):
        if "content" in field_names:
            loaded.append(values[field_names.index("version")])
        return from_db(cls, db, field_names, values)

    monkeypatch.setattr(Publication, "from_db", classmethod(counting))
    client.force_login(staff_user)  # a signed-in visitor: rendered, not from the cache
    page = client.get(public_url(held)).content.decode()
    assert "version 3" in page
    assert sorted(loaded) == [1, 3]  # the agenda's one version and the newest minutes, once each


# --- The anonymous page from the cache ---------------------------------------------------------------------


def test_an_anonymous_visitor_gets_the_page_from_the_cache_until_what_it_shows_changes(
    client, held, staff_user, django_assert_num_queries
):
    # rendered: the page's key (publications, meeting, what "Godkendelse af referat" links to), meeting, newest
    # documents with the number of the item "Godkendelse af referat" (none here), versions
    with django_assert_num_queries(4):
        first = client.get(public_url(held)).content
    with django_assert_num_queries(1):  # the key only
        assert client.get(public_url(held)).content == first
    Publication.objects.filter(meeting=held, kind="minutes").update(state=Publication.State.RENDERING)
    assert b"PDF-udgaven er dannes" in client.get(public_url(held)).content  # a state is part of the key
    services.publish_minutes(held, actor=staff_user, change_note="Rettet")
    assert b"version 2" in client.get(public_url(held)).content  # so is every new version
    Meeting.objects.filter(pk=held.pk).update(location="Aarhus Rådhus")
    assert b"Aarhus R\xc3\xa5dhus" in client.get(public_url(held)).content  # and the meeting's own fields


def test_a_signed_in_users_page_is_never_taken_from_or_put_in_the_cache(client, held, staff_user):
    anonymous = client.get(public_url(held)).content.decode()
    assert "Sekretariat: KKR Nordjylland" not in anonymous and "X-CSRFToken" not in anonymous
    client.force_login(staff_user)
    signed_in = client.get(public_url(held)).content.decode()
    assert "Sekretariat: KKR Nordjylland" in signed_in and "X-CSRFToken" in signed_in  # not the cached page
    client.logout()
    cache.clear()
    client.force_login(staff_user)
    client.get(public_url(held))  # rendered for staff first ...
    client.logout()
    assert "Sekretariat: KKR Nordjylland" not in client.get(public_url(held)).content.decode()  # ... not stored


def test_an_unknown_meeting_is_404_and_nothing_is_cached(client, held):
    assert client.get(reverse("meetings:public-meeting", args=["nordjylland", held.pk + 999])).status_code == 404
    assert client.get(reverse("meetings:public-meeting", args=["hovedstaden", held.pk])).status_code == 404


def test_the_page_is_served_when_the_cache_is_down(client, held, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis er nede")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    response = client.get(public_url(held))
    assert response.status_code == 200 and b"Godkendt som indstillet (1)." in response.content


# --- The public list and the public calendar ----------------------------------------------------------------


def plan_published(council, period, staff_user, count, *, first):
    """``count`` meetings a week apart from ``first``, each with a published public agenda (no render)."""
    meetings = []
    for n in range(count):
        meeting = Meeting.objects.create(
            council=council, period=period, starts_at=first + timedelta(weeks=n), location=f"Sted {n}"
        )
        Publication.objects.create(
            meeting=meeting,
            kind="agenda",
            audience="public",
            version=1,
            content={},
            state="ready",
            requested_at=timezone.now(),
        )
        meetings.append(meeting)
    return meetings


def test_the_public_list_shows_25_meetings_a_page_in_constant_queries(
    client, nordjylland, period, staff_user, django_assert_num_queries
):
    meetings = plan_published(nordjylland, period, staff_user, 30, first=at(2026, 2, 3, 10))
    url = reverse("meetings:public-meeting-list", args=["nordjylland"])
    with django_assert_num_queries(4):  # council, count, meetings, their public PDFs
        first = client.get(url).content.decode()
    with django_assert_num_queries(4):
        second = client.get(url, {"side": 2}).content.decode()
    row = '<li><a href="/kkr/nordjylland/moeder/'
    assert first.count(row) == 25 and "Side 1 af 2" in first and public_url(meetings[-1]) in first  # newest first
    assert second.count(row) == 5 and public_url(meetings[0]) in second and public_url(meetings[-1]) not in second


def test_the_public_calendar_holds_the_last_12_months_and_everything_ahead(client, nordjylland, period):
    now = timezone.now()
    old = Meeting.objects.create(council=nordjylland, period=period, starts_at=now - timedelta(days=400), location="A")
    recent = Meeting.objects.create(
        council=nordjylland, period=period, starts_at=now - timedelta(days=300), location="B"
    )
    ahead = Meeting.objects.create(
        council=nordjylland, period=period, starts_at=now + timedelta(days=300), location="C"
    )
    body = client.get(reverse("meetings:meeting-calendar", args=["nordjylland"])).content.decode()
    assert f"meeting-{old.pk}@" not in body
    assert f"meeting-{recent.pk}@" in body and f"meeting-{ahead.pk}@" in body


def test_the_cached_page_follows_the_previous_meetings_minutes_it_links_to(
    client, nordjylland, staff_user, django_assert_num_queries
):
    """Main's "Godkendelse af referat" links to the previous meeting's public minutes: they are part of the key."""
    from tests.meetings.test_agenda_links import plan, publish
    from tests.portal.finding import held_meeting

    services.create_default_standing_items(nordjylland, actor=staff_user)
    last = held_meeting(nordjylland, at(2026, 5, 7, 10), [("Sidste", "", "", False)])
    last.publications.filter(kind="minutes").update(state=Publication.State.RENDERING)
    meeting = plan(nordjylland, staff_user)
    publish(meeting, Publication.Audience.PUBLIC)
    assert b"er ikke offentliggjort endnu" in client.get(public_url(meeting)).content
    with django_assert_num_queries(1):
        client.get(public_url(meeting))
    last.publications.filter(kind="minutes").update(state=Publication.State.READY)
    assert b"Referat fra m\xc3\xb8det 7. maj 2026" in client.get(public_url(meeting)).content
    Meeting.objects.filter(pk=last.pk).update(starts_at=at(2026, 5, 8, 10))
    assert b"Referat fra m\xc3\xb8det 8. maj 2026" in client.get(public_url(meeting)).content


# --- Each bilag on its own ----------------------------------------------------------------------------


def test_each_bilag_of_the_shown_version_opens_on_its_own_for_those_allowed(
    client, meeting, members, staff_user, member_user
):
    """Beside the combined PDF, the members' page links each bilag of the version it shows and the
    public page each bilag of an open item; the link is the permission-checked download (SPEC §6)."""
    from tests.security.world import one_page_pdf

    def add(title, *, is_closed=False):
        item = services.add_item(meeting, actor=staff_user, title=f"Punkt {title}", is_closed=is_closed)
        bilag = services.add_attachment(item, actor=staff_user, title=title, file=one_page_pdf())
        return reverse("meetings:attachment-file", args=[bilag.pk])

    open_url, closed_url = add("Notat"), add("Lægeerklæring", is_closed=True)
    services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 4, 9))
    late_url = add("Sent notat")  # after sending: in no version until its Tillæg

    page = client.get(public_url(meeting)).content.decode()
    assert f'<a href="{open_url}" type="application/pdf">1.1 Notat</a>' in page
    assert closed_url not in page and "Lægeerklæring" not in page and late_url not in page
    assert client.get(open_url).status_code == 200
    client.force_login(member_user)
    page = client.get(member_url(meeting)).content.decode()
    assert open_url in page and f'<a href="{closed_url}" type="application/pdf">2.1 Lægeerklæring</a>' in page
    assert late_url not in page
    assert client.get(closed_url).status_code == 200 and client.get(late_url).status_code == 404

    services.publish_supplement(meeting, actor=staff_user, now=at(2026, 5, 6, 9))
    assert late_url in client.get(member_url(meeting)).content.decode()
    assert client.get(late_url).status_code == 200
    client.logout()
    assert late_url in client.get(public_url(meeting)).content.decode()
    assert client.get(late_url).status_code == 200
