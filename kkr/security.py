"""Session and login rules for staff (docs/security.md)."""


def is_staff(user) -> bool:
    """A KL admin or secretariat staff of any council."""
    from members.permissions import managed_councils

    return bool(user.is_superuser or user.is_staff or managed_councils(user).exists())


def staff_session_ends_with_browser(sender, request, user, **kwargs):
    """On login: a staff session's cookie dies with the browser (the server still ends it after
    SESSION_COOKIE_AGE); a member's keeps the configured lifetime."""
    session = getattr(request, "session", None)
    if session is not None and is_staff(user):
        session.set_expiry(0)
