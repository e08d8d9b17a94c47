"""Terms renew (SPEC §4): a RAR seat runs to 31 May after the election although the municipal offices end on 31
December (beskæftigelsesloven § 28 stk. 6), the register shows what must be filled for the next term, and the
seats are copied forward to the next period by a service and a staff button that asks first."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appointments import queries, services
from appointments.models import Appointment, Body, Seat
from kkr.errors import RuleViolation
from members.models import ElectionPeriod, MunicipalOffice
from tests.builders import make_member, make_staff, make_user, politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db
LAST_OFFICE_DAY, NEW_COUNCIL = date(2029, 12, 31), date(2030, 1, 1)
RAR_LAST_DAY, RAR_NEXT_TERM = date(2030, 5, 31), date(2030, 6, 1)


@pytest.fixture
def next_period(period):
    return ElectionPeriod.objects.create(
        name="2030-2034", starts_on=date(2030, 1, 1), ends_on=date(2033, 12, 31), election_on=date(2029, 11, 20),
        rule_set=period.rule_set,
    )  # fmt: skip


@pytest.fixture
def rar_member(nordjylland, rar):
    """A RAR member from 1 June 2026 whose municipal office ends with the period on 31.12.2029 (not re-elected)."""
    person = politician("Rikke Rar", letter="A")
    seat = political_seats(rar, nordjylland)[0]
    services.appoint_representative(seat, person=person, starts_on=date(2026, 6, 1), method="majority", actor=None)
    MunicipalOffice.objects.filter(person=person).update(ends_on=LAST_OFFICE_DAY)
    return person


def rar_line(council, period, on):
    return next(
        line for line in queries.register_lines(council, period, today=on) if line.seat.body.key == "rar-nordjylland"
    )


@pytest.mark.parametrize("on", [LAST_OFFICE_DAY, NEW_COUNCIL, RAR_LAST_DAY])
def test_section_28_6_a_rar_seat_is_not_vacant_when_the_offices_end_on_31_december(nordjylland, period, rar_member, on):
    """Beskæftigelsesloven § 28 stk. 6: appointed for 4 years from 1 June; "finder udpegningen sted i løbet af en
    periode, gælder den til periodens udløb". The offices' regular end with the municipal period does not vacate
    the seat (FO 3.8 is judged on the period's last day)."""
    line = rar_line(nordjylland, period, on)
    assert line.holder.person == rar_member and not line.is_vacant
    assert [a.person for a in queries.public_appointees(nordjylland, today=on)] == [rar_member]


def test_section_28_6_on_1_june_the_rar_seat_needs_the_next_term(nordjylland, period, rar_member):
    line = rar_line(nordjylland, period, RAR_NEXT_TERM)
    assert line.holder is None and line.follow_up == queries.FOLLOW_UP_NEXT_TERM
    assert queries.public_appointees(nordjylland, today=RAR_NEXT_TERM) == []


def test_fo_3_8_a_rar_member_who_left_the_council_before_the_period_end_leaves_the_seat_vacant(
    nordjylland, period, rar_member
):
    MunicipalOffice.objects.filter(person=rar_member).update(ends_on=date(2028, 6, 30))
    assert not rar_line(nordjylland, period, date(2028, 6, 30)).is_vacant
    assert rar_line(nordjylland, period, date(2028, 7, 1)).follow_up == queries.FOLLOW_UP_MAJORITY
    assert rar_line(nordjylland, period, NEW_COUNCIL).is_vacant  # still vacant after the period's end
    assert queries.public_appointees(nordjylland, today=NEW_COUNCIL) == []


def test_fo_3_8_the_body_page_judges_each_period_on_its_own_last_day(nordjylland, period, next_period, rar, rar_member):
    """The body page shows both periods' seats at once (January-May 2030): the 2026-2030 RAR seat is judged on
    31.12.2029 (held), the 2030-2034 seat on the day (empty, not yet in its term)."""
    services.copy_seats_forward(nordjylland, period, actor=None)
    lines = [line for line in queries.body_lines(rar, today=NEW_COUNCIL) if line.seat.council == nordjylland]
    old = [line for line in lines if line.seat.period == period]
    assert old[0].holder.person == rar_member and not old[0].is_vacant


def test_without_the_next_period_the_next_term_page_says_so_and_copying_is_refused(nordjylland, period, staff_user):
    following, lines = queries.next_term_lines(nordjylland, period)
    assert following is None and lines and all(line.starts_on is None for line in lines)
    with pytest.raises(RuleViolation, match="Valgperioden efter 2026-2030 er ikke oprettet endnu"):
        services.copy_seats_forward(nordjylland, period, actor=staff_user)


def test_next_term_lines_show_each_seats_next_term_and_what_is_missing(nordjylland, period, next_period, bodies):
    following, lines = queries.next_term_lines(nordjylland, period)
    assert following == next_period
    by_body = {}
    for line in lines:
        by_body.setdefault(line.seat.body.key, []).append(line)
    rar = by_body["rar-nordjylland"][0]
    assert (rar.starts_on, rar.ends_on) == (date(2030, 6, 1), date(2034, 5, 31))
    house = by_body["erhvervshus-nordjylland"][0]
    assert (house.starts_on, house.ends_on) == (date(2030, 1, 1), date(2033, 12, 31))
    assert all(line.next_seat is None and line.to_fill for line in by_body["rar-nordjylland"])
    health = by_body["sundhedssamarbejdsudvalg-nordjylland"]
    assert all(not line.renewed and not line.to_fill for line in health)  # ended by law: nothing to fill


def test_the_next_term_page_reads_a_constant_number_of_queries(nordjylland, period, next_period, bodies):
    def count():
        with CaptureQueriesContext(connection) as queries_run:
            queries.next_term_lines(nordjylland, period)
        return len(queries_run)

    services.copy_seats_forward(nordjylland, period, actor=None)
    deb = Seat.objects.get(council=nordjylland, period=period, body__key="danmarks-erhvervsfremmebestyrelse")
    services.appoint_representative(
        deb, person=politician("Dorte Deb", letter="A"), starts_on=date(2026, 2, 1), method="majority", actor=None
    )
    before = count()
    for n, seat in enumerate(Seat.objects.filter(council=nordjylland, period=next_period, is_political=True)[:4]):
        person = politician(f"Ny {n}", letter="V")
        services.appoint_representative(
            seat, person=person, starts_on=seat.body.term_for(next_period)[0], method="majority", actor=None
        )
    assert count() == before == 7


def test_seats_are_copied_forward_once_in_one_transaction_with_the_history(nordjylland, period, next_period, bodies):
    staff = make_staff(nordjylland)
    plan = services.copy_seats_forward(nordjylland, period, actor=staff)
    copies = Seat.objects.filter(council=nordjylland, period=next_period)
    sources = Seat.objects.filter(council=nordjylland, period=period)
    shared = sources.filter(body__key="danmarks-erhvervsfremmebestyrelse")  # only KL gives a shared body seats
    health = sources.filter(body__key__startswith="sundhedssamarbejdsudvalg-")
    assert copies.count() == len(plan.created) == sources.count() - shared.count() - health.count()
    house = copies.get(body__key="erhvervshus-nordjylland", order=9)
    assert (house.label, house.is_political, house.nominated_by) == ("Repræsentant fra en videninstitution", False, "")
    assert house.source.startswith("erhvervsfremmeloven § 13 stk. 2 nr. 4")
    assert house.history.get().history_user == staff
    assert not Appointment.objects.filter(seat__period=next_period).exists()  # the appointments stay behind

    again = services.copy_seats_forward(nordjylland, period, actor=staff)
    assert again.created == [] and len(again.existing) == copies.count()
    assert Seat.objects.filter(council=nordjylland, period=next_period).count() == copies.count()

    admin = make_user("kl-admin", is_superuser=True)
    by_kl = services.copy_seats_forward(nordjylland, period, actor=admin)
    assert [seat.body.key for seat in by_kl.created] == ["danmarks-erhvervsfremmebestyrelse"]


def test_a_copied_seat_keeps_its_rotation_so_the_next_organisation_nominates(
    nordjylland, period, next_period, erhvervshus
):
    seat = Seat.objects.get(body=erhvervshus, council=nordjylland, period=period, order=5)
    seat.rotation = "HORESTA; SMVdanmark"
    seat.save()
    services.record_nomination(
        seat, person=politician("Erhvervsleder", letter="V"), nominated_by="HORESTA", nominated_on=date(2026, 2, 1),
        actor=None,
    )  # fmt: skip
    services.copy_seats_forward(nordjylland, period, actor=None)
    copy = Seat.objects.get(body=erhvervshus, council=nordjylland, period=next_period, label=seat.label)
    assert services.whose_turn(copy) == "SMVdanmark"


def test_section_10_3_the_next_term_page_says_deb_s_holder_cannot_be_reappointed(
    nordjylland, period, next_period, bodies
):
    deb = Body.objects.get(key="danmarks-erhvervsfremmebestyrelse")
    person = politician("Vera Veteran", letter="A")
    earlier = ElectionPeriod.objects.get(name="2022-2026")
    old_seat = Seat.objects.create(body=deb, council=nordjylland, period=earlier, order=1, label="Kommunalt medlem")
    Appointment.objects.create(seat=old_seat, person=person, method="majority", starts_on=earlier.starts_on,
                               ends_on=earlier.ends_on, end_reason="term_ended")  # fmt: skip
    seat = Seat.objects.get(body=deb, council=nordjylland, period=period)
    services.appoint_representative(seat, person=person, starts_on=date(2026, 2, 1), method="majority", actor=None)
    line = next(line for line in queries.next_term_lines(nordjylland, period)[1] if line.seat == seat)
    assert line.terms_held == 2 and line.may_be_reappointed is False


def url(name, council, period):
    return reverse(f"appointments:{name}", args=[council.slug, period.name])


def test_the_staff_button_asks_first_then_copies(client, staff_user, nordjylland, period, next_period, bodies):
    client.force_login(staff_user)
    asked = client.get(url("seats-copy", nordjylland, period))
    assert asked.status_code == 200 and "Kopiér pladserne fra 2026-2030 til 2030-2034?" in asked.content.decode()
    assert not Seat.objects.filter(period=next_period).exists()  # asking changes nothing
    done = client.post(url("seats-copy", nordjylland, period), follow=True)
    assert done.redirect_chain[-1][0] == url("next-term", nordjylland, period)
    assert "pladser er oprettet for 2030-2034" in done.content.decode()
    made = Seat.objects.filter(council=nordjylland, period=next_period).count()
    assert made > 0
    again = client.post(url("seats-copy", nordjylland, period), follow=True)
    assert "Alle pladser findes allerede for 2030-2034" in again.content.decode()
    assert Seat.objects.filter(council=nordjylland, period=next_period).count() == made


def test_the_next_term_page_lists_what_must_be_filled(client, staff_user, nordjylland, period, next_period, bodies):
    client.force_login(staff_user)
    page = client.get(url("next-term", nordjylland, period)).content.decode()
    assert "Næste funktionsperiode efter 2026-2030" in page and "01.06.2030–31.05.2034" in page
    assert "Pladsen er ikke oprettet for 2030-2034" in page
    register = client.get(url("register-detail", nordjylland, period)).content.decode()
    assert url("next-term", nordjylland, period) in register


def test_copying_without_the_next_period_is_a_danish_message_not_a_500(client, staff_user, nordjylland, period):
    client.force_login(staff_user)
    response = client.post(url("seats-copy", nordjylland, period))
    assert response.status_code == 400 and "er ikke oprettet endnu" in response.content.decode()
    assert client.get(url("next-term", nordjylland, period)).status_code == 200


def test_the_next_term_pages_are_for_the_councils_staff(client, nordjylland, hovedstaden, period, next_period, bodies):
    assert client.get(url("next-term", nordjylland, period)).status_code == 302  # anonymous: to the login
    client.force_login(make_member(nordjylland, period))
    assert client.get(url("next-term", nordjylland, period)).status_code == 403
    assert client.post(url("seats-copy", nordjylland, period)).status_code == 403
    client.force_login(make_staff(hovedstaden))
    assert client.get(url("next-term", nordjylland, period)).status_code == 404
    assert client.post(url("seats-copy", nordjylland, period)).status_code == 404
    assert not Seat.objects.filter(period=next_period).exists()
    client.force_login(make_staff(nordjylland, "sekretariat-nord-2"))
    assert client.put(url("seats-copy", nordjylland, period)).status_code == 405
    assert client.post(url("next-term", nordjylland, period)).status_code == 405


def test_kl_creates_the_next_period_in_the_administration_as_the_page_says_and_staff_then_copy_into_it(
    client, staff_user, nordjylland, period, bodies
):
    admin = make_user("kl-admin", is_superuser=True)
    client.force_login(admin)
    added = client.post(
        reverse("admin:members_electionperiod_add"),
        {"name": "2030-2034", "starts_on": "01.01.2030", "ends_on": "31.12.2033", "election_on": "20.11.2029",
         "rule_set": period.rule_set_id, **_empty_inline(client)},
    )  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:3000]
    following = ElectionPeriod.objects.get(name="2030-2034")
    client.force_login(staff_user)
    assert "er ikke oprettet endnu" not in client.get(url("next-term", nordjylland, period)).content.decode()
    assert client.post(url("seats-copy", nordjylland, period)).status_code == 302
    assert Seat.objects.filter(council=nordjylland, period=following, body__key="rar-nordjylland").count() == 5


def _empty_inline(client):
    """The management form of each inline on the admin's add page, with no rows."""
    import re

    page = client.get(reverse("admin:members_electionperiod_add")).content.decode()
    fields = re.findall(r'name="([^"]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"', page)
    return {name: ("0" if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")) else value) for name, value in fields}
