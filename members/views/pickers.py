"""The person pickers' htmx endpoints: the candidates the rule allows, narrowed by what was typed."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from .. import candidates, permissions
from ..forms import PersonChoice
from ..models import Membership
from ..widgets import picker_day, picker_options


@require_GET
@login_required
def new_member_options(request, slug):
    council = permissions.get_council_for_staff(request.user, slug)
    return _options(request, candidates.new_member_candidates(council, picker_day(request)))


@require_GET
@login_required
def substitute_options(request, slug, pk):
    _, membership = permissions.get_for_staff(request.user, slug, Membership, pk)
    return _options(request, candidates.substitute_candidates(membership, picker_day(request)))


def _options(request, people):
    label = PersonChoice(queryset=people).label_from_instance
    return picker_options(request, people, label=label, matching=candidates.matching)
