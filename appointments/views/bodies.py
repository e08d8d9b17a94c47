"""A council's secretariat adds its own bodies and their seats, and corrects a body (SPEC §4). A body shared
by several KKR, or national, is changed only by a KL admin (``permissions.get_body_to_change``: 403 for the
member councils' staff). A refusal re-renders the form with the Danish reason (status 400), keeping what was
typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kkr.errors import RuleViolation

from .. import permissions, services
from ..forms import BodyForm, SeatForm

FORM = "appointments/body_form.html"


def _form_page(request, context, *, status):
    return render(request, FORM, context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def body_create(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.create_body(council, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{body} er oprettet. Tilføj organets pladser.")
            return redirect("appointments:body-detail", council.slug, body.pk)
    context = {"council": council, "form": form, "title": "Nyt organ", "button": "Opret organet"}
    return _form_page(request, context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def body_update(request, slug, pk):
    council, body = permissions.get_body_to_change(request.user, slug, pk)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_body(body, council, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{form.cleaned_data['name']} er rettet.")
            return redirect("appointments:body-detail", council.slug, body.pk)
    context = {"council": council, "body": body, "form": form, "title": f"Ret {body}", "button": "Gem"}
    return _form_page(request, context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def seat_create(request, slug, pk):
    council, body = permissions.get_body_to_change(request.user, slug, pk)
    form = SeatForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.add_seat(body, council, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Pladsen {seat.label} er oprettet.")
            return redirect("appointments:body-detail", council.slug, body.pk)
    context = {"council": council, "body": body, "form": form, "title": f"Ny plads i {body}", "button": "Opret pladsen"}
    return _form_page(request, context, status=400 if request.method == "POST" else 200)
