"""Navigation that fits the role: the councils a user manages and the councils they sit in."""

from .permissions import managed_councils, member_councils


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_managed": [], "nav_member_of": []}
    # Lazy lists: evaluated only if the template renders the navigation (two queries).
    return {"nav_managed": managed_councils(user), "nav_member_of": member_councils(user)}
