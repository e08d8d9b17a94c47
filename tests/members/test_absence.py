"""'At least 3 months' (B1 1.6, 1.7, 1.16): the boundary, table-driven, plus invariants."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from members.absence import add_months, is_long_absence, long_absence_last_day

CASES = [
    ("B1_1_6_three_months_to_the_day_before", date(2026, 3, 1), date(2026, 5, 31), True),
    ("B1_1_6_one_day_short", date(2026, 3, 1), date(2026, 5, 30), False),
    ("B1_1_7_mid_month", date(2026, 3, 15), date(2026, 6, 14), True),
    ("B1_1_7_mid_month_one_day_short", date(2026, 3, 15), date(2026, 6, 13), False),
    ("B1_1_7_month_end_clamped_to_february", date(2026, 11, 30), date(2027, 2, 27), True),
    ("B1_1_7_month_end_clamped_one_day_short", date(2026, 11, 30), date(2027, 2, 26), False),
    ("B1_1_16_across_new_year", date(2026, 12, 1), date(2027, 2, 28), True),
]


@pytest.mark.parametrize(("start", "end", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_absence_is_long_from_three_calendar_months_less_a_day(start, end, expected):
    assert is_long_absence(start, end, 3) is expected


def test_months_are_clamped_to_the_end_of_the_target_month():
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(min_value=1, max_value=24))
def test_the_last_qualifying_day_is_the_boundary(start, months):
    last = long_absence_last_day(start, months)
    assert last > start
    assert is_long_absence(start, last, months)
    assert not is_long_absence(start, last - timedelta(days=1), months)
