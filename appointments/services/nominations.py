"""Nominations (indstillinger), SPEC §4: who nominated whom to a seat, when and with what document, and the
appointing authority's decision with its date. For a RAR the KKR nominates and the minister appoints; for an
erhvervshus business seat an organisation nominates and the KKR appoints. Organisations that alternate by
period (``Seat.rotation``, "HORESTA; SMVdanmark") nominate in turn."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date
from kkr.history import save_with_history

from ..models import Appointment, Nomination, Seat
from .appointing import appoint_representative, check_eligible, check_term_limit, term_of


def rotation_of(seat: Seat) -> list[str]:
    return [name.strip() for name in seat.rotation.split(";") if name.strip()]


def whose_turn(seat: Seat) -> str | None:
    """The organisation whose turn it is to nominate to ``seat`` in its period: the one after the organisation
    that nominated to the same seat (body, council, label) in the latest earlier period; the first when none
    did. ``None`` when the seat has no rotation (one query)."""
    rotation = rotation_of(seat)
    if not rotation:
        return None
    earlier = (
        Nomination.objects.filter(
            seat__body_id=seat.body_id,
            seat__council_id=seat.council_id,
            seat__label=seat.label,
            seat__period__starts_on__lt=seat.period.starts_on,
        )
        .exclude(state=Nomination.State.REJECTED)
        .order_by("-seat__period__starts_on", "-nominated_on")
        .values_list("nominated_by", flat=True)
        .first()
    )
    folded = [name.casefold() for name in rotation]
    if earlier is None or earlier.casefold() not in folded:
        return rotation[0]
    return rotation[(folded.index(earlier.casefold()) + 1) % len(rotation)]


@transaction.atomic
def record_nomination(
    seat: Seat,
    *,
    person,
    nominated_by: str,
    nominated_on: date,
    actor,
    role: str = Appointment.Role.MEMBER,
    document: str = "",
    appointed_by: str = "",
    note: str = "",
) -> Nomination:
    seat = Seat.objects.select_related("body", "council", "period").get(pk=seat.pk)
    nominated_by = nominated_by.strip()
    if not nominated_by:
        raise RuleViolation("Skriv hvem der indstiller.")
    if role == Appointment.Role.SUBSTITUTE and not seat.body.has_personal_substitutes:
        raise RuleViolation(f"{seat.body} har ikke personlige stedfortrædere.")
    if role not in (Appointment.Role.MEMBER, Appointment.Role.SUBSTITUTE):
        raise RuleViolation("Der indstilles et medlem eller en personlig stedfortræder.")
    turn = whose_turn(seat)
    if turn is not None and turn.casefold() != nominated_by.casefold():
        raise RuleViolation(
            f"Det er {turn}s tur til at indstille til {seat.label} i {seat.period} (skiftes: {seat.rotation}).",
            rule="SPEC §4",
        )
    check_eligible(person, seat, nominated_on, "indstilles til")
    if role == Appointment.Role.MEMBER:
        check_term_limit(person, seat)
    nomination = Nomination(
        seat=seat,
        person=person,
        role=role,
        nominated_by=nominated_by,
        nominated_on=nominated_on,
        document=document.strip(),
        appointed_by=appointed_by.strip(),
        note=note,
    )
    return save_with_history(nomination, actor, f"Indstillet af {nominated_by}")


@transaction.atomic
def decide_nomination(nomination: Nomination, *, appointed: bool, decided_on: date, actor) -> Nomination:
    """The appointing authority's decision: appointed (the appointment from that day, or the term's first day
    if later, with the method "nomination" and every check an appointment passes) or not appointed."""
    nomination = Nomination.objects.select_for_update().select_related("seat", "person").get(pk=nomination.pk)
    if nomination.state != Nomination.State.PENDING:
        raise RuleViolation("Indstillingen er allerede afgjort.")
    if decided_on < nomination.nominated_on:
        raise RuleViolation("Afgørelsen kan ikke ligge før indstillingen.")
    nomination.decided_on = decided_on
    if not appointed:
        nomination.state = Nomination.State.REJECTED
        return save_with_history(nomination, actor, "Ikke udpeget")
    authority = nomination.appointed_by or "KKR"
    nomination.appointment = appoint_representative(
        nomination.seat,
        person=nomination.person,
        role=nomination.role,
        starts_on=max(decided_on, term_of(nomination.seat)[0]),
        method=Appointment.Method.NOMINATION,
        actor=actor,
        note=f"Indstillet af {nomination.nominated_by} den {format_date(nomination.nominated_on)}; udpeget af "
        f"{authority} den {format_date(decided_on)}.",
    )
    nomination.state = Nomination.State.APPOINTED
    return save_with_history(nomination, actor, f"Udpeget af {authority}")
