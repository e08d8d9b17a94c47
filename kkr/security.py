"""Session and login rules for staff (docs/security.md), and ending a user's sessions when their rights change
(docs/architecture.md, "Sessions when rights change")."""

from contextvars import ContextVar
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.utils import timezone

# The request being handled (set by kkr.twofactor.TwoFactorMiddleware); None in commands and tasks.
CURRENT_REQUEST: ContextVar = ContextVar("kkr_current_request", default=None)


def is_staff(user) -> bool:
    """A KL admin or secretariat staff of any council: the staff permission on any object, of the user or one of
    their groups, as ``members.permissions.managed_councils`` reads it (guardian finds the model from the
    permission's content type)."""
    from guardian.shortcuts import get_objects_for_user

    if user.is_superuser or user.is_staff:
        return True
    return get_objects_for_user(user, settings.KKR_STAFF_PERMISSION, accept_global_perms=False).exists()


def staff_session_ends_with_browser(sender, request, user, **kwargs):
    """On login: a staff session's cookie dies with the browser (the server still ends it after
    SESSION_COOKIE_AGE); a member's keeps the configured lifetime."""
    session = getattr(request, "session", None)
    if session is not None and is_staff(user):
        session.set_expiry(0)


# --- Sessions when rights change -----------------------------------------------------------------------------------
#
# What a session may do without a second factor, and how long its cookie lives, is decided once at login and
# kept in the session (no query per request). Whatever changes that decision ends the user's sessions, so the
# next request logs in again under the new rights: staff rights (guardian object permissions of the user or of
# a group, group membership) and the user's second factor (an app or recovery codes added or removed). The
# receivers sit on the rows themselves, not on the services, so the Django admin and guardian's admin pages
# are covered as well as ``grant_staff``/``revoke_staff``. A KL admin or admin flag set on the user row is seen
# by the two-factor middleware itself (kkr/twofactor.py), bulk updates included.


def end_sessions(user_ids) -> int:
    """End every session of these users. The current request's own session is kept (ending it mid-request
    would lose the response) but forgets its two-factor decision, which the next request makes again."""
    from kkr.twofactor import REQUIRED_KEY

    ids = {str(pk) for pk in user_ids if pk is not None}
    if not ids:
        return 0
    keep = None
    request = CURRENT_REQUEST.get()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and str(user.pk) in ids:
        keep = request.session.session_key
        request.session.pop(REQUIRED_KEY, None)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    # Sessions carry the user id only inside their encoded data; rights change seldom, so read them all.
    sessions = store.get_model_class().objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep)
    doomed = [s.session_key for s in sessions.iterator() if s.get_decoded().get(SESSION_KEY) in ids]
    for key in doomed:
        store(session_key=key).delete()  # through the store, so a cached_db session leaves the cache too
    return len(doomed)


def _users_of_group(group_id) -> list[int]:
    return list(get_user_model().objects.filter(groups=group_id).values_list("pk", flat=True))


def _user_permission_changed(sender, instance, **kwargs):
    end_sessions([instance.user_id])


def _group_permission_changed(sender, instance, **kwargs):
    end_sessions(_users_of_group(instance.group_id))


def _group_membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # user.groups.add(...)
        end_sessions([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear()
        end_sessions(_users_of_group(instance.pk))
    else:  # group.user_set.add(...)
        end_sessions(pk_set or [])


def _device_added(sender, instance, created, **kwargs):
    if created:  # a device saves itself at every verification too; only a new one changes the factor
        end_sessions([instance.user_id])


def _device_removed(sender, instance, **kwargs):
    end_sessions([instance.user_id])


def connect_session_ending() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from guardian.models import GroupObjectPermission, UserObjectPermission

    post_save.connect(_user_permission_changed, sender=UserObjectPermission, dispatch_uid="kkr-end-uop-save")
    post_delete.connect(_user_permission_changed, sender=UserObjectPermission, dispatch_uid="kkr-end-uop-del")
    post_save.connect(_group_permission_changed, sender=GroupObjectPermission, dispatch_uid="kkr-end-gop-save")
    # Before the delete: a group deleted with its permissions loses its memberships in the same delete.
    pre_delete.connect(_group_permission_changed, sender=GroupObjectPermission, dispatch_uid="kkr-end-gop-del")
    m2m_changed.connect(
        _group_membership_changed, sender=get_user_model().groups.through, dispatch_uid="kkr-end-groups"
    )
    for device in (TOTPDevice, StaticDevice):
        post_save.connect(_device_added, sender=device, dispatch_uid=f"kkr-end-{device.__name__}-save")
        post_delete.connect(_device_removed, sender=device, dispatch_uid=f"kkr-end-{device.__name__}-del")
