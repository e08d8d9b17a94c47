"""Long absences (B1 1.6, 1.7): the substitute steps in; shorter ones are per-meeting absences."""

from datetime import date

import pytest

from kkr.errors import RuleViolation
from members.models import Action, Leave
from members.queries import roster
from members.services import decide_leave, end_leave, register_leave
from tests.builders import politician, seat, snapshot, substitute

pytestmark = pytest.mark.django_db
RELIEVED, PREVENTED = Leave.Kind.RELIEVED, Leave.Kind.PREVENTED


@pytest.fixture
def member(nordjylland, period):
    membership = seat(nordjylland, period, politician("Vera Venstre"))
    substitute(membership, politician("Søren Suppleant"))
    return membership


def leave(member, actor, *, kind=RELIEVED, starts_on=date(2026, 3, 1), ends_on=date(2026, 5, 31)):
    return register_leave(member, kind=kind, starts_on=starts_on, ends_on=ends_on, reason="Orlov", actor=actor)


def test_B1_1_6_a_relieved_member_of_exactly_three_months_is_approved_at_once(member, staff_user, nordjylland):
    registered = leave(member, staff_user)
    assert registered.status == Leave.Status.APPROVED
    assert registered.history.get().history_user == staff_user
    assert roster(nordjylland, on=date(2026, 5, 31)).seats[0].voter.name == "Søren Suppleant"
    assert roster(nordjylland, on=date(2026, 6, 1)).seats[0].voter.name == "Vera Venstre"


@pytest.mark.parametrize("kind", [RELIEVED, PREVENTED], ids=["B1_1_6", "B1_1_7"])
def test_an_absence_one_day_short_of_three_months_is_a_per_meeting_absence(member, staff_user, kind):
    before = snapshot()
    with pytest.raises(RuleViolation, match="afbud til de enkelte møder") as error:
        leave(member, staff_user, kind=kind, ends_on=date(2026, 5, 30))
    assert "31. maj 2026" in error.value.message
    assert snapshot() == before


def test_B1_1_6_the_threshold_comes_from_the_periods_rule_set(member, staff_user, period):
    period.rule_set.long_absence_months = 4
    period.rule_set.save()
    with pytest.raises(RuleViolation, match="under 4 måneder"):
        leave(member, staff_user)
    assert leave(member, staff_user, ends_on=date(2026, 6, 30)).pk


def test_B1_1_7_a_prevented_member_awaits_the_councils_decision_and_an_action_reminds(member, staff_user, nordjylland):
    registered = leave(member, staff_user, kind=PREVENTED)
    assert registered.status == Leave.Status.AWAITING_DECISION
    action = Action.objects.open().get()
    assert (action.kind, action.rule, action.membership) == ("leave_decision", "B1 1.7", member)
    assert roster(nordjylland, on=date(2026, 4, 1)).seats[0].voter.name == "Vera Venstre"
    decide_leave(registered, approved=True, decided_on=date(2026, 3, 10), actor=staff_user)
    assert roster(nordjylland, on=date(2026, 4, 1)).seats[0].voter.name == "Søren Suppleant"
    assert not Action.objects.open().exists()


def test_B1_1_7_a_rejected_leave_keeps_the_member_in_the_seat_and_cannot_be_decided_twice(member, staff_user):
    registered = leave(member, staff_user, kind=PREVENTED)
    decide_leave(registered, approved=False, decided_on=date(2026, 3, 10), actor=staff_user)
    assert registered.status == Leave.Status.REJECTED
    with pytest.raises(RuleViolation, match="allerede afgjort"):
        decide_leave(registered, approved=True, decided_on=date(2026, 3, 11), actor=staff_user)


def test_B1_1_7_applies_to_party_elected_members_only(nordjylland, period, staff_user):
    mayor = seat(nordjylland, period, politician("Borgmester Bo", kind="mayor"), kind="mayor")
    with pytest.raises(RuleViolation, match="kun partivalgte"):
        leave(mayor, staff_user, kind=PREVENTED)
    assert leave(mayor, staff_user, kind=RELIEVED).status == Leave.Status.APPROVED


def test_B1_1_7_when_the_member_can_resume_the_substitute_steps_out_the_day_before(member, staff_user, nordjylland):
    registered = leave(member, staff_user, ends_on=date(2026, 8, 31))
    end_leave(registered, resumes_on=date(2026, 6, 15), actor=staff_user)
    assert registered.ends_on == date(2026, 6, 14)
    assert roster(nordjylland, on=date(2026, 6, 15)).seats[0].voter.name == "Vera Venstre"
    with pytest.raises(RuleViolation):
        end_leave(registered, resumes_on=date(2026, 3, 1), actor=staff_user)


def test_overlapping_leaves_are_refused(member, staff_user):
    leave(member, staff_user)
    with pytest.raises(RuleViolation, match="allerede orlov"):
        leave(member, staff_user, starts_on=date(2026, 5, 31), ends_on=date(2026, 9, 30))
    assert leave(member, staff_user, starts_on=date(2026, 6, 1), ends_on=date(2026, 9, 30)).pk
