"""What the register shows, computed from the dated rows (no hooks from `members`): who sits where on a day,
which seats are vacant and what must happen next (FO 3.8, kommunestyrelsesloven § 28), per body, council and
person. Every function runs a fixed number of queries, whatever the number of bodies and seats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from kkr.formats import format_date
from members.models import (
    Council,
    ElectionPeriod,
    Membership,
    Municipality,
    MunicipalOffice,
    Party,
    Person,
    current_on,
    open_on,
)
from members.permissions import NOBODY, Roles
from members.rosterrows import instance

from .models import Appointment, Body, Nomination, Seat

FOLLOW_UP_SAME_GROUP = "Samme gruppe udpeger et nyt medlem (kommunestyrelsesloven § 28 stk. 1)"
FOLLOW_UP_MAJORITY = "Nyt flertalsvalg på et møde (§ 24 stk. 1, FO 3.8)"
FOLLOW_UP_NOMINATION = "Ny indstilling fra {org}"
FOLLOW_UP_NEXT_TERM = "Funktionsperioden er udløbet: pladsen skal besættes for næste periode"
FOLLOW_UP_EMPTY = "Pladsen er ikke besat"
FOLLOW_UP_ABOLISHED = "Organet er nedlagt; pladsen besættes ikke igen"
FOLLOW_UP_SUBSTITUTE = "Personlig stedfortræder mangler: indstil eller udpeg en"


def eligible_person_ids(council: Council, on: date) -> set[int]:
    """FO 3.8: the persons who on `on` sit on the municipal council of one of `council`'s municipalities
    (a KKR membership is not required). One query."""
    offices = MunicipalOffice.objects.current(on).filter(municipality__council=council)
    return set(offices.order_by().values_list("person_id", flat=True))  # a set: no ORDER BY (and its join)


def is_eligible(person: Person, seat: Seat, on: date) -> bool:
    """FO 3.8 for one seat: a non-political seat takes anyone; a political one a municipal council member of
    the seat council's region on the appointment date."""
    if not seat.is_political:
        return True
    offices = MunicipalOffice.objects.current(on).filter(person=person, municipality__council_id=seat.council_id)
    return offices.exists()


HOLDER_ROLES = (Appointment.Role.MEMBER, Appointment.Role.CHAIR)


def appointee_candidates(council: Council, *, political: bool, on: date | None = None):
    """Who the appointment picker offers for a seat of ``council``: the municipal council members of its region
    (FO 3.8; on ``on`` when given, else on any day, the form's check before the service's on the start date)
    and, for a seat that is not political, also the representatives the council added (business, union,
    knowledge institution, observer). Municipality, party and organisation are loaded for the label."""
    offices = MunicipalOffice.objects.filter(person=OuterRef("pk"), municipality__council=council)
    if on is not None:
        offices = offices.filter(current_on(on))
    who = Q(Exists(offices))
    if not political:
        who |= Q(representative__council=council)
    people = Person.objects.filter(who).select_related("municipality", "party", "representative")
    return people.order_by("name")


def matching_appointees(people, text: str):
    """Narrow the picker by every typed word: name, municipality, party letter or organisation."""
    for word in text.split()[:5]:
        people = people.filter(
            Q(name__icontains=word)
            | Q(municipality__name__icontains=word)
            | Q(party__letter__iexact=word)
            | Q(representative__organisation__icontains=word)
        )
    return people


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


@dataclass
class SeatLine:
    """One seat on a day: who holds it (member or chair, and the personal substitute), and what to do next."""

    seat: Seat
    holder: Appointment | None = None
    substitute: Appointment | None = None
    follow_up: str = ""
    history: list[Appointment] = field(default_factory=list)
    stand_in: Appointment | None = None  # § 28 stk. 2: standing in while the holder is absent
    substitute_follow_up: str = ""  # a held seat of a body with personal substitutes that has none

    @property
    def is_vacant(self) -> bool:
        return bool(self.follow_up)


def _refill(previous: Appointment) -> str:
    """§ 28: a proportional seat is filled by the group that elected the previous holder; a single seat by a
    new majority election (§ 24 stk. 1)."""
    if previous.method == Appointment.Method.PROPORTIONAL and previous.group:
        return f"{FOLLOW_UP_SAME_GROUP}: {previous.group}"
    return FOLLOW_UP_MAJORITY


