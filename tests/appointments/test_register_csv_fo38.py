"""FO 3.8 in the register's CSV: the page's seat lines decide once who sits on a political seat, and the CSV
follows them. On a day the CSV lists nobody the page shows as gone (a holder whose municipal office ended before
that day leaves his seat vacant, a substitute leaves his place); for a year it lists everyone who sat on some
day of it, and "Til" never runs past his last day on the seat (the appointment's end or the office's end)."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import queries, services
from appointments.models import Appointment, Seat
from members.models import EndReason, MunicipalOffice
from members.services import end_office
from tests.builders import politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db
APPOINTED = date(2026, 3, 10)
CHOSEN = date(2026, 9, 1)
HOLDER, DEPUTY = "Anna Aalborg", "Stig Stedfortræder"


def leave_the_council(person, on):
    office = MunicipalOffice.objects.get(person=person)
    end_office(office, on=on, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=None)


def appoint(seat, person, *, role=Appointment.Role.MEMBER, starts_on=APPOINTED):
    return services.appoint_representative(
        seat, person=person, role=role, starts_on=starts_on, method=Appointment.Method.MAJORITY, actor=None
    )


def csv_rows(client, council, **query) -> list[list[str]]:
    response = client.get(reverse("appointments:register-csv", args=[council.slug, "2026-2030"]), query)
    return [row.split(";") for row in response.content.decode("utf-8-sig").strip().splitlines()[1:]]


def rows_of(rows, name):
    return [row for row in rows if row[5] == name]


@pytest.fixture
def holder_seat(nordjylland, erhvervshus):
    seat = political_seats(erhvervshus, nordjylland)[0]
    appoint(seat, politician(HOLDER, letter="A"))
    return seat


@pytest.mark.parametrize(
    ("last_day", "sits"), [(CHOSEN, True), (date(2026, 8, 31), False)], ids=["on-the-date", "day-before"]
)
def test_fo_3_8_the_csv_on_a_date_lists_a_holder_only_while_the_page_seats_him(
    client, staff_user, nordjylland, period, holder_seat, last_day, sits
):
    leave_the_council(Appointment.objects.get(seat=holder_seat).person, last_day)
    client.force_login(staff_user)
    page = client.get(reverse("appointments:register-detail", args=[nordjylland.slug, period.name]), {"dato": CHOSEN})
    line = next(line for line in page.context["lines"] if line.seat == holder_seat)
    assert line.is_vacant != sits

    rows = csv_rows(client, nordjylland, dato=CHOSEN.isoformat())
    assert bool(rows_of(rows, HOLDER)) == sits
    seat_rows = [row for row in rows if row[0] == holder_seat.body.name and row[2] == holder_seat.label]
    assert len(seat_rows) == 1  # the vacant seat stays in the CSV, as a row without a person
    assert seat_rows[0][5] == (HOLDER if sits else "")


def test_fo_3_8_the_csv_on_a_date_leaves_out_a_substitute_who_left_the_council(client, staff_user, nordjylland, rar):
    seat = political_seats(rar, nordjylland)[0]
    appoint(seat, politician("Mette Medlem", letter="A"), starts_on=date(2026, 6, 1))
    deputy = politician(DEPUTY, "Hjørring", letter="A")
    appoint(seat, deputy, role=Appointment.Role.SUBSTITUTE, starts_on=date(2026, 6, 1))
    leave_the_council(deputy, date(2026, 8, 31))
    client.force_login(staff_user)
    assert rows_of(csv_rows(client, nordjylland, dato="2026-08-31"), DEPUTY)
    after = csv_rows(client, nordjylland, dato=CHOSEN.isoformat())
    assert not rows_of(after, DEPUTY) and rows_of(after, "Mette Medlem")


@pytest.mark.parametrize(
    ("last_day", "year", "until"),
    [
        (date(2027, 3, 15), 2027, "2027-03-15"),  # sat from 1 January until his office ended in March
        (date(2027, 12, 31), 2027, "2027-12-31"),  # sat the whole year
        (date(2027, 12, 31), 2028, None),  # vacant from 1 January: never sat that year
        (date(2027, 1, 1), 2027, "2027-01-01"),  # sat one day of the year
        (date(2027, 1, 1), 2026, "2027-01-01"),  # sat the rest of 2026; "Til" is his last day, in the next year
        (date(2026, 12, 31), 2027, None),
    ],
    ids=["march", "last-day-of-year", "year-after", "1-january", "year-before", "ended-the-day-before"],
)
def test_fo_3_8_the_csv_of_a_year_lists_a_holder_who_sat_in_it_until_his_last_day(
    client, staff_user, nordjylland, holder_seat, last_day, year, until
):
    leave_the_council(Appointment.objects.get(seat=holder_seat).person, last_day)
    client.force_login(staff_user)
    rows = rows_of(csv_rows(client, nordjylland, aar=year), HOLDER)
    assert [(row[10], row[11]) for row in rows] == ([] if until is None else [(APPOINTED.isoformat(), until)])
    page = client.get(reverse("appointments:register-detail", args=[nordjylland.slug, "2026-2030"]), {"aar": year})
    shown = [(a.person.name, a.held_until) for a in page.context["year_rows"]]
    assert shown == ([] if until is None else [(HOLDER, date.fromisoformat(until))])


def test_fo_3_8_the_year_csv_keeps_an_earlier_end_of_the_appointment_and_caps_a_later_one(
    client, staff_user, nordjylland, holder_seat, erhvervshus
):
    anna = Appointment.objects.get(seat=holder_seat)
    services.end_appointment(anna, on=date(2027, 2, 28), reason=Appointment.EndReason.RESIGNED, actor=None)
    other = political_seats(erhvervshus, nordjylland)[1]
    bo = appoint(other, politician("Bo Brønderslev", "Brønderslev", letter="A"))
    leave_the_council(bo.person, date(2027, 3, 15))
    services.end_appointment(bo, on=date(2027, 4, 30), reason=Appointment.EndReason.RESIGNED, actor=None)
    client.force_login(staff_user)
    rows = csv_rows(client, nordjylland, aar=2027)
    assert [row[11] for row in rows_of(rows, HOLDER)] == ["2027-02-28"]
    assert [(row[11], row[12]) for row in rows_of(rows, "Bo Brønderslev")] == [("2027-03-15", "Udtrådt efter ønske")]


def test_fo_3_8_a_seat_that_is_not_political_keeps_its_holder_and_end_in_the_year_csv(
    client, staff_user, nordjylland, erhvervshus
):
    business = Seat.objects.filter(body=erhvervshus, council=nordjylland, is_political=False).order_by("order")[0]
    person = politician("Ida Iværksætter")
    ida = appoint(business, person)
    leave_the_council(person, date(2027, 3, 15))
    client.force_login(staff_user)
    until = ida.ends_on.isoformat() if ida.ends_on else ""
    assert [row[11] for row in rows_of(csv_rows(client, nordjylland, aar=2028), "Ida Iværksætter")] == [until]
    assert rows_of(csv_rows(client, nordjylland, dato="2028-01-01"), "Ida Iværksætter")


def test_fo_3_8_a_rar_holder_whose_office_ends_with_the_period_sits_through_the_term(
    client, staff_user, nordjylland, period, rar
):
    """A RAR seat's term runs past the municipal period (beskæftigelsesloven § 28 stk. 6): an office that ends
    with the period does not vacate it (``fo38_day``), in the year's CSV as on the page."""
    seat = political_seats(rar, nordjylland)[0]
    person = politician("Rasmus RAR", letter="A")
    rasmus = appoint(seat, person, starts_on=date(2026, 6, 1))
    leave_the_council(person, period.ends_on)
    client.force_login(staff_user)
    year = period.ends_on.year + 1
    until = rasmus.ends_on.isoformat() if rasmus.ends_on else ""
    assert [row[11] for row in rows_of(csv_rows(client, nordjylland, aar=year), "Rasmus RAR")] == [until]
    lines = queries.register_lines(nordjylland, period, today=date(year, 3, 1))
    assert not next(line for line in lines if line.seat == seat).is_vacant


