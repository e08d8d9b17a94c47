"""Kommunestyrelsesloven § 28 stk. 2 (policy, by analogy, SPEC §4): while a member is absent for at least a
month, the group that elected him names another to stand in for that time. The absent keeps the seat; the
register page, the CSV and the public list show both; one stand-in a day, held by the database too."""

import csv
import io
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from appointments import queries, services
from appointments.models import Appointment
from kkr.errors import RuleViolation
from tests.builders import politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 15)
ABSENT_FROM, ABSENT_TO = date(2026, 10, 1), date(2026, 12, 31)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def absent(nordjylland, erhvervshus):
    """Anna, elected by the group A+F in a proportional election, is on sick leave from 01.10.2026."""
    target = political_seats(erhvervshus, nordjylland)[0]
    return services.appoint_representative(
        target,
        person=politician("Anna Aalborg", letter="A"),
        starts_on=date(2026, 3, 10),
        method=Appointment.Method.PROPORTIONAL,
        group="A+F",
        actor=None,
    )


def stand_in(absent, person, **kwargs):
    kwargs = {"starts_on": ABSENT_FROM, "ends_on": ABSENT_TO, **kwargs}
    return services.appoint_stand_in(absent, person=person, actor=None, **kwargs)


def test_s_28_stk_2_the_stand_in_sits_beside_the_absent_member_and_takes_the_group(absent, nordjylland, period):
    fie = stand_in(absent, politician("Fie Folkesocialist", letter="F"))
    assert (fie.role, fie.group, fie.method, fie.stands_in_for) == (
        Appointment.Role.STAND_IN,
        "A+F",
        Appointment.Method.PROPORTIONAL,
        absent,
    )
    line = next(x for x in queries.register_lines(nordjylland, period, today=TODAY) if x.seat == absent.seat)
    assert (line.holder, line.stand_in, line.follow_up) == (absent, fie, "")
    after = next(
        x for x in queries.register_lines(nordjylland, period, today=date(2027, 1, 1)) if x.seat == absent.seat
    )
    assert (after.holder, after.stand_in) == (absent, None)


def test_s_28_stk_2_another_group_can_not_name_the_stand_in(absent):
    with pytest.raises(RuleViolation, match=r"gruppen A\+F") as refused:
        stand_in(absent, politician("Viggo Venstre"), group="V")
    assert refused.value.rule == "§ 28 stk. 2"
    assert not Appointment.objects.filter(role=Appointment.Role.STAND_IN).exists()


def test_s_28_stk_2_an_absence_shorter_than_a_month_is_refused(absent):
    with pytest.raises(RuleViolation, match="mindst 1 måned.*31. oktober 2026") as refused:
        stand_in(absent, politician("Fie Folkesocialist", letter="F"), ends_on=date(2026, 10, 30))
    assert refused.value.rule == "§ 28 stk. 2"
    assert stand_in(absent, politician("Ole Olsen", letter="F"), ends_on=date(2026, 10, 31)).pk


def test_s_28_stk_2_the_stand_in_stands_in_only_while_the_absent_holds_the_seat(absent):
    services.end_appointment(absent, on=date(2026, 11, 30), reason=Appointment.EndReason.RESIGNED, actor=None)
    with pytest.raises(RuleViolation, match="inden for den periode"):
        stand_in(absent, politician("Fie Folkesocialist", letter="F"))


def test_s_28_stk_2_ending_the_absents_appointment_ends_the_stand_in_that_day(absent):
    fie = stand_in(absent, politician("Fie Folkesocialist", letter="F"))
    services.end_appointment(absent, on=date(2026, 11, 15), reason=Appointment.EndReason.RESIGNED, actor=None)
    fie.refresh_from_db()
    assert (fie.ends_on, fie.end_reason) == (date(2026, 11, 15), Appointment.EndReason.RESIGNED)


def test_fo_3_8_the_stand_in_on_a_political_seat_must_sit_on_a_municipal_council_of_the_region(absent):
    with pytest.raises(RuleViolation) as refused:
        stand_in(absent, politician("Helle Hovedstad", "København", letter="F"))
    assert refused.value.rule == "FO 3.8"


def test_s_28_stk_2_one_stand_in_a_day_named_in_the_refusal(absent):
    stand_in(absent, politician("Fie Folkesocialist", letter="F"))
    with pytest.raises(RuleViolation, match="Fie Folkesocialist den 1. november 2026"):
        stand_in(absent, politician("Ole Olsen", letter="F"), starts_on=date(2026, 11, 1))


def test_s_28_stk_2_the_database_refuses_a_second_stand_in_around_the_service(absent):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's")
    first = stand_in(absent, politician("Fie Folkesocialist", letter="F"))
    with pytest.raises(IntegrityError, match="appointment_one_stand_in_per_seat_a_day"), transaction.atomic():
        Appointment.objects.create(
            seat=absent.seat,
            person=politician("Ole Olsen", letter="F"),
            role=Appointment.Role.STAND_IN,
            method=first.method,
            starts_on=date(2026, 12, 1),
            ends_on=date(2027, 1, 31),
            stands_in_for=absent,
        )


