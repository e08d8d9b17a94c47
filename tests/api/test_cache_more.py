"""One meeting (``/api/v1/moeder/{id}/``) and the appointments (``/api/v1/udpegninger/``) cached like the meeting
list (``api.cache``): the hit is the miss byte for byte with the same headers, a new publication or appointment
shows in the very next answer, and the number of queries is the same for small and larger data."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from appointments import services
from appointments.models import Appointment, Body, Seat
from meetings.models import Meeting, Publication
from tests.appointments.conftest import bodies  # noqa: F401 - a fixture
from tests.builders import at, politician

from .conftest import AGENDA_ITEMS, MINUTES_ITEMS, publish

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 10)
APPOINTMENTS = f"/api/v1/udpegninger/?dato={ON}&antal=100"


def get(path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path, **headers)
    assert response.status_code == 200, response.content
    return response, len(queries)


def assert_hit_is_the_miss(path):
    miss, miss_queries = get(path, HTTP_ORIGIN="https://kommune.example")
    hit, hit_queries = get(path, HTTP_ORIGIN="https://kommune.example")
    assert hit_queries == 1 < miss_queries
    assert dict(hit.headers) == dict(miss.headers) and hit.content == miss.content
    return miss_queries


def items(count):
    return [{**AGENDA_ITEMS[0], "number": n, "title": f"Punkt {n}"} for n in range(1, count + 1)]


@pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers")
def test_a_cached_meeting_is_the_uncached_answer_with_the_same_headers(sent):
    assert_hit_is_the_miss(f"/api/v1/moeder/{sent.pk}/")


def test_a_new_publication_of_a_meeting_shows_in_the_next_answer(sent):
    path = f"/api/v1/moeder/{sent.pk}/"
    assert get(path)[0].json()["minutes_version"] == 1
    publish(sent, Publication.Kind.MINUTES, [{**MINUTES_ITEMS[0], "decision": "<p>Rettet</p>"}], version=2)
    body = get(path)[0].json()
    assert body["minutes_version"] == 2 and body["items"][0]["decision"] == "<p>Rettet</p>"


@pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers")
def test_a_meeting_reads_the_same_number_of_queries_for_few_and_many_items_and_meetings(nordjylland, period):
    def meeting(day, count):
        found = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 4, day, 10))
        publish(found, Publication.Kind.AGENDA, items(count))
        return found

    small = assert_hit_is_the_miss(f"/api/v1/moeder/{meeting(1, 2).pk}/")
    for day in range(2, 12):
        meeting(day, 3)
    large = assert_hit_is_the_miss(f"/api/v1/moeder/{meeting(20, 40).pk}/")
    assert small == large


def appoint(seat, name, where, *, starts_on=ON, meeting=None, role=Appointment.Role.MEMBER, actor):
    return services.appoint_representative(
        seat, person=politician(name, where), role=role, starts_on=starts_on, method="majority", meeting=meeting,
        actor=actor,
    )  # fmt: skip


@pytest.fixture
def seats(bodies, nordjylland):  # noqa: F811 - the fixture imported above
    """Nordjylland's political seats that the KKR fills itself, the Erhvervshus's first."""
    political = Seat.objects.filter(council=nordjylland, is_political=True, is_chair=False)
    return list(political.exclude(body__kind=Body.Kind.NOMINATES).order_by("-body__key", "order")[:6])


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers")
def test_cached_appointments_are_the_uncached_answer_with_the_same_headers(seats, staff_user):
    appoint(seats[0], "Anna Aalborg", "Aalborg", actor=staff_user)
    assert_hit_is_the_miss(APPOINTMENTS)


def test_a_new_appointment_and_the_minutes_that_release_one_show_in_the_next_answer(
    seats, staff_user, nordjylland, period
):
    appoint(seats[0], "Anna Aalborg", "Aalborg", actor=staff_user)
    assert names(get(APPOINTMENTS)[0]) == ["Anna Aalborg"]
    appoint(seats[1], "Bo Brønderslev", "Brønderslev", actor=staff_user)
    assert set(names(get(APPOINTMENTS)[0])) == {"Anna Aalborg", "Bo Brønderslev"}
    decided = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 3, 2, 10))
    appoint(seats[2], "Cai Hjørring", "Hjørring", meeting=decided, actor=staff_user)
    assert "Cai Hjørring" not in names(get(APPOINTMENTS)[0])  # decided at a meeting whose minutes are not out
    publish(decided, Publication.Kind.MINUTES, [])
    assert "Cai Hjørring" in names(get(APPOINTMENTS)[0])


@pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers")
def test_appointments_read_the_same_number_of_queries_for_one_and_many(seats, staff_user):
    appoint(seats[0], "Anna Aalborg", "Aalborg", actor=staff_user)
    small = assert_hit_is_the_miss(APPOINTMENTS)
    towns = iter(("Brønderslev", "Hjørring", "Thisted", "Rebild", "Morsø"))
    for seat in seats[1:]:
        appoint(seat, f"Medlem {seat.pk}", next(towns), actor=staff_user)
    response, large = get(APPOINTMENTS)
    assert len(response.json()["results"]) >= 4
    assert get(APPOINTMENTS)[1] == 1 and large == small


def test_each_date_and_council_of_the_appointments_has_its_own_answer(seats, staff_user):
    appoint(seats[0], "Anna Aalborg", "Aalborg", starts_on=date(2026, 6, 1), actor=staff_user)
    assert names(get(APPOINTMENTS)[0]) == []
    assert names(get("/api/v1/udpegninger/?dato=2026-06-01")[0]) == ["Anna Aalborg"]
    assert names(get("/api/v1/udpegninger/?dato=2026-06-01&raad=hovedstaden")[0]) == []


def test_the_appointments_of_today_are_not_yesterdays_from_the_cache(seats, staff_user, monkeypatch):
    """Without ``dato`` the answer is today's: a new day is a new answer, with no write in between."""
    from django.utils import timezone

    appoint(seats[0], "Anna Aalborg", "Aalborg", starts_on=date(2026, 6, 1), actor=staff_user)
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 5, 31))
    assert names(get("/api/v1/udpegninger/")[0]) == []
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 6, 1))
    assert names(get("/api/v1/udpegninger/")[0]) == ["Anna Aalborg"]
