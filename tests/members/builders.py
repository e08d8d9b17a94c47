"""Deterministic builders for membership tests: politicians with dated offices, seats, substitutes, leaves,
chair roles, observers and follow-ups. The one way members tests build rows (no factories)."""

from datetime import date

from members.models import (
    Action,
    ChairRole,
    Leave,
    Membership,
    Municipality,
    MunicipalOffice,
    Observer,
    Party,
    Person,
    SeatEntitlement,
    SubstituteAssignment,
)

KV_START = date(2026, 1, 1)
CONSTITUTED = date(2026, 1, 20)
TRACKED = [
    Person,
    MunicipalOffice,
    Membership,
    SubstituteAssignment,
    Leave,
    ChairRole,
    Action,
    SeatEntitlement,
    Observer,
]


def municipality(name="Aalborg"):
    return Municipality.objects.get(name=name)


def party(letter="V"):
    return Party.objects.get(letter=letter)


def politician(name, where="Aalborg", *, letter="V", kind=MunicipalOffice.Kind.COUNCIL_MEMBER, user=None):
    """A person with a current office (from 1 January 2026) in ``where``, for ``letter``'s party."""
    town, unit = municipality(where), party(letter) if letter else None
    person = Person.objects.create(name=name, municipality=town, party=unit, user=user)
    MunicipalOffice.objects.create(person=person, municipality=town, kind=kind, party=unit, starts_on=KV_START)
    return person


def seat(council, period, person, *, kind=Membership.Kind.PARTY_ELECTED, starts_on=CONSTITUTED):
    return Membership.objects.create(
        council=council,
        period=period,
        person=person,
        kind=kind,
        party=person.party,
        municipality=person.municipality,
        starts_on=starts_on,
    )


def substitute(membership, person, *, starts_on=CONSTITUTED):
    return SubstituteAssignment.objects.create(membership=membership, person=person, starts_on=starts_on)


def leave(
    membership,
    *,
    kind=Leave.Kind.RELIEVED,
    starts_on=date(2026, 3, 1),
    ends_on=date(2026, 6, 30),
    reason="Fritaget",
    status=Leave.Status.APPROVED,
):
    return Leave.objects.create(
        membership=membership, kind=kind, starts_on=starts_on, ends_on=ends_on, reason=reason, status=status
    )


def chair_role(membership, *, role=ChairRole.Role.CHAIR, starts_on=CONSTITUTED):
    return ChairRole.objects.create(
        council=membership.council, period=membership.period, membership=membership, role=role, starts_on=starts_on
    )


def observer(council, person, *, capacity="Medlem af KL's bestyrelse", starts_on=CONSTITUTED, ends_on=None):
    return Observer.objects.create(
        council=council, person=person, capacity=capacity, starts_on=starts_on, ends_on=ends_on
    )


def action(council, title="Tjek noget", *, kind=Action.Kind.OTHER, rule="B1 1.14", membership=None):
    return Action.objects.create(council=council, title=title, kind=kind, rule=rule, membership=membership)


def entitle(council, period, letter, *, seats, mayors=0, is_entitled=True):
    return SeatEntitlement.objects.create(
        council=council, period=period, party=party(letter), seats=seats, mayors=mayors, is_entitled=is_entitled
    )


def snapshot():
    """Rows and history rows of every membership table: equal before and after means nothing changed."""
    return {model.__name__: (model.objects.count(), model.history.count()) for model in TRACKED}
