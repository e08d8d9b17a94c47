"""The person page: a person's dated history, substitutes and appointments."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from appointments import panels as appointment_panels
from members.auditrows import audit_rows
from members.models import SubstituteAssignment
from members.permissions import get_person_for_members
from members.queries import person_history

from ..panels import with_panels
from ..roles import roles


@require_GET
@login_required
def person_detail(request, slug, pk):
    """A person's dated history and appointments; the secretariat also sees the audit trail (who changed what,
    when)."""
    council, can_manage, person = get_person_for_members(request.user, slug, pk)
    context = {"council": council, "person": person, "can_manage": can_manage, **person_history(person)}
    context["audit"] = audit_rows(person) if can_manage else []
    context.update(substitute_links(person, timezone.localdate()))
    context = with_panels(context, appointment_panels.person_panel(person, viewer=roles(request)))
    return render(request, "portal/person_detail.html", context)


def substitute_links(person, on) -> dict:
    """the person's own current personal substitute(s) and whom they substitute for (one query)."""
    current = list(
        SubstituteAssignment.objects.current(on)
        .filter(Q(membership__person=person, membership__ends_on__isnull=True) | Q(person=person))
        .select_related("person", "membership__person", "membership__council")
    )
    return {
        "own_substitutes": [a for a in current if a.membership.person_id == person.pk],
        "substitutes_for": [a for a in current if a.person_id == person.pk],
    }
