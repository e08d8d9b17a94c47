"""An agenda item's step (the constituent meeting's composition, alliances, chair election, …)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from meetings import permissions as meeting_permissions

from .. import steps


@require_GET
@login_required
def agenda_step(request, slug, pk, step):
    """An agenda item's step: go to the page that does it. Staff of the council; members 403, others 404."""
    meeting = meeting_permissions.get_meeting_for_staff(request.user, slug, pk)
    return redirect(steps.step_page(meeting, step))
