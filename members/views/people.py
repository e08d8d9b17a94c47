"""Staff edit a person's contact details, title and municipality in the app (issue 12); the change is kept in
the person's history, shown on the person page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kkr.errors import RuleViolation

from .. import permissions
from ..forms import PersonEditForm
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
