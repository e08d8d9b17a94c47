"""The elections panel on the staff dashboard; the portal calls it (``portal``)."""

from members.models import ElectionPeriod


def dashboard_panel(council, *, today, user) -> dict:
    """The periods whose composition the secretariat works on: the current one, and the next once its
    municipal election has been held (one query)."""
    periods = [
        p
        for p in ElectionPeriod.objects.filter(ends_on__gte=today).order_by("starts_on")
        if p.starts_on <= today or p.election_on <= today
    ]
    return {"composition_periods": periods}
