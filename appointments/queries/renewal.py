"""What must be filled for the next term (SPEC §4): each seat a council fills in a period beside its seat in the
next period, the next term's dates (the municipal period, or four years from a fixed day: a RAR from 1 June,
beskæftigelsesloven § 28 stk. 6), who holds it there, and whether the present holder may be appointed again
(Danmarks Erhvervsfremmebestyrelse: reappointed once, erhvervsfremmeloven § 10 stk. 3). A fixed number of
queries, whatever the number of seats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from members.models import Council, ElectionPeriod, is_open

from ..models import Appointment, Seat
from .holders import HOLDER_ROLES

NOT_CREATED = "Pladsen er ikke oprettet for {period}"
NOT_FILLED = "Ikke besat"
ABOLISHED = "Organet er nedlagt: pladsen besættes ikke igen"


def next_period(period: ElectionPeriod) -> ElectionPeriod | None:
    """The election period after ``period`` (one query); ``None`` until KL has created it."""
    return ElectionPeriod.objects.filter(starts_on__gt=period.starts_on).order_by("starts_on").first()


def is_renewed(seat: Seat, next_term_starts: date) -> bool:
    """A seat is filled again for the next term unless its body is abolished before that term starts (the
    Sundhedssamarbejdsudvalg, ended by law on 31.12.2026, leaves nothing to fill)."""
    return is_open(seat.body, next_term_starts)


@dataclass
class NextTermLine:
    """One seat of the period and what its next term needs."""

    seat: Seat
    starts_on: date | None  # the next term (None: the next period is not created)
    ends_on: date | None
    holder: Appointment | None = None  # the latest holder in this period
    next_seat: Seat | None = None
    next_holder: Appointment | None = None
    terms_held: int = 0  # the present holder's terms in a row, this one included
    renewed: bool = True

    @property
    def may_be_reappointed(self) -> bool | None:
        """``None`` when the body sets no limit or nobody holds the seat."""
        limit = self.seat.body.max_consecutive_terms
        if not limit or self.holder is None:
            return None
        return self.terms_held < limit

    @property
    def status(self) -> str:
        if not self.renewed:
            return ABOLISHED
        if self.next_seat is None:
            return NOT_CREATED.format(period="næste periode")
        if self.next_holder is None:
            return NOT_FILLED
        return ""

    @property
    def to_fill(self) -> bool:
        return self.renewed and self.next_holder is None


def _seats(council: Council, period: ElectionPeriod):
    holders = Appointment.objects.filter(role__in=HOLDER_ROLES).select_related("person").order_by("starts_on", "pk")
    return (
        Seat.objects.filter(council=council, period=period, body__in=council.bodies.all())
        .select_related("body", "period")
        .prefetch_related(Prefetch("appointments", queryset=holders, to_attr="holders"))
        .order_by("body__name", "order", "pk")
    )


def _key(seat: Seat) -> tuple[int, str]:
    return seat.body_id, seat.label.casefold()


def next_term_lines(council: Council, period: ElectionPeriod) -> tuple[ElectionPeriod | None, list[NextTermLine]]:
    """Each of ``council``'s seats in ``period`` with its next term: the seat in the next period (same body and
    label), its holder on the next term's first day, and the present holder's terms in a row (seven queries)."""
    following = next_period(period)
    seats = list(_seats(council, period))
    next_seats = {_key(seat): seat for seat in _seats(council, following)} if following else {}
    terms = _terms(seats, period)
    lines = []
    for seat in seats:
        holder = seat.holders[-1] if seat.holders else None
        line = NextTermLine(seat, None, None, holder)
        if holder is not None:
            line.terms_held = terms.get((seat.body_id, holder.person_id), 1)
        if following is not None:
            line.starts_on, line.ends_on = seat.body.term_for(following)
            line.renewed = is_renewed(seat, line.starts_on)
            line.next_seat = next_seats.get(_key(seat))
            if line.next_seat is not None:
                line.next_holder = _holding(line.next_seat.holders, line.starts_on)
        else:
            line.renewed = seat.body.ends_on is None
        lines.append(line)
    return following, lines


def _holding(holders: list[Appointment], first_day: date) -> Appointment | None:
    """The holder on the term's first day, else the first one appointed later in the term."""
    later = [a for a in holders if is_open(a, first_day)]
    return later[0] if later else None


def _terms(seats: list[Seat], period: ElectionPeriod) -> dict[tuple[int, int], int]:
    """For the bodies that limit reappointment: each holder's terms in a row up to ``period`` (this one
    included), by (body, person). Two queries, none when no body sets a limit."""
    limited = {seat.body_id for seat in seats if seat.body.max_consecutive_terms}
    people = {a.person_id for seat in seats if seat.body_id in limited for a in seat.holders}
    if not people:
        return {}
    held: dict[tuple[int, int], set[int]] = {}
    rows = Appointment.objects.filter(seat__body_id__in=limited, person_id__in=people, role__in=HOLDER_ROLES)
    for body_id, person_id, period_id in rows.values_list("seat__body_id", "person_id", "seat__period_id"):
        held.setdefault((body_id, person_id), set()).add(period_id)
    periods = list(
        ElectionPeriod.objects.filter(starts_on__lte=period.starts_on)
        .order_by("-starts_on")
        .values_list("pk", flat=True)
    )
    counts = {}
    for key, in_periods in held.items():
        count = 0
        for period_id in periods:
            if period_id not in in_periods:
                break
            count += 1
        counts[key] = count
    return counts
