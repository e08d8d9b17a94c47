"""What the service modules share: the refusal type and saving with the acting user in the history."""

from kkr.history import save_with_history


class MeetingError(Exception):
    """A refused change, with a Danish message that names the rule and what to do."""


save = save_with_history  # ``actor`` recorded as the history user (django-simple-history)


def require_rule_set(meeting):
    if meeting.rule_set is None:
        raise MeetingError(f"Der er intet regelsæt for mødedagen {meeting.meets_on:%d.%m.%Y}; opret valgperioden.")
    return meeting.rule_set
