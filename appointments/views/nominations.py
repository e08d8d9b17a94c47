"""Nominations (SPEC §4): staff record one for a seat (who, by whom, when, with what document, who appoints)
and then the appointing authority's decision with its date; an appointment follows into the register. Staff
of the council and KL admins; members 403; others 404. A refusal re-renders the form (status 400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kkr.errors import RuleViolation

from .. import permissions, services
from ..forms import DecisionForm, NominationForm
from ..models import Nomination


@require_http_methods(["GET", "POST"])
@login_required
def nomination_create(request, slug, pk):
    council, seat = permissions.get_seat_for_staff(request.user, slug, pk)
    turn = services.whose_turn(seat)
    form = NominationForm(request.POST or None, seat=seat, council=council, turn=turn)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.record_nomination(seat, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{nomination.person} er registreret som indstillet.")
            return redirect("appointments:body-detail", council.slug, seat.body_id)
    status = 400 if request.method == "POST" else 200
    context = {"council": council, "seat": seat, "form": form, "turn": turn}
    return render(request, "appointments/nomination_form.html", context, status=status)


@require_POST
@login_required
def nomination_decide(request, slug, pk):
    council = permissions.get_council_for_staff(request.user, slug)
    nomination = get_object_or_404(Nomination.objects.select_related("seat", "person"), pk=pk, seat__council=council)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vælg afgørelsen og dens dato.")
    else:
        try:
            services.decide_nomination(nomination, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Afgørelsen om {nomination.person} er registreret.")
    return redirect("appointments:body-detail", council.slug, nomination.seat.body_id)
