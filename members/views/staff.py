"""The KL admin's page for secretariat staff rights: who is staff of which council now, grant,
remove, invite by e-mail, and the history of every grant and removal (who, when)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from guardian.shortcuts import get_users_with_perms

from kkr.errors import RuleViolation

from ..forms import StaffGrantForm, StaffInviteForm, StaffRevokeForm
from ..models import Council, StaffGrant
from ..permissions import MANAGE
from ..services import staff as service


def _admin_only(user):
    if not user.is_superuser:
        raise PermissionDenied("Kun en KL-administrator kan administrere sekretariatsrettigheder")


@require_GET
@login_required
def staff_rights(request):
    _admin_only(request.user)
    return render(request, "members/staff_rights.html", _context(request, StaffGrantForm(), StaffInviteForm()))


@require_POST
@login_required
def staff_grant(request):
    _admin_only(request.user)
    form = StaffGrantForm(request.POST)
    if form.is_valid():
        try:
            grant = service.grant_staff(form.cleaned_data["user"], form.cleaned_data["council"], actor=request.user)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{service.display_name(grant.user)} er nu sekretariat for {grant.council.name}.")
            return redirect("members:staff-rights")
    return render(request, "members/staff_rights.html", _context(request, form, StaffInviteForm()), status=400)


@require_POST
@login_required
def staff_invite(request):
    _admin_only(request.user)
    form = StaffInviteForm(request.POST)
    if form.is_valid():
        try:
            grant = service.invite_staff(**form.cleaned_data, actor=request.user)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Invitation sendt til {grant.user.email} ({grant.council.name}).")
            return redirect("members:staff-rights")
    return render(request, "members/staff_rights.html", _context(request, StaffGrantForm(), form), status=400)


@require_http_methods(["GET", "POST"])
@login_required
def staff_revoke(request):
    """Removing a person's staff rights asks first (GET shows what will happen; the POST must confirm)."""
    _admin_only(request.user)
    form = StaffRevokeForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, "Ugyldig anmodning.")
        return redirect("members:staff-rights")
    user = get_object_or_404(get_user_model(), pk=form.cleaned_data["user"])
    council = get_object_or_404(Council, pk=form.cleaned_data["council"])
    if request.method == "GET" or not form.cleaned_data["confirmed"]:
        context = {"staff_user": user, "council": council, "name": service.display_name(user)}
        return render(request, "members/staff_revoke_confirm.html", context)
    try:
        service.revoke_staff(user, council, actor=request.user)
    except RuleViolation as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{service.display_name(user)} er ikke længere sekretariat for {council.name}.")
    return redirect("members:staff-rights")


def _context(request, grant_form, invite_form) -> dict:
    councils = list(Council.objects.order_by("name"))
    current = [
        (council, sorted(get_users_with_perms(council, only_with_perms_in=[MANAGE.split(".")[1]]), key=str))
        for council in councils
    ]
    history = StaffGrant.objects.select_related("user", "council", "granted_by", "revoked_by").order_by(
        "-revoked_at", "-granted_at", "-pk"
    )
    page = Paginator(history, 50).get_page(request.GET.get("side"))
    return {"current": current, "page": page, "grant_form": grant_form, "invite_form": invite_form}
