"""The councils a user manages and sits in, looked up once per request (``members.permissions.roles_of``):
the navigation, the home page's redirect and the council pages' access checks all read the same lists."""

from members.permissions import NOBODY, Roles, roles_of

__all__ = ["NOBODY", "Roles", "roles"]


def roles(request) -> Roles:
    """The request user's roles (one query the first time in a request, none after)."""
    return roles_of(getattr(request, "user", None))
