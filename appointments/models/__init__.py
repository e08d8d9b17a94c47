"""Regional bodies, their seats, the appointments to them and the elections that made them (SPEC §4, FO 2.2,
FO 3.8, kommunestyrelsesloven §§ 24 and 28). Everything is dated; nothing is deleted: an end is a date and a
reason. ``from appointments.models import X`` names every model and choice."""

from .appointments import (
    Appointment,
    AppointmentEndReason,
    AppointmentManager,
    AppointmentMethod,
    AppointmentQuerySet,
    AppointmentRole,
    Nomination,
    NominationState,
    released,
)
from .bodies import Body, BodyEndReason, BodyKind, BodyTerm, Representative, RepresentativeKind, Seat
from .elections import Election, ElectionKind, ElectionState

__all__ = [
    "Appointment",
    "AppointmentEndReason",
    "AppointmentManager",
    "AppointmentMethod",
    "AppointmentQuerySet",
    "AppointmentRole",
    "Body",
    "BodyEndReason",
    "BodyKind",
    "BodyTerm",
    "Election",
    "ElectionKind",
    "ElectionState",
    "Nomination",
    "NominationState",
    "Representative",
    "RepresentativeKind",
    "Seat",
    "released",
]
