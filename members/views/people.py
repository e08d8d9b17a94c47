"""Staff edit a person's contact details, title and municipality in the app, and end or correct a municipal
office (FO 3.8); each change is kept in the history, shown on the person page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kkr.errors import RuleViolation
from kkr.formats import format_date

from .. import permissions
from ..forms import OfficeEndForm, PersonEditForm
from ..models import MunicipalOffice
from ..services import end_office
from ..services.people import update_person


@require_http_methods(["GET", "POST"])
@login_required
def person_update(request, slug, pk):
    council, can_manage, person = permissions.get_person_for_members(request.user, slug, pk)
    if not can_manage:
        raise PermissionDenied("Kun sekretariatet kan rette personer")
    form = PersonEditForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            changed = update_person(person, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person.name} er rettet." if changed else "Ingen ændringer.")
            return redirect("portal:person-detail", council.slug, person.pk)
    return render(request, "members/person_form.html", {"council": council, "person": person, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def office_end(request, slug, pk):
    """End a municipal office (a date and a reason), or correct the last day of an ended one (FO 3.8)."""
    council, office = permissions.get_for_staff(
        request.user, slug, MunicipalOffice, pk, council_path="municipality__council"
    )
    form = OfficeEndForm(request.POST or None, initial={"on": office.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            end_office(office, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{office} slutter den {format_date(form.cleaned_data['on'])}.")
            return redirect("portal:person-detail", council.slug, office.person_id)
    status = 400 if request.method == "POST" else 200
    context = {"council": council, "office": office, "person": office.person, "form": form}
    return render(request, "members/office_form.html", context, status=status)
