"""The defects the invariants state machine found, one regression test each (named by the rule they broke)."""

from datetime import date, timedelta

import pytest

from kkr.errors import RuleViolation
from members import services
from tests.builders import entitle, make_staff, politician

from . import checks

pytestmark = pytest.mark.django_db
DAY = date(2026, 2, 2)


def test_b1_1_1_a_member_joining_before_a_later_dated_seat_of_the_party_may_not_exceed_its_seats(nordjylland, period):
    council = nordjylland
    """The free-seat check counted the party's seats on the new member's first day only: a seat dated to begin
    later was not seen, and from its first day the party held more seats than it is entitled to."""
    staff = make_staff(council)
    entitle(council, period, "A", seats=2)
    first, later, third = (politician(name, town, letter="A") for name, town in (
        ("Anna A", "Aalborg"), ("Bo A", "Hjørring"), ("Cai A", "Frederikshavn"),
    ))  # fmt: skip
    services.add_member(council, person=first, starts_on=DAY, actor=staff)
    services.add_member(council, person=later, starts_on=DAY + timedelta(days=30), actor=staff)

    with pytest.raises(RuleViolation, match="B1 1.1"):
        services.add_member(council, person=third, starts_on=DAY + timedelta(days=5), actor=staff)
    checks.roster_within_composition(council, period)
