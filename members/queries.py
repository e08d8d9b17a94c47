"""Reads of the membership data (SPEC §2); the changes are in ``members.services``.

- ``roster(council, on=date)``: who holds each seat on a date, who votes in it, who substitutes, who chairs.
  Meetings use it for attendance, quorum (FO 3.7) and the minutes (FO 3.9); it answers for any date because
  every row is dated. Two plain SQL queries whatever the size of the council (``members.rosterrows``: the
  seats with their members and substitutes; the leaves, chair roles and observers).
- ``person_history``: a person's full dated history in a fixed number of queries whatever its length; the
  audit trail of who changed what and when (SPEC §6) is ``members.auditrows.audit_rows``.
- ``period_on``, ``council_offices``, ``directory_entries``: the smaller reads the services and views share.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Sum

from kkr.errors import RuleViolation
from kkr.formats import format_date

from . import historyrows, rosterrows
from .models import (
    ChairRole,
    Council,
    ElectionPeriod,
    EndReason,
    Leave,
    Membership,
    MunicipalOffice,
    Observer,
    Party,
    Person,
    RuleSet,
    SeatEntitlement,
    SubstituteAssignment,
    open_on,
)


def period_on(on: date) -> ElectionPeriod:
    """The election period containing ``on``, with its rule set; refused when none does (B1 1.3)."""
    period = ElectionPeriod.objects.containing(on).select_related("rule_set").first()
    if period is None:
        raise RuleViolation(f"Ingen valgperiode dækker {format_date(on)}.", rule="B1 1.3")
    return period


def rules_on(on: date) -> RuleSet:
    """The rules in force on ``on``: the version of the period containing it (SPEC §1 policy)."""
    return period_on(on).rules_on(on)


def takes_office_on(council: Council, period: ElectionPeriod) -> date | None:
    """B1 1.3: the day the council of ``period`` took office at its constituent meeting, as the dated rows
    record it: the first day of its earliest seat, or the day after the previous council's seats ended at the
    handover ("valgperioden sluttede"). ``None`` while neither is recorded (the first seats set the day). Two
    queries."""
    seats = Membership.objects.filter(council=council, period=period)
    first = seats.order_by("starts_on").values_list("starts_on", flat=True).first()
    if first is not None:
        return first
    handed_over = (
        Membership.objects.filter(council=council, end_reason=EndReason.PERIOD_ENDED, ends_on__gte=period.election_on)
        .exclude(period=period)
        .order_by("-ends_on")
        .values_list("ends_on", flat=True)
        .first()
    )
    return handed_over + timedelta(days=1) if handed_over else None


def before_taking_office(council: Council, period: ElectionPeriod, on: date) -> str:
    """B1 1.3, the one check the membership form and the council import share: a seat of ``period`` beginning
    ``on`` would sit beside the previous council when the new one took office later (two councils at once).
    The Danish refusal, or "" when ``on`` is the day the council took office or later."""
    first_day = takes_office_on(council, period)
    if first_day is None or on >= first_day:
        return ""
    return (
        f"{council.name} for {period} tog sæde ved det konstituerende møde den {format_date(first_day)}; "
        f"et medlem kan ikke begynde før (den {format_date(on)} sad det forrige råd)."
    )


def council_offices(person, council, on: date) -> list[MunicipalOffice]:
    """The person's municipal offices on ``on`` in the council's municipalities (B1 1.0 eligibility)."""
    return list(
        MunicipalOffice.objects.current(on)
        .filter(person=person, municipality__council=council)
        .select_related("municipality", "party")
        .order_by("kind")
    )


@dataclass(frozen=True)
class Seat:
    """One seat on a date. ``voter`` is the member, or the substitute who stepped in for a leave (B1 1.6/1.7)."""

    membership: Membership
    substitute: Person | None
    leave: Leave | None
    substitute_assignment: SubstituteAssignment | None = None
    summoned: bool = False  # B1 1.7: a leave awaits the council's decision; the chair summons the substitute
    pending_leave: Leave | None = None  # the first leave awaiting a decision, started or not

    @property
    def member(self) -> Person:
        return self.membership.person

    @property
    def voter(self) -> Person | None:
        """Who sits on this date; None when the member is on leave and no substitute exists."""
        return self.substitute if self.leave else self.member

    @property
    def substitute_stepped_in(self) -> bool:
        return self.leave is not None and self.substitute is not None


@dataclass(frozen=True)
class Roster:
    council: Council
    on: date
    seats: list[Seat]
    chair: Membership | None = None
    vice_chair: Membership | None = None
    observers: list[Observer] = field(default_factory=list)
    chair_roles: list[ChairRole] = field(default_factory=list)

    @property
    def size(self) -> int:
        """The number of members, the base of the quorum (FO 3.7)."""
        return len(self.seats)

    def seat_of(self, person_id: int) -> Seat | None:
        """The seat a person sits in on this date, as member or as the substitute who stepped in."""
        for seat in self.seats:
            if seat.voter is not None and seat.voter.pk == person_id:
                return seat
        return None


def roster(council: Council, *, on: date) -> Roster:
    """The council as it stood on ``on``. Only approved leaves let the substitute in, from the day of the
    council's decision (B1 1.7: not retroactive); while the decision is pending the seat is ``summoned``. Two
    plain queries (``members.rosterrows``: the seats with their substitutes; leaves, chair roles and observers)."""
    dated = rosterrows.dated_rows(council.pk, on)
    seats = _seats(council, on, dated)
    chair_roles = _chair_roles(dated.chair_roles, seats)
    chairs = {role.role: role.membership for role in chair_roles}
    return Roster(
        council=council,
        on=on,
        seats=seats,
        chair=chairs.get(ChairRole.Role.CHAIR),
        vice_chair=chairs.get(ChairRole.Role.VICE_CHAIR),
        observers=dated.observers,
        chair_roles=chair_roles,
    )


def seats_on(council: Council, on: date) -> list[Seat]:
    """The council's seats on ``on``, by party and name, with their substitutes and leaves (two queries)."""
    return _seats(council, on, rosterrows.dated_rows(council.pk, on))


