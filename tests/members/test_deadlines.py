"""members.deadlines: RelativeDeadline (calendar and working days, both anchors) and the hverdage calendar
(SPEC §3, used by FO 3.2, FO 3.3 and B1 1.4); the rule set's deadlines as RelativeDeadline values."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from members.deadlines import (
    COPENHAGEN,
    DEFAULT_POLICY_CLOSED_DAYS,
    Anchor,
    Deadline,
    DeadlineError,
    RelativeDeadline,
    Unit,
    is_working_day,
    public_holidays,
    working_days_before,
)
from members.models import RuleSet

NO_POLICY_DAYS = frozenset()


def cph(*args):
    return datetime(*args, tzinfo=COPENHAGEN)


# --- RelativeDeadline -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "meeting_start", "expected"),
    [
        pytest.param(
            RelativeDeadline(10), cph(2026, 3, 12, 10), Deadline.end_of(date(2026, 3, 2)), id="calendar-end-of-day"
        ),
        pytest.param(
            RelativeDeadline(0), cph(2026, 3, 12, 10), Deadline.end_of(date(2026, 3, 12)), id="calendar-zero-same-day"
        ),
        pytest.param(
            RelativeDeadline(2, Unit.CALENDAR_DAYS, Anchor.MEETING_START),
            cph(2026, 3, 12, 13, 30),
            Deadline(date(2026, 3, 10), cph(2026, 3, 10, 13, 30)),
            id="calendar-meeting-start-clock-time",
        ),
        pytest.param(
            RelativeDeadline(3, Unit.WORKING_DAYS),
            cph(2026, 3, 9, 10),
            Deadline.end_of(date(2026, 3, 4)),
            id="working-days-over-a-weekend",
        ),
        pytest.param(
            RelativeDeadline(1, Unit.WORKING_DAYS),
            cph(2026, 4, 7, 10),
            Deadline.end_of(date(2026, 4, 1)),
            id="working-days-over-easter",
        ),
        pytest.param(
            RelativeDeadline(0, Unit.WORKING_DAYS, Anchor.MEETING_START),
            cph(2026, 1, 12, 10),
            Deadline(date(2026, 1, 12), cph(2026, 1, 12, 10)),
            id="zero-working-days-meeting-start",
        ),
        pytest.param(
            RelativeDeadline(10),
            datetime(2026, 3, 11, 23, 30, tzinfo=UTC),  # 00.30 on 12 March in Copenhagen
            Deadline.end_of(date(2026, 3, 2)),
            id="counts-from-the-copenhagen-meeting-day",
        ),
    ],
)
def test_relative_deadline_resolves_against_the_meeting_start(relative, meeting_start, expected):
    assert relative.resolve(meeting_start, DEFAULT_POLICY_CLOSED_DAYS) == expected


def test_relative_deadline_the_deadline_day_is_in_time_to_its_last_instant_and_the_next_day_is_late():
    deadline = RelativeDeadline(10).resolve(cph(2026, 3, 12, 10))

    assert deadline.ends_at == cph(2026, 3, 2, 23, 59, 59, 999999)
    assert deadline.is_met_by(cph(2026, 3, 2, 23, 59, 59))
    assert not deadline.is_met_by(cph(2026, 3, 3, 0, 0))


def test_relative_deadline_anchored_at_the_meeting_start_is_late_one_microsecond_after_it():
    deadline = RelativeDeadline(0, anchor=Anchor.MEETING_START).resolve(cph(2026, 1, 12, 10))

    assert deadline.is_met_by(cph(2026, 1, 12, 10))
    assert not deadline.is_met_by(cph(2026, 1, 12, 10, 0, 0, 1))


def test_relative_deadline_working_days_skip_holidays_and_the_rule_sets_policy_days():
    relative = RelativeDeadline(3, Unit.WORKING_DAYS)
    start = cph(2026, 1, 5, 10)  # Fri 2 Jan counts; 1 Jan (nytårsdag) and 31 Dec (policy) don't

    assert relative.resolve(start, DEFAULT_POLICY_CLOSED_DAYS).on == date(2025, 12, 29)
    assert relative.resolve(start, NO_POLICY_DAYS).on == date(2025, 12, 30)


def test_relative_deadline_calendar_days_are_not_moved_off_a_holiday():
    assert RelativeDeadline(7).resolve(cph(2026, 4, 9, 10)).on == date(2026, 4, 2)  # skærtorsdag


@pytest.mark.parametrize("count", [-1, 1.5, True, "3"])
def test_relative_deadline_refuses_a_count_that_is_not_a_whole_number_of_days(count):
    with pytest.raises(DeadlineError) as raised:
        RelativeDeadline(count)

    assert str(raised.value) == f"Antal dage skal være et helt tal på mindst 0, ikke {count!r}."


def test_relative_deadline_refuses_an_unknown_unit_and_a_naive_meeting_start():
    with pytest.raises(ValueError):
        RelativeDeadline(1, unit="weeks")
    with pytest.raises(DeadlineError) as raised:
        RelativeDeadline(1).resolve(datetime(2026, 3, 12, 10))
    assert str(raised.value) == "Tidspunktet skal have en tidszone: datetime.datetime(2026, 3, 12, 10, 0)."
    with pytest.raises(DeadlineError) as raised:
        working_days_before(date(2026, 3, 12), 0)
    assert str(raised.value) == "Antal dage skal være et helt tal på mindst 1, ikke 0."


def test_relative_deadline_stores_its_unit_and_anchor_as_the_enums_whatever_text_it_was_given():
    relative = RelativeDeadline(3, "working_days", "meeting_start")

    assert (relative.unit, relative.anchor) == (Unit.WORKING_DAYS, Anchor.MEETING_START)
    assert type(relative.unit) is Unit and type(relative.anchor) is Anchor
    assert vars(relative) == {"count": 3, "unit": Unit.WORKING_DAYS, "anchor": Anchor.MEETING_START}


# --- The rule set's deadlines ------------------------------------------------------------------------


def test_FO_3_2_the_rule_set_gives_its_proposal_deadline_as_calendar_days_to_the_end_of_the_day():
    assert RuleSet(proposal_deadline_days=10).proposal_deadline == RelativeDeadline(10)
    assert RuleSet(proposal_deadline_days=None).proposal_deadline is None  # 2010 rules


def test_FO_3_3_the_rule_set_gives_its_agenda_deadline_as_calendar_days_to_the_end_of_the_day():
    assert RuleSet(agenda_notice_days=7).agenda_deadline == RelativeDeadline(7)


def test_B1_1_4_the_rule_set_gives_its_alliance_deadline_in_working_days_or_the_meeting_start():
    assert RuleSet(alliance_declaration_weekdays=3).alliance_deadline == RelativeDeadline(3, Unit.WORKING_DAYS)
    assert RuleSet(alliance_declaration_weekdays=0).alliance_deadline == RelativeDeadline(
        0, Unit.WORKING_DAYS, Anchor.MEETING_START
    )


# --- Hverdage -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 3, 4), True, id="ordinary-wednesday"),
        pytest.param(date(2026, 3, 7), False, id="saturday"),
        pytest.param(date(2026, 3, 8), False, id="sunday"),
        pytest.param(date(2026, 1, 1), False, id="nytaarsdag"),
        pytest.param(date(2026, 4, 2), False, id="skaertorsdag"),
        pytest.param(date(2026, 4, 3), False, id="langfredag"),
        pytest.param(date(2026, 4, 6), False, id="2-paaskedag"),
        pytest.param(date(2026, 5, 14), False, id="kristi-himmelfart"),
        pytest.param(date(2026, 5, 25), False, id="2-pinsedag"),
        pytest.param(date(2026, 12, 25), False, id="juledag"),
        pytest.param(date(2025, 12, 26), False, id="2-juledag"),
        pytest.param(date(2023, 5, 5), False, id="store-bededag-2023-closed"),
        pytest.param(date(2024, 4, 26), True, id="store-bededag-2024-working"),
        pytest.param(date(2026, 5, 1), True, id="1-maj-working"),
    ],
)
def test_B1_1_4_hverdage_exclude_weekends_and_public_holidays(day, expected):
    assert is_working_day(day, extra_closed=NO_POLICY_DAYS) is expected


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2026, 6, 5), id="grundlovsdag"),
        pytest.param(date(2025, 12, 24), id="juleaften"),
        pytest.param(date(2025, 12, 31), id="nytaarsaften"),
    ],
)
def test_B1_1_4_policy_days_are_closed_only_when_the_rule_set_lists_them(day):
    assert not is_working_day(day, extra_closed=DEFAULT_POLICY_CLOSED_DAYS)
    assert is_working_day(day, extra_closed=NO_POLICY_DAYS)


def test_public_holidays_have_danish_names_and_store_bededag_ends_in_2023():
    assert public_holidays(2023)[date(2023, 5, 5)] == "Store bededag"
    assert "Store bededag" not in public_holidays(2024).values()
    assert public_holidays(2026)[date(2026, 4, 6)] == "Anden påskedag"


days_2020s = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
policy_sets = st.sampled_from([DEFAULT_POLICY_CLOSED_DAYS, NO_POLICY_DAYS])


@settings(max_examples=200, deadline=None)
@given(day=days_2020s, n=st.integers(min_value=1, max_value=15), extra_closed=policy_sets)
def test_working_days_before_is_a_working_day_strictly_before_with_n_working_days_between(day, n, extra_closed):
    result = working_days_before(day, n, extra_closed=extra_closed)

    assert result < day
    assert is_working_day(result, extra_closed=extra_closed)
    span = [result + timedelta(days=i) for i in range((day - result).days)]
    assert sum(is_working_day(d, extra_closed=extra_closed) for d in span) == n


@settings(max_examples=200, deadline=None)
@given(
    day=days_2020s,
    clock=st.times(),
    count=st.integers(min_value=0, max_value=20),
    unit=st.sampled_from(list(Unit)),
    anchor=st.sampled_from(list(Anchor)),
)
def test_relative_deadline_never_ends_after_the_meeting_starts_and_never_on_a_later_day(
    day, clock, count, unit, anchor
):
    start = datetime.combine(day, clock, tzinfo=COPENHAGEN)
    deadline = RelativeDeadline(count, unit, anchor).resolve(start)

    assert deadline.on <= day
    if anchor == Anchor.MEETING_START or count > 0:
        assert deadline.ends_at <= start or deadline.on < day
    assert deadline.is_met_by(deadline.ends_at)
    assert not deadline.is_met_by(deadline.ends_at + timedelta(microseconds=1))
