"""The council's standing items (faste punkter) and inserting them on an agenda."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kkr.errors import RuleViolation

from .. import permissions, queries, services
from ..forms import ConfirmForm, StandingItemForm
from .staff import refuse


@require_http_methods(["GET", "POST"])
@login_required
def standing_item_list(request, slug):
    """The template every new ordinary meeting starts from; POST adds an item to it."""
    council = permissions.get_council_for_staff(request.user, slug)
    form = StandingItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.council = council
        services.save_standing_item(form.instance, actor=request.user)
        messages.success(request, f"«{form.instance.title}» er tilføjet de faste punkter.")
        return redirect("meetings:standing-item-list", slug)
    context = {"council": council, "form": form, "standing_items": council.standing_items.all()}
    return render(request, "meetings/standingitem_list.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def standing_item_delete(request, slug, pk):
    """Removing a standing item asks first (GET: what happens to the meetings already planned), then POST."""
    standing = permissions.get_standing_item_for_staff(request.user, slug, pk)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        services.remove_standing_item(standing, actor=request.user)
        messages.success(request, f"«{standing.title}» er fjernet fra de faste punkter.")
        return redirect("meetings:standing-item-list", slug)
    context = {"council": standing.council, "standing": standing, "planned": queries.planned_with_standing(standing)}
    return render(request, "meetings/standingitem_delete.html", context)


@require_POST
@login_required
def standing_items_insert(request, slug, pk):
    """The button "Indsæt faste punkter": the template's items not yet on this agenda."""
    meeting = permissions.get_meeting_for_staff(request.user, slug, pk)
    try:
        added = services.insert_standing_items(meeting, actor=request.user)
    except RuleViolation as error:
        return refuse(request, error, meeting)
    messages.success(
        request, f"{len(added)} faste punkter er sat på dagsordenen." if added else "De faste punkter er der allerede."
    )
    return redirect(meeting)


@require_POST
@login_required
def standing_items_defaults(request, slug):
    """A council without standing items gets the sections real ordinary agendas have (editable afterwards)."""
    council = permissions.get_council_for_staff(request.user, slug)
    try:
        created = services.create_default_standing_items(council, actor=request.user)
    except RuleViolation as error:
        return refuse(request, error, "meetings:standing-item-list", slug)
    messages.success(request, f"{len(created)} faste punkter er oprettet efter de rigtige KKR-dagsordener.")
    return redirect("meetings:standing-item-list", slug)
