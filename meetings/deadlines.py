"""Meeting deadlines: FO 3.2, FO 3.3 and B1 1.3, on top of ``members.deadlines.RelativeDeadline``.

Pure rule module: no Django, no settings, no clock. The rule set gives the deadlines as
``RelativeDeadline`` values (``rule_set.proposal_deadline``, ``.agenda_deadline``, ``.alliance_deadline``);
the functions here say what they mean for a meeting. The working-day calendar and the value objects live
in ``members.deadlines`` (the rule set in ``members`` returns them).
"""

from __future__ import annotations

from datetime import date, datetime

from members.deadlines import COPENHAGEN, DeadlineError, MonthDays, RelativeDeadline, public_holidays

__all__ = ["COPENHAGEN", "constituent_meeting_deadline", "is_agenda_on_time", "is_proposal_in_time"]


# --- FO 3.2 and FO 3.3: calendar-day deadlines before an ordinary meeting ---------------------------


def is_proposal_in_time(
    received_at: datetime, meeting_start: datetime, deadline: RelativeDeadline | None, *, closed_days: MonthDays
) -> bool:
    """FO 3.2: True when a member's written proposal received at ``received_at`` must be put on the agenda.

    "Senest 10 dage forud" (2018 rules): in time through the end of that calendar day in Copenhagen, not
    moved off a weekend or holiday (policy). ``deadline`` None (2010 rules): no deadline, always in time.
    A late proposal is not rejected by the rule; it is up to the chair. Only ordinary meetings have this
    deadline: callers treat a proposal for another meeting as the chair's choice.
    """
    if deadline is None:
        return True
    return deadline.resolve(meeting_start, closed_days).is_met_by(received_at)


def is_agenda_on_time(
    sent_at: datetime, meeting_start: datetime, deadline: RelativeDeadline, *, closed_days: MonthDays
) -> bool:
    """FO 3.3: True when an agenda sent at ``sent_at`` met the notice deadline ("senest ugedagen forud").

    Sending late is allowed "i særlige tilfælde"; this only says late or not, the service records why.
    """
    return deadline.resolve(meeting_start, closed_days).is_met_by(sent_at)


# --- B1 1.3: the constituent meeting -----------------------------------------------------------------


def constituent_meeting_deadline(election_on: date, *, month: int = 1, day: int = 31) -> date:
    """B1 1.3: the last day the constituent meeting may be held after the municipal election.

    "Senest den 31. januar i det år, der følger umiddelbart efter kommunevalget": ``day``/``month``
    (rule set) of the year after ``election_on``.
    """
    try:
        return date(election_on.year + 1, month, day)
    except ValueError as exc:
        raise DeadlineError(f"Ugyldig dato {day}/{month} i {election_on.year + 1}.") from exc


def day_warning(day: date) -> str:
    """A warning, never a refusal: a meeting planned on a Saturday, a Sunday or a Danish public holiday
    (``holidays.DK``) is most likely a typing error. Empty on a working day."""
    holiday = public_holidays(day.year).get(day)
    if holiday:
        return f"Mødet ligger på en helligdag: {holiday}."
    if day.weekday() >= 5:
        return f"Mødet ligger på en {('lørdag', 'søndag')[day.weekday() - 5]}."
    return ""
