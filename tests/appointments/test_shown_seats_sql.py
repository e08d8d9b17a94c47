"""The register page's plain SQL (``appointments.queries._shown_seats_sql``, read by ``_shown_seats``) against its
ORM reference on generated data: the seats of a council's bodies in a period, in the register's order, each with
its body, period and appointments in force (voided rows left out) with person, party and municipality, and which
appointees hold a municipal office of the council's region on the day (``eligible_person_ids``). The same way as
``tests/invariants/test_raw_sql.py``: each example's rows in a savepoint that is rolled back."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Prefetch
from hypothesis import given
from hypothesis import strategies as st

from appointments.models import Appointment, Body, Seat
from appointments.queries import (
    APPOINTMENT_RELATED,
    SHOWN_RELATED,
    _shown_seats,
    _shown_seats_sql,
    eligible_person_ids,
    register_lines,
)
from members.models import Council, ElectionPeriod, Municipality, MunicipalOffice, Person
from tests.builders import party
from tests.invariants.test_raw_sql import DB, in_savepoint

pytestmark = pytest.mark.django_db
DAY0 = date(2026, 1, 1)
ROLES = [Appointment.Role.MEMBER, Appointment.Role.SUBSTITUTE, Appointment.Role.CHAIR]

BODIES = st.lists(st.sets(st.integers(0, 1), min_size=0, max_size=2), min_size=1, max_size=3)  # councils per body
# body, council, period
SEATS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.integers(0, 1)), max_size=6)
APPOINTMENTS = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 2), st.sampled_from(ROLES), st.integers(0, 30), st.booleans()),
    max_size=8,
)  # seat, person, role, length, voided
OFFICES = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["Aalborg", "København"]), st.integers(-60, 60), st.integers(-1, 90)),
    max_size=4,
)  # person, municipality, first day from the asked day, length (-1: open)


def values(instance) -> tuple:
    return tuple(getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields)


def related(instance, name):
    value = getattr(instance, name)
    return None if value is None else values(value)


def key(seat, appointments) -> tuple:
    return (
        values(seat),
        values(seat.body),
        values(seat.period),
        [
            (values(a), values(a.person), related(a.person, "party"), related(a.person, "municipality"))
            for a in appointments
        ],
    )


def reference(council, period, body) -> list[tuple]:
    """The ORM's version: the council's seats in the period of the bodies it fills (``council.bodies``), by body
    name, order and id; the appointments through the default manager (in force), by start."""
    in_force = Appointment.objects.select_related("person__party", "person__municipality").order_by("starts_on", "pk")
    seats = Seat.objects.filter(council=council, period=period, body__in=council.bodies.all())
    if body is not None:
        seats = seats.filter(body=body)
    seats = (
        seats.select_related("body", "period")
        .prefetch_related(Prefetch("appointments", queryset=in_force))
        .order_by("body__name", "order", "pk")
    )
    return [key(seat, seat.appointments.all()) for seat in seats]


def people() -> list[Person]:
    """One with party and municipality, one with a party only, one with neither (the LEFT JOINs)."""
    return [
        Person.objects.create(name="Med alt", party=party("A"), municipality=Municipality.objects.get(name="Aalborg")),
        Person.objects.create(name="Kun parti", party=party("V")),
        Person.objects.create(name="Uden noget"),
    ]


@DB
@given(bodies=BODIES, seats=SEATS, appointments=APPOINTMENTS, offices=OFFICES, day=st.integers(0, 400))
def test_shown_seats_sql_equals_the_orm(reference_data, bodies, seats, appointments, offices, day):
    councils = list(Council.objects.filter(slug__in=["nordjylland", "hovedstaden"]).order_by("slug"))
    periods = list(ElectionPeriod.objects.filter(name__in=["2022-2026", "2026-2030"]).order_by("starts_on"))

    def build():
        made_bodies = []
        for n, fills in enumerate(bodies):
            body = Body.objects.create(key=f"organ-{n}", name=f"Organ {2 - n}")  # names sort against creation
            body.councils.set([councils[index] for index in fills])
            made_bodies.append(body)
        made_seats = [
            Seat.objects.create(
                body=made_bodies[b % len(made_bodies)], council=councils[c], period=periods[p], label=f"Plads {n}",
                order=n + 1, is_political=n % 2 == 0,
            )
            for n, (b, c, p) in enumerate(seats)
        ]  # fmt: skip
        persons = people()
        for n, (s, person, role, length, voided) in enumerate(appointments):
            if not made_seats:
                break
            starts_on = DAY0 + timedelta(days=40 * n)  # one after another: the one-holder rule holds
            Appointment.with_voided.create(
                seat=made_seats[s % len(made_seats)], person=persons[person], role=role,
                method=Appointment.Method.MAJORITY, starts_on=starts_on, ends_on=starts_on + timedelta(days=length),
                voided_at=datetime(2026, 1, 1, tzinfo=UTC) if voided else None, void_reason="Fejl" if voided else "",
            )  # fmt: skip
        on = DAY0 + timedelta(days=day)
        for person, municipality, first, length in offices:
            starts_on = on + timedelta(days=first)
            MunicipalOffice.objects.create(
                person=persons[person], municipality=Municipality.objects.get(name=municipality), kind="council_member",
                starts_on=starts_on, ends_on=None if length < 0 else starts_on + timedelta(days=length),
            )  # fmt: skip
        for council in councils:
            for period in periods:
                for body in (None, *made_bodies):
                    shown, held, in_office = _shown_seats(council, period, body, on=on)
                    fast = [key(seat, held[seat.pk]) for seat in shown]
                    assert fast == reference(council, period, body), (council, period, body)
                    appointees = {a.person_id for appointments in held.values() for a in appointments}
                    assert in_office == eligible_person_ids(council, on) & appointees, (council, on)
                    assert judged(council, period, body, on, SHOWN_RELATED) == judged(council, period, body, on)

    in_savepoint(build)


def judged(council, period, body, on, related=APPOINTMENT_RELATED) -> list[tuple]:
    """What ``seat_lines`` made of each seat (FO 3.8 and § 28): who holds it and its substitute, and both
    follow-ups. The page's path judges the appointees by the plain query's eligibility, the CSV's and PDF's by
    ``eligible_person_ids``."""
    return [
        (line.seat.pk, line.holder and line.holder.pk, line.substitute and line.substitute.pk, line.follow_up,
         line.substitute_follow_up)
        for line in register_lines(council, period, today=on, body=body, related=related)
    ]  # fmt: skip


def test_the_register_page_reads_its_seats_in_one_plain_query(nordjylland, period, bodies):
    """What the page reads (``SHOWN_RELATED``) is the same register as the ORM path's, on the reference bodies."""
    day = date(2026, 6, 1)
    shown = register_lines(nordjylland, period, today=day, related=SHOWN_RELATED)
    orm = register_lines(nordjylland, period, today=day)
    assert [(line.seat.pk, line.follow_up) for line in shown] == [(line.seat.pk, line.follow_up) for line in orm]
    assert "LEFT JOIN" in _shown_seats_sql(False) and "%(body)s" in _shown_seats_sql(True)
