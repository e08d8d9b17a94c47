"""The elections panel on the staff dashboard; the portal calls it (``portal``)."""

from dataclasses import dataclass
from datetime import date

from members.models import ElectionPeriod


@dataclass(frozen=True)
class CompositionPeriod:
    """A period whose composition the secretariat works on, as plain values (the dashboard may cache them)."""

    name: str
    election_on: date


def dashboard_panel(council, *, today, user, periods=None) -> dict:
    """The periods whose composition the secretariat works on: the current one, and the next once its
    municipal election has been held (one query; none with ``periods``, today's and the later periods oldest
    first, as the dashboard has read them)."""
    if periods is None:
        periods = ElectionPeriod.objects.filter(ends_on__gte=today).order_by("starts_on")
    shown = [p for p in periods if p.starts_on <= today or p.election_on <= today]
    return {"composition_periods": [CompositionPeriod(p.name, p.election_on) for p in shown]}
