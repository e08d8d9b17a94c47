"""What others see of the register: the public list (SPEC §4 policy: released appointments only), a person's
appointments, and the nominations awaiting the appointing authority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Least

from members.models import Council, MunicipalOffice, Person, current_on
from members.permissions import NOBODY, Roles

from ..models import Appointment, Body, Nomination, Seat
from .holders import HOLDER_ROLES


def public_appointees(council: Council, *, today: date) -> list[Appointment]:
    """The council's current political appointees that are public (``AppointmentQuerySet.public``: decided at
    no meeting, or at one whose public minutes are out), for the public page (one query). FO 3.8: one whose
    municipal office in the region has ended no longer sits (the register shows the seat vacant): not listed;
    judged no later than the seat's period's last day (``fo38_day``: a RAR member sits to 31 May). An abolished
    body's appointees are listed through its last day, as the register shows them."""
    in_office = MunicipalOffice.objects.filter(
        current_on(OuterRef("fo38_day")), person=OuterRef("person"), municipality__council=council
    )
    return list(
        Appointment.objects.current(today)
        .public()
        .annotate(fo38_day=Least(Value(today, output_field=DateField()), F("seat__period__ends_on")))
        .filter(seat__council=council, seat__is_political=True)
        .filter(Exists(in_office))
        .filter(Q(seat__body__ends_on__isnull=True) | Q(seat__body__ends_on__gte=today))
        .select_related("person__party", "person__municipality", "seat__body", "stands_in_for__person")
        .order_by("seat__body__name", "seat__order", "role")
    )


@dataclass
class PublicLine:
    """One seat on the public list: its member (or chair), with the personal substitute and a temporary
    stand-in (§ 28 stk. 2) beside him, and whether the KKR nominated (RAR: the minister appoints)."""

    seat: Seat
    holder: Appointment | None = None
    substitute: Appointment | None = None
    stand_in: Appointment | None = None

    @property
    def is_nomination(self) -> bool:
        return self.seat.body.kind == Body.Kind.NOMINATES


def public_lines(appointees: list[Appointment]) -> list[PublicLine]:
    """``public_appointees`` grouped by seat, in its order (no query): a substitute without a public member
    still gets a line."""
    lines: dict[int, PublicLine] = {}
    for appointment in appointees:
        line = lines.setdefault(appointment.seat_id, PublicLine(appointment.seat))
        if appointment.role in HOLDER_ROLES:
            line.holder = appointment
        elif appointment.role == Appointment.Role.SUBSTITUTE:
            line.substitute = appointment
        else:
            line.stand_in = appointment
    return list(lines.values())


def appointments_of_person(person: Person, *, viewer: Roles = NOBODY) -> list[Appointment]:
    """The person's appointments ``viewer`` may see (``AppointmentQuerySet.visible_to``), newest first (one query),
    for the person page."""
    return list(
        Appointment.objects.visible_to(viewer)
        .filter(person=person)
        .select_related("seat__body", "seat__council", "seat__period")
        .order_by("-starts_on", "seat__body__name")
    )


def pending_nominations(body: Body, council: Council) -> dict[int, list[Nomination]]:
    """The nominations to ``body``'s seats of ``council`` that await the appointing authority, by seat (one
    query)."""
    rows = Nomination.objects.filter(seat__body=body, seat__council=council, state=Nomination.State.PENDING)
    by_seat: dict[int, list[Nomination]] = {}
    for nomination in rows.select_related("person").order_by("nominated_on", "pk"):
        by_seat.setdefault(nomination.seat_id, []).append(nomination)
    return by_seat
