"""B1 1.5: KL board and committee members from the region attend without a vote; the secretariat
registers when an observer starts and ends."""

from datetime import date

import pytest

from kkr.errors import RuleViolation
from members import services
from members.queries import roster
from tests.builders import observer, politician, seat, snapshot

pytestmark = pytest.mark.django_db
KL = "Medlem af KL's bestyrelse"


def test_B1_1_5_an_observer_is_on_the_roster_without_a_seat(nordjylland, staff_user):
    olga = politician("Olga Observatør", "Hjørring", letter="A")
    observer = services.add_observer(nordjylland, olga, capacity=KL, starts_on=date(2026, 2, 1), actor=staff_user)
    board = roster(nordjylland, on=date(2026, 2, 1))
    assert board.observers == [observer] and board.size == 0
    assert roster(nordjylland, on=date(2026, 1, 31)).observers == []
    assert observer.history.get().history_user == staff_user
    assert observer.history.get().history_change_reason == "B1 1.5"


def test_B1_1_5_ending_an_observer_records_the_last_day(nordjylland, staff_user):
    olga = politician("Olga Observatør", "Hjørring", letter="A")
    observer = services.add_observer(nordjylland, olga, capacity=KL, starts_on=date(2026, 2, 1), actor=staff_user)
    services.end_observer(observer, ends_on=date(2026, 6, 30), actor=staff_user)
    assert roster(nordjylland, on=date(2026, 6, 30)).observers == [observer]
    assert roster(nordjylland, on=date(2026, 7, 1)).observers == []
    assert observer.history.first().history_user == staff_user


@pytest.mark.parametrize(
    "case, message",
    [
        ("B1_1_5_outside_the_region", "sidder ikke i en kommunalbestyrelse i KKR Nordjylland"),
        ("B1_1_5_a_member_has_a_vote", "er medlem af KKR Nordjylland med stemmeret"),
        ("B1_1_5_already_an_observer", "er allerede observatør"),
        ("B1_1_5_no_capacity", "Angiv, i hvilken egenskab"),
    ],
)
def test_what_B1_1_5_does_not_allow_is_refused_and_changes_nothing(nordjylland, period, staff_user, case, message):
    person = politician("Kim København", "København") if "outside" in case else politician("Olga Observatør")
    if "member" in case:
        seat(nordjylland, period, person)
    if "already" in case:
        observer(nordjylland, person, capacity=KL)
    before = snapshot()
    with pytest.raises(RuleViolation, match=message):
        capacity = "" if "capacity" in case else KL
        services.add_observer(nordjylland, person, capacity=capacity, starts_on=date(2026, 2, 1), actor=staff_user)
    assert snapshot() == before


@pytest.mark.parametrize(
    "ends_on, already_ended, message",
    [(date(2026, 1, 31), False, "tidligst være den første dag"), (date(2026, 6, 30), True, "ikke længere")],
)
def test_B1_1_5_an_end_before_the_start_or_a_second_end_is_refused(
    nordjylland, staff_user, ends_on, already_ended, message
):
    watcher = observer(
        nordjylland,
        politician("Olga Observatør"),
        capacity=KL,
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 3, 1) if already_ended else None,
    )
    before = snapshot()
    with pytest.raises(RuleViolation, match=message):
        services.end_observer(watcher, ends_on=ends_on, actor=staff_user)
    assert snapshot() == before
