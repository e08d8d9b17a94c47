"""roster(council, on=date): who sits, who votes, who substitutes, on any date (SPEC §2)."""

from datetime import date

import pytest

from members.models import Leave, Membership, Person, SubstituteAssignment
from members.queries import roster
from tests.builders import leave

pytestmark = pytest.mark.django_db


def test_B1_1_6_a_substitute_votes_in_the_seat_while_an_approved_leave_lasts(
    nordjylland, member_user, django_assert_num_queries
):
    membership = Membership.objects.get(person__user=member_user)
    substitute = Person.objects.create(name="Stedfortræder", municipality=membership.municipality)
    SubstituteAssignment.objects.create(membership=membership, person=substitute, starts_on=date(2026, 1, 20))
    leave(membership)
    with django_assert_num_queries(2):  # substitutes, leaves, chair roles and observers in one; the seats
        before = roster(nordjylland, on=date(2026, 2, 28))
    during = roster(nordjylland, on=date(2026, 6, 30))
    after = roster(nordjylland, on=date(2026, 7, 1))
    assert before.seats[0].voter == membership.person
    assert during.seats[0].voter == substitute and during.seats[0].substitute_stepped_in
    assert after.seats[0].voter == membership.person
    assert during.size == 1
    assert during.seat_of(substitute.pk).membership == membership


def test_B1_1_7_a_leave_awaiting_the_councils_decision_does_not_let_the_substitute_in(nordjylland, member_user):
    membership = Membership.objects.get(person__user=member_user)
    leave(membership, kind=Leave.Kind.PREVENTED, ends_on=None, reason="Sygdom", status=Leave.Status.AWAITING_DECISION)
    assert roster(nordjylland, on=date(2026, 4, 1)).seats[0].voter == membership.person


def test_nobody_sits_before_the_constituent_meeting(nordjylland, member_user):
    assert roster(nordjylland, on=date(2026, 1, 19)).size == 0
