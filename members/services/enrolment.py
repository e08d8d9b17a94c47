"""New members (B1 1.0): a mayor (born member) or a party-elected member, and resolving follow-ups."""

from datetime import date, timedelta

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..models import (
    Action,
    EndReason,
    Membership,
    MunicipalOffice,
    Person,
    SeatEntitlement,
    SubstituteAssignment,
)
from ..queries import before_taking_office, period_on
from .common import open_action, party_on, require_eligible, require_not_member_or_substitute, resolve_open, save
from .substitutes import propose_mayor_substitute


@transaction.atomic
def add_member(council, *, person: Person, starts_on: date, actor) -> Membership:
    """B1 1.0: a municipal council member of the region becomes member from ``starts_on``. The kind follows
    the offices: a mayor is a born member; anyone else is party-elected and fills one of the party's
    entitled seats (or the seat a B1 1.11 / 1.13 action calls for). A substitute left waiting for the new
    member (B1 1.13) moves to them; otherwise a "new substitute" action opens (B1 1.2)."""
    offices = require_eligible(person, council, starts_on)
    require_not_member_or_substitute(person, starts_on, rule="B1 1.0")
    period = period_on(starts_on)
    if problem := before_taking_office(council, period, starts_on):
        raise RuleViolation(problem, rule="B1 1.3")
    _end_old_period_seat(person, period, starts_on, actor)
    mayor = next((o for o in offices if o.kind == MunicipalOffice.Kind.MAYOR), None)
    party = party_on(person, [mayor] if mayor else offices)
    if party is None:
        raise RuleViolation(
            f"Registrér først, hvilket parti eller hvilken liste {person} repræsenterer.", rule="B1 1.0"
        )
    if mayor is not None:
        membership = _add_mayor(council, person, mayor, party, period, starts_on, actor)
    else:
        membership = _add_party_elected(council, person, offices[0].municipality, party, period, starts_on, actor)
    if not membership.substitutes.exists():
        _ask_for_substitute(membership, actor)
    return membership


def _end_old_period_seat(person, period, starts_on, actor):
    """B1 1.3: a re-elected member's seat of the previous period ends the day before his new one begins."""
    for old in Membership.objects.filter(person=person, ends_on__isnull=True, starts_on__lt=starts_on).exclude(
        period=period
    ):
        old.ends_on, old.end_reason = starts_on - timedelta(days=1), EndReason.PERIOD_ENDED
        save(old, actor, "B1 1.3")


def _add_mayor(council, person, office, party, period, starts_on, actor):
    sitting = Membership.objects.current(starts_on).filter(kind=Membership.Kind.MAYOR, municipality=office.municipality)
    if sitting.exists():
        raise RuleViolation(f"{office.municipality}s borgmester er allerede registreret som medlem.", rule="B1 1.0")
    membership = Membership(
        council=council,
        period=period,
        person=person,
        kind=Membership.Kind.MAYOR,
        party=party,
        municipality=office.municipality,
        starts_on=starts_on,
    )
    save(membership, actor, "B1 1.0")
    resolve_open(
        Action.objects.filter(
            council=council, kind=Action.Kind.NEW_MAYOR, membership__municipality=office.municipality
        ),
        actor=actor,
        resolution=f"{person} registreret som medlem fra {format_date(starts_on)}.",
    )
    return membership


def _add_party_elected(council, person, municipality, party, period, starts_on, actor):
    if not party.is_unit:
        raise RuleViolation(f"{party} er en lokalliste og ikke en enhed; kun dens borgmestre sidder.", rule="B1 1.0")
    waiting = Action.objects.open().filter(council=council, party=party, kind=Action.Kind.NEW_MEMBER).order_by("pk")
    action = waiting.select_related("membership__person").first()
    if action is None:
        _require_free_seat(council, party, period, starts_on)
    else:
        _require_seat_left(action, person, starts_on)
    membership = Membership(
        council=council,
        period=period,
        person=person,
        kind=Membership.Kind.PARTY_ELECTED,
        party=party,
        municipality=municipality,
        starts_on=starts_on,
    )
    save(membership, actor, "B1 1.0")
    if action is not None:
        if action.rule == "B1 1.13" and action.membership_id:
            _move_waiting_substitute(action.membership, membership, actor)
        resolve_open(
            waiting.filter(pk=action.pk),
            actor=actor,
            resolution=f"{person} registreret som medlem fra {format_date(starts_on)}.",
        )
    return membership


