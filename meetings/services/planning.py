"""The meeting plan: a meeting planned (in its election period, with its standing or constituent items),
moved, cancelled with a reason, and the secretariat's attendance recorded (FO 3.1, FO 3.2, FO 3.4).

An extraordinary meeting may answer the members' open requests (FO 3.1); a move judges the proposals
"in time" again against the new date (FO 3.2, ``proposals.rejudge_proposals``). Agenda items are in ``agenda``,
the council's standing items in ``standing``, member proposals in ``proposals``."""

from django.db import transaction
from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date
from members.models import ElectionPeriod

from .. import richtext, searchindex
from ..models import AgendaItem, ExtraordinaryRequest, Meeting
from . import mail
from .agenda import require_unlocked
from .common import save
from .proposals import rejudge_proposals
from .standing import insert_standing_items


@transaction.atomic
def plan_meeting(council, *, actor, kind, starts_at, location, answers_requests=False, ends_at=None) -> Meeting:
    """FO 3.1: put a meeting in the plan, in the election period whose rule set governs it (the period that
    contains the meeting day). An ordinary meeting gets the council's standing items; ``answers_requests``
    marks the open member requests (FO 3.1) as handled by this (extraordinary) meeting."""
    _require_end_after_start(starts_at, ends_at)
    meeting = Meeting(council=council, kind=kind, starts_at=starts_at, ends_at=ends_at, location=location)
    meeting.period = _period_of(meeting)
    save(meeting, actor)
    if kind == Meeting.Kind.ORDINARY and council.standing_items.exists():
        insert_standing_items(meeting, actor=actor)
    if kind == Meeting.Kind.CONSTITUENT:
        for position, (title, item_kind, step) in enumerate(CONSTITUENT_ITEMS, start=1):
            save(AgendaItem(meeting=meeting, position=position, title=title, kind=item_kind, step=step), actor)
    if answers_requests:
        _answer_requests(meeting, actor)
    return meeting


_D, _O = AgendaItem.Kind.DECISION, AgendaItem.Kind.ORIENTATION
_Step = AgendaItem.Step

# The items real constituent meetings have (KKR Sjælland 2018, Hovedstaden 2010), in their order, each with
# the step it is for: the staff page links it to the page that does the step (``portal:agenda-step``).
CONSTITUENT_ITEMS = [
    ("Godkendelse af valg og sammensætning af KKR", _D, _Step.COMPOSITION),
    ("Anmeldelse og godkendelse af valgforbund", _D, _Step.ALLIANCES),
    ("Valg af formand og næstformand", _D, _Step.CHAIR_ELECTION),
    ("Forretningsorden og overordnede rammer for KKR's virksomhed", _D, _Step.RULES),
    ("Udpegning af politiske repræsentanter til regionale fora", _D, _Step.APPOINTMENTS),
    ("Mødeplan", _D, _Step.MEETING_PLAN),
    ("Eventuelt", _O, _Step.NONE),
]


def _answer_requests(meeting, actor) -> None:
    if meeting.kind != Meeting.Kind.EXTRAORDINARY:
        raise RuleViolation("Medlemmernes anmodninger besvares med et ekstraordinært møde.", rule="FO 3.1")
    requests = list(ExtraordinaryRequest.objects.open().filter(membership__council=meeting.council))
    if not requests:
        raise RuleViolation("Der er ingen åbne anmodninger om ekstraordinært møde.", rule="FO 3.1")
    for request in requests:
        request.meeting, request.handled_at = meeting, timezone.now()
        save(request, actor)


def _period_of(meeting) -> ElectionPeriod:
    """The election period containing the meeting day, with its rule set; refused when there is none."""
    period = ElectionPeriod.objects.containing(meeting.meets_on).select_related("rule_set").first()
    if period is None:
        raise RuleViolation(
            f"Der er ingen valgperiode (og dermed intet regelsæt) for mødedagen {format_date(meeting.meets_on)}; "
            "opret valgperioden."
        )
    return period


def _require_end_after_start(starts_at, ends_at) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise RuleViolation("Mødet skal slutte efter det begynder.")


@transaction.atomic
def update_meeting(meeting, *, actor, kind=None, starts_at=None, location=None, ends_at=None) -> Meeting:
    """Change time, place or kind (None: unchanged); the iCalendar SEQUENCE goes up so calendars pick the
    change up. A meeting moved into another election period follows it (and its rule set)."""
    if kind is not None:
        meeting.kind = kind
    if location is not None:
        meeting.location = location
    if starts_at is not None:
        meeting.starts_at = starts_at
        meeting.period = _period_of(meeting)
    if ends_at is not None:
        meeting.ends_at = ends_at
    _require_end_after_start(meeting.starts_at, meeting.ends_at)
    meeting.sequence += 1
    save(meeting, actor)
    if starts_at is not None:
        searchindex.sync_meeting(meeting.pk)  # the index rows carry the meeting's date
    if kind is not None or starts_at is not None:
        rejudge_proposals(meeting, actor)
    return meeting


@transaction.atomic
def record_staff_present(meeting, *, actor, staff_present: str) -> Meeting:
    """Who from the secretariat attended (the minutes' Deltagerfortegnelse): one a line, empty lines dropped.
    Refused once the minutes are approved (FO 3.4), like every other part of them."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_unlocked(current)
    current.staff_present = "\n".join(line.strip() for line in staff_present.splitlines() if line.strip())
    save(current, actor, update_fields=["staff_present"])
    meeting.staff_present = current.staff_present
    return current


@transaction.atomic
def cancel_meeting(meeting, *, actor, reason="") -> Meeting:
    """Cancel a planned meeting with a reason: the calendars show it cancelled (iCal SEQUENCE up) and the
    members and personal substitutes get an e-mail with the reason. Returns the meeting; the e-mail goes on
    commit."""
    status = Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
    if status == Meeting.Status.HELD:
        raise RuleViolation("Mødet er afholdt og kan ikke aflyses.")
    if status == Meeting.Status.CANCELLED:
        raise RuleViolation("Mødet er allerede aflyst.")
    reason = richtext.clean(reason).strip()
    meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason
    meeting.sequence += 1
    save(meeting, actor)
    searchindex.sync_meeting(meeting.pk)  # a cancelled meeting's versions are no longer found
    mail.send_on_commit("cancellation", {"meeting": meeting}, mail.council_addresses(meeting))
    return meeting


def cancellation_recipients(meeting) -> int:
    """How many people the cancellation e-mail goes to (shown on the confirmation page)."""
    return len(mail.council_addresses(meeting))
