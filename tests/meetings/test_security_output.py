"""Output safety of the public feeds (docs/security.md): Atom summaries are text, the public iCal gives
a meeting's place only once its agenda is published."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(nordjylland, period, staff_user, django_capture_on_commit_callbacks):
    published = Meeting.objects.create(
        council=nordjylland, period=period, starts_at=at(2026, 5, 12, 10), location='<img src=x onerror="alert(1)">'
    )
    services.add_item(published, actor=staff_user, title="Sag")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(published, actor=staff_user, now=at(2026, 5, 1, 12))
    planned = Meeting.objects.create(
        council=nordjylland, period=period, starts_at=at(2026, 9, 8, 10), location="Hemmeligt mødested"
    )
    return published, planned


def test_the_atom_feed_carries_staff_text_as_text_not_html(client, meetings):
    response = client.get(reverse("meetings:publication-feed", args=["nordjylland"]))
    xml = response.content.decode()
    assert response.status_code == 200 and "<entry>" in xml
    assert '<summary type="text">' in xml and 'type="html"' not in xml
    assert "&lt;img src=x" in xml and "<img" not in xml


def test_the_public_calendar_shows_an_unpublished_meeting_tentative_without_its_place(client, meetings):
    published, planned = meetings
    response = client.get(reverse("meetings:meeting-calendar", args=["nordjylland"]))
    events = {str(e["uid"]).split("@")[0]: e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    shown, tentative = events[f"meeting-{published.pk}"], events[f"meeting-{planned.pk}"]
    assert str(shown["status"]) == "CONFIRMED" and "onerror" in str(shown["location"])
    assert str(tentative["status"]) == "TENTATIVE" and "location" not in tentative
    assert b"Hemmeligt m" not in response.content
