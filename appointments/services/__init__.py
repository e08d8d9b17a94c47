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
    end_appointment,
    term_of,
    void_appointment,
)
from .people import add_representative

__all__ = [
    "SEAT_CONSTRAINTS",
    "abolish_body",
    "add_representative",
    "appoint_representative",
    "appoint_stand_in",
    "end_appointment",
    "term_of",
    "void_appointment",
]
