"""Personal substitutes (B1 1.2): the mayor's chain, and assigning a substitute to a member."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..models import Action, Membership, MunicipalOffice, Person, SubstituteAssignment
from ..queries import rules_on
from .common import open_or_after, party_on, require_eligible, require_not_member_or_substitute, resolve_open, save

DEPUTIES = [
    (MunicipalOffice.Kind.DEPUTY_MAYOR_1, "1. viceborgmester"),
    (MunicipalOffice.Kind.DEPUTY_MAYOR_2, "2. viceborgmester"),
]
ELECTED_BY_COUNCIL = "Valgt af kommunalbestyrelsen (B1 1.2)"


@dataclass(frozen=True)
class SubstituteProposal:
    """Who B1 1.2 points to (None: the municipal council elects one) and why, in Danish."""

    person: Person | None
    basis: str
    explanation: str


def propose_mayor_substitute(membership: Membership, *, on: date) -> SubstituteProposal:
    """B1 1.2: the 1st deputy mayor; the 2nd if the 1st is a party-elected member; else one the municipal
    council elects. A deputy who already substitutes another member is passed over too (one member each)."""
    if membership.kind != Membership.Kind.MAYOR:
        raise RuleViolation(
            "Kun borgmesterens stedfortræder følger af embedet; et partivalgt "
            "medlems stedfortræder vælges af partiets kommunalbestyrelsesmedlemmer.",
            rule="B1 1.2",
        )
    offices = MunicipalOffice.objects.current(on).filter(
        municipality=membership.municipality_id, kind__in=[kind for kind, _ in DEPUTIES]
    )
    deputies = {office.kind: office.person for office in offices.select_related("person")}
    ids = [person.pk for person in deputies.values()]
    elected = set(
        Membership.objects.current(on)
        .filter(person__in=ids, kind=Membership.Kind.PARTY_ELECTED)
        .values_list("person", flat=True)
    )
    busy = set(
        SubstituteAssignment.objects.current(on)
        .filter(person__in=ids)
        .exclude(membership=membership)
        .values_list("person", flat=True)
    )
    steps = []
    for kind, label in DEPUTIES:
        person = deputies.get(kind)
        if person is None:
            steps.append(f"Der er ingen {label} registreret i {membership.municipality}.")
        elif person.pk in elected:
            steps.append(f"{label} {person} er selv partivalgt medlem af KKR.")
        elif person.pk in busy:
            steps.append(f"{label} {person} er allerede stedfortræder for et andet medlem.")
        else:
            steps.append(f"{label} {person} er derfor borgmesterens personlige stedfortræder.")
            return SubstituteProposal(person, f"{label} (B1 1.2)", " ".join(steps))
    steps.append(f"{membership.municipality}s kommunalbestyrelse vælger en stedfortræder blandt sine medlemmer.")
    return SubstituteProposal(None, ELECTED_BY_COUNCIL, " ".join(steps))


@transaction.atomic
def assign_substitute(membership: Membership, person: Person, *, starts_on: date, actor, basis: str = ""):
    """B1 1.2: give ``membership`` its personal substitute from ``starts_on``; resolves the open
    "new substitute" action. Refuses a current member, someone who substitutes another member, a second
    substitute, and (policy) a party-elected member's substitute from another party."""
    _require_open_seat(membership, starts_on)
    require_not_member_or_substitute(person, starts_on)
    municipality = membership.municipality if membership.kind == Membership.Kind.MAYOR else None
    offices = require_eligible(person, membership.council, starts_on, municipality=municipality)
    if membership.kind == Membership.Kind.PARTY_ELECTED and rules_on(starts_on).substitute_same_party:
        party = party_on(person, offices)
        if party != membership.party:
            raise RuleViolation(
                f"Stedfortræderen for et partivalgt medlem skal være fra samme parti ({membership.party}); "
                f"{person} repræsenterer {party or 'intet parti'}.",
                rule="B1 1.2, politik",
            )
    assignment = SubstituteAssignment(
        membership=membership, person=person, starts_on=starts_on, basis=basis or _default_basis(membership)
    )
    save(assignment, actor, "B1 1.2")
    resolve_open(
        Action.objects.filter(membership=membership, kind=Action.Kind.NEW_SUBSTITUTE),
        actor=actor,
        resolution=f"{person} er personlig stedfortræder fra {format_date(starts_on)}.",
    )
    return assignment


def _require_open_seat(membership, starts_on):
    if starts_on < membership.starts_on or (membership.ends_on and membership.ends_on < starts_on):
        raise RuleViolation(f"{membership.person} er ikke medlem den {format_date(starts_on)}.", rule="B1 1.2")
    current = membership.substitutes.filter(open_or_after(starts_on)).select_related("person").first()
    if current is not None:
        raise RuleViolation(
            f"{membership.person} har allerede en personlig stedfortræder ({current.person}); registrér først, "
            "at den nuværende stedfortræder ophører.",
            rule="B1 1.2",
        )


def _default_basis(membership):
    if membership.kind == Membership.Kind.MAYOR:
        return ELECTED_BY_COUNCIL
    return f"Valgt af {membership.party}s kommunalbestyrelsesmedlemmer (B1 1.2)"
