"""The councils a user manages and sits in, looked up once per request: the navigation, the home page's
redirect and the council pages' access checks all read the same two lists."""

from dataclasses import dataclass

from members.models import Council
from members.permissions import managed_councils, member_councils


@dataclass(frozen=True)
class Roles:
    managed: list[Council]
    member_of: list[Council]

    def manages(self, council: Council) -> bool:
        return any(c.pk == council.pk for c in self.managed)

    def sits_in(self, council: Council) -> bool:
        return any(c.pk == council.pk for c in self.member_of)


NOBODY = Roles([], [])


def roles(request) -> Roles:
    """The user's roles (two queries the first time in a request, none after)."""
    cached = getattr(request, "_kkr_roles", None)
    if cached is None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            cached = NOBODY
        else:
            cached = Roles(list(managed_councils(user)), list(member_councils(user)))
        request._kkr_roles = cached
    return cached
