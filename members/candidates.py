"""Who a picker offers: only the people who fit the rule, so staff never choose someone the
service will refuse. The services still check (B1 1.0, 1.2); this is the same rule as a query.

- a new member (B1 1.0): a municipal council member of one of the council's municipalities on the day,
  not already a member or personal substitute (B1 1.2: a member is not also a substitute);
- a personal substitute (B1 1.2): the same, for a party-elected member from the member's party, for a
  mayor from the mayor's municipality (the deputy chain).
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Membership, MunicipalOffice, Person, SubstituteAssignment, open_on

LIMIT = 30


_running = open_on


def _free(people: QuerySet, on: date) -> QuerySet:
    seated = Membership.objects.filter(_running(on), person=OuterRef("pk"))
    substituting = SubstituteAssignment.objects.filter(_running(on), person=OuterRef("pk"))
    return people.exclude(Exists(seated)).exclude(Exists(substituting))


def new_member_candidates(council, on: date) -> QuerySet:
    offices = MunicipalOffice.objects.current(on).filter(person=OuterRef("pk"), municipality__council=council)
    return _free(Person.objects.filter(Exists(offices)), on).select_related("municipality", "party").order_by("name")


def substitute_candidates(membership: Membership, on: date) -> QuerySet:
    offices = MunicipalOffice.objects.current(on).filter(person=OuterRef("pk"))
    if membership.kind == Membership.Kind.MAYOR:
        offices = offices.filter(municipality=membership.municipality)
    else:
        offices = offices.filter(municipality__council=membership.council_id).filter(
            Q(party=membership.party_id) | Q(party__isnull=True, person__party=membership.party_id)
        )
    people = _free(Person.objects.filter(Exists(offices)), on)
    return people.select_related("municipality", "party").order_by("name")


def matching(people: QuerySet, text: str) -> QuerySet:
    """Narrow by every typed word (name, municipality or party letter)."""
    for word in text.split()[:5]:
        people = people.filter(
            Q(name__icontains=word) | Q(municipality__name__icontains=word) | Q(party__letter__iexact=word)
        )
    return people
