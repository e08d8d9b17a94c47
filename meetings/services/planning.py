"""The meeting plan, agenda items and their order, standing items, attachments and member proposals
(FO 3.1, 3.2, 3.6)."""

import logging

from django.db import transaction
from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date
from members.models import ElectionPeriod
from members.queries import roster

from .. import deadlines, richtext, searchindex
from ..models import (
    AgendaItem,
    ExtraordinaryRequest,
    ItemProposal,
    Meeting,
    PresenceSpan,
    Publication,
    StandingItem,
)
from . import mail
from .common import save

log = logging.getLogger(__name__)


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


_D, _O, _T = AgendaItem.Kind.DECISION, AgendaItem.Kind.ORIENTATION, AgendaItem.Kind.DISCUSSION
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

# The standing sections of an ordinary KKR meeting in the order real agendas use; the cases go between
# "Meddelelser" and "Udpegninger" (placement END keeps the closing ones last). The first links to the minutes
# of the council's previous meeting. The last field: a block (only with ``blocks``).
DEFAULT_STANDING_ITEMS = [
    (StandingItem.Placement.START, 1, "Godkendelse af referat fra forrige møde", _D, _Step.PREVIOUS_MINUTES, False),
    (StandingItem.Placement.START, 2, "Meddelelser", _O, _Step.NONE, False),
    (StandingItem.Placement.END, 1, "Udpegninger", _D, _Step.NONE, True),
    (StandingItem.Placement.END, 2, "Punkter til næste møde", _T, _Step.NONE, False),
    (StandingItem.Placement.END, 3, "Eventuelt", _O, _Step.NONE, False),
]
# The block the cases go under when the council numbers block.item (KKR Syddanmark and Midtjylland since 2021).
CASES_BLOCK = (StandingItem.Placement.START, 3, "Regionalpolitiske sager", _D, _Step.NONE, True)