def test_s_28_stk_2_a_stand_in_always_names_the_absent(absent):
    with pytest.raises(IntegrityError, match="appointment_stand_in_names_the_absent"), transaction.atomic():
        Appointment.objects.create(
            seat=absent.seat,
            person=politician("Ole Olsen", letter="F"),
            role=Appointment.Role.STAND_IN,
            method=absent.method,
            starts_on=ABSENT_FROM,
            ends_on=ABSENT_TO,
        )


def test_s_28_stk_2_the_appoint_form_offers_no_stand_in_role(absent):
    with pytest.raises(RuleViolation, match="ved den fraværendes udpegning"):
        services.appoint_representative(
            political_seats(absent.seat.body, absent.seat.council)[1],
            person=politician("Ole Olsen", letter="F"),
            role=Appointment.Role.STAND_IN,
            starts_on=ABSENT_FROM,
            method=Appointment.Method.MAJORITY,
            actor=None,
        )


def test_s_28_stk_2_register_page_csv_and_public_list_show_both(client, staff_user, nordjylland, absent):
    stand_in(absent, politician("Fie Folkesocialist", letter="F"))
    client.force_login(staff_user)
    page = client.get(reverse("appointments:register-detail", args=[nordjylland.slug, "2026-2030"])).text
    assert "Anna Aalborg" in page and "Midlertidigt indtrådt: Fie Folkesocialist" in page
    body = client.get(reverse("appointments:body-detail", args=[nordjylland.slug, absent.seat.body_id])).text
    assert "Midlertidigt indtrådt for Anna Aalborg" in body
    response = client.get(reverse("appointments:register-csv", args=[nordjylland.slug, "2026-2030"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    seat_rows = [(row[4], row[5]) for row in rows if row[2] == absent.seat.label]
    assert ("Medlem", "Anna Aalborg") in seat_rows
    assert ("Midlertidigt indtrådt (§ 28 stk. 2)", "Fie Folkesocialist") in seat_rows
    client.logout()
    public = client.get(reverse("appointments:public-list", args=[nordjylland.slug])).text
    assert "Anna Aalborg" in public and "Midlertidigt indtrådt: Fie Folkesocialist" in public


def test_s_28_stk_2_the_form_keeps_what_was_typed_on_a_refusal(client, staff_user, nordjylland, absent):
    fie = politician("Fie Folkesocialist", letter="F")
    client.force_login(staff_user)
    url = reverse("appointments:stand-in-create", args=[nordjylland.slug, absent.pk])
    assert client.get(url).status_code == 200
    data = {"person": fie.pk, "starts_on": "2026-10-01", "ends_on": "2026-10-20", "group": "A+F", "note": "Sygdom"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "mindst 1 måned" in refused.text and "Sygdom" in refused.text
    assert client.post(url, {**data, "ends_on": "2026-12-31"}).status_code == 302
    assert Appointment.objects.get(role=Appointment.Role.STAND_IN).person == fie


def test_s_28_stk_2_members_get_403_and_other_councils_staff_404(client, other_staff_user, absent, nordjylland):
    client.force_login(other_staff_user)
    url = reverse("appointments:stand-in-create", args=[nordjylland.slug, absent.pk])
    assert client.get(url).status_code in (403, 404)


def test_s_28_stk_2_the_absents_appointment_is_not_voided_while_a_stand_in_names_it(absent):
    fie = stand_in(absent, politician("Fie Folkesocialist", letter="F"))
    with pytest.raises(RuleViolation, match="Annullér først den midlertidige afløser Fie Folkesocialist"):
        services.void_appointment(absent, reason="Fejlregistrering", actor=None)
    services.void_appointment(fie, reason="Fejlregistrering", actor=None)
    assert services.void_appointment(absent, reason="Fejlregistrering", actor=None).voided_at is not None


def test_s_28_stk_2_the_absents_appointment_can_not_end_before_a_stand_in_who_has_not_yet_begun(absent):
    fie = stand_in(absent, politician("Fie Folkesocialist", letter="F"), starts_on=date(2026, 12, 1),
                   ends_on=date(2027, 1, 31))  # fmt: skip
    with pytest.raises(RuleViolation, match="Fie Folkesocialist.*1. december 2026") as refused:
        services.end_appointment(absent, on=date(2026, 11, 15), reason=Appointment.EndReason.RESIGNED, actor=None)
    assert refused.value.rule == "§ 28 stk. 2"
    absent.refresh_from_db()
    assert absent.end_reason == "" and Appointment.objects.get(pk=fie.pk).ends_on == date(2027, 1, 31)
