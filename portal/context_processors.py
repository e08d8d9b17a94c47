"""Navigation that fits the role: the councils a user manages and the councils they sit in."""

from .roles import roles


def navigation(request):
    # Callables: the lists are looked up only if the template renders the navigation, and once per request.
    return {"nav_managed": lambda: roles(request).managed, "nav_member_of": lambda: roles(request).member_of}