def _require_seat_left(action, person, starts_on):
    """B1 1.9 / B1 1.13: the new member fills the seat a departure leaves, from the day after its last day (before,
    the party would hold one seat more than it is entitled to). A B1 1.11 member is one more seat: no such day."""
    left = action.membership
    if left is not None and left.ends_on is not None and starts_on <= left.ends_on:
        raise RuleViolation(
            f"{person} kan tidligst indtræde {format_date(left.ends_on + timedelta(days=1))}, dagen efter at "
            f"{left.person} udtræder; før da er pladsen ikke ledig.",
            rule=action.rule,
        )


def _require_free_seat(council, party, period, on):
    entitlement = SeatEntitlement.objects.filter(council=council, period=period, party=party).first()
    if entitlement is None or not entitlement.is_entitled:
        raise RuleViolation(f"{party} har ingen pladser i {council} i {period}.", rule="B1 1.0")
    filled = _most_seats_from(council, period, party, on)
    if filled >= entitlement.seats:
        raise RuleViolation(
            f"{party.letter or party.name}: {filled} af {entitlement.seats} pladser er allerede besat.", rule="B1 1.1"
        )


def _most_seats_from(council, period, party, on) -> int:
    """The most seats the party holds on any day from ``on`` on: the new seat is open-ended, so a seat dated to
    begin later counts as well as the ones held on ``on``. The count only rises on a seat's first day (one query
    per such day; usually there is none)."""
    seats = Membership.objects.filter(council=council, period=period, party=party)
    later = seats.filter(starts_on__gt=on).values_list("starts_on", flat=True).distinct()
    return max(seats.current(day).count() for day in {on, *later})


def _move_waiting_substitute(old, new, actor):
    """B1 1.13: the substitute who declined to become member stays substitute for the new member."""
    assignment = old.substitutes.filter(ends_on__isnull=True).first()
    if assignment is None:
        return
    assignment.ends_on = max(assignment.starts_on, new.starts_on - timedelta(days=1))
    assignment.end_reason = EndReason.MOVED
    save(assignment, actor, "B1 1.13")
    moved = SubstituteAssignment(
        membership=new,
        person=assignment.person,
        starts_on=new.starts_on,
        basis=f"Forblev stedfortræder for det nye medlem (B1 1.13); {assignment.basis}"[:200],
    )
    save(moved, actor, "B1 1.13")


def _ask_for_substitute(membership, actor):
    if membership.kind == Membership.Kind.MAYOR:
        proposal = propose_mayor_substitute(membership, on=membership.starts_on)
        title, details = f"Stedfortræder for borgmester {membership.person} skal registreres", proposal.explanation
    else:
        title, details = f"{membership.party.name} skal vælge stedfortræder for {membership.person}", ""
    open_action(
        membership.council,
        kind=Action.Kind.NEW_SUBSTITUTE,
        title=title,
        rule="B1 1.2",
        actor=actor,
        membership=membership,
        party=membership.party,
        details=details,
    )


@transaction.atomic
def resolve_action(action: Action, *, actor, resolution: str) -> Action:
    """Close a follow-up by hand, saying how it was resolved."""
    if action.resolved_at is not None:
        raise RuleViolation("Opfølgningen er allerede løst.", rule=action.rule or "opfølgning")
    if not resolution.strip():
        raise RuleViolation("Skriv, hvordan opfølgningen er løst.", rule=action.rule or "opfølgning")
    resolve_open(Action.objects.filter(pk=action.pk), actor=actor, resolution=resolution.strip())
    action.refresh_from_db()
    return action
