"""The demo register and the panels the lead wires into the portal pages."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from appointments import panels, queries
from appointments.demo import load_demo
from appointments.models import Appointment
from members.demo import load_nordjylland_roster

pytestmark = pytest.mark.django_db
AFTER_RESIGNATION = date(2026, 11, 1)


def test_demo_fills_part_of_the_register_with_one_vacancy_and_is_idempotent(nordjylland, period, bodies):
    load_nordjylland_roster()
    first = load_demo()
    count = Appointment.objects.count()
    Appointment.objects.filter(person__name="Louise Hvid").update(note="rettet af en bruger")
    assert load_demo().endswith(", 0 nye") and Appointment.objects.count() == count
    assert first.endswith(f", {count} nye") and count == 15
    lines = queries.register_lines(nordjylland, period, today=AFTER_RESIGNATION)
    same_group = [line for line in lines if line.follow_up.startswith(queries.FOLLOW_UP_SAME_GROUP)]
    assert [(line.seat.body.key, line.follow_up.rsplit(": ", 1)[1]) for line in same_group] == [
        ("erhvervshus-nordjylland", "A+F")
    ]
    assert any(line.holder for line in lines) and any(line.follow_up == queries.FOLLOW_UP_EMPTY for line in lines)


def test_the_demo_shows_the_2026_2030_reference_data_and_a_body_to_copy_forward(nordjylland, period, bodies):
    """The knowledge-institution seat filled without a nomination, the Sundhedssamarbejdsudvalg until 31.12.2026
    (no vacancy after), and a 2022-2026 body whose seats the next-term page offers to copy (SPEC §4)."""
    load_nordjylland_roster()
    load_demo()
    knowledge = Appointment.objects.get(seat__body__key="erhvervshus-nordjylland", seat__order=9)
    assert knowledge.person.representative.kind == "knowledge" and knowledge.seat.nominated_by == ""
    health = Appointment.objects.filter(seat__body__key="sundhedssamarbejdsudvalg-nordjylland")
    assert health.count() == 3 and {a.ends_on for a in health} == {date(2026, 12, 31)}
    lines = queries.register_lines(nordjylland, period, today=date(2027, 1, 1))
    assert not [line for line in lines if line.seat.body.key.startswith("sundhed") and line.is_vacant]
    earlier = period.__class__.objects.get(name="2022-2026")
    following, next_lines = queries.next_term_lines(nordjylland, earlier)
    ucn = [line for line in next_lines if line.seat.body.name.startswith("Professionshøjskolen UCN")]
    assert following == period and len(ucn) == 2 and all(line.next_seat is None for line in ucn)


def test_dashboard_panel_counts_follow_ups_and_links_to_the_register(nordjylland, period, bodies, staff_user, rf):
    context = panels.dashboard_panel(nordjylland, today=AFTER_RESIGNATION, user=staff_user)
    assert context["appointments_period"] == period.name
    assert context["appointments_follow_up_count"] == context["appointments_seats"] > 0
    html = render_to_string(
        "appointments/includes/dashboard_panel.html", {"council": nordjylland, **context}, rf.get("/")
    )
    assert "/kkr/nordjylland/sekretariat/udpegninger/2026-2030/" in html


def test_public_panel_and_person_include(nordjylland, erhvervshus, aalborg_politician, rf):
    from appointments.services import appoint_representative

    seat = erhvervshus.seats.filter(council=nordjylland, order=2).get()
    appoint_representative(seat, person=aalborg_politician, starts_on=date(2026, 3, 1), method="majority", actor=None)
    context = panels.public_panel(nordjylland, today=date(2026, 3, 2), user=None)
    assert context == {"appointees_count": 1}
    html = render_to_string("appointments/includes/public_panel.html", {"council": nordjylland, **context})
    assert "/kkr/nordjylland/udpegninger/" in html
    person_html = render_to_string(
        "appointments/includes/person_appointments.html", panels.person_panel(aalborg_politician)
    )
    assert "Erhvervshus Nordjylland" in person_html
