"""Departures (B1 1.9, 1.13, 1.14) and a mayor's change of party (B1 1.10-1.12)."""

from datetime import date

import pytest

from kkr.errors import RuleViolation
from members.models import Action, EndReason, Membership, MunicipalOffice, SubstituteAssignment
from members.queries import roster
from members.services import add_member, record_departure, record_party_switch
from tests.builders import entitle, party, politician, seat, snapshot, substitute

pytestmark = pytest.mark.django_db
LAST_DAY = date(2026, 6, 30)


@pytest.fixture
def member(nordjylland, period):
    membership = seat(nordjylland, period, politician("Vera Venstre"))
    substitute(membership, politician("Søren Suppleant", "Hjørring"))
    return membership


def test_B1_1_13_the_substitute_becomes_member_the_day_after_and_a_new_substitute_is_needed(
    member, staff_user, nordjylland
):
    departure = record_departure(member, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    member.refresh_from_db()
    assert (member.ends_on, member.end_reason) == (LAST_DAY, "left_municipal_council")
    new = departure.new_membership
    assert (new.person.name, new.starts_on, new.party, new.municipality.name) == (
        "Søren Suppleant",
        date(2026, 7, 1),
        member.party,
        "Hjørring",
    )
    old_assignment = SubstituteAssignment.objects.get(person=new.person)
    assert (old_assignment.ends_on, old_assignment.end_reason) == (LAST_DAY, EndReason.BECAME_MEMBER)
    action = Action.objects.open().get()
    assert action.title == "Venstre skal vælge ny stedfortræder for Søren Suppleant"
    assert (action.rule, action.membership) == ("B1 1.13", new)
    assert [s.member.name for s in roster(nordjylland, on=LAST_DAY).seats] == ["Vera Venstre"]
    assert [s.member.name for s in roster(nordjylland, on=date(2026, 7, 1)).seats] == ["Søren Suppleant"]
    assert member.history.latest().history_user == staff_user


def test_B1_1_13_a_substitute_who_declines_stays_substitute_for_the_new_member(member, staff_user, nordjylland, period):
    entitle(nordjylland, period, "V", seats=1)
    record_departure(member, on=LAST_DAY, reason=EndReason.LEFT_PARTY, actor=staff_user, substitute_accepts=False)
    action = Action.objects.open().get()
    assert action.kind == "new_member" and "Søren Suppleant forbliver stedfortræder" in action.title
    assert not Membership.objects.current(date(2026, 7, 1)).exists()
    newcomer = add_member(nordjylland, person=politician("Nina Ny"), starts_on=date(2026, 8, 1), actor=staff_user)
    moved = newcomer.substitutes.get()
    assert (moved.person.name, moved.starts_on) == ("Søren Suppleant", date(2026, 8, 1))
    assert member.substitutes.get().end_reason == EndReason.MOVED
    assert not Action.objects.open().exists()


def test_B1_1_14_a_substitute_who_leaves_calls_for_a_new_substitute(member, staff_user):
    assignment = member.substitutes.get()
    record_departure(assignment, on=LAST_DAY, reason=EndReason.LEFT_PARTY, actor=staff_user)
    assignment.refresh_from_db()
    assert (assignment.ends_on, assignment.end_reason) == (LAST_DAY, "left_party")
    action = Action.objects.open().get()
    assert (action.rule, action.title) == ("B1 1.14", "Venstre skal vælge ny stedfortræder for Vera Venstre")


def test_B1_1_2_a_mayors_substitute_who_leaves_gets_a_proposal_from_the_chain(nordjylland, period, staff_user):
    mayor = seat(nordjylland, period, politician("Borgmester Bo", kind="mayor", letter="A"), kind="mayor")
    first = politician("Første Vice", kind="deputy_mayor_1")
    assignment = substitute(mayor, first)
    politician("Anden Vice", kind="deputy_mayor_2")
    first.offices.update(ends_on=LAST_DAY)  # he left the municipal council
    record_departure(assignment, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    assert "Anden Vice" in Action.objects.open().get().details


def test_B1_1_9_a_departure_before_the_seat_began_or_after_it_ended_is_refused(member, staff_user):
    before = snapshot()
    with pytest.raises(RuleViolation, match="sidder ikke"):
        record_departure(member, on=date(2026, 1, 19), reason=EndReason.LEFT_PARTY, actor=staff_user)
    assert snapshot() == before
    record_departure(member, on=date(2026, 1, 20), reason=EndReason.LEFT_PARTY, actor=staff_user)
    with pytest.raises(RuleViolation, match="sidder ikke"):
        record_departure(member, on=LAST_DAY, reason=EndReason.LEFT_PARTY, actor=staff_user)


def test_B1_1_10_a_mayor_leaving_his_party_is_not_a_departure(nordjylland, period, staff_user):
    mayor = seat(nordjylland, period, politician("Borgmester Bo", kind="mayor", letter="A"), kind="mayor")
    with pytest.raises(RuleViolation, match="forbliver medlem"):
        record_departure(mayor, on=LAST_DAY, reason=EndReason.LEFT_PARTY, actor=staff_user)


def test_a_mayor_who_leaves_the_municipal_council_is_followed_by_the_new_mayor(nordjylland, period, staff_user):
    mayor = seat(nordjylland, period, politician("Borgmester Bo", kind="mayor", letter="A"), kind="mayor")
    record_departure(mayor, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    assert Action.objects.open().get().kind == "new_mayor"
    MunicipalOffice.objects.filter(kind="mayor").update(ends_on=LAST_DAY)
    successor = politician("Ny Borgmester", kind="mayor", letter="A")
    add_member(nordjylland, person=successor, starts_on=date(2026, 7, 1), actor=staff_user)
    assert list(Action.objects.open().values_list("kind", flat=True)) == ["new_substitute"]


@pytest.fixture
def mayor_a(nordjylland, period):
    return seat(nordjylland, period, politician("Borgmester Bo", kind="mayor", letter="A"), kind="mayor")


def test_B1_1_10_a_mayor_who_switches_party_stays_and_is_not_recounted(mayor_a, nordjylland, period, staff_user):
    seat(nordjylland, period, politician("Anne A", letter="A"))
    switch = record_party_switch(mayor_a, new_party=party("M"), on=LAST_DAY, actor=staff_user)
    assert switch.action is None and "fortsat repræsenteret" in switch.explanation
    mayor_a.refresh_from_db()
    assert mayor_a.ends_on is None and mayor_a.party == party("A")
    assert mayor_a.person.party == party("M")
    offices = mayor_a.person.offices.order_by("starts_on")
    assert [(o.party.letter, o.ends_on) for o in offices] == [("A", date(2026, 6, 29)), ("M", None)]


def test_B1_1_11_the_only_representative_of_an_entitled_party_leaves_it_the_party_appoints_a_new_member(
    mayor_a, nordjylland, period, staff_user
):
    entitle(nordjylland, period, "A", seats=1, mayors=1)
    switch = record_party_switch(mayor_a, new_party=None, on=LAST_DAY, actor=staff_user)
    assert switch.action.title == "Socialdemokratiet skal udpege et nyt medlem til KKR"
    assert switch.action.rule == "B1 1.11"
    assert switch.cap_excess == 0 and "loftet er 22" in switch.action.details
    newcomer = add_member(nordjylland, person=politician("Anne A", letter="A"), starts_on=LAST_DAY, actor=staff_user)
    assert newcomer.party == party("A")
    assert not Action.objects.open().filter(kind="new_member").exists()


def test_B1_1_12_the_cap_may_be_exceeded_and_the_excess_is_shown(mayor_a, nordjylland, period, staff_user):
    entitle(nordjylland, period, "A", seats=1, mayors=1)
    for number in range(21):
        seat(nordjylland, period, politician(f"Medlem {number:02}"))
    switch = record_party_switch(mayor_a, new_party=party("M"), on=LAST_DAY, actor=staff_user)
    assert switch.cap_excess == 1
    assert "overskrides med 1" in switch.action.details


def test_B1_1_11_no_new_member_when_the_party_is_not_entitled(mayor_a, nordjylland, period, staff_user):
    entitle(nordjylland, period, "A", seats=1, mayors=1, is_entitled=False)
    switch = record_party_switch(mayor_a, new_party=party("M"), on=LAST_DAY, actor=staff_user)
    assert switch.action is None and "ikke berettiget" in switch.explanation


def test_B1_1_9_a_party_elected_member_switching_party_is_told_to_record_a_departure(member, staff_user):
    before = snapshot()
    with pytest.raises(RuleViolation, match="udtræder af KKR"):
        record_party_switch(member, new_party=party("A"), on=LAST_DAY, actor=staff_user)
    assert snapshot() == before