def _follow_up(line: SeatLine, eligible: set[int], today: date, term_end: date) -> str:
    seat, holder = line.seat, line.holder
    if seat.body.ends_on is not None and today > seat.body.ends_on:
        return FOLLOW_UP_ABOLISHED
    if today > term_end:
        return FOLLOW_UP_NEXT_TERM
    if not seat.is_political:
        return "" if holder else FOLLOW_UP_NOMINATION.format(org=seat.nominated_by or "organisationen")
    if holder is not None:
        return "" if holder.person_id in eligible else _refill(holder)
    left_early = [
        a for a in line.history if a.role in HOLDER_ROLES and a.ends_on and a.ends_on < today and a.end_reason
    ]
    return _refill(left_early[-1]) if left_early else FOLLOW_UP_EMPTY


def seat_lines(seats, *, today: date, eligible_by_council: dict[int, set[int]], held=None) -> list[SeatLine]:
    """`seats` must prefetch `appointments` (with person, party and municipality) and select body and period;
    or ``held`` gives each seat's appointments by its id, by start (``_shown_seats``)."""
    lines = []
    for seat in seats:
        appointments = held.get(seat.pk, []) if held is not None else list(seat.appointments.all())
        current = [a for a in appointments if a.starts_on <= today and (a.ends_on is None or a.ends_on >= today)]
        holder = next((a for a in current if a.role in HOLDER_ROLES), None)
        substitute = next((a for a in current if a.role == Appointment.Role.SUBSTITUTE), None)
        stand_in = next((a for a in current if a.role == Appointment.Role.STAND_IN), None)
        term_end = seat.body.term_for(seat.period)[1]
        if seat.body.ends_on is not None:
            term_end = min(term_end, seat.body.ends_on)
        line = SeatLine(seat, holder, substitute, "", appointments, stand_in)
        line.follow_up = _follow_up(line, eligible_by_council.get(seat.council_id, set()), today, term_end)
        if seat.body.has_personal_substitutes and holder is not None and substitute is None and not line.follow_up:
            line.substitute_follow_up = FOLLOW_UP_SUBSTITUTE
        lines.append(line)
    return lines


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
    councils = {c.pk: c for c in body.councils.all()}
    offices = MunicipalOffice.objects.current(today).filter(municipality__council__in=councils)
    eligible: dict[int, set[int]] = {}
    for person_id, council_id in offices.values_list("person_id", "municipality__council_id"):
        eligible.setdefault(council_id, set()).add(person_id)
    return seat_lines(
        _seats(body=body).order_by("-period__starts_on", "council__name", "order"),
        today=today,
        eligible_by_council=eligible,
    )


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
    lines = seat_lines(seats, today=today, eligible_by_council={council.pk: eligible_person_ids(council, today)})
    vacant = [line for line in lines if line.is_vacant]
    first = [Vacancy(line.seat.body.name, line.seat.label, line.follow_up) for line in vacant[:limit]]
    return VacancySummary(len(lines), len(vacant), first)


SHOWN_SEAT_MODELS = (Seat, Body, ElectionPeriod, Appointment, Person, Party, Municipality)


@cache
def _shown_seats_sql(with_body: bool) -> str:
    """The seats of a council's bodies in a period, in the register's order, each with its body and period and
    its appointments in force (``Appointment.objects``: not voided) with person, party and municipality, by start:
    one query instead of the ORM's two, whose compilation cost more than the database's answer."""
    t = {model: model._meta.db_table for model in (*SHOWN_SEAT_MODELS, Body.councils.through)}
    aliases = ("s", "b", "pe", "a", "p", "pa", "mu")
    selected = ", ".join(_columns(model, alias) for model, alias in zip(SHOWN_SEAT_MODELS, aliases, strict=True))
    order = connection.ops.quote_name("order")
    return f"""SELECT {selected}
        FROM {t[Seat]} s JOIN {t[Body]} b ON b.id = s.body_id JOIN {t[ElectionPeriod]} pe ON pe.id = s.period_id
            LEFT JOIN {t[Appointment]} a ON a.seat_id = s.id AND a.voided_at IS NULL
            LEFT JOIN {t[Person]} p ON p.id = a.person_id
            LEFT JOIN {t[Party]} pa ON pa.id = p.party_id
            LEFT JOIN {t[Municipality]} mu ON mu.id = p.municipality_id
        WHERE s.council_id = %(council)s AND s.period_id = %(period)s
            AND s.body_id IN (SELECT body_id FROM {t[Body.councils.through]} WHERE council_id = %(council)s)
            {"AND s.body_id = %(body)s" if with_body else ""}
        ORDER BY b.name, s.{order}, s.id, a.starts_on, a.id"""


