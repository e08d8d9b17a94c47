"""FO 3.2 member proposals: submitted (in time or not, judged against the meeting's rule set), put on the agenda,
declined with the chair's reason when late, and judged again when the meeting moves."""

from django.db import transaction
from django.utils import timezone

from kkr.errors import RuleViolation
from members.queries import roster

from .. import deadlines
from ..models import AgendaItem, ItemProposal
from .agenda import add_item, require_open
from .common import save


def rejudge_proposals(meeting, actor) -> None:
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
def submit_proposal(meeting, *, proposer, title, text, actor, received_at=None, in_writing=True) -> ItemProposal:
    """FO 3.2: a member's written proposal. In time → the chair must put it on the agenda.

    In time means received no later than the FO 3.2 deadline of an ordinary meeting (``deadlines``); with no
    deadline in the rule set (2010 rules) every proposal is in time. Extraordinary and constituent meetings
    carry no right to an item (under the 2010 rules they do: ``proposal_right_every_meeting``), so a proposal
    for one is the chair's choice (``is_in_time`` False). The right is a member's: a personal substitute's
    proposal binds only when the substitute attends that meeting in the member's place. ``in_writing=False``
    (a proposal made orally, recorded by staff) is accepted only where the rule set requires no written form.
    """
    require_open(meeting)
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
