"""meetings.deadlines on the rule set's RelativeDeadline values: FO 3.2, FO 3.3, B1 1.3 and B1 1.4.

The calendar and RelativeDeadline itself: tests/members/test_deadlines.py."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.deadlines import COPENHAGEN, constituent_meeting_deadline, is_agenda_on_time, is_proposal_in_time
from members.deadlines import DEFAULT_POLICY_CLOSED_DAYS, Deadline, DeadlineError, RelativeDeadline
from members.models import RuleSet

NO_POLICY_DAYS = frozenset()
RULES_2018 = RuleSet(proposal_deadline_days=10, agenda_notice_days=7, alliance_declaration_weekdays=3)  # seed 000
RULES_2010 = RuleSet(proposal_deadline_days=None, agenda_notice_days=7, alliance_declaration_weekdays=0)  # seed 001


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def cph(*args):
    return datetime(*args, tzinfo=COPENHAGEN)


def starts(day: date, at: time = time(10)) -> datetime:
    """A meeting starting on ``day`` at 10.00 Copenhagen time."""
    return datetime.combine(day, at, tzinfo=COPENHAGEN)


def proposal_deadline(meeting_on: date, *, days: int = 10) -> Deadline:
    return RuleSet(proposal_deadline_days=days).proposal_deadline.resolve(starts(meeting_on))


def proposal_in_time(received_at: datetime, meeting_on: date, *, days: int = 10) -> bool:
    rule = RuleSet(proposal_deadline_days=days).proposal_deadline
    return is_proposal_in_time(received_at, starts(meeting_on), rule, closed_days=DEFAULT_POLICY_CLOSED_DAYS)


def agenda_deadline(meeting_on: date, *, days: int = 7) -> Deadline:
    return RuleSet(agenda_notice_days=days).agenda_deadline.resolve(starts(meeting_on))


def alliance_deadline(meeting_on: date, *, weekdays: int = 3, extra_closed=DEFAULT_POLICY_CLOSED_DAYS) -> Deadline:
    rule = RuleSet(alliance_declaration_weekdays=weekdays).alliance_deadline
    return rule.resolve(starts(meeting_on), extra_closed)


# --- FO 3.2 item proposals ----------------------------------------------------------------------------


def test_FO_3_2_proposal_deadline_is_ten_calendar_days_before_the_meeting():
    deadline = proposal_deadline(date(2026, 3, 12), days=10)

    assert deadline.on == date(2026, 3, 2)
    assert deadline.ends_at == cph(2026, 3, 2, 23, 59, 59, 999999)


def test_FO_3_2_proposal_received_at_2359_on_the_deadline_day_is_in_time():
    assert proposal_in_time(cph(2026, 3, 2, 23, 59, 59), date(2026, 3, 12), days=10)


def test_FO_3_2_proposal_received_at_0000_the_next_day_is_late():
    assert not proposal_in_time(cph(2026, 3, 3, 0, 0), date(2026, 3, 12), days=10)


@pytest.mark.parametrize(
    ("received_at", "meeting_on", "expected"),
    [
        # Meeting 2 April 2026: deadline Monday 23 March, CET (+01:00) — before the 29 March switch.
        pytest.param(utc(2026, 3, 23, 22, 59, 59), date(2026, 4, 2), True, id="FO_3_2-cet-2259utc-in-time"),
        pytest.param(utc(2026, 3, 23, 23, 0), date(2026, 4, 2), False, id="FO_3_2-cet-2300utc-late"),
        # Meeting 3 November 2026: deadline Saturday 24 October, CEST (+02:00) — before the 25 Oct switch.
        pytest.param(utc(2026, 10, 24, 21, 59, 59), date(2026, 11, 3), True, id="FO_3_2-cest-2159utc-in-time"),
        pytest.param(utc(2026, 10, 24, 22, 0), date(2026, 11, 3), False, id="FO_3_2-cest-2200utc-late"),
        # Meeting 5 November 2026: deadline Monday 26 October, back on CET.
        pytest.param(utc(2026, 10, 26, 22, 59, 59), date(2026, 11, 5), True, id="FO_3_2-after-switch-in-time"),
        pytest.param(utc(2026, 10, 26, 23, 0), date(2026, 11, 5), False, id="FO_3_2-after-switch-late"),
    ],
)
def test_FO_3_2_proposal_deadline_ends_at_copenhagen_midnight_across_daylight_saving(received_at, meeting_on, expected):
    assert proposal_in_time(received_at, meeting_on, days=10) is expected


def test_FO_3_2_deadline_end_carries_the_offset_of_its_own_day_not_of_the_meeting_day():
    before_spring = proposal_deadline(date(2026, 4, 2), days=10)
    before_autumn = proposal_deadline(date(2026, 11, 3), days=10)

    assert before_spring.ends_at.utcoffset() == timedelta(hours=1)
    assert before_autumn.ends_at.utcoffset() == timedelta(hours=2)
    assert before_autumn.ends_at.astimezone(UTC) == utc(2026, 10, 24, 21, 59, 59, 999999)


@pytest.mark.parametrize(
    ("meeting_on", "deadline_on"),
    [
        pytest.param(date(2026, 11, 3), date(2026, 10, 24), id="FO_3_2-saturday-stays-saturday"),
        pytest.param(date(2026, 11, 4), date(2026, 10, 25), id="FO_3_2-sunday-stays-sunday"),
        pytest.param(date(2026, 4, 16), date(2026, 4, 6), id="FO_3_2-2nd-easter-day-stays"),
        pytest.param(date(2027, 1, 4), date(2026, 12, 25), id="FO_3_2-christmas-day-stays"),
    ],
)
def test_FO_3_2_deadline_on_a_weekend_or_holiday_is_not_moved(meeting_on, deadline_on):
    assert proposal_deadline(meeting_on, days=10).on == deadline_on


def test_FO_3_2_days_come_from_the_rule_set():
    assert proposal_deadline(date(2026, 3, 12), days=14).on == date(2026, 2, 26)
    assert proposal_deadline(date(2026, 3, 12), days=0).on == date(2026, 3, 12)


def test_FO_3_2_negative_days_are_refused():
    with pytest.raises(DeadlineError):
        proposal_deadline(date(2026, 3, 12), days=-1)


def test_FO_3_2_the_2010_rules_have_no_deadline_so_every_proposal_is_in_time():
    assert RULES_2010.proposal_deadline is None
    assert is_proposal_in_time(cph(2026, 3, 12, 9), starts(date(2026, 3, 12)), None, closed_days=NO_POLICY_DAYS)


def test_FO_3_2_a_naive_received_at_is_refused():
    with pytest.raises(DeadlineError):
        proposal_in_time(datetime(2026, 3, 2, 12, 0), date(2026, 3, 12), days=10)


# --- FO 3.3 agenda notice -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent_at", "meeting_on", "expected"),
    [
        pytest.param(cph(2026, 3, 5, 23, 59, 59), date(2026, 3, 12), True, id="FO_3_3-same-weekday-2359"),
        pytest.param(cph(2026, 3, 6, 0, 0), date(2026, 3, 12), False, id="FO_3_3-next-day-0000-late"),
        pytest.param(cph(2026, 3, 1, 9, 0), date(2026, 3, 12), True, id="FO_3_3-earlier-in-time"),
        # Meeting 1 April 2026 (CEST): deadline Wednesday 25 March (CET).
        pytest.param(utc(2026, 3, 25, 22, 59, 59), date(2026, 4, 1), True, id="FO_3_3-dst-cet-in-time"),
        pytest.param(utc(2026, 3, 25, 23, 0), date(2026, 4, 1), False, id="FO_3_3-dst-cet-late"),
    ],
)
def test_FO_3_3_agenda_is_due_the_same_weekday_the_week_before(sent_at, meeting_on, expected):
    assert (
        is_agenda_on_time(sent_at, starts(meeting_on), RULES_2018.agenda_deadline, closed_days=NO_POLICY_DAYS)
        is expected
    )


def test_FO_3_3_agenda_deadline_is_the_same_weekday():
    deadline = agenda_deadline(date(2026, 3, 12), days=7)

    assert deadline.on == date(2026, 3, 5)
    assert deadline.on.weekday() == date(2026, 3, 12).weekday()


def test_FO_3_3_agenda_deadline_on_a_holiday_is_not_moved():
    assert agenda_deadline(date(2026, 4, 9), days=7).on == date(2026, 4, 2)  # skærtorsdag


# --- B1 1.4 alliance declarations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting_on", "extra_closed", "deadline_on"),
    [
        pytest.param(date(2026, 3, 9), DEFAULT_POLICY_CLOSED_DAYS, date(2026, 3, 4), id="B1_1_4-monday-to-wednesday"),
        pytest.param(date(2026, 3, 12), DEFAULT_POLICY_CLOSED_DAYS, date(2026, 3, 9), id="B1_1_4-thursday-to-monday"),
        pytest.param(date(2026, 3, 14), DEFAULT_POLICY_CLOSED_DAYS, date(2026, 3, 11), id="B1_1_4-saturday-meeting"),
        pytest.param(date(2026, 4, 7), DEFAULT_POLICY_CLOSED_DAYS, date(2026, 3, 30), id="B1_1_4-spans-easter-2026"),
        pytest.param(date(2026, 4, 8), DEFAULT_POLICY_CLOSED_DAYS, date(2026, 3, 31), id="B1_1_4-after-easter-2026"),
        pytest.param(date(2026, 1, 5), DEFAULT_POLICY_CLOSED_DAYS, date(2025, 12, 29), id="B1_1_4-new-year-policy-on"),
        pytest.param(date(2026, 1, 5), NO_POLICY_DAYS, date(2025, 12, 30), id="B1_1_4-new-year-policy-off"),
        pytest.param(date(2026, 12, 28), DEFAULT_POLICY_CLOSED_DAYS, date(2026, 12, 21), id="B1_1_4-christmas-on"),
        pytest.param(date(2026, 12, 28), NO_POLICY_DAYS, date(2026, 12, 22), id="B1_1_4-christmas-policy-off"),
        pytest.param(date(2026, 6, 9), DEFAULT_POLICY_CLOSED_DAYS, date(2026, 6, 3), id="B1_1_4-grundlovsdag-on"),
        pytest.param(date(2026, 6, 9), NO_POLICY_DAYS, date(2026, 6, 4), id="B1_1_4-grundlovsdag-off"),
        pytest.param(date(2023, 5, 9), NO_POLICY_DAYS, date(2023, 5, 3), id="B1_1_4-store-bededag-2023"),
        pytest.param(date(2024, 4, 30), NO_POLICY_DAYS, date(2024, 4, 25), id="B1_1_4-no-store-bededag-2024"),
    ],
)
def test_B1_1_4_alliance_deadline_is_the_third_working_day_before_the_meeting(meeting_on, extra_closed, deadline_on):
    deadline = alliance_deadline(meeting_on, extra_closed=extra_closed)

    assert deadline == Deadline.end_of(deadline_on)


def test_B1_1_4_alliance_declared_at_2359_on_the_deadline_day_is_in_time_and_at_midnight_late():
    deadline = alliance_deadline(date(2026, 1, 5))

    assert deadline.is_met_by(cph(2025, 12, 29, 23, 59))
    assert not deadline.is_met_by(cph(2025, 12, 30, 0, 0))


def test_B1_1_4_2010_rules_the_deadline_is_the_start_of_the_constituent_meeting():
    """Seed 001: "senest ved det konstituerende mødes begyndelse" — the one answer, the meeting's start."""
    deadline = RULES_2010.alliance_deadline.resolve(cph(2026, 1, 10, 13, 30), DEFAULT_POLICY_CLOSED_DAYS)

    assert deadline == Deadline(on=date(2026, 1, 10), ends_at=cph(2026, 1, 10, 13, 30))
    assert deadline.is_met_by(cph(2026, 1, 10, 13, 30))
    assert not deadline.is_met_by(cph(2026, 1, 10, 13, 30, 0, 1))


