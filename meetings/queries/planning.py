"""Planning reads: members' requests for an extraordinary meeting and the annual plan against the rule set
(FO 3.1), the personal calendar, and the member portal's upcoming meetings."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q

from members.deadlines import COPENHAGEN, Deadline
from members.models import ElectionPeriod, Membership, SubstituteAssignment

from .. import quorum
from ..models import (
    AbsenceNotice,
    ExtraordinaryRequest,
    ItemProposal,
    Meeting,
)

# --- FO 3.1: members' requests for an extraordinary meeting --------------------------------------------


@dataclass(frozen=True)
class ExtraordinaryDemand:
    """The council's open requests from current members against its size on a day (FO 3.1)."""

    requests: list[ExtraordinaryRequest]
    members: int
    required: int  # requests needed: ⌈fraction × members⌉
    is_required: bool  # the meeting must be convened


def extraordinary_demand(council, *, on, rule_set=None) -> ExtraordinaryDemand | None:
    """Open requests from the council's members on ``on`` (a request from a seat that has ended no longer
    counts) and whether they reach the rule set's fraction (``quorum.extraordinary_meeting_required``).
    None without a rule set or seats. Three queries (two with ``rule_set`` given)."""
    if rule_set is None:
        period = ElectionPeriod.objects.containing(on).select_related("rule_set").first()
        rule_set = period.rules_on(on) if period else None
    current = Membership.objects.current(on).filter(council=council)
    members = current.count()
    if rule_set is None or not members:
        return None
    requests = list(
        ExtraordinaryRequest.objects.open()
        .filter(membership__in=current)
        .select_related("membership__person")
        .order_by("requested_at")
    )
    fraction = rule_set.extra_meeting_fraction
    asking = len({r.membership_id for r in requests})  # one open request per seat; distinct all the same
    return ExtraordinaryDemand(
        requests=requests,
        members=members,
        required=quorum.minimum_count(members, fraction=fraction),
        is_required=quorum.extraordinary_meeting_required(asking, members, fraction=fraction),
    )


# --- FO 3.1: the annual plan against the rule set's number of ordinary meetings -------------------------


@dataclass(frozen=True)
class PlanShortfall:
    """A year whose plan has fewer ordinary meetings than its rule set's ``meetings_per_year`` (FO 3.1)."""

    year: int
    planned: int
    expected: int


def plan_shortfalls(council, *, today: date) -> list[PlanShortfall]:
    """This year and every later year with a meeting in the plan, where the ordinary meetings not cancelled
    are fewer than the rule set of that year's election period expects. Two queries."""
    counts = dict(
        Meeting.objects.filter(council=council, starts_at__year__gte=today.year)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("starts_at__year")
        .annotate(ordinary=Count("pk", filter=Q(kind=Meeting.Kind.ORDINARY)))
        .values_list("starts_at__year", "ordinary")
    )
    years = range(today.year, max([today.year, *counts]) + 1)
    periods = ElectionPeriod.objects.filter(starts_on__year__lte=years[-1], ends_on__year__gte=today.year)
    expected = {}
    for period in periods.select_related("rule_set"):
        for year in years:
            if period.starts_on.year <= year <= period.ends_on.year:
                expected.setdefault(year, period.rules_on(max(date(year, 1, 1), period.starts_on)).meetings_per_year)
    return [
        PlanShortfall(year, counts.get(year, 0), expected[year])
        for year in years
        if year in expected and counts.get(year, 0) < expected[year]
    ]


# --- The personal calendar ---------------------------------------------------------------------------


def personal_meetings(person, *, on):
    """The meetings of every council the person sits in on ``on`` as member or personal substitute,
    cancelled ones included (calendars must learn of a cancellation). One query."""
    as_member = Membership.objects.current(on).filter(person=person).values("council")
    as_substitute = SubstituteAssignment.objects.current(on).filter(person=person).values("membership__council")
    return (
        Meeting.objects.filter(Q(council__in=as_member) | Q(council__in=as_substitute))
        .select_related("council")
        .order_by("starts_at")
    )


# --- The secretariat's dashboard and the member portal ---------------------------------------------------


@dataclass(frozen=True)
class UpcomingMeeting:
    meeting: Meeting
    proposal_deadline: Deadline | None
    agenda_deadline: Deadline | None
    missing_proposals: int  # proposals in time not yet on the agenda (FO 3.2)
    is_agenda_published: bool


def _start_of(today: date) -> datetime:
    return datetime.combine(today, datetime.min.time(), tzinfo=COPENHAGEN)


def upcoming_meetings(council, *, today: date, limit: int = 10) -> list[UpcomingMeeting]:
    """Planned meetings from ``today`` with their FO 3.2/3.3 deadlines from their period's rule set; a meeting
    held today is no longer coming. One query."""
    meetings = (
        Meeting.objects.upcoming(_start_of(today))
        .filter(council=council, status=Meeting.Status.PLANNED)
        .select_related("council", "period__rule_set")
        .annotate(
            missing=Count(
                "proposals",
                filter=Q(proposals__is_in_time=True, proposals__status=ItemProposal.Status.RECEIVED),
                distinct=True,
            ),
            published=Count("publications", filter=Q(publications__kind="agenda"), distinct=True),
        )[:limit]
    )
    return [UpcomingMeeting(m, m.proposal_deadline, m.agenda_deadline, m.missing, bool(m.published)) for m in meetings]


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
