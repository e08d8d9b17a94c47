"""People and appointments found by search: staff and members, within their own councils (SPEC §4)."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from members.models import Membership, Person, SubstituteAssignment

from ..roles import Roles
from .text import words


def search_people(query: str, mine: Roles, *, limit: int = 20) -> list[tuple[Person, object]]:
    """People of the user's councils (members, substitutes) whose name, e-mail or municipality match, each
    with the council to show them in (one query)."""
    terms = words(query)
    councils = {council.pk: council for council in [*mine.managed, *mine.member_of]}
    if not terms or not councils:
        return []
    seated = Membership.objects.filter(person=OuterRef("pk"), council__in=councils)
    substitute = SubstituteAssignment.objects.filter(person=OuterRef("pk"), membership__council__in=councils)
    people = Person.objects.filter(Q(Exists(seated)) | Q(Exists(substitute)))
    for term in terms:
        people = people.filter(
            Q(name__icontains=term) | Q(email__icontains=term) | Q(municipality__name__icontains=term)
        )
    # the council to show each in, read in the same query: where they sit, else where they substitute
    home = Coalesce(Subquery(seated.values("council")[:1]), Subquery(substitute.values("membership__council")[:1]))
    people = people.annotate(shown_in=home).select_related("municipality", "party").order_by("name")[:limit]
    return [(person, councils[person.shown_in]) for person in people]


def search_appointments(query: str, mine: Roles, *, on, limit: int = 20) -> list:
    """Current appointments to regional bodies in the user's councils whose body, seat or appointee match
    every word (members and staff only; one query)."""
    from appointments.models import Appointment

    terms = words(query)
    councils = [council.pk for council in [*mine.managed, *mine.member_of]]
    if not terms or not councils:
        return []
    # only the user's own councils, where they see every appointment (``visible_to``: no release to wait for)
    found = Appointment.objects.current(on).filter(seat__council__in=councils)
    for term in terms:
        found = found.filter(
            Q(seat__body__name__icontains=term) | Q(seat__label__icontains=term) | Q(person__name__icontains=term)
        )
    return list(found.select_related("seat__body", "seat__council", "person").order_by("seat__body__name")[:limit])
