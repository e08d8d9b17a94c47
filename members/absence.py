"""How long is "at least 3 months" (B1 1.6, 1.7, 1.16)? Pure date arithmetic: no Django, no clock.

An absence from ``starts_on`` to ``ends_on`` (both days included) lasts at least ``months`` calendar months
when ``ends_on`` is on or after ``add_months(starts_on, months) - 1 day``: 1 March to 31 May is 3 months,
1 March to 30 May is not. A start late in a month is clamped to the target month's last day first
(30 November + 3 months = 28/29 February, so the absence must run to 27/28 February).
"""

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on, clamped to the last day of the target month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def long_absence_last_day(starts_on: date, months: int) -> date:
    """The earliest last day that makes an absence from ``starts_on`` last ``months`` months."""
    return add_months(starts_on, months) - timedelta(days=1)


def is_long_absence(starts_on: date, ends_on: date, months: int) -> bool:
    return ends_on >= long_absence_last_day(starts_on, months)
