"""A council with one meeting whose public agenda and minutes are published (stored snapshots, as publishing
makes them), one planned meeting whose agenda is not, and a meeting of another council."""

import pytest
from django.utils import timezone

from meetings.models import Meeting, Publication
from tests.builders import at

AGENDA_ITEMS = [
    {
        "number": 1,
        "title": "Godkendelse af dagsorden",
        "kind": "Beslutning",
        "is_closed": False,
        "case_presentation": "<p>Sagen</p>",
        "recommendation": "<p>Godkendes</p>",
        "attachments": [{"pk": 4242, "number": "1.1", "title": "Budget"}],
    },
    {"number": 2, "title": "Lukket punkt", "kind": "Beslutning", "is_closed": True},
]
MINUTES_ITEMS = [
    {**AGENDA_ITEMS[0], "decision": "<p>Godkendt</p>", "votes": ["Vedtaget med 5 stemmer for."]},
    AGENDA_ITEMS[1],
]


def publish(meeting, kind, items, *, version=1, audience=Publication.Audience.PUBLIC):
    content = {"title": kind, "council": meeting.council.name, "items": items, "is_public": True}
    return Publication.objects.create(
        meeting=meeting,
        kind=kind,
        audience=audience,
        version=version,
        content=content,
        state=Publication.State.READY,
        requested_at=timezone.now(),
        rendered_at=timezone.now(),
    )


@pytest.fixture
def sent(nordjylland, period):
    meeting = Meeting.objects.create(
        council=nordjylland,
        period=period,
        starts_at=at(2026, 5, 12, 10),
        location="Aalborg Rådhus",
        status=Meeting.Status.HELD,
    )
    publish(meeting, Publication.Kind.AGENDA, AGENDA_ITEMS)
    publish(meeting, Publication.Kind.MINUTES, MINUTES_ITEMS)
    publish(
        meeting,
        Publication.Kind.AGENDA,
        [{**AGENDA_ITEMS[1], "title": "HEMMELIG"}],
        audience=Publication.Audience.MEMBERS,
    )
    return meeting


@pytest.fixture
def unsent(nordjylland, period):
    return Meeting.objects.create(
        council=nordjylland, period=period, starts_at=at(2026, 9, 1, 10), location="Hemmeligt sted"
    )


@pytest.fixture
def other(hovedstaden, period):
    meeting = Meeting.objects.create(council=hovedstaden, period=period, starts_at=at(2026, 6, 2, 10), location="KBH")
    publish(meeting, Publication.Kind.AGENDA, AGENDA_ITEMS[:1])
    return meeting