@transaction.atomic
def create_default_standing_items(council, *, actor, blocks: bool = False) -> list[StandingItem]:
    """Give a council without standing items the sections real ordinary agendas have; editable afterwards.
    ``blocks``: as the agendas since 2021 have them, the cases under "Regionalpolitiske sager" and the
    appointments under "Udpegninger", numbered 3.1, 3.2 …; without, numbered 1, 2, 3 as before."""
    if council.standing_items.exists():
        raise RuleViolation("Rådet har allerede faste punkter; redigér dem i stedet.")
    rows = [*DEFAULT_STANDING_ITEMS[:2], CASES_BLOCK, *DEFAULT_STANDING_ITEMS[2:]] if blocks else DEFAULT_STANDING_ITEMS
    return [
        save(
            StandingItem(
                council=council,
                placement=placement,
                order=order,
                title=title,
                kind=kind,
                step=step,
                is_section=is_section and blocks,
            ),
            actor,
        )
        for placement, order, title, kind, step, is_section in rows
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
        _rejudge_proposals(meeting, actor)
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


def _rejudge_proposals(meeting, actor) -> None:
    """FO 3.2: "in time" is judged against the meeting's current date and kind, so a move recomputes it. A
    proposal that became late may now be declined; one that became in time must go on the agenda again
    (a decline made while it was late no longer stands)."""
    seats = roster(meeting.council, on=meeting.meets_on)
    for proposal in meeting.proposals.all():
        in_time = _has_right(meeting, proposal.proposer, seats) and _is_in_time(meeting, proposal.received_at)
        if in_time == proposal.is_in_time:
            continue
        proposal.is_in_time = in_time
        if in_time and proposal.status == ItemProposal.Status.DECLINED:
            proposal.status = ItemProposal.Status.RECEIVED
        save(proposal, actor, "FO 3.2: mødet er flyttet")


def _is_in_time(meeting, received_at) -> bool:
    """FO 3.2: an ordinary meeting (every meeting under the 2010 rules) and received by the deadline (none in
    2010)."""
    rules = meeting.rule_set
    covered = meeting.is_ordinary or rules.proposal_right_every_meeting
    return covered and deadlines.is_proposal_in_time(
        received_at, meeting.starts_at, rules.proposal_deadline, closed_days=rules.closed_policy_days
    )


def _has_right(meeting, proposer, seats) -> bool:
    """FO 3.2 "ethvert medlem af KKR": a member on the meeting day, or the personal substitute attending this
    meeting in the member's place (the member's notice, or an approved leave); another substitute's proposal
    is the chair's choice."""
    for seat in seats.seats:
        if seat.member.pk == proposer.pk and not seat.leave:
            return True
        if seat.substitute is not None and seat.substitute.pk == proposer.pk:
            attending = seat.substitute_stepped_in or seat.summoned
            return attending or meeting.absence_notices.filter(membership=seat.membership).exists()
    return False


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


def agenda_is_sent(meeting) -> bool:
    """The agenda has been sent (published) once: item numbers are frozen from then on."""
    return meeting.publications.filter(kind=Publication.Kind.AGENDA).exists()


@transaction.atomic
def add_item(
    meeting,
    *,
    actor,
    title,
    kind=AgendaItem.Kind.DECISION,
    case_presentation="",
    recommendation="",
    is_closed=False,
    public_title="",
    case_number="",
    section=None,
) -> AgendaItem:
    """Add an item at the end of the agenda, before the closing standing items ("Eventuelt"); the chair
    orders it afterwards (FO 3.6). ``section``: a block heading of the agenda (``AgendaItem.is_section``, e.g.
    "Udpegninger"): the item goes in as the block's last item, numbered under it (4.1). Once the agenda is sent
    it is a supplementary item, numbered last."""
    _require_open(meeting)
    rows = list(meeting.items.order_by("-position").values_list("position", "is_kept_last"))
    position = (rows[0][0] if rows else 0) + 1
    fields = {
        "kind": kind,
        "title": title,
        "case_number": case_number.strip(),
        "case_presentation": richtext.clean(case_presentation),
        "recommendation": richtext.clean(recommendation),
        "is_closed": is_closed,
        "public_title": public_title,
    }
    if agenda_is_sent(meeting):
        # The numbers froze when the agenda was sent: a supplementary item (Tillæg) comes after all others.
        # The members hear of it when staff send the Tillæg (``publishing.publish_supplement``): its PDF has
        # the item's bilag, which are added after the item.
        return save(AgendaItem(meeting=meeting, position=position, is_supplementary=True, **fields), actor)
    if section is not None:
        position, kept_last = _end_of_block(meeting, section)
        return _insert_item(meeting, position, actor, {**fields, "is_kept_last": kept_last})
    for row_position, is_kept_last in rows:
        if not is_kept_last:
            break
        position = row_position
    return _insert_item(meeting, position, actor, fields)


def _end_of_block(meeting, section) -> tuple[int, bool]:
    """Where an item added under the block heading ``section`` goes: after the block's last item (the items after
    the heading up to the next standing item or heading), kept last when the heading is (a closing block)."""
    if section.meeting_id != meeting.pk or not section.is_section:
        raise RuleViolation("Punktet kan kun sættes under en blok på mødets egen dagsorden.")
    section.refresh_from_db(fields=["position", "is_kept_last"])  # items added since may have moved it
    position = section.position
    later = meeting.items.filter(position__gt=section.position).order_by("position")
    for row_position, is_section, standing in later.values_list("position", "is_section", "standing_item"):
        if is_section or standing is not None:
            break
        position = row_position
    return position + 1, section.is_kept_last


def _insert_item(meeting, position, actor, fields) -> AgendaItem:
    """Create an item at ``position``; the items from there move one down (from the bottom: positions are unique)."""
    for later in meeting.items.select_for_update().filter(position__gte=position).order_by("-position"):
        later.position += 1
        save(later, actor, update_fields=["position"])
    return save(AgendaItem(meeting=meeting, position=position, **fields), actor)


@transaction.atomic
def insert_standing_items(meeting, *, actor) -> list[AgendaItem]:
    """The council's standing items not yet on the agenda: opening ones first (in template order), closing
    ones last and kept last. Done when an ordinary meeting is planned, and by the button "Indsæt faste punkter"."""
    _require_open(meeting)
    template = list(meeting.council.standing_items.all())
    if not template:
        raise RuleViolation("Rådet har ingen faste punkter. Opret dem under «Faste punkter».")
    present = set(meeting.items.filter(standing_item__isnull=False).values_list("standing_item_id", flat=True))
    missing = [standing for standing in template if standing.pk not in present]
    opening = [s for s in missing if s.placement == StandingItem.Placement.START]
    last = meeting.items.order_by("-position").values_list("position", flat=True).first() or 0
    added = [_insert_item(meeting, n, actor, _standing_fields(meeting, s)) for n, s in enumerate(opening, start=1)]
    closing = [s for s in missing if s.placement == StandingItem.Placement.END]
    position = last + len(opening) + 1
    added += [_insert_item(meeting, position + n, actor, _standing_fields(meeting, s)) for n, s in enumerate(closing)]
    return added


def _standing_fields(meeting, standing) -> dict:
    return {
        "kind": standing.kind,
        "title": _minutes_title(meeting, standing) if standing.step == _Step.PREVIOUS_MINUTES else standing.title,
        "case_presentation": standing.case_presentation,
        "recommendation": standing.recommendation,
        "standing_item": standing,
        "is_section": standing.is_section,
        "is_kept_last": standing.placement == StandingItem.Placement.END,
        "step": standing.step,
    }


def _minutes_title(meeting, standing) -> str:
    """FO 3.4: the item approving minutes names the meeting they are from ("Godkendelse af referat fra mødet den
    4. december 2026"), the council's last meeting before this one that was not cancelled; the template's title
    as it is when there is none."""
    previous = (
        meeting.council.meetings.filter(starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if previous is None:
        return standing.title
    return f"{standing.title.removesuffix(' fra forrige møde')} fra mødet den {format_date(previous)}"


@transaction.atomic
def save_standing_item(standing, *, actor) -> StandingItem:
    """Add or change a standing item of the council's template; meetings already planned are not changed."""
    return save(standing, actor)


@transaction.atomic
def remove_standing_item(standing, *, actor) -> None:
    """Remove an item from the template; the items it made on agendas stay (they are the agenda's now)."""
    for item in AgendaItem.objects.filter(standing_item=standing):
        item.standing_item = None
        save(item, actor, update_fields=["standing_item"])
    standing._history_user = actor
    standing.delete()


class StaleEdit(RuleViolation):
    """Someone else saved the row since the form was opened (no silent lost update)."""


def lock_current(item, version) -> AgendaItem:
    """The item's row locked for the change; refused when ``version`` (from the form) is no longer current,
    with the other change in the message. ``version`` None: the caller holds no stale form (services, tests)."""
    current = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if version is not None and version != current.version:
        who = current.history.select_related("history_user").first()
        by = f" af {who.history_user}" if who and who.history_user else ""
        raise StaleEdit(
            f"Punktet er ændret{by}, efter du åbnede det (nu version {current.version}). Din ændring er ikke gemt; "
            f"den gemte udgave er: «{current.title}». Genindlæs siden og skriv din ændring igen."
        )
    require_unlocked(current.meeting)
    return current


def require_unlocked(meeting) -> None:
    """FO 3.4: once the minutes are approved the meeting's items, decisions, votes and attachments are locked."""
    if meeting.minutes_approved_at is not None:
        raise RuleViolation(
            "Referatet er godkendt; mødets punkter, beslutninger, afstemninger og bilag kan ikke ændres. "
            "Genåbn referatet med en begrundelse for at rette.",
            rule="FO 3.4",
        )


@transaction.atomic
def update_item(
    item,
    *,
    actor,
    kind,
    title,
    case_presentation,
    recommendation,
    is_closed,
    public_title="",
    case_number=None,
    version=None,
) -> AgendaItem:
    """Change an item; a stale form (``version`` not current) is refused and changes nothing.
    ``case_number`` None: unchanged."""
    current = lock_current(item, version)
    current.kind, current.title, current.is_closed, current.public_title = kind, title, is_closed, public_title
    if case_number is not None:
        current.case_number = item.case_number = case_number.strip()
    current.case_presentation = richtext.clean(case_presentation)
    current.recommendation = richtext.clean(recommendation)
    current.version += 1
    save(current, actor)
    item.kind, item.title, item.is_closed, item.version = current.kind, current.title, is_closed, current.version
    item.public_title = current.public_title
    item.case_presentation, item.recommendation = current.case_presentation, current.recommendation
    return current


@transaction.atomic
def postpone_item(item, *, actor, to_meeting) -> AgendaItem:
    """The item is postponed (udsat) and carried over to a later planned meeting of the council, at the end
    of that agenda (as a supplementary item there if its agenda is sent). Returns the new item."""
    current = lock_current(item, None)
    meeting = current.meeting
    if to_meeting.council_id != meeting.council_id or to_meeting.starts_at <= meeting.starts_at:
        raise RuleViolation("Et punkt kan kun udsættes til et senere møde i samme KKR.")
    if not current.is_active:
        raise RuleViolation(f"Punktet er allerede {current.get_status_display().lower()}.")
    current.status = AgendaItem.Status.POSTPONED
    current.version += 1
    save(current, actor)
    carried = add_item(
        to_meeting,
        actor=actor,
        title=current.title,
        kind=current.kind,
        case_presentation=current.case_presentation,
        recommendation=current.recommendation,
        is_closed=current.is_closed,
        public_title=current.public_title,
        case_number=current.case_number,  # the case keeps its number at the later meeting
    )
    carried.carried_from = current
    return save(carried, actor, update_fields=["carried_from"])


@transaction.atomic
def remove_item(item, *, actor) -> None:
    """Remove an item (not one that came from a proposal in time, FO 3.2); the numbers close up. Once the
    agenda is sent the item is marked withdrawn (udgået) instead and keeps its number; an item of a held
    meeting is never deleted (FO 3.4)."""
    proposal = ItemProposal.objects.filter(agenda_item=item).first()
    if proposal and proposal.is_in_time:
        raise RuleViolation(f"Punktet er medlemsforslaget «{proposal.title}», der kom rettidigt.", rule="FO 3.2")
    current = lock_current(item, None)
    if current.meeting.status == Meeting.Status.HELD:
        raise RuleViolation("Mødet er afholdt; intet af det slettes.", rule="FO 3.4")
    if agenda_is_sent(current.meeting):
        if current.is_withdrawn:
            raise RuleViolation("Punktet er allerede udgået.")
        current.status = AgendaItem.Status.WITHDRAWN
        current.version += 1
        save(current, actor)
        return
    meeting, position = item.meeting, item.position
    _require_numbers_unused(meeting)
    if proposal:
        proposal.status, proposal.agenda_item = ItemProposal.Status.RECEIVED, None
        save(proposal, actor)
    item._history_user = actor
    item.delete()
    for later in meeting.items.filter(position__gt=position).order_by("position"):
        later.position -= 1
        save(later, actor)


@transaction.atomic
def move_item(item, *, actor, up: bool) -> AgendaItem:
    """FO 3.6: swap the item with its neighbour above (``up``) or below; numbering follows the order until
    the agenda is sent (then the numbers are frozen)."""
    _require_open(item.meeting)
    if agenda_is_sent(item.meeting):
        raise RuleViolation("Dagsordenen er udsendt; punkternes numre ligger fast.", rule="FO 3.6")
    _require_numbers_unused(item.meeting)
    neighbours = item.meeting.items.select_for_update()
    other = (
        neighbours.filter(position__lt=item.position).order_by("-position").first()
        if up
        else neighbours.filter(position__gt=item.position).order_by("position").first()
    )
    if other is None:
        return item
    mine, theirs = item.position, other.position
    item.position = 0  # free the slot: (meeting, position) is unique
    save(item, actor, update_fields=["position"])
    other.position = mine
    save(other, actor, update_fields=["position"])
    item.position = theirs
    return save(item, actor, update_fields=["position"])


@transaction.atomic
def submit_proposal(meeting, *, proposer, title, text, actor, received_at=None, in_writing=True) -> ItemProposal:
    """FO 3.2: a member's written proposal. In time → the chair must put it on the agenda.

    In time means received no later than the FO 3.2 deadline of an ordinary meeting (``deadlines``); with no
    deadline in the rule set (2010 rules) every proposal is in time. Extraordinary and constituent meetings
    carry no right to an item (under the 2010 rules they do: ``proposal_right_every_meeting``), so a proposal
    for one is the chair's choice (``is_in_time`` False). The right is a member's: a personal substitute's
    proposal binds only when the substitute attends that meeting in the member's place. ``in_writing=False``
    (a proposal made orally, recorded by staff) is accepted only where the rule set requires no written form.
    """
    _require_open(meeting)
    rules = meeting.rule_set
    if not in_writing and rules.proposal_in_writing:
        raise RuleViolation("Et medlemsforslag skal stilles skriftligt efter dette regelsæt.", rule="FO 3.2")
    seats = roster(meeting.council, on=meeting.meets_on)
    if seats.seat_of(proposer.pk) is None and not any(
        seat.substitute is not None and seat.substitute.pk == proposer.pk for seat in seats.seats
    ):
        raise RuleViolation(
            f"{proposer} er hverken medlem af eller stedfortræder i {meeting.council} på mødedagen.", rule="FO 3.2"
        )
    received_at = received_at or timezone.now()
    in_time = _has_right(meeting, proposer, seats) and _is_in_time(meeting, received_at)
    proposal = ItemProposal(
        meeting=meeting, proposer=proposer, title=title, text=text, received_at=received_at, is_in_time=in_time
    )
    return save(proposal, actor)


@transaction.atomic
def accept_proposal(proposal, *, actor, kind=AgendaItem.Kind.DECISION) -> AgendaItem:
    """Put a proposal on the agenda as a new last item, its text as the case presentation."""
    if proposal.status == ItemProposal.Status.ON_AGENDA:
        raise RuleViolation(f"Forslaget «{proposal.title}» er allerede på dagsordenen.", rule="FO 3.2")
    item = add_item(
        proposal.meeting,
        actor=actor,
        kind=kind,
        title=proposal.title,
        case_presentation=f"Forslag fra {proposal.proposer} (FO 3.2):\n\n{proposal.text}",
    )
    proposal.status, proposal.agenda_item = ItemProposal.Status.ON_AGENDA, item
    save(proposal, actor)
    return item


@transaction.atomic
def decline_proposal(proposal, *, actor, note) -> ItemProposal:
    """Only a late proposal (or one for an extraordinary meeting) may be left out, with the chair's reason."""
    if proposal.is_in_time:
        raise RuleViolation(f"Forslaget «{proposal.title}» kom rettidigt og skal på dagsordenen.", rule="FO 3.2")
    if not note.strip():
        raise RuleViolation("Skriv formandens begrundelse for ikke at optage forslaget.", rule="FO 3.2")
    proposal.status, proposal.note = ItemProposal.Status.DECLINED, note
    return save(proposal, actor)


def _require_numbers_unused(meeting) -> None:
    """Arrivals and departures are recorded against item numbers (FO 3.9): renumbering would move them."""
    if PresenceSpan.objects.filter(attendance__meeting=meeting).exists():
        raise RuleViolation(
            "Ankomst og afgang er registreret efter punkternes numre; punkterne kan ikke flyttes eller fjernes nu.",
            rule="FO 3.9",
        )


def _require_open(meeting):
    if meeting.status != Meeting.Status.PLANNED:
        raise RuleViolation(f"Mødet er {meeting.get_status_display().lower()}; dagsordenen kan ikke ændres.")
