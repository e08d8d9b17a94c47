"""Meeting deadlines and the Danish working-day calendar (FO 3.2, FO 3.3, B1 1.3, B1 1.4).

Pure rule module: no Django, no settings, no clock. Callers pass the dates, the instants and the
rule-set values in; every rule-facing function takes its number as a required keyword, so a meeting is
always judged under the rule set then in force.

Conventions (see docs/deadlines-and-quorum.md):

- Deadlines count back from the meeting date in Europe/Copenhagen. A deadline *day* is in time through
  its last instant, 23:59:59.999999 Copenhagen time (``Deadline.ends_at``); an instant is compared after
  conversion, so ``received_at``/``sent_at`` may be in any time zone but must be aware.
- "Dage" are calendar days and are never moved off a weekend or holiday (policy, SPEC §3).
- "Hverdage" are Monday-Friday minus the Danish public holidays (``holidays.DK``: store bededag up to
  and including 2023 only) and minus the policy days the caller passes as ``extra_closed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

#: Rule-set defaults from the 2018 rules (seed 000), for forms and fixtures.
DEFAULT_PROPOSAL_DAYS = 10  # FO 3.2
DEFAULT_AGENDA_DAYS = 7  # FO 3.3
DEFAULT_ALLIANCE_WEEKDAYS = 3  # B1 1.4 (2010 rules: 0, "ved mødets begyndelse")

#: Policy days that are not hverdage though not public holidays: grundlovsdag, juleaften, nytårsaften.
DEFAULT_POLICY_CLOSED_DAYS: frozenset[tuple[int, int]] = frozenset({(6, 5), (12, 24), (12, 31)})

MonthDays = frozenset[tuple[int, int]]


class DeadlineError(ValueError):
    """A deadline was asked for with impossible input (negative days, naive datetime, bad date)."""


@dataclass(frozen=True)
class Deadline:
    """The last day something is in time, and the aware instant that day ends in Copenhagen."""

    on: date
    ends_at: datetime

    @classmethod
    def end_of(cls, on: date) -> Deadline:
        """The deadline that runs through 23:59:59.999999 Europe/Copenhagen on ``on``."""
        return cls(on=on, ends_at=datetime.combine(on, time.max, tzinfo=COPENHAGEN))

    def is_met_by(self, instant: datetime) -> bool:
        """True when the aware ``instant`` (any time zone) is no later than ``ends_at``."""
        _require_aware(instant)
        return instant.astimezone(COPENHAGEN).date() <= self.on


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
    _require_count(n, minimum=1)
    remaining = n
    while remaining:
        day -= timedelta(days=1)
        if is_working_day(day, extra_closed=extra_closed):
            remaining -= 1
    return day


# --- FO 3.2 and FO 3.3: calendar-day deadlines before an ordinary meeting ---------------------------


def proposal_deadline(meeting_on: date, *, days: int) -> Deadline:
    """FO 3.2: the last day a member's written item proposal is in time for an ordinary meeting.

    "Senest ``days`` dage forud": the day ``days`` calendar days before ``meeting_on``, in time through
    the end of that day in Copenhagen. Not moved when it falls on a weekend or holiday (policy).

    Only ordinary meetings have this deadline. At an extraordinary meeting members have no right to
    have an item added, so there is nothing to be in time for: callers must not ask, and treat a
    proposal for an extraordinary meeting as the chair's choice.
    """
    _require_count(days, minimum=0)
    return Deadline.end_of(meeting_on - timedelta(days=days))


def is_proposal_in_time(received_at: datetime, meeting_on: date, *, days: int) -> bool:
    """FO 3.2: True when a proposal received at ``received_at`` must be put on the agenda.

    A late proposal is not rejected by the rule; it is up to the chair. Ordinary meetings only.
    """
    return proposal_deadline(meeting_on, days=days).is_met_by(received_at)


def agenda_deadline(meeting_on: date, *, days: int) -> Deadline:
    """FO 3.3: the last day the agenda of an ordinary meeting may be sent.

    "Senest ugedagen forud": with the 2018 value ``days=7`` the same weekday the week before, through
    the end of that day in Copenhagen. Calendar days, not moved for weekends or holidays (policy).
    """
    _require_count(days, minimum=0)
    return Deadline.end_of(meeting_on - timedelta(days=days))


def is_agenda_on_time(sent_at: datetime, meeting_on: date, *, days: int) -> bool:
    """FO 3.3: True when an agenda sent at ``sent_at`` met the notice deadline.

    Sending late is allowed "i særlige tilfælde"; this only says late or not, the service records why.
    """
    return agenda_deadline(meeting_on, days=days).is_met_by(sent_at)


# --- B1 1.3 and B1 1.4: the constituent meeting -----------------------------------------------------


def alliance_declaration_deadline(meeting_on: date, *, weekdays: int, extra_closed: MonthDays) -> Deadline:
    """B1 1.4: the last day an electoral alliance (valgforbund) can be declared to the secretariat.

    "Senest ``weekdays`` hverdage før" the constituent meeting: the ``weekdays``-th working day counting
    back from ``meeting_on`` (the meeting day itself not counted, whether or not it is a working day),
    in time through the end of that day in Copenhagen. 2018 rules: ``weekdays=3``; a Monday meeting
    with no holidays near gives the Wednesday before.

    ``weekdays=0`` is the 2010 rule ("senest ved det konstituerende mødes begyndelse", seed 001 B1 1.3):
    the deadline day is the meeting day itself. That the declaration must come before the election
    starts is enforced by the election procedure, not by this date.
    """
    _require_count(weekdays, minimum=0)
    if weekdays == 0:
        return Deadline.end_of(meeting_on)
    return Deadline.end_of(working_days_before(meeting_on, weekdays, extra_closed=extra_closed))


def constituent_meeting_deadline(election_on: date, *, month: int = 1, day: int = 31) -> date:
    """B1 1.3: the last day the constituent meeting may be held after the municipal election.

    "Senest den 31. januar i det år, der følger umiddelbart efter kommunevalget": ``day``/``month``
    (rule set) of the year after ``election_on``.
    """
    try:
        return date(election_on.year + 1, month, day)
    except ValueError as exc:
        raise DeadlineError(f"Ugyldig dato {day}/{month} i {election_on.year + 1}.") from exc


# --- Input checks -----------------------------------------------------------------------------------


def _require_count(value: int, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise DeadlineError(f"Antal dage skal være et helt tal på mindst {minimum}, ikke {value!r}.")


def _require_aware(instant: datetime) -> None:
    if not isinstance(instant, datetime) or instant.utcoffset() is None:
        raise DeadlineError(f"Tidspunktet skal have en tidszone: {instant!r}.")
