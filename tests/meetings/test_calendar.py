"""The personal calendar: a secret address per person, the person's council meetings, 404 for a stranger token."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import CalendarFeed, Meeting
from members.models import ElectionPeriod
from tests.builders import at, make_member

pytestmark = pytest.mark.django_db

PAGE = reverse("meetings:calendar-feed-detail", args=["nordjylland"])


@pytest.fixture
def meetings(nordjylland, hovedstaden, staff_user):
    ours = Meeting.objects.create(
        council=nordjylland,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2027, 3, 2, 10),
        location="Aalborg Rådhus",
    )
    theirs = Meeting.objects.create(
        council=hovedstaden,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2027, 3, 3, 10),
        location="København",
    )
    services.update_meeting(ours, actor=staff_user, location="Hjørring")
    services.cancel_meeting(ours, actor=staff_user)
    return ours, theirs


def test_the_personal_feed_lists_my_councils_meetings_with_uid_sequence_and_cancellation(client, member_user, meetings):
    ours, theirs = meetings
    feed = services.renew_calendar_feed(member_user.person)
    body = client.get(feed.get_absolute_url()).content.decode()
    assert f"UID:meeting-{ours.pk}@testserver" in body and f"meeting-{theirs.pk}@" not in body
    assert "SEQUENCE:2" in body and "STATUS:CANCELLED" in body and "Hjørring" in body
    assert reverse("meetings:member-meeting", args=["nordjylland", ours.pk]) in body.replace("\r\n ", "")


def test_an_unknown_token_is_404(client, member_user):
    services.renew_calendar_feed(member_user.person)
    assert client.get(reverse("meetings:personal-calendar", args=["ikke-en-noegle"])).status_code == 404


def test_a_renewed_address_replaces_the_old_one(client, member_user):
    old = services.renew_calendar_feed(member_user.person).get_absolute_url()
    new = services.renew_calendar_feed(member_user.person).get_absolute_url()
    assert old != new and CalendarFeed.objects.count() == 1
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200


def test_the_feed_needs_no_login_and_costs_two_queries(client, member_user, meetings, django_assert_num_queries):
    url = services.renew_calendar_feed(member_user.person).get_absolute_url()
    with django_assert_num_queries(2):  # the feed with its person, the meetings of the person's councils
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert client.post(url).status_code == 405


def test_a_member_creates_and_renews_the_address_on_the_page(client, member_user):
    client.force_login(member_user)
    assert "Opret min kalenderadresse" in client.get(PAGE).content.decode()
    assert client.post(PAGE).status_code == 302
    first = CalendarFeed.objects.get().token
    assert first in client.get(PAGE).content.decode()
    client.post(PAGE)
    assert CalendarFeed.objects.get().token != first
    assert client.put(PAGE).status_code == 405


def test_the_portal_links_to_the_personal_calendar(client, member_user):
    client.force_login(member_user)
    assert PAGE in client.get(reverse("portal:council-portal", args=["nordjylland"])).content.decode()


def test_calendar_page_roles(client, staff_user, hovedstaden, period):
    assert "/konto/login/" in client.get(PAGE).url
    client.force_login(make_member(hovedstaden, period, "medlem-hovedstaden"))
    assert client.get(PAGE).status_code == 404
    client.force_login(staff_user)
    assert client.get(PAGE).status_code == 403 and client.post(PAGE).status_code == 403
    assert not CalendarFeed.objects.exists()
