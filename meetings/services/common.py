"""What the service modules share: saving with the acting user in the history, the meeting having begun, and
the chair role a mark records."""

from kkr.errors import RuleViolation
from kkr.history import save_with_history

from ..models import Meeting

save = save_with_history  # ``actor`` recorded as the history user (django-simple-history)


def require_started(meeting, what: str, now=None) -> None:
    """Attendance, votes, decisions and minutes belong to a meeting that has begun."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise RuleViolation(f"Mødet er aflyst; {what} kan ikke registreres.")
    if not meeting.has_started(now):
        raise RuleViolation(f"Mødet er ikke begyndt endnu; {what} kan først registreres, når det er begyndt.")


def chair_role_to_record(meeting, attendance, row) -> str:
    """FO 3.5: the chair role an attendance mark records for the sheet's ``row``: the one it recorded before, else
    the member's role on the roster's day, unless another mark of the meeting holds it (the sitting had its chair).
    Who led the sitting and broke its ties is then read from the marks (``queries.sitting_chairs``)."""
    if attendance.chair_role or not row.chair_role:
        return attendance.chair_role
    taken = meeting.attendances.filter(chair_role=row.chair_role).exclude(person_id=row.person.pk).exists()
    return "" if taken else row.chair_role
