"""The elections panel on the staff dashboard and the demo loader; the portal calls both (``portal``)."""

from members.models import Council, ElectionPeriod

from .demo import load_demo_results
from .models import ElectionResultSet


def dashboard_panel(council, *, today, user) -> dict:
    """The periods whose composition the secretariat works on: the current one, and the next once its
    municipal election has been held (one query)."""
    periods = [
        p
        for p in ElectionPeriod.objects.filter(ends_on__gte=today).order_by("starts_on")
        if p.starts_on <= today or p.election_on <= today
    ]
    return {"composition_periods": periods}


def load_demo() -> str:
    """Fictitious KV25-like results for KKR Nordjylland 2026-2030 (once)."""
    council = Council.objects.get(slug="nordjylland")
    period = ElectionPeriod.objects.get(name="2026-2030")
    if not ElectionResultSet.objects.filter(council=council, period=period).exists():
        load_demo_results(council, period)
    return f"Valgresultater (fiktive): {council.name} {period.name}"
