"""What the service modules share: the refusal type and saving with the acting user in the history."""


class MeetingError(Exception):
    """A refused change, with a Danish message that names the rule and what to do."""


def save(instance, actor, **kwargs):
    """Save ``instance`` with ``actor`` recorded as the history user (django-simple-history)."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance.save(**kwargs)
    return instance


def require_rule_set(meeting):
    if meeting.rule_set is None:
        raise MeetingError(f"Der er intet regelsæt for mødedagen {meeting.meets_on:%d.%m.%Y}; opret valgperioden.")
    return meeting.rule_set
