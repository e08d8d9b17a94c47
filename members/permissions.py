"""Who may see and do what with a council (SPEC §6).

Roles: KL admin (superuser), secretariat staff of a council (the django-guardian object permission
``members.manage_council`` on that ``Council``), member or substitute of a council (derived from the
dated membership rows of the ``Person`` linked to the user), and the anonymous public.

Lookup helpers raise ``Http404`` when the user may not see the object at all and ``PermissionDenied``
(403) when they may see it but not act on it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from .models import Council, Membership, Person, SubstituteAssignment

MANAGE = "members.manage_council"


def managed_councils(user):
    """The councils whose secretariat the user is part of (all of them for an admin)."""
    if not user.is_authenticated:
        return Council.objects.none()
    if user.is_superuser:
        return Council.objects.all()
    return get_objects_for_user(user, MANAGE, klass=Council, accept_global_perms=False)


def member_councils(user, *, on=None):
    """The councils the user sits in on ``on`` as member or personal substitute."""
    if not user.is_authenticated:
        return Council.objects.none()
    on = on or timezone.localdate()
    as_member = Membership.objects.current(on).filter(person__user=user).values("council")
    as_substitute = SubstituteAssignment.objects.current(on).filter(person__user=user).values("membership__council")
    return Council.objects.filter(Q(pk__in=as_member) | Q(pk__in=as_substitute))


def can_manage(user, council) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm(MANAGE, council))


def sits_in(user, council, *, on=None) -> bool:
    return member_councils(user, on=on).filter(pk=council.pk).exists()


def can_read_closed(user, council) -> bool:
    """Staff, admins and the council's members and substitutes see closed items and unpublished drafts."""
    return can_manage(user, council) or sits_in(user, council)


def get_council(slug):
    """Any visitor may see that a council exists (its public page)."""
    return get_object_or_404(Council, slug=slug)


def get_council_for_members(user, slug):
    """The council's internal pages: 404 for anyone outside it."""
    return get_council_and_role(user, slug)[0]


def get_council_and_role(user, slug):
    """The council's internal pages and whether the user is its staff (one permission check): 404 outside."""
    council = get_council(slug)
    staff = can_manage(user, council)
    if not (staff or sits_in(user, council)):
        raise Http404("Ingen adgang til dette KKR")
    return council, staff


def get_council_for_staff(user, slug):
    """The secretariat's pages: 404 outside the council, 403 for its members who are not staff."""
    council = get_council(slug)
    if can_manage(user, council):
        return council
    if sits_in(user, council):
        raise PermissionDenied("Kun sekretariatet kan dette")
    raise Http404("Ingen adgang til dette KKR")


def get_for_staff(user, slug, model, pk, *, council_path="council"):
    """A council's row for its secretariat (``council_path`` leads from the row to its council):
    404 outside the council or for an unknown row, 403 for its members."""
    council = get_council_for_staff(user, slug)
    return council, get_object_or_404(model, pk=pk, **{council_path: council})


def get_person_for_members(user, slug, pk):
    """A person of the council (a member, substitute or municipal politician there) for its members and
    staff, and whether the user is staff."""
    council, staff = get_council_and_role(user, slug)
    people = Person.objects.filter(
        Q(memberships__council=council)
        | Q(substitute_assignments__membership__council=council)
        | Q(offices__municipality__council=council)
    )
    return council, staff, get_object_or_404(people.distinct(), pk=pk)
