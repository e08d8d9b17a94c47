"""Secretariat staff rights: a KL admin grants and removes "staff of council X" (the guardian
object permission ``members.manage_council``) and invites new users by e-mail with a set-password link.
Every grant and removal is a ``StaffGrant`` row with django-simple-history on top (who, when)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from guardian.shortcuts import assign_perm, get_perms, remove_perm

from kkr.errors import RuleViolation

from ..models import StaffGrant
from ..permissions import MANAGE, forget_roles

PERMISSION = MANAGE.split(".", 1)[1]


def _require_admin(actor):
    if actor is not None and not actor.is_superuser:
        raise RuleViolation("Kun en KL-administrator kan give og fjerne sekretariatsrettigheder.")


@transaction.atomic
def grant_staff(user, council, *, actor) -> StaffGrant:
    """Make ``user`` secretariat staff of ``council``; refused when they already are."""
    _require_admin(actor)
    if StaffGrant.objects.open().filter(user=user, council=council).exists() or _has_object_perm(user, council):
        raise RuleViolation(f"{display_name(user)} er allerede sekretariat for {council.name}.")
    if not user.is_active:
        raise RuleViolation(f"{display_name(user)} er deaktiveret og kan ikke få rettigheder.")
    assign_perm(MANAGE, user, council)
    forget_roles(user)
    return StaffGrant.objects.create(user=user, council=council, granted_by=actor, granted_at=timezone.now())


@transaction.atomic
def revoke_staff(user, council, *, actor) -> StaffGrant:
    """Remove the right; a right given before the history (in the admin or the demo) gets a row now."""
    _require_admin(actor)
    grant = StaffGrant.objects.open().filter(user=user, council=council).select_for_update().first()
    if grant is None:
        if not _has_object_perm(user, council):
            raise RuleViolation(f"{display_name(user)} er ikke sekretariat for {council.name}.")
        grant = StaffGrant(user=user, council=council)
    remove_perm(MANAGE, user, council)
    forget_roles(user)
    grant.revoked_by, grant.revoked_at = actor, timezone.now()
    grant.save()
    return grant


@transaction.atomic
def invite_staff(*, email: str, name: str, council, actor) -> StaffGrant:
    """A new user without a password, made staff of ``council``, with an e-mail holding a set-password link
    (Django's password-reset token: valid for PASSWORD_RESET_TIMEOUT, used once)."""
    _require_admin(actor)
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
        raise RuleViolation(f"Der findes allerede en bruger med e-mailen {email}; giv vedkommende retten i stedet.")
    first, _, last = name.strip().partition(" ")
    user = User(username=email, email=email, first_name=first, last_name=last)
    user.set_unusable_password()
    user.save()
    grant = grant_staff(user, council, actor=actor)
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    link = settings.SITE_URL.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {"name": name, "council": council, "link": link, "username": email, "actor": display_name(actor)}
    transaction.on_commit(
        lambda: send_mail(
            f"Invitation til KKR-sekretariat: {council.name}",
            render_to_string("emails/invitation.txt", context),
            None,
            [email],
        )
    )
    return grant


def display_name(user) -> str:
    if user is None:
        return "Systemet"
    return user.get_full_name() or user.username


def _has_object_perm(user, council) -> bool:
    return PERMISSION in get_perms(user, council)
