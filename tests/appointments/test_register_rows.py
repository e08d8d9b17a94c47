"""The register page's lines in plain SQL (``queries.SHOWN_RELATED``) are the lines the ORM gives the CSV and PDF:
the same seats in the same order, the same holders, substitutes, history and follow-ups, voided rows left out."""

from datetime import date

import pytest

from appointments import queries, services
from appointments.models import Appointment
from members.models import MunicipalOffice
from tests.builders import politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db


def _shown(lines) -> list:
    """Every value the register page, the party counts and the filters read of each line."""

    def appointment(a):
        if a is None:
            return None
        person = a.person
        return (
            a.pk, a.role, a.method, a.group, a.starts_on, a.ends_on, a.end_reason, person.name,
            person.party_id, person.party and person.party.name, person.municipality_id,
            person.municipality and person.municipality.name,
        )  # fmt: skip

    return [
        (
            line.seat.pk, line.seat.body.name, line.seat.label, line.seat.kind_label, line.seat.is_political,
            line.seat.period.name, appointment(line.holder), appointment(line.substitute), line.follow_up,
            line.substitute_follow_up, [appointment(a) for a in line.history],
        )
        for line in lines
    ]  # fmt: skip


def test_the_register_page_reads_the_same_lines_as_the_orm(
    nordjylland, period, erhvervshus, rar, staff_user, django_assert_num_queries
):
    first, second = political_seats(erhvervshus, nordjylland)[:2]
    on = date(2026, 3, 10)
    holder = services.appoint_representative(
        first, person=politician("Anna Aalborg", "Aalborg", letter="A"), starts_on=on, method="proportional",
        group="A+F", actor=staff_user,
    )  # fmt: skip
    services.end_appointment(holder, on=date(2026, 8, 31), reason=Appointment.EndReason.RESIGNED, actor=staff_user)
    services.appoint_representative(
        first, person=politician("Bo Brønderslev", "Brønderslev"), starts_on=date(2026, 9, 1),
        method="proportional", group="A+F", actor=staff_user,
    )  # fmt: skip
    voided = services.appoint_representative(
        second, person=politician("Fejl Registreret", "Hjørring"), starts_on=on, method="majority", actor=staff_user
    )
    services.void_appointment(voided, reason="Forkert person", actor=staff_user)
    for role, name in ((Appointment.Role.MEMBER, "Cai Thisted"), (Appointment.Role.SUBSTITUTE, "Sif Skagen")):
        services.appoint_representative(
            political_seats(rar, nordjylland)[0], person=politician(name, "Thisted", letter=""), role=role,
            starts_on=date(2026, 6, 1), method="majority", actor=staff_user,
        )  # fmt: skip
    # FO 3.8: the substitute leaves the municipal council; from 1 September his place needs a new one
    MunicipalOffice.objects.filter(person__name="Sif Skagen").update(ends_on=date(2026, 8, 31))
    seen = set()
    for today in (date(2026, 4, 1), date(2026, 8, 31), date(2026, 10, 1), date(2031, 1, 1)):
        for body in (None, erhvervshus):
            orm = queries.register_lines(nordjylland, period, today=today, body=body)
            with django_assert_num_queries(1):  # the seats with their appointments and who is eligible
                shown = queries.register_lines(
                    nordjylland, period, today=today, body=body, related=queries.SHOWN_RELATED
                )
            assert _shown(shown) == _shown(orm) and len(shown) >= 3
            seen |= {(line.substitute and line.substitute.person.name, line.substitute_follow_up) for line in shown}
    assert {("Sif Skagen", ""), (None, queries.FOLLOW_UP_SUBSTITUTE_MAJORITY)} <= seen
    lines = queries.register_lines(nordjylland, period, today=date(2026, 10, 1), related=queries.SHOWN_RELATED)
    assert "Fejl Registreret" not in repr(_shown(lines))


def test_the_register_page_runs_six_queries_whatever_the_number_of_seats_and_appointments(
    client, staff_user, nordjylland, period, bodies
):
    """Session, user, roles, the period; the seats with their appointments and who of the appointees is eligible;
    the filter's bodies, parties and municipalities with the KKR's seats per party. A filter costs no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from appointments.models import Body, Seat
    from members.models import Party

    client.force_login(staff_user)
    url = reverse("appointments:register-detail", args=[nordjylland.slug, period.name])

    def count(**filters):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"dato": "2026-10-01", **filters}).status_code == 200
        return len(captured)

    assert count() == 6
    chosen = {"body": nordjylland.bodies.first().pk, "municipality": nordjylland.municipalities.first().pk}
    assert count(**chosen, party=Party.objects.first().pk) == 6
    for n in range(12):
        body = Body.objects.create(key=f"stor-{n}", name=f"Stort organ {n:02d}", has_personal_substitutes=True)
        body.councils.add(nordjylland)
        for order in (1, 2):
            seat = Seat.objects.create(
                body=body, council=nordjylland, period=period, label=f"Plads {order}", order=order
            )
            first = services.appoint_representative(
                seat, person=politician(f"P {n}-{order}", "Hjørring"), starts_on=date(2026, 3, 1), method="majority",
                actor=staff_user,
            )  # fmt: skip
            services.end_appointment(first, on=date(2026, 5, 31), reason=Appointment.EndReason.RESIGNED, actor=None)
            for role, name in ((Appointment.Role.MEMBER, "N"), (Appointment.Role.SUBSTITUTE, "S")):
                services.appoint_representative(
                    seat, person=politician(f"{name} {n}-{order}", "Aalborg"), role=role, starts_on=date(2026, 6, 1),
                    method="majority", actor=staff_user,
                )  # fmt: skip
    assert count() == 6
    # FO 3.8: half the substitutes left their municipal council; judging them reads nothing more
    MunicipalOffice.objects.filter(person__name__regex=r"^S \d+-2$").update(ends_on=date(2026, 8, 31))
    assert count() == 6
    page = client.get(url, {"dato": "2026-10-01"}).text
    assert page.count(queries.FOLLOW_UP_SUBSTITUTE_MAJORITY) == 12 and "S 3-1" in page and "S 3-2" not in page
