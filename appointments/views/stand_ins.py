"""A temporary stand-in for an absent member or chair (kommunestyrelsesloven § 28 stk. 2, policy by analogy):
staff of the council and KL admins; members 403; others 404. A refusal re-renders the form with the Danish
reason (status 400) and keeps what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kkr.errors import RuleViolation

from .. import permissions, services
from ..forms import StandInForm


@require_http_methods(["GET", "POST"])
@login_required
def stand_in_create(request, slug, pk):
    council, absent = permissions.get_appointment_for_staff(request.user, slug, pk)
    form = StandInForm(request.POST or None, absent=absent)
    if request.method == "POST" and form.is_valid():
        try:
            stand_in = services.appoint_stand_in(absent, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{stand_in.person} træder midlertidigt ind for {absent.person}.")
            return redirect("appointments:body-detail", council.slug, absent.seat.body_id)
    status = 400 if request.method == "POST" else 200
    context = {"council": council, "absent": absent, "form": form}
    return render(request, "appointments/stand_in_form.html", context, status=status)
