"""New members (B1 1.0) and resolving follow-ups by hand."""

from datetime import date

import pytest

from kkr.errors import RuleViolation
from members.models import Action, Membership
from members.services import add_member, resolve_action
from tests.builders import CONSTITUTED, action, entitle, politician, seat, snapshot, substitute

pytestmark = pytest.mark.django_db


def test_B1_1_0_a_mayor_is_a_born_member_and_gets_a_substitute_proposal(nordjylland, staff_user):
    person = politician("Borgmester Bo", kind="mayor", letter="A")
    politician("Første Vice", kind="deputy_mayor_1")
    membership = add_member(nordjylland, person=person, starts_on=CONSTITUTED, actor=staff_user)
    assert (membership.kind, membership.party.letter, membership.municipality.name) == ("mayor", "A", "Aalborg")
    action = Action.objects.open().get()
    assert action.kind == "new_substitute" and "Første Vice" in action.details
    assert membership.history.get().history_user == staff_user


def test_B1_1_0_a_party_elected_member_fills_one_of_the_partys_seats(nordjylland, period, staff_user):
    entitle(nordjylland, period, "V", seats=2)
    seat(nordjylland, period, politician("Vera Venstre"))
    membership = add_member(nordjylland, person=politician("Viggo Venstre"), starts_on=CONSTITUTED, actor=staff_user)
    assert membership.kind == Membership.Kind.PARTY_ELECTED
    before = snapshot()
    with pytest.raises(RuleViolation, match="V: 2 af 2 pladser er allerede besat"):
        add_member(nordjylland, person=politician("Vilma Venstre"), starts_on=CONSTITUTED, actor=staff_user)
    assert snapshot()["Membership"] == before["Membership"]


@pytest.mark.parametrize("case", ["not_a_council_member", "other_region", "already_member", "substitute", "local_list"])
def test_B1_1_0_only_eligible_people_become_members(nordjylland, hovedstaden, period, staff_user, case):
    entitle(nordjylland, period, "V", seats=5)
    person = politician("Kandidat Karl", "København" if case == "other_region" else "Aalborg")
    if case == "not_a_council_member":
        person.offices.update(ends_on=date(2026, 1, 10))
    elif case == "already_member":
        seat(nordjylland, period, person)
    elif case == "substitute":
        substitute(seat(nordjylland, period, politician("Vera Venstre")), person)
    elif case == "local_list":
        from members.models import Party

        local = Party.objects.create(name="Aalborglisten", kind="local_list")
        person.offices.update(party=local)
    before = snapshot()
    with pytest.raises(RuleViolation):
        add_member(nordjylland, person=person, starts_on=CONSTITUTED, actor=staff_user)
    assert snapshot() == before


def test_an_action_is_resolved_once_with_who_and_how(nordjylland, staff_user):
    follow_up = action(nordjylland, "Tjek")
    with pytest.raises(RuleViolation, match="Skriv, hvordan"):
        resolve_action(follow_up, actor=staff_user, resolution="  ")
    resolve_action(follow_up, actor=staff_user, resolution="Klaret på mødet")
    assert (follow_up.resolved_by, follow_up.resolution) == (staff_user, "Klaret på mødet")
    assert follow_up.history.latest().history_user == staff_user
    with pytest.raises(RuleViolation, match="allerede løst"):
        resolve_action(follow_up, actor=staff_user, resolution="Igen")