def _seats(council: Council, on: date, dated: rosterrows.DatedRows) -> list[Seat]:
    """``dated.leaves``: the council's leaves not ended on ``on``, the ones that start later too (a pending leave is
    shown before it starts), by start; a seat's substitute is the first current assignment by start."""
    leaves: dict[int, list[Leave]] = {}
    for leave in dated.leaves:
        leaves.setdefault(leave.membership_id, []).append(leave)
    substitutes: dict[int, SubstituteAssignment] = {}
    for assignment in dated.substitutes:
        substitutes.setdefault(assignment.membership_id, assignment)
    seats = []
    for membership in rosterrows.seat_rows(council.pk, on):
        assignment = substitutes.get(membership.pk)
        if assignment is not None:
            assignment.membership = membership
        seats.append(_seat(membership, assignment, leaves.get(membership.pk, []), on))
    return _deputy_mayors_step_in(seats, on)


def _seat(membership: Membership, assignment: SubstituteAssignment | None, leaves: list, on: date) -> Seat:
    """``leaves``: the seat's leaves not ended on ``on``, by start; the current ones are those started by then."""
    current = [leave for leave in leaves if leave.starts_on <= on]
    pending = [leave for leave in leaves if leave.status == Leave.Status.AWAITING_DECISION]
    return Seat(
        membership=membership,
        substitute=assignment.person if assignment else None,
        leave=next((leave for leave in current if _in_force(leave, on)), None),
        substitute_assignment=assignment,
        summoned=any(leave.status == Leave.Status.AWAITING_DECISION for leave in current),
        pending_leave=pending[0] if pending else None,
    )


def _deputy_mayors_step_in(seats: list[Seat], on: date) -> list[Seat]:
    """B1 1.5 (2010): under a rule set with ``deputy_mayor_replaces_relieved_mayor`` the 1st deputy mayor, not
    the personal substitute, steps in for a mayor relieved of his duties. Two queries, only when such a seat
    exists on the day."""
    relieved = [
        seat
        for seat in seats
        if seat.leave is not None
        and seat.leave.kind == Leave.Kind.RELIEVED
        and seat.membership.kind == Membership.Kind.MAYOR
    ]
    if not relieved or not rules_on(on).deputy_mayor_replaces_relieved_mayor:
        return seats
    deputies = {
        office.municipality_id: office.person
        for office in MunicipalOffice.objects.current(on)
        .filter(
            kind=MunicipalOffice.Kind.DEPUTY_MAYOR_1, municipality__in=[s.membership.municipality_id for s in relieved]
        )
        .select_related("person")
    }
    return [
        replace(seat, substitute=deputies.get(seat.membership.municipality_id)) if seat in relieved else seat
        for seat in seats
    ]


def _in_force(leave, on) -> bool:
    """B1 1.6 leaves are approved at once; a B1 1.7 approval is not retroactive: it holds from the decision."""
    return leave.status == Leave.Status.APPROVED and (leave.decided_on is None or leave.decided_on <= on)


def _chair_roles(roles: list[ChairRole], seats: list[Seat]) -> list[ChairRole]:
    """Current chair roles (by role and start), a temporary holder (B1 1.16) overriding the permanent one; each
    with its membership from the seats (a holder whose seat is not current on the day is read apart: one query,
    only then)."""
    memberships = {seat.membership.pk: seat.membership for seat in seats}
    for role in roles:
        role.membership = memberships.get(role.membership_id) or Membership.objects.select_related("person").get(
            pk=role.membership_id
        )
    return sorted(roles, key=lambda role: role.is_temporary)


def council_seat_count(council, period) -> int:
    """The council's seats in the period by its seat entitlement (B1 1.0-1.1), vacant ones included; 0 when no
    entitlement is recorded. The quorum base under the ``seats`` policy (FO 3.7). One query."""
    total = SeatEntitlement.objects.filter(council=council, period=period).aggregate(total=Sum("seats"))["total"]
    return total or 0