def test_B1_1_4_negative_weekdays_are_refused():
    with pytest.raises(DeadlineError):
        RelativeDeadline(-1)


# --- B1 1.3 constituent meeting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("election_on", "kwargs", "expected"),
    [
        pytest.param(date(2025, 11, 18), {}, date(2026, 1, 31), id="B1_1_3-kv25-by-31-january-2026"),
        pytest.param(date(2021, 11, 16), {}, date(2022, 1, 31), id="B1_1_3-kv21"),
        pytest.param(date(2025, 11, 18), {"month": 2, "day": 15}, date(2026, 2, 15), id="B1_1_3-rule-set-date"),
    ],
)
def test_B1_1_3_constituent_meeting_is_due_in_january_after_the_election(election_on, kwargs, expected):
    assert constituent_meeting_deadline(election_on, **kwargs) == expected


def test_B1_1_3_an_impossible_rule_set_date_is_refused():
    with pytest.raises(DeadlineError) as raised:
        constituent_meeting_deadline(date(2025, 11, 18), month=2, day=30)

    assert str(raised.value) == "Ugyldig dato 30/2 i 2026."


def test_FO_3_2_FO_3_3_a_working_day_deadline_counts_the_rule_sets_closed_days_it_is_given():
    """The meeting functions pass the rule set's closed days on: with 11 March closed, one hverdag before
    Thursday 12 March is Tuesday 10 March, so Wednesday noon is late; without it, in time."""
    one_working_day = RelativeDeadline(1, "working_days")
    meeting, wednesday_noon = cph(2026, 3, 12, 10), cph(2026, 3, 11, 12)
    closed = frozenset({(3, 11)})

    for check in (is_proposal_in_time, is_agenda_on_time):
        assert check(wednesday_noon, meeting, one_working_day, closed_days=closed) is False
        assert check(wednesday_noon, meeting, one_working_day, closed_days=NO_POLICY_DAYS) is True


# --- Properties ---------------------------------------------------------------------------------------

days_2020s = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    meeting_on=days_2020s,
    days=st.integers(min_value=0, max_value=30),
    earlier=st.datetimes(min_value=datetime(2019, 12, 1), max_value=datetime(2036, 1, 1), timezones=st.just(UTC)),
    gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
)
def test_FO_3_2_being_in_time_is_monotone_in_received_at(meeting_on, days, earlier, gap):
    if proposal_in_time(earlier + gap, meeting_on, days=days):
        assert proposal_in_time(earlier, meeting_on, days=days)


@settings(max_examples=200, deadline=None)
@given(meeting_on=days_2020s, days=st.integers(min_value=0, max_value=30))
def test_FO_3_2_deadline_ends_on_the_last_microsecond_of_its_copenhagen_day(meeting_on, days):
    deadline = proposal_deadline(meeting_on, days=days)

    assert deadline.is_met_by(deadline.ends_at)
    assert not deadline.is_met_by(deadline.ends_at.astimezone(UTC) + timedelta(microseconds=1))
    assert (meeting_on - deadline.on).days == days
