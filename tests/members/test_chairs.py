"""Chair and vice-chair (B1 1.15, 1.16)."""

from datetime import date

import pytest

from kkr.errors import RuleViolation
from members.models import Action, ChairRole
from members.queries import roster
from members.services import elect_chair, record_departure, register_chair_absence
from tests.builders import politician, seat, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(nordjylland, period, staff_user):
    membership = seat(nordjylland, period, politician("Formand Frida"))
    return elect_chair(membership, role=ChairRole.Role.CHAIR, starts_on=date(2026, 1, 20), actor=staff_user)


def test_B1_1_15_a_chair_who_leaves_the_municipal_council_is_replaced_by_the_electing_group(
    chair, staff_user, nordjylland, period
):
    record_departure(chair.membership, on=date(2026, 8, 31), reason="left_municipal_council", actor=staff_user)
    chair.refresh_from_db()
    assert chair.ends_on == date(2026, 8, 31)
    action = Action.objects.open().get(kind="new_chair")
    assert action.rule == "B1 1.15" and "Formand Frida" in action.title
    successor = seat(nordjylland, period, politician("Næste Formand"))
    elect_chair(successor, role=ChairRole.Role.CHAIR, starts_on=date(2026, 9, 15), actor=staff_user)
    assert not Action.objects.open().filter(kind="new_chair").exists()
    assert roster(nordjylland, on=date(2026, 9, 15)).chair == successor


def test_B1_1_15_a_second_chair_is_refused_while_the_first_sits(chair, staff_user, nordjylland, period):
    other = seat(nordjylland, period, politician("Anden Kandidat"))
    before = snapshot()
    with pytest.raises(RuleViolation, match="allerede formand"):
        elect_chair(other, role=ChairRole.Role.CHAIR, starts_on=date(2026, 3, 1), actor=staff_user)
    with pytest.raises(RuleViolation, match="anden rolle"):
        elect_chair(chair.membership, role=ChairRole.Role.VICE_CHAIR, starts_on=date(2026, 3, 1), actor=staff_user)
    assert snapshot() == before


def test_B1_1_16_an_absence_of_three_months_calls_for_a_temporary_chair_for_that_period(
    chair, staff_user, nordjylland, period
):
    action = register_chair_absence(chair, starts_on=date(2026, 3, 1), ends_on=date(2026, 5, 31), actor=staff_user)
    assert action.rule == "B1 1.16" and "midlertidig" in action.title
    stand_in = seat(nordjylland, period, politician("Midlertidig Mads"))
    elect_chair(stand_in, role="chair", starts_on=date(2026, 3, 1), ends_on=date(2026, 5, 31), actor=staff_user)
    assert roster(nordjylland, on=date(2026, 4, 1)).chair == stand_in
    assert roster(nordjylland, on=date(2026, 6, 1)).chair == chair.membership
    assert not Action.objects.open().exists()


def test_B1_1_16_a_shorter_absence_is_led_by_the_vice_chair(chair, staff_user):
    with pytest.raises(RuleViolation, match="næstformanden"):
        register_chair_absence(chair, starts_on=date(2026, 3, 1), ends_on=date(2026, 5, 30), actor=staff_user)
    assert not Action.objects.exists()
