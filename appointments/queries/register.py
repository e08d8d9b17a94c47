"""What the register shows, computed from the dated rows (no hooks from `members`): who sits where on a day,
which seats are vacant and what must happen next (FO 3.8, kommunestyrelsesloven § 28), per body and council.
Every function runs a fixed number of queries, whatever the number of bodies and seats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Count, Prefetch

from members.models import Council, ElectionPeriod, Membership, is_open, open_on

from ..models import Appointment, Body, Seat
from .eligibility import eligible_by_day, eligible_person_ids, fo38_day, region_offices, seated_runs, seated_until
from .holders import HOLDER_ROLES
from .shown import _shown_seats

FOLLOW_UP_SAME_GROUP = "Samme gruppe udpeger et nyt medlem (kommunestyrelsesloven § 28 stk. 1)"
FOLLOW_UP_MAJORITY = "Nyt flertalsvalg på et møde (§ 24 stk. 1, FO 3.8)"
FOLLOW_UP_NOMINATION = "Ny indstilling fra {org}"
FOLLOW_UP_NEXT_TERM = "Funktionsperioden er udløbet: pladsen skal besættes for næste periode"
FOLLOW_UP_EMPTY = "Pladsen er ikke besat"
FOLLOW_UP_DIRECT = "Pladsen er ikke besat: KKR udpeger uden indstilling"
FOLLOW_UP_ABOLISHED = "Organet er nedlagt; pladsen besættes ikke igen"
FOLLOW_UP_SUBSTITUTE = "Personlig stedfortræder mangler: indstil eller udpeg en"
FOLLOW_UP_SUBSTITUTE_SAME_GROUP = (
    "Samme gruppe udpeger en ny personlig stedfortræder (kommunestyrelsesloven § 28 stk. 1)"
)
FOLLOW_UP_SUBSTITUTE_MAJORITY = "Ny personlig stedfortræder ved flertalsvalg på et møde (§ 24 stk. 1, FO 3.8)"


@dataclass
class SeatLine:
    """One seat on a day: who holds it (member or chair, and the personal substitute), and what to do next.

    A holder who no longer sits (FO 3.8) stays on the line, marked by ``follow_up`` (``is_vacant``) and
    ``holder_sits`` False: the seat's vacancy, its stand-in and the group that fills it hang on him, and an
    output that lists who sits on the day (``seated``) leaves him out. A personal substitute who no longer sits
    is not on the line (``substitute`` None; he is in ``history``), and ``substitute_follow_up`` says who names
    the next one, so every output that lists the line's substitute leaves him out."""

    seat: Seat
    holder: Appointment | None = None
    substitute: Appointment | None = None
    follow_up: str = ""
    history: list[Appointment] = field(default_factory=list)
    stand_in: Appointment | None = None  # § 28 stk. 2: standing in while the holder is absent
    substitute_follow_up: str = ""  # the substitute's place: none on a body with personal substitutes, or he left
    holder_sits: bool = False  # FO 3.8 (``_sits``), decided once in ``seat_lines``

    @property
    def seated(self) -> list[Appointment]:
        """Who sits on the seat on the line's day: the holder unless FO 3.8 has vacated his seat, a § 28 stk. 2
        stand-in, and the personal substitute still on the line (the CSV on a day lists these)."""
        holder = self.holder if self.holder_sits else None
        return [a for a in (holder, self.stand_in, self.substitute) if a is not None]

    @property
    def is_vacant(self) -> bool:
        """A follow-up is due; not for an abolished body's seat, which is not filled again (a body ended by law,
        such as the Sundhedssamarbejdsudvalg on 31.12.2026, leaves no vacancy)."""
        return bool(self.follow_up) and self.follow_up != FOLLOW_UP_ABOLISHED


