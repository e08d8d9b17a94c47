"""FO 3.8: only a municipal council member of the region sits on a political seat. The departure "udtrådt af
kommunalbestyrelsen" ends the municipal office (members), and the register computes the rest from the dated
rows: from the next day each of the person's political seats is vacant with the § 28 follow-up, and the
public list no longer shows him."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import queries, services
from appointments.models import Appointment
from members.models import EndReason, MunicipalOffice
from members.services import record_departure
from tests.builders import politician, seat

from .conftest import political_seats

pytestmark = pytest.mark.django_db
LAST_DAY = date(2026, 8, 31)
NEXT_DAY = date(2026, 9, 1)


@pytest.fixture
def appointee(nordjylland, period, erhvervshus, rar):
    """A KKR member who holds two political seats: one his group won proportionally, one by majority."""
    person = politician("Anna Aalborg", letter="A")
    membership = seat(nordjylland, period, person)
    common = {"person": person, "actor": None}
    services.appoint_representative(
        political_seats(erhvervshus, nordjylland)[0], starts_on=date(2026, 3, 10), method="proportional",
        group="A+F", **common,
    )  # fmt: skip
    services.appoint_representative(
        political_seats(rar, nordjylland)[0], starts_on=date(2026, 6, 1), method="majority", **common
    )
    return membership


def lines_of(council, period, person, on):
    lines = queries.register_lines(council, period, today=on)
    return {line.seat.body.key: line for line in lines if line.holder and line.holder.person == person}


def test_fo_3_8_leaving_the_municipal_council_vacates_the_persons_political_seats_from_the_next_day(
    client, nordjylland, period, appointee, staff_user
):
    person = appointee.person
    record_departure(appointee, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)

    office = MunicipalOffice.objects.get(person=person)
    assert office.ends_on == LAST_DAY  # the same date, in the same transaction as the departure
    assert office.history.first().history_user == staff_user

    on_the_last_day = lines_of(nordjylland, period, person, LAST_DAY)
    assert not any(line.is_vacant for line in on_the_last_day.values())
    from_next_day = lines_of(nordjylland, period, person, NEXT_DAY)
    assert from_next_day["erhvervshus-nordjylland"].follow_up == f"{queries.FOLLOW_UP_SAME_GROUP}: A+F"
    assert from_next_day["rar-nordjylland"].follow_up == queries.FOLLOW_UP_MAJORITY
    assert Appointment.objects.filter(person=person, end_reason="").count() == 2  # nothing pushed up

    assert person in [a.person for a in queries.public_appointees(nordjylland, today=LAST_DAY)]
    assert person not in [a.person for a in queries.public_appointees(nordjylland, today=NEXT_DAY)]


def test_fo_3_8_a_substitute_leaving_the_municipal_council_ends_the_office_too(nordjylland, period, staff_user):
    from tests.builders import substitute

    member = seat(nordjylland, period, politician("Vera Venstre"))
    assignment = substitute(member, politician("Søren Suppleant", "Hjørring"))
    record_departure(assignment, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    assert MunicipalOffice.objects.get(person__name="Søren Suppleant").ends_on == LAST_DAY
    assert MunicipalOffice.objects.get(person__name="Vera Venstre").ends_on is None


def test_fo_3_8_leaving_the_party_does_not_end_the_office(nordjylland, period, appointee, staff_user):
    record_departure(appointee, on=LAST_DAY, reason=EndReason.LEFT_PARTY, actor=staff_user, substitute_accepts=False)
    assert MunicipalOffice.objects.current(NEXT_DAY).filter(person=appointee.person).exists()


def test_fo_3_8_the_public_list_page_leaves_out_an_ex_council_member(client, nordjylland, appointee, monkeypatch):
    MunicipalOffice.objects.filter(person=appointee.person).update(ends_on=LAST_DAY)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: NEXT_DAY)
    page = client.get(reverse("appointments:public-list", args=[nordjylland.slug])).text
    assert "Anna Aalborg" not in page


def test_fo_3_8_a_member_who_died_leaves_the_municipal_council_too_and_his_seats_are_vacant_from_the_next_day(
    nordjylland, period, appointee, staff_user
):
    person = appointee.person
    record_departure(appointee, on=LAST_DAY, reason=EndReason.DIED, actor=staff_user)
    assert MunicipalOffice.objects.get(person=person).ends_on == LAST_DAY
    from_next_day = lines_of(nordjylland, period, person, NEXT_DAY)
    assert from_next_day["erhvervshus-nordjylland"].follow_up == f"{queries.FOLLOW_UP_SAME_GROUP}: A+F"
    assert person not in [a.person for a in queries.public_appointees(nordjylland, today=NEXT_DAY)]


def test_fo_3_8_a_personal_substitute_on_a_political_seat_who_left_the_council_leaves_the_substitute_seat_vacant(
    nordjylland, period, rar, staff_user
):
    from members.services import end_office

    target = political_seats(rar, nordjylland)[0]
    member, deputy = politician("Mette Medlem", letter="A"), politician("Stig Stedfortræder", "Hjørring", letter="A")
    common = {"starts_on": date(2026, 6, 1), "method": "majority", "actor": None}
    services.appoint_representative(target, person=member, **common)
    services.appoint_representative(target, person=deputy, role=Appointment.Role.SUBSTITUTE, **common)
    end_office(MunicipalOffice.objects.get(person=deputy), on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL,
               actor=staff_user)  # fmt: skip

    def line_on(day):
        return next(x for x in queries.register_lines(nordjylland, period, today=day) if x.seat == target)

    assert line_on(LAST_DAY).substitute.person == deputy and not line_on(LAST_DAY).substitute_follow_up
    after = line_on(NEXT_DAY)
    assert after.holder.person == member and not after.follow_up
    assert after.substitute_follow_up, "the substitute left the council: the substitute seat must be filled again"
    assert after.substitute is None and after.substitute_follow_up == queries.FOLLOW_UP_SUBSTITUTE_MAJORITY
    assert not after.is_vacant  # the member's seat is not vacant: the dashboard counts no vacancy
