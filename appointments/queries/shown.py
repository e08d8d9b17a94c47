"""The register page's seats with their holders in one plain query (``_shown_seats_sql``): the ORM's queries cost
more to compile than the database takes to answer. It also tells, for each appointee, whether they hold a municipal
office in the council's region on the FO 3.8 day (``eligible_person_ids``), which was a query of its own.
``tests/appointments/test_shown_seats_sql.py`` compares it with the ORM on generated data."""

from __future__ import annotations

from functools import cache

from django.db import connection

from members.models import Council, ElectionPeriod, Municipality, MunicipalOffice, Party, Person, current_sql
from members.rosterrows import instance

from ..models import Appointment, Body, Seat

SHOWN_SEAT_MODELS = (Seat, Body, ElectionPeriod, Appointment, Person, Party, Municipality)


@cache
def _shown_seats_sql(with_body: bool) -> str:
    """The seats of a council's bodies in a period, in the register's order, each with its body and period and
    its appointments in force (``Appointment.objects``: not voided) with person, party and municipality, by start,
    and whether the person holds a municipal office of the council's region on ``%(on)s`` (``eligible_person_ids``,
    ``MunicipalOffice.objects.current``, whose condition ``current_sql`` compiles): one query instead of the ORM's
    three. Holders and personal substitutes alike: ``seat_lines`` judges both by it (FO 3.8)."""
    t = {model: model._meta.db_table for model in (*SHOWN_SEAT_MODELS, Body.councils.through, MunicipalOffice)}
    aliases = ("s", "b", "pe", "a", "p", "pa", "mu")
    selected = ", ".join(_columns(model, alias) for model, alias in zip(SHOWN_SEAT_MODELS, aliases, strict=True))
    order = connection.ops.quote_name("order")
    in_office = f"""EXISTS (SELECT 1 FROM {t[MunicipalOffice]} o JOIN {t[Municipality]} om ON om.id = o.municipality_id
        WHERE o.person_id = a.person_id AND om.council_id = s.council_id AND {current_sql(MunicipalOffice, "o")})"""
    return f"""SELECT {selected}, {in_office}
        FROM {t[Seat]} s JOIN {t[Body]} b ON b.id = s.body_id JOIN {t[ElectionPeriod]} pe ON pe.id = s.period_id
            LEFT JOIN {t[Appointment]} a ON a.seat_id = s.id AND a.voided_at IS NULL
            LEFT JOIN {t[Person]} p ON p.id = a.person_id
            LEFT JOIN {t[Party]} pa ON pa.id = p.party_id
            LEFT JOIN {t[Municipality]} mu ON mu.id = p.municipality_id
        WHERE s.council_id = %(council)s AND s.period_id = %(period)s
            AND s.body_id IN (SELECT body_id FROM {t[Body.councils.through]} WHERE council_id = %(council)s)
            {"AND s.body_id = %(body)s" if with_body else ""}
        ORDER BY b.name, s.{order}, s.id, a.starts_on, a.id"""


def _shown_seats(council: Council, period, body, *, on) -> tuple[list[Seat], dict[int, list[Appointment]], set[int]]:
    """``_shown_seats_sql``'s rows as the seats (body and period loaded), each seat's appointments and the
    appointees who hold a municipal office of the council's region on ``on`` (FO 3.8)."""
    params = {"council": council.pk, "period": period.pk, "body": body.pk if body is not None else None, "on": on}
    with connection.cursor() as cursor:
        cursor.execute(_shown_seats_sql(body is not None), params)
        rows = cursor.fetchall()
    seats: dict[int, Seat] = {}
    held: dict[int, list[Appointment]] = {}
    in_office: set[int] = set()
    shared: dict[tuple, object] = {}

    def make(model, values, *, share=False):
        key = (model, values[0])
        if key not in shared or not share:
            shared[key] = instance(model, values)
        return shared[key]

    for *row, eligible in rows:
        s, b, pe, a, p, pa, mu = _cut(row, SHOWN_SEAT_MODELS)
        if s[0] not in seats:
            seat = seats[s[0]] = make(Seat, s)
            seat.body, seat.period = make(Body, b, share=True), make(ElectionPeriod, pe, share=True)
            held[seat.pk] = []
        appointment = make(Appointment, a)
        if appointment is not None:
            appointment.person = person = make(Person, p)
            person.party, person.municipality = make(Party, pa, share=True), make(Municipality, mu, share=True)
            held[s[0]].append(appointment)
            if eligible:
                in_office.add(person.pk)
    return list(seats.values()), held, in_office


def _columns(model, alias: str) -> str:
    """The model's columns in field order, quoted (a seat's ``order`` is an SQL keyword)."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


def _cut(row, models) -> list[tuple]:
    parts, start = [], 0
    for model in models:
        end = start + len(model._meta.concrete_fields)
        parts.append(row[start:end])
        start = end
    return parts
