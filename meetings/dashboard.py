"""The meetings part of the secretariat's dashboard (``portal``): the election periods the page reads once, the
upcoming meetings with their FO 3.2/3.3 deadlines, the proposals awaiting the chair and the members' requests for
an extraordinary meeting (FO 3.1). Everything is returned as plain values (no model rows), so the portal may keep
them in its cache."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from members.deadlines import COPENHAGEN, Deadline
from members.models import ElectionPeriod, Membership

from .models import ExtraordinaryRequest, ItemProposal, Meeting, Publication
from .queries import extraordinary_demand


@dataclass(frozen=True)
class DashboardMeeting:
    """A planned meeting from today with its FO 3.2/3.3 deadlines (None: not an ordinary meeting, or the rule set
    has none) and the proposals in time not yet on its agenda."""

    pk: int
    kind_label: str
    starts_at: datetime
    proposal_deadline: Deadline | None
    agenda_deadline: Deadline | None
    missing_proposals: int
    is_agenda_published: bool


@dataclass(frozen=True)
class UndecidedProposal:
    title: str
    proposer: str
    is_in_time: bool


@dataclass(frozen=True)
class OpenRequest:
    """A member's open FO 3.1 request."""

    person: str
    requested_at: datetime
    reason: str


def start_of(today: date) -> datetime:
    return datetime.combine(today, datetime.min.time(), tzinfo=COPENHAGEN)


def periods_from(council, *, today: date) -> list[ElectionPeriod]:
    """Today's and the later election periods, oldest first, with their rule sets, each also saying whether a
    current member of the council has an open FO 3.1 request (one query): the dashboard reads the periods once
    for all its panels."""
    current = Membership.objects.current(today).filter(council=council)
    open_requests = ExtraordinaryRequest.objects.open().filter(membership__in=current)
    periods = ElectionPeriod.objects.filter(ends_on__gte=today).select_related("rule_set")
    return list(periods.annotate(has_open_requests=Exists(open_requests)).order_by("starts_on"))


def dashboard_meetings(council, *, today: date, periods: list[ElectionPeriod], limit: int = 10):
    """Planned meetings from ``today``, soonest first, with their deadlines from their period's rule set (one
    query; the rule sets come from ``periods``, one more query only for a meeting outside them)."""
    missing = (
        ItemProposal.objects.filter(meeting=OuterRef("pk"), is_in_time=True, status=ItemProposal.Status.RECEIVED)
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    published = Publication.objects.filter(meeting=OuterRef("pk"), kind=Publication.Kind.AGENDA)
    meetings = list(
        Meeting.objects.upcoming(start_of(today))
        .filter(council=council)
        .only("kind", "starts_at", "period_id")
        .annotate(
            missing=Coalesce(Subquery(missing, output_field=IntegerField()), 0),
            published=Exists(published),
        )[:limit]
    )
    by_pk = {period.pk: period for period in periods}
    others = {m.period_id for m in meetings} - by_pk.keys()
    if others:
        by_pk.update(ElectionPeriod.objects.select_related("rule_set").in_bulk(others))
    for meeting in meetings:
        meeting.period = by_pk[meeting.period_id]
    return [
        DashboardMeeting(
            m.pk, m.get_kind_display(), m.starts_at, m.proposal_deadline, m.agenda_deadline, m.missing, m.published
        )
        for m in meetings
    ]


def dashboard_context(council, *, today: date, periods: list[ElectionPeriod]) -> dict:
    """For the secretariat's dashboard: upcoming meetings and their deadlines, proposals to decide, and the
    members' requests for an extraordinary meeting (FO 3.1), from ``periods_from``. Two queries; two more when
    requests are open."""
    period = next((p for p in periods if p.starts_on <= today), None)
    undecided = ItemProposal.objects.filter(
        meeting__council=council, status=ItemProposal.Status.RECEIVED, meeting__starts_at__gte=start_of(today)
    ).values_list("title", "proposer__name", "is_in_time")
    has_requests = period is not None and period.has_open_requests
    return {
        "upcoming_meetings": dashboard_meetings(council, today=today, periods=periods),
        "undecided_proposals": [UndecidedProposal(*row) for row in undecided],
        "extraordinary": open_demand(council, today=today, rule_set=period.rules_on(today)) if has_requests else None,
    }


def open_demand(council, *, today: date, rule_set) -> dict | None:
    """``queries.extraordinary_demand`` as plain values (two queries)."""
    demand = extraordinary_demand(council, on=today, rule_set=rule_set)
    if demand is None:
        return None
    requests = [OpenRequest(r.membership.person.name, r.requested_at, r.reason) for r in demand.requests]
    return {
        "requests": requests,
        "members": demand.members,
        "required": demand.required,
        "is_required": demand.is_required,
    }
