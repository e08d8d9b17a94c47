"""Saving with the audit trail filled in, for every app's services (SPEC §6: who changed what, and why)."""


def save_with_history(instance, actor, reason: str = "", **save_kwargs):
    """Save ``instance`` with ``actor`` as django-simple-history's user (an anonymous or missing actor is
    recorded as nobody) and ``reason`` (e.g. the rule id) as the change reason; returns the instance."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance._change_reason = reason
    instance.save(**save_kwargs)
    return instance