def _shown_seats(council: Council, period, body) -> tuple[list[Seat], dict[int, list[Appointment]]]:
    """``_shown_seats_sql``'s rows as the seats (body and period loaded) and each seat's appointments."""
    params = {"council": council.pk, "period": period.pk, "body": body.pk if body is not None else None}
    with connection.cursor() as cursor:
        cursor.execute(_shown_seats_sql(body is not None), params)
        rows = cursor.fetchall()
    seats: dict[int, Seat] = {}
    held: dict[int, list[Appointment]] = {}
    shared: dict[tuple, object] = {}

    def make(model, values, *, share=False):
        key = (model, values[0])
        if key not in shared or not share:
            shared[key] = instance(model, values)
        return shared[key]

    for row in rows:
        s, b, pe, a, p, pa, mu = _cut(row, SHOWN_SEAT_MODELS)
        if s[0] not in seats:
            seat = seats[s[0]] = make(Seat, s)
            seat.body, seat.period = make(Body, b, share=True), make(ElectionPeriod, pe, share=True)
            held[seat.pk] = []
        appointment = make(Appointment, a)
        if appointment is not None:
            appointment.person = person = make(Person, p)
            person.party, person.municipality = make(Party, pa, share=True), make(Municipality, mu, share=True)
            held[s[0]].append(appointment)
    return list(seats.values()), held


def _columns(model, alias: str) -> str:
    """The model's columns in field order, quoted (a seat's ``order`` is an SQL keyword)."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


def _cut(row, models) -> list[tuple]:
    parts, start = [], 0
    for model in models:
        end = start + len(model._meta.concrete_fields)
        parts.append(row[start:end])
        start = end
    return parts


@dataclass(frozen=True)
class PartyCount:
    party: str
    appointees: int
    share: Fraction  # the party's proportional share of the political seats held (policy: KKR seats today)


def register_lines(
    council: Council, period, *, today: date, body=None, party=None, municipality=None, related=APPOINTMENT_RELATED
):
    """The council's register for `period` ("Udpegninger 2026-2030"), filtered (three queries). ``related``: what
    is read with each appointment; ``SHOWN_RELATED`` (the page: no meetings) in two plain queries (``_shown_seats``
    and the eligible)."""
    eligible = {council.pk: eligible_person_ids(council, today)}
    if related == SHOWN_RELATED:
        seats, held = _shown_seats(council, period, body)
        lines = seat_lines(seats, today=today, eligible_by_council=eligible, held=held)
    else:
        seats = _seats(related=related, council=council, period=period, body__in=council.bodies.all())
        if body is not None:
            seats = seats.filter(body=body)
        lines = seat_lines(seats, today=today, eligible_by_council=eligible)
    if party is not None:
        lines = [line for line in lines if line.holder and line.holder.person.party_id == party.pk]
    if municipality is not None:
        lines = [line for line in lines if line.holder and line.holder.person.municipality_id == municipality.pk]
    return lines


def held_in_year(council: Council, year: int, *, body=None, party=None, municipality=None) -> list[Appointment]:
    """Everyone who held a seat of ``council`` on a day of ``year`` (member, chair or substitute; voided rows
    never count), for the yearly report, in the register's order (one query)."""
    rows = Appointment.objects.filter(
        open_on(date(year, 1, 1)),
        seat__council=council,
        seat__body__in=council.bodies.all(),
        starts_on__lte=date(year, 12, 31),
    )
    if body is not None:
        rows = rows.filter(seat__body=body)
    if party is not None:
        rows = rows.filter(person__party=party)
    if municipality is not None:
        rows = rows.filter(person__municipality=municipality)
    rows = rows.select_related("seat__body", *APPOINTMENT_RELATED)
    return list(rows.order_by("seat__body__name", "seat__order", "seat_id", "role", "starts_on", "pk"))


def party_counts(council: Council, lines: list[SeatLine], *, today: date) -> list[PartyCount]:
    """Political appointees per party beside the party's proportional share of them: the political seats held
    times the party's share of the KKR's current seats (policy, docs/appointments.md). One query."""
    held = [line.holder for line in lines if line.seat.is_political and line.holder and not line.is_vacant]
    seats = dict(
        Membership.objects.current(today)
        .filter(council=council)
        .order_by()
        .values_list("party__name")
        .annotate(n=Count("pk"))
        .values_list("party__name", "n")
    )
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


def public_appointees(council: Council, *, today: date) -> list[Appointment]:
    """The council's current political appointees that are public (``AppointmentQuerySet.public``: decided at
    no meeting, or at one whose public minutes are out), for the public page (one query). FO 3.8: one whose
    municipal office in the region has ended no longer sits (the register shows the seat vacant): not listed."""
    in_office = MunicipalOffice.objects.current(today).filter(person=OuterRef("person"), municipality__council=council)
    return list(
        Appointment.objects.current(today)
        .public()
        .filter(seat__council=council, seat__is_political=True)
        .filter(Exists(in_office))
        .filter(Q(seat__body__ends_on__isnull=True) | Q(seat__body__ends_on__gt=today))
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
