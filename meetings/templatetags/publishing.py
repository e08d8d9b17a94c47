"""What the publish confirmation says about FO 3.3's deadline before the click."""

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def agenda_deadline_state(meeting) -> dict | None:
    """FO 3.3: the agenda's deadline and whether it has passed now (None: no deadline for this meeting)."""
    deadline = meeting.agenda_deadline
    if deadline is None:
        return None
    return {"on": deadline.on, "ends_at": deadline.ends_at, "is_passed": not deadline.is_met_by(timezone.now())}