@dataclass(frozen=True)
class PartyGroup:
    """A party's seats on the roster against its entitlement (B1 1.0-1.1): "V: 10 af 10 pladser besat"."""

    party: Party
    seats: list[Seat]
    entitled_seats: int | None

    @property
    def label(self) -> str:
        name = self.party.letter or self.party.name
        if self.entitled_seats is None:
            return f"{name}: {len(self.seats)} (ingen pladsfordeling)"
        return f"{name}: {len(self.seats)} af {self.entitled_seats} pladser besat"

    @property
    def is_short(self) -> bool:
        return self.entitled_seats is not None and len(self.seats) < self.entitled_seats


def group_by_party(seats: list[Seat], entitlements: list[SeatEntitlement]) -> list[PartyGroup]:
    """Seats grouped by the party they were elected for, with every party that has an entitlement."""
    by_party: dict[int, list[Seat]] = {}
    parties: dict[int, Party] = {}
    for seat in seats:
        by_party.setdefault(seat.membership.party_id, []).append(seat)
        parties[seat.membership.party_id] = seat.membership.party
    entitled = {e.party_id: e.seats for e in entitlements}
    parties.update({e.party_id: e.party for e in entitlements})
    groups = [PartyGroup(party, by_party.get(pk, []), entitled.get(pk)) for pk, party in parties.items()]
    return sorted(groups, key=lambda group: (group.party.letter or "~", group.party.name))


def directory_entries(council, on):
    """Blå bog: every current member and personal substitute with contact details (the seats' three queries)."""
    entries = []
    for seat in seats_on(council, on):
        m = seat.membership
        entries.append((m.person, m.get_kind_display(), m.municipality.name, m.party))
        if seat.substitute:
            sub = seat.substitute
            town = sub.municipality.name if sub.municipality else ""
            entries.append((sub, f"Stedfortræder for {m.person.name}", town, sub.party))
    return sorted(entries, key=lambda entry: entry[0].name)


@dataclass(frozen=True)
class PublicMember:
    """One line of the public member list: what KL publishes of a council member or personal substitute (never
    contact details). ``role`` is ``chair``, ``vice_chair``, ``member`` or ``substitute``."""

    name: str
    party: str
    municipality: str
    role: str
    role_label: str
    substitute_for: str = ""


def public_roster(council: Council, on: date) -> list[PublicMember]:
    """The council's members on ``on`` (chair and vice-chair first, then by name), each followed by the personal
    substitute, as the council's public page and the open-data API show them when the council publishes its
    roster (``Council.publishes_roster``). The roster's two queries."""
    seen = roster(council, on=on)
    chair_of = {getattr(seen.chair, "pk", None): "chair", getattr(seen.vice_chair, "pk", None): "vice_chair"}
    labels = {"chair": "Formand", "vice_chair": "Næstformand", "member": "Medlem"}
    rank = {"chair": 0, "vice_chair": 1, "member": 2}
    lines = []
    for seat in sorted(seen.seats, key=lambda s: (rank[chair_of.get(s.membership.pk, "member")], s.member.name)):
        membership, role = seat.membership, chair_of.get(seat.membership.pk, "member")
        party = membership.party.letter or membership.party.name
        lines.append(PublicMember(membership.person.name, party, membership.municipality.name, role, labels[role]))
        if seat.substitute is not None:
            sub = seat.substitute
            lines.append(
                PublicMember(
                    sub.name,
                    (sub.party.letter or sub.party.name) if sub.party else "",
                    sub.municipality.name if sub.municipality else "",
                    "substitute",
                    "Stedfortræder",
                    substitute_for=membership.person.name,
                )
            )
    return lines


def person_history(person: Person) -> dict:
    """Offices, seats, substitute assignments, leaves and chair roles, oldest first (five plain queries:
    ``members.historyrows``)."""
    return historyrows.person_rows(person.pk)


@dataclass(frozen=True)
class Handover:
    """B1 1.3: who leaves, who continues and who is new when the council of ``period`` takes office ``on``."""

    on: date
    outgoing: list[Membership]  # the old council's open seats, ended the day before ``on``
    leaving: list[Person]
    continuing: list[Person]
    new: list[Person]


def handover_preview(council, period, *, on: date) -> Handover:
    """The old council (open seats of other periods) against the new period's seats from ``on``. Two queries."""
    outgoing = list(
        Membership.objects.filter(council=council, starts_on__lt=on)
        .filter(open_on(on - timedelta(days=1)))
        .exclude(period=period)
        .select_related("person")
        .order_by("person__name")
    )
    incoming = list(
        Membership.objects.current(on)
        .filter(council=council, period=period)
        .select_related("person")
        .order_by("person__name")
    )
    old_ids = {m.person_id for m in outgoing}
    new_ids = {m.person_id for m in incoming}
    return Handover(
        on=on,
        outgoing=outgoing,
        leaving=[m.person for m in outgoing if m.person_id not in new_ids],
        continuing=[m.person for m in incoming if m.person_id in old_ids],
        new=[m.person for m in incoming if m.person_id not in old_ids],
    )
