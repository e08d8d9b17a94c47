"""One holder a seat a day (SPEC §4) and the group that fills a vacancy (§ 28 stk. 1): the reads the services
check before they change a seat, and the overlaps the ``seat_overlaps`` command lists."""

from __future__ import annotations

from datetime import date

from kkr.formats import format_date
from members.models import ElectionPeriod, open_on

from ..models import Appointment

HOLDER_ROLES = (Appointment.Role.MEMBER, Appointment.Role.CHAIR)


def same_kind(role: str) -> tuple[str, ...]:
    """The roles that share a seat's one place on a day (SPEC §4): member and chair are both the holder; a
    personal substitute and a temporary stand-in (§ 28 stk. 2) have one place each."""
    return HOLDER_ROLES if role in HOLDER_ROLES else (role,)


def clashing(seat_id: int, *, role: str, starts_on: date, ends_on: date | None):
    """SPEC §4: the seat's appointments of the same kind with a day in common with ``starts_on``–``ends_on``
    (both days included; ``None`` is open-ended), earliest first: the service's check of the database's
    exclusion constraint."""
    overlapping = Appointment.objects.filter(seat_id=seat_id, role__in=same_kind(role))
    overlapping = overlapping.filter(open_on(starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    return overlapping.select_related("person").order_by("starts_on", "pk")


def electing_group(seat_id: int, *, on: date) -> Appointment | None:
    """§ 28 stk. 1: the seat's latest holder (member or chair) from before or on ``on`` when a named group
    elected him proportionally (§ 24 stk. 3): that group alone fills the vacancy and names the substitute.
    ``None`` when the seat has no such holder (a majority election fills it). One query."""
    holder = (
        Appointment.objects.filter(seat_id=seat_id, role__in=HOLDER_ROLES, starts_on__lte=on)
        .order_by("-starts_on", "-pk")
        .first()
    )
    if holder is not None and holder.method == Appointment.Method.PROPORTIONAL and holder.group:
        return holder
    return None


def seat_overlaps() -> list[tuple[Appointment, Appointment]]:
    """Every pair of appointments that gives a seat two holders (or two substitutes) on one day, for the
    ``seat_overlaps`` command, run before the constraint is added (one query)."""
    rows = Appointment.objects.select_related("person", "seat__body", "seat__council").order_by("starts_on", "pk")
    by_key: dict[tuple[int, tuple], list[Appointment]] = {}
    for appointment in rows:
        by_key.setdefault((appointment.seat_id, same_kind(appointment.role)), []).append(appointment)
    pairs = []
    for group in by_key.values():
        for n, first in enumerate(group):
            for second in group[n + 1 :]:
                if first.ends_on is not None and second.starts_on > first.ends_on:
                    break
                pairs.append((first, second))
    return pairs


def describe_overlap(first: Appointment, second: Appointment) -> str:
    """One clash in Danish: the seat, both people and the first day they share."""
    day = max(first.starts_on, second.starts_on)
    return (
        f"{first.seat.body} ({first.seat.council}), {first.seat.label}: {first.person} (udpegning {first.pk}) og "
        f"{second.person} (udpegning {second.pk}) har begge pladsen den {format_date(day)}."
    )


def consecutive_terms(body_id: int, person_id: int, period) -> list:
    """The election periods right before ``period``, newest first and without a gap, in which the person held a
    seat of the body as member or chair (voided rows never count): the terms a reappointment adds to. Two
    queries."""
    held = set(
        Appointment.objects.filter(seat__body_id=body_id, person_id=person_id, role__in=HOLDER_ROLES)
        .values_list("seat__period_id", flat=True)
        .distinct()
    )
    terms = []
    for earlier in ElectionPeriod.objects.filter(starts_on__lt=period.starts_on).order_by("-starts_on"):
        if earlier.pk not in held:
            break
        terms.append(earlier)
    return terms