def _refill(previous: Appointment) -> str:
    """§ 28: a proportional seat is filled by the group that elected the previous holder; a single seat by a
    new majority election (§ 24 stk. 1). The same for a personal substitute's place, from his own appointment."""
    substitute = previous.role == Appointment.Role.SUBSTITUTE
    if previous.method == Appointment.Method.PROPORTIONAL and previous.group:
        return f"{FOLLOW_UP_SUBSTITUTE_SAME_GROUP if substitute else FOLLOW_UP_SAME_GROUP}: {previous.group}"
    return FOLLOW_UP_SUBSTITUTE_MAJORITY if substitute else FOLLOW_UP_MAJORITY


def _sits(appointment: Appointment, seat: Seat, eligible: set[int]) -> bool:
    """FO 3.8: on a political seat an appointee (holder or personal substitute) sits while he holds a municipal
    office in the seat council's region on the FO 3.8 day (``eligible``); any other seat takes anyone."""
    return not seat.is_political or appointment.person_id in eligible


def _follow_up(line: SeatLine, today: date, term_end: date) -> str:
    seat, holder = line.seat, line.holder
    if seat.body.ends_on is not None and today > seat.body.ends_on:
        return FOLLOW_UP_ABOLISHED
    if today > term_end:
        return FOLLOW_UP_NEXT_TERM
    if not seat.is_political:
        if holder is not None:
            return ""
        return FOLLOW_UP_NOMINATION.format(org=seat.nominated_by) if seat.nominated_by else FOLLOW_UP_DIRECT
    if holder is not None:
        return "" if line.holder_sits else _refill(holder)
    left_early = [
        a for a in line.history if a.role in HOLDER_ROLES and a.ends_on and a.ends_on < today and a.end_reason
    ]
    return _refill(left_early[-1]) if left_early else FOLLOW_UP_EMPTY


def seat_lines(seats, *, today: date, eligible: dict[tuple[int, date], set[int]], held=None) -> list[SeatLine]:
    """`seats` must prefetch `appointments` (with person, party and municipality) and select body and period;
    or ``held`` gives each seat's appointments by its id, by start (``_shown_seats``). ``eligible``: who holds a
    municipal office in the council's region, by council and day (``fo38_day`` of the seat's period)."""
    lines = []
    for seat in seats:
        appointments = held.get(seat.pk, []) if held is not None else list(seat.appointments.all())
        current = [a for a in appointments if a.starts_on <= today and is_open(a, today)]
        holder = next((a for a in current if a.role in HOLDER_ROLES), None)
        substitute = next((a for a in current if a.role == Appointment.Role.SUBSTITUTE), None)
        stand_in = next((a for a in current if a.role == Appointment.Role.STAND_IN), None)
        term_end = seat.body.term_for(seat.period)[1]
        if seat.body.ends_on is not None:
            term_end = min(term_end, seat.body.ends_on)
        line = SeatLine(seat, holder, substitute, "", appointments, stand_in)
        in_office = eligible.get((seat.council_id, fo38_day(seat.period, today)), set())
        line.holder_sits = holder is not None and _sits(holder, seat, in_office)
        line.follow_up = _follow_up(line, today, term_end)
        line.substitute_follow_up = _substitute_follow_up(line, in_office)
        lines.append(line)
    return lines


def _substitute_follow_up(line: SeatLine, eligible: set[int]) -> str:
    """The substitute's place: a substitute who no longer sits (FO 3.8) leaves the line, and his group or a
    majority election names the next one (§ 28); a held seat of a body with personal substitutes that has none
    needs one. Nothing when the seat is not filled again (an abolished body, the term's end)."""
    if line.follow_up in (FOLLOW_UP_ABOLISHED, FOLLOW_UP_NEXT_TERM):
        return ""
    if line.substitute is not None and not _sits(line.substitute, line.seat, eligible):
        left, line.substitute = line.substitute, None
        return _refill(left)
    if line.seat.body.has_personal_substitutes and line.holder is not None and line.substitute is None:
        return "" if line.follow_up else FOLLOW_UP_SUBSTITUTE
    return ""


SEAT_COLUMNS = (
    "label",
    "is_political",
    "nominated_by",
    "council_id",
    "period_id",
    "body__name",
    "body__ends_on",
    "body__term",
    "body__term_start_month",
    "body__term_start_day",
    "body__has_personal_substitutes",
)


