"""People who are not politicians (added by the secretariat for the non-political seats), and the appointment
picker's htmx endpoint: who a seat takes on the form's date, narrowed by name, municipality, party letter or
organisation as staff type. Staff of the council and KL admins; members 403; others 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kkr.errors import RuleViolation
from members.widgets import picker_day, picker_options

from .. import permissions, queries, services
from ..forms import RepresentativeForm, appointee_label
from ..models import Representative


@require_GET
@login_required
def appointee_options(request, slug, pk):
    council, seat = permissions.get_seat_for_staff(request.user, slug, pk)
    people = queries.appointee_candidates(council, political=seat.is_political, on=picker_day(request))
    return picker_options(request, people, label=appointee_label, matching=queries.matching_appointees)


@require_http_methods(["GET", "POST"])
@login_required
def representative_list(request, slug):
    """The council's representatives who are not politicians, and the form that adds one."""
    council = permissions.get_council_for_staff(request.user, slug)
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_representative(council, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{added} er tilføjet og kan udpeges til pladser, der ikke er politiske.")
            return redirect("appointments:representative-list", council.slug)
    representatives = Representative.objects.filter(council=council).select_related("person")
    status = 400 if request.method == "POST" else 200
    context = {"council": council, "form": form, "representatives": representatives}
    return render(request, "appointments/representative_list.html", context, status=status)
