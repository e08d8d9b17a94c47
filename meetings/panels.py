"""The meetings panels the portal shows (``portal.views``): the staff dashboard's upcoming meetings and
deadlines, the member portal's meetings/proposals/notices, the public page's latest published agendas and
minutes. Each returns plain values for its template under ``meetings/includes/``."""

from members.models import Person

from .models import Publication
from .queries import dashboard_context, portal_context


def dashboard_panel(council, *, today, user, period=None) -> dict:
    """``period``: today's election period from ``queries.periods_from`` (the page reads the periods once)."""
    return dashboard_context(council, today=today, period=period)


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
