"""Shared pieces of the membership services: saving with the history user, the eligibility checks, actions."""

from datetime import date

from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date
from kkr.history import save_with_history

from ..models import Action, Membership, SubstituteAssignment, open_on
from ..queries import council_offices

save = save_with_history  # the acting user and the rule as simple-history's user and change reason


open_or_after = open_on  # rows still running on or after a day


def require_eligible(person, council, on: date, *, municipality=None) -> list:
    offices = council_offices(person, council, on)
    if municipality is not None:
        offices = [office for office in offices if office.municipality_id == municipality.pk]
    if not offices:
        where = f"{municipality}s kommunalbestyrelse" if municipality else f"en kommunalbestyrelse i {council}"
        raise RuleViolation(
            f"{person} er ikke medlem af {where} den {format_date(on)}; kun kommunalbestyrelsesmedlemmer kan sidde.",
            rule="B1 1.0",
        )
    return offices


def party_on(person, offices):
    """The party a person represents on the day of ``offices`` (dated: a person who left his party has offices
    without one from that day); the one on the person only when no office is given."""
    for office in offices:
        if office.party_id:
            return office.party
    return None if offices else person.party


def require_not_member_or_substitute(person, on: date, *, rule: str = "B1 1.2"):
    """A member can not also be a substitute, and a person substitutes at most one member (B1 1.2)."""
    # B1 1.3: a seat of a period that ended before ``on`` is the old council's, leaving at the handover; a
    # re-elected member gets a new row for the new period.
    seat = (
        Membership.objects.filter(open_or_after(on), person=person)
        .exclude(period__ends_on__lt=on)
        .select_related("council")
        .first()
    )
    if seat is not None:
        raise RuleViolation(f"{person} er allerede medlem af {seat.council}.", rule=rule)
    assignment = (
        SubstituteAssignment.objects.filter(open_or_after(on), person=person)
        .exclude(membership__period__ends_on__lt=on)
        .select_related("membership__person")
        .first()
    )
    if assignment is not None:
        raise RuleViolation(
            f"{person} er allerede personlig stedfortræder for {assignment.membership.person}.", rule=rule
        )


def open_action(council, *, kind, title, rule, actor, membership=None, party=None, details=""):
    action = Action(
        council=council, kind=kind, title=title[:300], rule=rule, membership=membership, party=party, details=details
    )
    return save(action, actor, rule)


def resolve_open(actions, *, actor, resolution: str) -> list:
    """Resolve the given open actions (each saved, so history keeps who resolved it)."""
    resolved = []
    for action in actions.filter(resolved_at__isnull=True):
        action.resolved_at, action.resolved_by, action.resolution = timezone.now(), actor, resolution
        resolved.append(save(action, actor, action.rule))
    return resolved