def test_fo_3_8_offices_that_follow_on_make_one_run_and_a_gap_ends_it():
    from appointments.queries.eligibility import seated_runs, seated_until

    period_end = date(2029, 12, 31)
    offices = [(date(2027, 6, 1), None), (date(2026, 1, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 3, 15))]
    runs = seated_runs(offices, period_end)
    assert runs == [(date(2026, 1, 1), date(2027, 3, 15)), (date(2027, 6, 1), None)]
    assert seated_until(runs, APPOINTED, None, date(2027, 1, 1), date(2027, 4, 30)) == (True, date(2027, 3, 15))
    assert seated_until(runs, APPOINTED, None, date(2027, 4, 1), date(2027, 5, 31)) == (False, None)
    assert seated_until(runs, APPOINTED, date(2028, 5, 1), date(2027, 1, 1), date(2027, 12, 31)) == (
        True,
        date(2028, 5, 1),
    )
    assert seated_runs([(date(2026, 1, 1), period_end), (date(2030, 1, 1), None)], period_end) == [
        (date(2026, 1, 1), None)
    ]


def test_the_csv_of_a_year_reads_the_same_number_of_queries_for_more_appointees(
    client, staff_user, nordjylland, erhvervshus, holder_seat
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user)

    def count():
        with CaptureQueriesContext(connection) as queries_run:
            client.get(reverse("appointments:register-csv", args=[nordjylland.slug, "2026-2030"]), {"aar": 2027})
        return len(queries_run)

    before = count()
    for n, seat in enumerate(political_seats(erhvervshus, nordjylland)[1:3]):
        person = politician(f"Person {n}", letter="A")
        appoint(seat, person)
        leave_the_council(person, date(2027, 3, 15))
    assert count() == before
