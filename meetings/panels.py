"""The meetings panels the portal shows (``portal.views.councils``): the staff dashboard's upcoming meetings and
deadlines, the member portal's meetings/proposals/notices, the public page's latest published agendas and
minutes. Each returns plain values for its template under ``meetings/includes/``."""

from members.models import Person

from .dashboard import dashboard_context, periods_from
from .models import Publication
from .queries import portal_context


def dashboard_panel(council, *, today, user, periods=None) -> dict:
    """Plain values (``meetings.dashboard``). ``periods``: today's and the later election periods from
    ``dashboard.periods_from`` (the page reads them once for every panel); one query more without them."""
    periods = periods_from(council, today=today) if periods is None else periods
    return dashboard_context(council, today=today, periods=periods)


def portal_panel(council, *, today, user) -> dict:
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    return portal_context(council, person, today=today)


def public_panel(council, *, today, user) -> dict:
    """The five newest meetings with a published agenda and their newest public PDFs (two queries)."""
    meetings = list(council.meetings.with_published_agenda()[:5])
    newest = {}
    for publication in (
        Publication.objects.ready()
        .filter(audience=Publication.Audience.PUBLIC, meeting__in=meetings)
        .defer("content")
        .order_by("meeting", "kind", "-version")
    ):
        newest.setdefault((publication.meeting_id, publication.kind), publication)
    rows = [(m, newest.get((m.pk, "agenda")), newest.get((m.pk, "minutes"))) for m in meetings]
    return {"published_rows": rows}
