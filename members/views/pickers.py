"""The person pickers' htmx endpoints: the candidates the rule allows, narrowed by what was typed."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import candidates, permissions
from ..forms import PersonChoice
from ..models import Membership


@require_GET
@login_required
def new_member_options(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)
    return _options(request, candidates.new_member_candidates(council, _on(request)))


@require_GET
@login_required
def substitute_options(request, slug, pk):
    _, membership = permissions.get_for_staff(request.user, slug, Membership, pk)
    return _options(request, candidates.substitute_candidates(membership, _on(request)))


def _on(request):
    """The form's date (``starts_on``, sent along by the picker): who fits is judged on that day; else today."""
    try:
        return forms.DateField().clean(request.GET.get("starts_on")) or timezone.localdate()
    except forms.ValidationError:
        return timezone.localdate()


def _options(request, people):
    query = request.GET.get(request.GET.get("felt", "person") + "_soeg", "")[:100]
    people = candidates.matching(people, query)
    shown = list(people[: candidates.LIMIT])
    label, selected = PersonChoice(queryset=people).label_from_instance, request.GET.get("valgt", "")
    context = {
        "name": "person",
        "query": query,
        "options": [(str(p.pk), label(p), str(p.pk) == selected) for p in shown],
        "more": max(people.count() - len(shown), 0),
    }
    return render(request, "members/includes/person_picker_options.html", context)