APPOINTMENT_RELATED = ("person__party", "person__municipality", "meeting", "agenda_item__meeting", "election__meeting")
# what the register page shows of a holder: no meeting (the CSV names it)
SHOWN_RELATED = ("person__party", "person__municipality")


def _seats(*, related=APPOINTMENT_RELATED, **filters):
    appointments = Appointment.objects.select_related(*related).order_by("starts_on")
    return (
        Seat.objects.filter(**filters)
        .select_related("body", "period", "council")
        .prefetch_related(Prefetch("appointments", queryset=appointments))
    )


def body_lines(body: Body, *, today: date) -> list[SeatLine]:
    """The body's seats of every council and period with their holders (four queries)."""
    councils = [c.pk for c in body.councils.all()]
    seats = list(_seats(body=body).order_by("-period__starts_on", "council__name", "order"))
    days = {fo38_day(seat.period, today) for seat in seats}
    return seat_lines(seats, today=today, eligible=eligible_by_day(councils, days))


@dataclass(frozen=True)
class Vacancy:
    """A seat that needs a follow-up, as plain values (the dashboard's panel, which may be cached)."""

    body: str
    seat: str
    follow_up: str


@dataclass(frozen=True)
class VacancySummary:
    seats: int
    vacant: int
    first: list[Vacancy]  # the first few in the register's order


def vacancy_summary(council: Council, period, *, today: date, limit: int = 5) -> VacancySummary:
    """How many of the council's seats in `period` there are and how many need a follow-up, with the first
    `limit` of those (three queries: the seats with their bodies, their appointments, who is eligible). The same
    follow-ups as `register_lines` (`seat_lines`), from only the columns they need: no holders' names."""
    appointments = Appointment.objects.only(
        "seat_id", "person_id", "role", "method", "group", "starts_on", "ends_on", "end_reason"
    ).order_by("starts_on")
    seats = (
        Seat.objects.filter(council=council, period=period, body__in=council.bodies.all())
        .select_related("body")
        .only(*SEAT_COLUMNS)
        .prefetch_related(Prefetch("appointments", queryset=appointments))
        .order_by("body__name", "order", "pk")  # the register's order within one council
    )
    seats = list(seats)
    for seat in seats:
        seat.period = period
    day = fo38_day(period, today)
    lines = seat_lines(seats, today=today, eligible={(council.pk, day): eligible_person_ids(council, day)})
    vacant = [line for line in lines if line.is_vacant]
    first = [Vacancy(line.seat.body.name, line.seat.label, line.follow_up) for line in vacant[:limit]]
    return VacancySummary(len(lines), len(vacant), first)


@dataclass(frozen=True)
class PartyCount:
    party: str
    appointees: int
    share: Fraction  # the party's proportional share of the political seats held (policy: KKR seats today)


def register_lines(
    council: Council, period, *, today: date, body=None, party=None, municipality=None, related=APPOINTMENT_RELATED
):
    """The council's register for `period` ("Udpegninger 2026-2030"), filtered (three queries). ``related``: what
    is read with each appointment; ``SHOWN_RELATED`` (the page: no meetings) in one plain query (``_shown_seats``,
    which also tells who of the appointees is eligible)."""
    day = fo38_day(period, today)
    if related == SHOWN_RELATED:
        seats, held, in_office = _shown_seats(council, period, body, on=day)
        lines = seat_lines(seats, today=today, eligible={(council.pk, day): in_office}, held=held)
    else:
        eligible = {(council.pk, day): eligible_person_ids(council, day)}
        seats = _seats(related=related, council=council, period=period, body__in=council.bodies.all())
        if body is not None:
            seats = seats.filter(body=body)
        lines = seat_lines(seats, today=today, eligible=eligible)
    if party is not None:
        lines = [line for line in lines if line.holder and line.holder.person.party_id == party.pk]
    if municipality is not None:
        lines = [line for line in lines if line.holder and line.holder.person.municipality_id == municipality.pk]
    return lines


