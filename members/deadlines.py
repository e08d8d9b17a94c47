"""Relative deadlines and the Danish working-day calendar (SPEC §3; used by FO 3.2, FO 3.3 and B1 1.4).

Pure module: no Django, no settings, no clock. ``RuleSet`` (members) returns its deadlines as
``RelativeDeadline`` values; meetings and elections resolve them against a meeting's start. Modelled on
pretix's ``RelativeDate``: the rule is stored as numbers ("10 days before"), resolved when a date is known.

Conventions (see docs/deadlines-and-quorum.md):

- Deadlines count back from the meeting day in Europe/Copenhagen.
- ``end_of_day``: the deadline day is in time through its last instant, 23:59:59.999999 Copenhagen time.
  ``meeting_start``: in time through the meeting's clock time on the deadline day — with a count of 0,
  the meeting's start itself ("senest ved mødets begyndelse").
- Calendar days ("dage") are never moved off a weekend or holiday (policy, SPEC §3).
- Working days ("hverdage") are Monday-Friday minus the Danish public holidays (``holidays.DK``: store
  bededag up to and including 2023 only) and minus the policy days the caller passes as ``closed_days``
  ((month, day) pairs from the rule set: grundlovsdag, juleaften, nytårsaften).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

#: Policy days that are not hverdage though not public holidays: grundlovsdag, juleaften, nytårsaften.
DEFAULT_POLICY_CLOSED_DAYS: frozenset[tuple[int, int]] = frozenset({(6, 5), (12, 24), (12, 31)})

MonthDays = frozenset[tuple[int, int]]


class DeadlineError(ValueError):
    """A deadline was asked for with impossible input (negative count, naive datetime, bad date)."""


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"


class Anchor(StrEnum):
    END_OF_DAY = "end_of_day"
    MEETING_START = "meeting_start"


@dataclass(frozen=True)
class Deadline:
    """A resolved deadline: the last day something is in time, and the aware instant it stops being so."""

    on: date
    ends_at: datetime

    @classmethod
    def end_of(cls, on: date) -> Deadline:
        """The deadline that runs through 23:59:59.999999 Europe/Copenhagen on ``on``."""
        return cls(on=on, ends_at=datetime.combine(on, time.max, tzinfo=COPENHAGEN))

    def is_met_by(self, instant: datetime) -> bool:
        """True when the aware ``instant`` (any time zone) is no later than ``ends_at``."""
        require_aware(instant)
        return instant <= self.ends_at


@dataclass(frozen=True)
class RelativeDeadline:
    """ "``count`` ``unit`` before the meeting, through ``anchor``" — resolved against a meeting's start."""

    count: int
    unit: Unit = Unit.CALENDAR_DAYS
    anchor: Anchor = Anchor.END_OF_DAY

    def __post_init__(self):
        require_count(self.count, minimum=0)
        object.__setattr__(self, "unit", Unit(self.unit))
        object.__setattr__(self, "anchor", Anchor(self.anchor))

    def resolve(self, meeting_start: datetime, closed_days: MonthDays = DEFAULT_POLICY_CLOSED_DAYS) -> Deadline:
        """The deadline for a meeting starting at the aware ``meeting_start``.

        Calendar days: ``count`` days before the meeting day. Working days: the ``count``-th hverdag
        counting back from the meeting day (the meeting day itself never counted); 0 is the meeting day.
        ``closed_days`` only matters for working days.
        """
        require_aware(meeting_start)
        start = meeting_start.astimezone(COPENHAGEN)
        meeting_on = start.date()
        if self.count == 0:
            on = meeting_on
        elif self.unit == Unit.WORKING_DAYS:
            on = working_days_before(meeting_on, self.count, extra_closed=closed_days)
        else:
            on = meeting_on - timedelta(days=self.count)
        if self.anchor == Anchor.MEETING_START:
            return Deadline(on=on, ends_at=datetime.combine(on, start.time(), tzinfo=COPENHAGEN))
        return Deadline.end_of(on)


# --- Working days (hverdage) ------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.DK(years=year))


def public_holidays(year: int) -> dict[date, str]:
    """Danish public holidays of ``year`` with their Danish names, for calendars and help text."""
    return dict(sorted(holidays.DK(years=year, language="da").items()))


def is_working_day(day: date, *, extra_closed: MonthDays = DEFAULT_POLICY_CLOSED_DAYS) -> bool:
    """True when ``day`` is a hverdag (SPEC §3, B1 1.4).

    Monday-Friday, not a Danish public holiday, and not one of the ``extra_closed`` (month, day)
    policy days — the rule set's list, by default grundlovsdag 5 June, 24 and 31 December.
    """
    return day.weekday() < 5 and (day.month, day.day) not in extra_closed and day not in _public_holidays(day.year)


def working_days_before(day: date, n: int, *, extra_closed: MonthDays = DEFAULT_POLICY_CLOSED_DAYS) -> date:
    """The ``n``-th hverdag counting back from ``day``; ``day`` itself is never counted.

    ``n`` must be at least 1, so the result is always a working day strictly before ``day``.
    """
    require_count(n, minimum=1)
    remaining = n
    while remaining:
        day -= timedelta(days=1)
        if is_working_day(day, extra_closed=extra_closed):
            remaining -= 1
    return day


# --- Input checks -----------------------------------------------------------------------------------


def require_count(value: int, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise DeadlineError(f"Antal dage skal være et helt tal på mindst {minimum}, ikke {value!r}.")


def require_aware(instant: datetime) -> None:
    if not isinstance(instant, datetime) or instant.utcoffset() is None:
        raise DeadlineError(f"Tidspunktet skal have en tidszone: {instant!r}.")
