"""Appointment fixtures: the 2026-2030 bodies from the data migration, politicians with dated offices, and a
meeting with voting members present."""

import importlib
from datetime import date, datetime

import pytest
from django.apps import apps as django_apps

from appointments.models import Body, Seat
from meetings.deadlines import COPENHAGEN
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import ElectionPeriod
from tests.builders import politician, seat_members

MEETING_DAY = date(2026, 3, 10)


@pytest.fixture
def bodies(reference_data):
    """The reference bodies (loaded again when a transactional test flushed them)."""
    if not Body.objects.exists():
        importlib.import_module("appointments.migrations.0010_reference_bodies_2026_2030").load_bodies(django_apps)
    return Body.objects.all()


@pytest.fixture
def erhvervshus(bodies):
    return Body.objects.get(key="erhvervshus-nordjylland")


@pytest.fixture
def rar(bodies):
    return Body.objects.get(key="rar-nordjylland")


def political_seats(body, council):
    return list(Seat.objects.filter(body=body, council=council, is_political=True, is_chair=False).order_by("order"))


@pytest.fixture
def aalborg_politician(reference_data):
    return politician("Anna Aalborg", "Aalborg", letter="A")


@pytest.fixture
def meeting(nordjylland, period):
    return Meeting.objects.create(
        council=nordjylland,
        period=period,
        starts_at=datetime(2026, 3, 10, 10, tzinfo=COPENHAGEN),
        location="Aalborg Rådhus",
    )


@pytest.fixture
def item(meeting):
    return AgendaItem.objects.create(meeting=meeting, position=1, title="Udpegning til Erhvervshus Nordjylland")


def seat_present(meeting, count, *, prefix="Medlem"):
    """`count` seated members of the meeting's council, all present; returns their persons."""
    memberships = seat_members(meeting.council, _period(meeting), count, prefix=prefix)
    for m in memberships:
        Attendance.objects.create(
            meeting=meeting, person=m.person, capacity=Attendance.Capacity.MEMBER, membership=m, is_present=True
        )
    return [m.person for m in memberships]


def _period(meeting):
    return ElectionPeriod.objects.containing(meeting.meets_on).get()
