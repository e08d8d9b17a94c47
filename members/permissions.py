"""Who may see and do what with a council (SPEC §6).

Roles: KL admin (superuser), secretariat staff of a council (the django-guardian object permission
``members.manage_council`` on that ``Council``), member or substitute of a council (derived from the
dated membership rows of the ``Person`` linked to the user), and the anonymous public.

Lookup helpers raise ``Http404`` when the user may not see the object at all and ``PermissionDenied``
(403) when they may see it but not act on it.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import get_objects_for_user

from .models import Council, Membership, Person, SubstituteAssignment, current_sql

MANAGE = settings.KKR_STAFF_PERMISSION  # "members.manage_council"


@dataclass(frozen=True)
class Roles:
    """The councils a user manages and sits in today: what the navigation, the home page's redirect and every
    council page's access check read (``roles_of``)."""

    managed: list[Council]
    member_of: list[Council]  # as member or personal substitute (the navigation, the council pages)
    seated_in: frozenset[int] = frozenset()  # council ids where the user holds a seat (not as substitute)

    def manages(self, council: Council) -> bool:
        return any(c.pk == council.pk for c in self.managed)

    def sits_in(self, council: Council) -> bool:
        return any(c.pk == council.pk for c in self.member_of)

    def council(self, slug: str) -> Council | None:
        """One of the user's councils by slug (no query), None when the user has no role there."""
        return next((c for c in (*self.managed, *self.member_of) if c.slug == slug), None)


NOBODY = Roles([], [])


def roles_of(user) -> Roles:
    """The user's roles today: one query the first time, none after. Kept on the user object, which Django
    loads anew for every request (as ``ModelBackend`` keeps its permission cache), so the navigation and the
    permission checks of one request share a single lookup; ``grant_staff``/``revoke_staff`` drop it."""
    if user is None or not user.is_authenticated:
        return NOBODY
    today = timezone.localdate()
    cached = getattr(user, "_kkr_roles", None)
    if cached is None or cached[0] != today:
        cached = (today, _lookup_roles(user, today))
        user._kkr_roles = cached
    return cached[1]


def forget_roles(user) -> None:
    """Drop the roles kept on ``user`` (after a change to their rights in the same request or test)."""
    if hasattr(user, "_kkr_roles"):
        del user._kkr_roles


def _lookup_roles(user, on) -> Roles:
    """The councils where the user is staff, member or personal substitute on ``on``: one plain query (``roles_sql``;
    the same query through the ORM's subqueries cost more to compile than to run, on every page). Staff is
    django-guardian's object permission ``members.manage_council`` of the user or one of their groups, as
    ``get_objects_for_user`` and ``has_perm`` read it; a superuser manages every council."""
    app_label, codename = MANAGE.split(".")
    params = {"user": user.pk, "on": on, "app": app_label, "codename": codename, "superuser": user.is_superuser}
    found: dict[int, Council] = {}
    roles: dict[int, set[str]] = {}
    for council in Council.objects.raw(roles_sql(), params):
        found.setdefault(council.pk, council)
        roles.setdefault(council.pk, set()).add(council.role)
    councils = list(found.values())  # by name, as the query orders them
    staff = user.is_superuser or user.is_active  # has_perm refuses an inactive user, as before
    return Roles(
        managed=[c for c in councils if staff and "staff" in roles[c.pk]],
        member_of=[c for c in councils if roles[c.pk] & {"member", "substitute"}],
        seated_in=frozenset(c.pk for c in councils if "member" in roles[c.pk]),
    )


@cache
def roles_sql() -> str:
    """One row per (council, role) of a user on a day; portable between PostgreSQL and SQLite."""
    from django.contrib.auth.models import Permission

    tables = {
        "council": Council._meta.db_table,
        "uop": UserObjectPermission._meta.db_table,
        "gop": GroupObjectPermission._meta.db_table,
        "user_groups": get_user_model().groups.through._meta.db_table,
        "perm": Permission._meta.db_table,
        "ct": Permission._meta.get_field("content_type").related_model._meta.db_table,
        "membership": Membership._meta.db_table,
        "sub": SubstituteAssignment._meta.db_table,
        "person": Person._meta.db_table,
    }
    permission = "p.codename = %(codename)s AND t.app_label = %(app)s"
    return f"""
        SELECT c.*, r.role FROM {tables["council"]} c JOIN (
            SELECT CAST(id AS varchar(20)) AS council, 'staff' AS role FROM {tables["council"]} WHERE %(superuser)s
            UNION ALL
            SELECT o.object_pk, 'staff' FROM {tables["uop"]} o
                JOIN {tables["perm"]} p ON p.id = o.permission_id JOIN {tables["ct"]} t ON t.id = p.content_type_id
                WHERE o.user_id = %(user)s AND {permission}
            UNION ALL
            SELECT o.object_pk, 'staff' FROM {tables["gop"]} o JOIN {tables["user_groups"]} g ON g.group_id = o.group_id
                JOIN {tables["perm"]} p ON p.id = o.permission_id JOIN {tables["ct"]} t ON t.id = p.content_type_id
                WHERE g.user_id = %(user)s AND {permission}
            UNION ALL
            SELECT CAST(m.council_id AS varchar(20)), 'member' FROM {tables["membership"]} m
                JOIN {tables["person"]} pe ON pe.id = m.person_id
                WHERE pe.user_id = %(user)s AND {current_sql(Membership, "m")}
            UNION ALL
            SELECT CAST(m.council_id AS varchar(20)), 'substitute' FROM {tables["sub"]} s
                JOIN {tables["membership"]} m ON m.id = s.membership_id
                JOIN {tables["person"]} pe ON pe.id = s.person_id
                WHERE pe.user_id = %(user)s AND {current_sql(SubstituteAssignment, "s")}
        ) r ON r.council = CAST(c.id AS varchar(20))
        ORDER BY c.name
    """


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
    """Staff of the council or a KL admin (the request's roles: no query after the first)."""
    return roles_of(user).manages(council)


def sits_in(user, council, *, on=None) -> bool:
    """Member or personal substitute of the council on ``on`` (today: from the request's roles)."""
    if on is None or on == timezone.localdate():
        return roles_of(user).sits_in(council)
    return member_councils(user, on=on).filter(pk=council.pk).exists()


def can_read_closed(user, council) -> bool:
    """Staff, admins and the council's members and substitutes see closed items and unpublished drafts."""
    return can_manage(user, council) or sits_in(user, council)


def get_council(slug, user=None):
    """Any visitor may see that a council exists (its public page). One of ``user``'s own councils comes from
    their roles without a query."""
    council = roles_of(user).council(slug) if user is not None else None
    return council or get_object_or_404(Council, slug=slug)


def get_council_for_members(user, slug):
    """The council's internal pages: 404 for anyone outside it."""
    return get_council_and_role(user, slug)[0]


def get_council_and_role(user, slug):
    """The council's internal pages and whether the user is its staff (one permission check): 404 outside."""
    council = get_council(slug, user)
    staff = can_manage(user, council)
    if not (staff or sits_in(user, council)):
        raise Http404("Ingen adgang til dette KKR")
    return council, staff


def get_council_for_staff(user, slug):
    """The secretariat's pages: 404 outside the council, 403 for its members who are not staff."""
    council = get_council(slug, user)
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
