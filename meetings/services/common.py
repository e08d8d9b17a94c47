"""What the service modules share: saving with the acting user in the history, and the meeting having begun."""

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
