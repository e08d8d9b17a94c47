"""Appointment services (SPEC §4): verb-named state changes, each one transaction taking the acting user,
recorded in the history with the rule as change reason. A rule that forbids the action raises
``kkr.errors.RuleViolation`` (a Danish message and the rule id) and changes nothing. Reads are in
``appointments.queries``; the elections at a meeting, which end in ``appoint_representative``, are in
``appointments.voting``."""

from .appointing import (
    SEAT_CONSTRAINTS,
    abolish_body,
    appoint_representative,
    appoint_stand_in,
    check_term_limit,
    end_appointment,
    term_of,
    void_appointment,
)
from .bodies import add_seat, create_body, update_body
from .nominations import decide_nomination, record_nomination, whose_turn
from .people import add_representative
from .renewal import CopyPlan, copy_seats_forward, plan_copy

__all__ = [
    "CopyPlan",
    "SEAT_CONSTRAINTS",
    "abolish_body",
    "add_representative",
    "add_seat",
    "appoint_representative",
    "appoint_stand_in",
    "check_term_limit",
    "copy_seats_forward",
    "create_body",
    "decide_nomination",
    "end_appointment",
    "plan_copy",
    "record_nomination",
    "term_of",
    "update_body",
    "void_appointment",
    "whose_turn",
]
