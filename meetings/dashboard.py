"""Meeting pieces for the members app's staff dashboard and member portal (the lead wires them in).

``dashboard_context(council, today=…)`` and ``portal_context(council, person, today=…)`` return plain dicts
of values; templates render them without further queries.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, Q

from members.models import ElectionPeriod, Membership

from .deadlines import COPENHAGEN, Deadline
from .models import AbsenceNotice, ExtraordinaryRequest, ItemProposal, Meeting
from .services.requests import extraordinary_demand


@dataclass(frozen=True)
class UpcomingMeeting:
    meeting: Meeting
    proposal_deadline: Deadline | None
    agenda_deadline: Deadline | None
    missing_proposals: int  # proposals in time not yet on the agenda (FO 3.2)
    is_agenda_published: bool


def _start_of(today: date) -> datetime:
    return datetime.combine(today, datetime.min.time(), tzinfo=COPENHAGEN)


def upcoming_meetings(council, *, today: date, limit: int = 10, periods=None) -> list[UpcomingMeeting]:
    """Planned meetings from ``today`` with their FO 3.2/3.3 deadlines. Two queries (one with ``periods``)."""
    meetings = list(
        Meeting.objects.upcoming(_start_of(today))
        .filter(council=council)
        .select_related("council")
        .annotate(
            missing=Count(
                "proposals", filter=Q(proposals__is_in_time=True, proposals__status="received"), distinct=True
            ),
            published=Count("publications", filter=Q(publications__kind="agenda"), distinct=True),
        )[:limit]
    )
    attach_rule_sets(meetings, periods)
    return [UpcomingMeeting(m, m.proposal_deadline, m.agenda_deadline, m.missing, bool(m.published)) for m in meetings]


def attach_rule_sets(meetings, periods=None) -> None:
    """Give each meeting its rule set (``Meeting.rule_set``) from one query over the election periods."""
    periods = list(ElectionPeriod.objects.select_related("rule_set")) if periods is None else periods
    for meeting in meetings:
        day = meeting.meets_on
        meeting.rule_set = next((p.rule_set for p in periods if p.starts_on <= day <= p.ends_on), None)


def dashboard_context(council, *, today: date) -> dict:
    """For the secretariat's dashboard: upcoming meetings and their deadlines, proposals to decide, and the
    members' requests for an extraordinary meeting (FO 3.1). Three queries; two more when requests are open."""
    periods = periods_with_open_requests(council, today=today)
    undecided = ItemProposal.objects.filter(
        meeting__council=council, status=ItemProposal.Status.RECEIVED, meeting__starts_at__gte=_start_of(today)
    ).select_related("proposer", "meeting")
    rule_set = next((p.rule_set for p in periods if p.starts_on <= today <= p.ends_on), None)
    has_requests = any(p.has_open_requests for p in periods)
    return {
        "upcoming_meetings": upcoming_meetings(council, today=today, periods=periods),
        "undecided_proposals": list(undecided),
        "extraordinary": extraordinary_demand(council, on=today, rule_set=rule_set) if has_requests else None,
    }


def periods_with_open_requests(council, *, today: date) -> list[ElectionPeriod]:
    """The election periods with their rule sets (for the deadlines), each row also saying whether a current
    member of the council has an open FO 3.1 request: a dashboard without requests pays no extra query."""
    current = Membership.objects.current(today).filter(council=council)
    open_requests = ExtraordinaryRequest.objects.open().filter(membership__in=current)
    return list(ElectionPeriod.objects.select_related("rule_set").annotate(has_open_requests=Exists(open_requests)))


def portal_context(council, person, *, today: date) -> dict:
    """For the member portal: upcoming meetings, my proposals with status, my absence notices."""
    mine = Q(pk__in=[]) if person is None else Q(proposer=person)
    return {
        "upcoming_meetings": upcoming_meetings(council, today=today),
        "my_proposals": list(
            ItemProposal.objects.filter(mine, meeting__council=council)
            .select_related("meeting")
            .order_by("-received_at")
        ),
        "my_absence_notices": list(
            AbsenceNotice.objects.filter(membership__person=person, meeting__council=council)
            .select_related("meeting")
            .order_by("-meeting__starts_at")
            if person
            else []
        ),
    }
