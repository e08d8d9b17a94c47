"""Appointing, ending, abolishing, eligibility (FO 3.8) and the vacancy follow-up (§ 28)."""

from datetime import date

import pytest

from appointments import queries, services
from appointments.models import Appointment, Body, Seat
from kkr.errors import RuleViolation
from members.models import MunicipalOffice
from tests.builders import politician, seat

from .conftest import political_seats

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 10)


def appoint(seat_, person, actor=None, **kwargs):
    kwargs.setdefault("starts_on", ON)
    kwargs.setdefault("method", Appointment.Method.MAJORITY)
    return services.appoint_representative(seat_, person=person, actor=actor, **kwargs)


def test_fo_3_8_a_municipal_council_member_of_the_region_is_eligible_without_a_kkr_membership(
    nordjylland, erhvervshus, aalborg_politician, staff_user
):
    target = political_seats(erhvervshus, nordjylland)[0]
    appointment = appoint(target, aalborg_politician, staff_user)
    assert not aalborg_politician.memberships.exists()
    assert appointment.ends_on == date(2029, 12, 31)  # the term follows the municipal period
    assert appointment.history.get().history_user == staff_user


def test_fo_3_8_a_kkr_member_is_eligible_too(nordjylland, period, erhvervshus):
    person = politician("Bo Brønderslev", "Brønderslev")
    seat(nordjylland, period, person)
    assert appoint(political_seats(erhvervshus, nordjylland)[0], person).person == person


def test_fo_3_8_an_ex_council_member_is_refused_naming_the_rule(nordjylland, erhvervshus, aalborg_politician):
    MunicipalOffice.objects.filter(person=aalborg_politician).update(ends_on=date(2026, 3, 9))
    with pytest.raises(RuleViolation) as refused:
        appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)
    assert refused.value.rule == "FO 3.8"
    assert "Anna Aalborg" in str(refused.value)
    assert not Appointment.objects.exists()


def test_fo_3_8_on_the_last_day_of_the_office_the_person_is_still_eligible(
    nordjylland, erhvervshus, aalborg_politician
):
    MunicipalOffice.objects.filter(person=aalborg_politician).update(ends_on=ON)
    assert appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)


def test_fo_3_8_a_council_member_of_another_region_is_refused(nordjylland, erhvervshus):
    outsider = politician("Kim København", "København")
    with pytest.raises(RuleViolation, match="FO 3.8"):
        appoint(political_seats(erhvervshus, nordjylland)[0], outsider)


def test_fo_3_8_a_nominated_seat_takes_anyone(nordjylland, erhvervshus):
    business = Seat.objects.filter(body=erhvervshus, is_political=False).first()
    from members.models import Person

    person = Person.objects.create(name="Erhvervsleder")
    assert appoint(business, person, method=Appointment.Method.NOMINATION).seat == business


def test_a_seat_holds_one_member_at_a_time(nordjylland, erhvervshus, aalborg_politician):
    target = political_seats(erhvervshus, nordjylland)[0]
    appoint(target, aalborg_politician)
    with pytest.raises(RuleViolation, match="besat af Anna Aalborg"):
        appoint(target, politician("Carl Hjørring", "Hjørring"))


def test_personal_substitutes_only_where_the_body_has_them(nordjylland, erhvervshus, rar, aalborg_politician):
    with pytest.raises(RuleViolation, match="personlige stedfortrædere"):
        appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician, role=Appointment.Role.SUBSTITUTE)
    rar_seat = political_seats(rar, nordjylland)[0]
    sub = appoint(rar_seat, aalborg_politician, role=Appointment.Role.SUBSTITUTE, starts_on=date(2026, 6, 1))
    assert (sub.starts_on, sub.ends_on) == (date(2026, 6, 1), date(2030, 5, 31))


def test_rar_term_runs_from_1_june_after_the_election_for_four_years(nordjylland, rar, aalborg_politician):
    with pytest.raises(RuleViolation, match="funktionsperioden"):
        appoint(political_seats(rar, nordjylland)[0], aalborg_politician, starts_on=date(2026, 5, 31))


def test_the_chair_seat_takes_the_chair_role(nordjylland, erhvervshus, aalborg_politician):
    chair = Seat.objects.get(body=erhvervshus, council=nordjylland, is_chair=True)
    with pytest.raises(RuleViolation, match="Formand for organet"):
        appoint(chair, aalborg_politician)
    assert appoint(chair, aalborg_politician, role=Appointment.Role.CHAIR).role == Appointment.Role.CHAIR


