"""Kommunestyrelsesloven § 26 (policy, by analogy, SPEC §4): in a proportional election to a body with seats
for council members and others, the groups fill seats in quotient order and may take either kind with a
person eligible for it (FO 3.8), until one kind is full; not seat k for quotient k."""

import pytest

from appointments import voting
from appointments.models import Appointment, Election, Seat
from kkr.errors import RuleViolation
from members.models import Person
from tests.builders import politician

from .conftest import political_seats, seat_present

pytestmark = pytest.mark.django_db


def business_seats(body, council):
    return list(Seat.objects.filter(body=body, council=council, is_political=False).order_by("order"))


def mixed(meeting, body, political: int, other: int):
    seats = political_seats(body, meeting.council)[:political] + business_seats(body, meeting.council)[:other]
    return voting.start_election(meeting, body=body, seats=seats, actor=None)


def declare(election, name, members, nominees):
    return voting.declare_group(election, name=name, members=members, nominees=nominees, actor=None)


def test_s_26_a_group_naming_a_business_representative_first_takes_a_business_seat(meeting, erhvervshus, staff_user):
    election = mixed(meeting, erhvervshus, political=2, other=1)
    voters = seat_present(meeting, 7)
    erik = Person.objects.create(name="Erik Erhverv")
    ane, bo = politician("Ane", letter="A"), politician("Bo", letter="V")
    declare(election, "A+F", voters[:4], [erik, ane])
    declare(election, "V", voters[4:], [bo])
    election = voting.allocate(election, actor=None)  # quotients 4, 3, 2 → A+F, V, A+F
    appointments = voting.confirm_election(election, actor=staff_user)
    seats = {a.person: (a.seat.is_political, a.group) for a in appointments}
    assert seats == {erik: (False, "A+F"), bo: (True, "V"), ane: (True, "A+F")}
    assert {a.method for a in appointments} == {Appointment.Method.PROPORTIONAL}


def test_s_26_when_the_political_seats_are_full_a_council_member_takes_another_seat(meeting, erhvervshus, staff_user):
    election = mixed(meeting, erhvervshus, political=1, other=2)
    voters = seat_present(meeting, 7)
    ane, cai = politician("Ane", letter="A"), politician("Cai", letter="F")
    erik = Person.objects.create(name="Erik Erhverv")
    declare(election, "A+F", voters[:4], [ane, cai])
    declare(election, "V", voters[4:], [erik])
    election = voting.allocate(election, actor=None)
    appointments = voting.confirm_election(election, actor=staff_user)
    assert {a.person: a.seat.is_political for a in appointments} == {ane: True, erik: False, cai: False}


def test_s_26_a_non_member_when_only_political_seats_are_left_is_refused(meeting, erhvervshus):
    election = mixed(meeting, erhvervshus, political=2, other=1)
    voters = seat_present(meeting, 7)
    declare(
        election, "A+F", voters[:4], [Person.objects.create(name="Erik Erhverv"), Person.objects.create(name="Else")]
    )
    declare(election, "V", voters[4:], [politician("Bo", letter="V")])
    with pytest.raises(RuleViolation, match="plads nr. 3, men Else kan kun") as refused:
        voting.allocate(election, actor=None)
    assert refused.value.rule == "§ 26"
    assert Election.objects.get().state == Election.State.OPEN