def held_in_year(council: Council, year: int, *, body=None, party=None, municipality=None) -> list[Appointment]:
    """Everyone who held a seat of ``council`` on a day of ``year`` (member, chair or substitute; voided rows
    never count), for the yearly report, in the register's order (two queries). On a political seat a holder or
    substitute held it only on the days he sat (FO 3.8, ``_sits``: an office in the region on ``fo38_day``);
    each row's ``held_until`` is his last day on the seat, the appointment's end or the day before FO 3.8 left
    the seat vacant, whichever comes first."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = Appointment.objects.filter(
        open_on(first), seat__council=council, seat__body__in=council.bodies.all(), starts_on__lte=last
    )
    if body is not None:
        rows = rows.filter(seat__body=body)
    if party is not None:
        rows = rows.filter(person__party=party)
    if municipality is not None:
        rows = rows.filter(person__municipality=municipality)
    rows = rows.select_related("seat__body", "seat__period", *APPOINTMENT_RELATED)
    rows = list(rows.order_by("seat__body__name", "seat__order", "seat_id", "role", "starts_on", "pk"))
    judged = {a.pk: a.person_id for a in rows if a.seat.is_political and a.role not in _NOT_JUDGED}
    offices: dict[int, list[tuple[date, date | None]]] = {}
    spans = region_offices(council).filter(person__in=set(judged.values())).order_by()
    for person, starts_on, ends_on in spans.values_list("person_id", "starts_on", "ends_on"):
        offices.setdefault(person, []).append((starts_on, ends_on))
    held = []
    for a in rows:
        sat, a.held_until = True, a.ends_on
        if a.pk in judged:
            runs = seated_runs(offices.get(a.person_id, []), a.seat.period.ends_on)
            sat, a.held_until = seated_until(runs, a.starts_on, a.ends_on, first, last)
        if sat:
            held.append(a)
    return held


# the seat lines judge the holder and the personal substitute (``_sits``), not a § 28 stk. 2 stand-in
_NOT_JUDGED = (Appointment.Role.STAND_IN,)


def party_seats(council: Council, *, today: date) -> dict[str, int]:
    """The KKR's current seats per party name (one query; ``register_lists`` reads the same with the filter's
    lists)."""
    seats = Membership.objects.current(today).filter(council=council).order_by().values_list("party__name")
    return dict(seats.annotate(n=Count("pk")).values_list("party__name", "n"))


def party_counts(council: Council, lines: list[SeatLine], *, today: date, seats=None) -> list[PartyCount]:
    """Political appointees per party beside the party's proportional share of them: the political seats held
    times the party's share of the KKR's current seats (policy, docs/appointments.md). ``seats``: the KKR's seats
    per party on ``today`` when already read (``register_lists``), else one query."""
    held = [line.holder for line in lines if line.seat.is_political and line.holder and not line.is_vacant]
    seats = party_seats(council, today=today) if seats is None else seats
    total_seats = sum(seats.values())
    counts: dict[str, int] = {}
    for holder in held:
        name = holder.person.party.name if holder.person.party else "Uden parti"
        counts[name] = counts.get(name, 0) + 1
    names = sorted(set(counts) | set(seats))
    return [
        PartyCount(name, counts.get(name, 0), Fraction(len(held) * seats.get(name, 0), total_seats or 1))
        for name in names
    ]


@dataclass(frozen=True)
class BodySummary:
    body: Body
    seats: int
    vacant: int


def body_summaries(council: Council, *, today: date) -> list[BodySummary]:
    """The council's bodies with their seats and vacancies in the period containing `today` (five queries)."""
    bodies = list(council.bodies.order_by("name"))
    period = ElectionPeriod.objects.containing(today).first()
    lines = register_lines(council, period, today=today) if period else []
    by_body: dict[int, list[SeatLine]] = {}
    for line in lines:
        by_body.setdefault(line.seat.body_id, []).append(line)
    return [
        BodySummary(body, len(by_body.get(body.pk, [])), sum(line.is_vacant for line in by_body.get(body.pk, [])))
        for body in bodies
    ]