def test_end_appointment_records_the_day_and_reason(nordjylland, erhvervshus, aalborg_politician, staff_user):
    appointment = appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)
    services.end_appointment(appointment, on=date(2026, 9, 1), reason=Appointment.EndReason.RESIGNED, actor=staff_user)
    appointment.refresh_from_db()
    assert (appointment.ends_on, appointment.end_reason) == (date(2026, 9, 1), "resigned")
    with pytest.raises(RuleViolation, match="allerede afsluttet"):
        services.end_appointment(appointment, on=date(2026, 9, 2), reason="other", actor=staff_user)


def test_a_body_abolished_mid_period_ends_its_appointments_that_day(nordjylland, erhvervshus, aalborg_politician):
    appointment = appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)
    abolished_on = date(2027, 7, 1)
    services.abolish_body(erhvervshus, on=abolished_on, reason=Body.EndReason.ABOLISHED_BY_LAW, actor=None)
    appointment.refresh_from_db()
    assert (appointment.ends_on, appointment.end_reason) == (abolished_on, Appointment.EndReason.BODY_ABOLISHED)
    with pytest.raises(RuleViolation, match="nedlagt"):
        appoint(
            political_seats(erhvervshus, nordjylland)[1], politician("Dan Thisted", "Thisted"), starts_on=abolished_on
        )
    lines = queries.body_lines(erhvervshus, today=date(2027, 7, 2))
    assert {line.follow_up for line in lines} == {queries.FOLLOW_UP_ABOLISHED}


def test_s_28_an_appointee_who_leaves_the_council_leaves_a_vacancy_the_same_group_fills(
    nordjylland, period, erhvervshus, aalborg_politician
):
    appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician, method="proportional", group="A+F")
    MunicipalOffice.objects.filter(person=aalborg_politician).update(ends_on=date(2026, 8, 31))
    before = queries.register_lines(nordjylland, period, today=date(2026, 8, 31), body=erhvervshus)
    after = queries.register_lines(nordjylland, period, today=date(2026, 9, 1), body=erhvervshus)
    assert before[1].holder.person == aalborg_politician and not before[1].is_vacant
    assert after[1].is_vacant
    assert after[1].follow_up == f"{queries.FOLLOW_UP_SAME_GROUP}: A+F"


def test_fo_3_8_a_single_seat_vacancy_asks_for_a_new_majority_election(
    nordjylland, period, erhvervshus, aalborg_politician
):
    appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)
    MunicipalOffice.objects.filter(person=aalborg_politician).update(ends_on=date(2026, 8, 31))
    line = queries.register_lines(nordjylland, period, today=date(2026, 9, 1), body=erhvervshus)[1]
    assert line.follow_up == queries.FOLLOW_UP_MAJORITY


def test_end_of_term_shows_what_must_be_filled_next(nordjylland, period, erhvervshus, aalborg_politician):
    appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)
    lines = queries.register_lines(nordjylland, period, today=date(2030, 1, 1), body=erhvervshus)
    assert {line.follow_up for line in lines} == {queries.FOLLOW_UP_NEXT_TERM}
    assert lines[1].holder is None  # the appointment ended with the period


def test_appointments_of_person_lists_every_appointment(nordjylland, erhvervshus, aalborg_politician):
    appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)
    assert [a.seat.body for a in queries.appointments_of_person(aalborg_politician)] == [erhvervshus]


def test_s_28_a_resignation_from_a_proportional_seat_is_refilled_by_the_same_group(
    nordjylland, period, erhvervshus, aalborg_politician
):
    appointment = appoint(
        political_seats(erhvervshus, nordjylland)[0], aalborg_politician, method="proportional", group="V"
    )
    services.end_appointment(appointment, on=date(2026, 9, 30), reason=Appointment.EndReason.RESIGNED, actor=None)
    line = queries.register_lines(nordjylland, period, today=date(2026, 10, 1), body=erhvervshus)[1]
    assert line.holder is None and line.follow_up == f"{queries.FOLLOW_UP_SAME_GROUP}: V"


def test_a_body_is_not_abolished_under_an_appointment_that_begins_after_the_day(nordjylland, erhvervshus):
    later = appoint(political_seats(erhvervshus, nordjylland)[0], politician("Lise Later"), starts_on=date(2027, 9, 1))
    with pytest.raises(RuleViolation, match="Lise Later.*1. september 2027"):
        services.abolish_body(erhvervshus, on=date(2027, 7, 1), reason=Body.EndReason.ABOLISHED_BY_LAW, actor=None)
    erhvervshus.refresh_from_db()
    later.refresh_from_db()
    assert erhvervshus.ends_on is None and later.end_reason == ""
