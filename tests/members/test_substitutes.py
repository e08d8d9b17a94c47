"""Personal substitutes (B1 1.2): the mayor's chain and who may be assigned."""

from datetime import date

import pytest

from kkr.errors import RuleViolation
from members.models import Action, MunicipalOffice, SubstituteAssignment
from members.services import assign_substitute, propose_mayor_substitute
from tests.builders import CONSTITUTED, action, politician, seat, snapshot, substitute

pytestmark = pytest.mark.django_db
D1, D2, MAYOR = MunicipalOffice.Kind.DEPUTY_MAYOR_1, MunicipalOffice.Kind.DEPUTY_MAYOR_2, MunicipalOffice.Kind.MAYOR


@pytest.fixture
def mayor(nordjylland, period):
    return seat(nordjylland, period, politician("Borgmester Bo", kind=MAYOR, letter="A"), kind="mayor")


def test_B1_1_2_the_first_deputy_mayor_is_the_mayors_substitute(mayor):
    first = politician("Første Vice", kind=D1)
    politician("Anden Vice", kind=D2)
    proposal = propose_mayor_substitute(mayor, on=CONSTITUTED)
    assert proposal.person == first
    assert "1. viceborgmester" in proposal.basis


def test_B1_1_2_the_second_deputy_when_the_first_is_a_party_elected_member(nordjylland, period, mayor):
    first = politician("Første Vice", kind=D1)
    seat(nordjylland, period, first)
    second = politician("Anden Vice", kind=D2)
    proposal = propose_mayor_substitute(mayor, on=CONSTITUTED)
    assert proposal.person == second
    assert "Første Vice er selv partivalgt medlem" in proposal.explanation


def test_B1_1_2_the_first_deputy_again_once_his_own_membership_has_ended(nordjylland, period, mayor):
    first = politician("Første Vice", kind=D1)
    membership = seat(nordjylland, period, first)
    membership.ends_on, membership.end_reason = date(2026, 5, 31), "other"
    membership.save()
    politician("Anden Vice", kind=D2)
    assert propose_mayor_substitute(mayor, on=date(2026, 5, 31)).person != first
    assert propose_mayor_substitute(mayor, on=date(2026, 6, 1)).person == first


def test_B1_1_2_the_municipal_council_elects_one_when_both_deputies_are_members(nordjylland, period, mayor):
    for name, kind in (("Første Vice", D1), ("Anden Vice", D2)):
        seat(nordjylland, period, politician(name, kind=kind))
    proposal = propose_mayor_substitute(mayor, on=CONSTITUTED)
    assert proposal.person is None
    assert "kommunalbestyrelse vælger en stedfortræder" in proposal.explanation


def test_B1_1_2_a_party_elected_members_substitute_is_not_proposed_from_offices(nordjylland, period):
    member = seat(nordjylland, period, politician("Vera Venstre"))
    with pytest.raises(RuleViolation, match="vælges af partiets"):
        propose_mayor_substitute(member, on=CONSTITUTED)


def test_B1_1_2_assigning_a_substitute_is_recorded_with_the_actor_and_resolves_the_action(
    nordjylland, period, staff_user
):
    member = seat(nordjylland, period, politician("Vera Venstre"))
    action(nordjylland, "Ny stedfortræder", kind=Action.Kind.NEW_SUBSTITUTE, rule="", membership=member)
    sub = politician("Søren Suppleant")
    assignment = assign_substitute(member, sub, starts_on=CONSTITUTED, actor=staff_user)
    assert assignment.history.get().history_user == staff_user
    assert assignment.history.get().history_change_reason == "B1 1.2"
    assert not Action.objects.open().exists()


@pytest.mark.parametrize(
    "case",
    ["current_member", "substitute_for_another", "second_substitute", "other_party", "not_a_council_member"],
)
def test_B1_1_2_an_assignment_the_rules_forbid_is_refused_and_changes_nothing(nordjylland, period, staff_user, case):
    member = seat(nordjylland, period, politician("Vera Venstre"))
    other = seat(nordjylland, period, politician("Viggo Venstre"))
    candidate = politician("Søren Suppleant", letter="A" if case == "other_party" else "V")
    if case == "current_member":
        candidate = other.person
    elif case == "substitute_for_another":
        substitute(other, candidate)
    elif case == "second_substitute":
        substitute(member, politician("Første Suppleant"))
    elif case == "not_a_council_member":
        candidate.offices.update(ends_on=date(2026, 1, 10))
    before = snapshot()
    with pytest.raises(RuleViolation) as error:
        assign_substitute(member, candidate, starts_on=CONSTITUTED, actor=staff_user)
    assert snapshot() == before
    assert error.value.rule and str(error.value).endswith(f"({error.value.rule})")


def test_B1_1_2_a_former_substitute_may_be_assigned_the_day_after_his_assignment_ended(nordjylland, period, staff_user):
    member = seat(nordjylland, period, politician("Vera Venstre"))
    other = seat(nordjylland, period, politician("Viggo Venstre"))
    sub = politician("Søren Suppleant")
    old = substitute(other, sub)
    old.ends_on, old.end_reason = date(2026, 3, 31), "other"
    old.save()
    with pytest.raises(RuleViolation):
        assign_substitute(member, sub, starts_on=date(2026, 3, 31), actor=staff_user)
    assign_substitute(member, sub, starts_on=date(2026, 4, 1), actor=staff_user)
    assert SubstituteAssignment.objects.current(date(2026, 4, 1)).get(person=sub).membership == member


def test_B1_1_2_same_party_policy_can_be_switched_off_in_the_rule_set(nordjylland, period, staff_user):
    period.rule_set.substitute_same_party = False
    period.rule_set.save()
    member = seat(nordjylland, period, politician("Vera Venstre"))
    assign_substitute(member, politician("Anna Andenparti", letter="A"), starts_on=CONSTITUTED, actor=staff_user)
    assert member.substitutes.count() == 1


def test_B1_1_2_a_mayors_substitute_must_sit_in_his_own_municipal_council(mayor, staff_user):
    with pytest.raises(RuleViolation, match="Aalborgs kommunalbestyrelse"):
        assign_substitute(mayor, politician("Hans Hjørring", "Hjørring"), starts_on=CONSTITUTED, actor=staff_user)
