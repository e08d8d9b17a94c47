"""At the meeting: absence notices, attendance, quorum, who leads, votes, decisions and approved minutes
(FO 3.5, FO 3.7, FO 3.9, B1 1.5, B1 1.8). The roster on the meeting day says who sits (members.queries.roster)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from members.models import Membership, Person
from members.queries import Roster, roster

from .. import quorum
from ..models import AbsenceNotice, AgendaItem, Attendance, Meeting, Vote
from .common import MeetingError, require_rule_set, save


@dataclass(frozen=True)
class SheetRow:
    """One line of the attendance sheet: a person who may attend and in which capacity."""

    person: Person
    capacity: str
    membership: Membership | None
    is_present: bool | None  # None: not yet marked
    has_notice: bool = False
    holds_seat: bool = False  # the member, or the substitute who stepped in for a leave; not one invited by notice

    @property
    def capacity_label(self) -> str:
        return Attendance.Capacity(self.capacity).label


def meeting_roster(meeting) -> Roster:
    return roster(meeting.council, on=meeting.meets_on)


def attendance_sheet(meeting, seats: Roster | None = None) -> list[SheetRow]:
    """Members (or the substitute who stepped in for a leave), the personal substitutes of members who sent
    a notice (FO 3.9), and the observers (B1 1.5). Seven queries (roster five, attendance, notices)."""
    seats = seats or meeting_roster(meeting)
    marked = {a.person_id: a.is_present for a in meeting.attendances.all()}
    notices = set(meeting.absence_notices.values_list("membership_id", flat=True))
    rows = []
    for seat in seats.seats:
        if seat.voter is not None:
            capacity = Attendance.Capacity.SUBSTITUTE if seat.substitute_stepped_in else Attendance.Capacity.MEMBER
            has_notice = seat.membership.pk in notices
            rows.append(SheetRow(seat.voter, capacity, seat.membership, marked.get(seat.voter.pk), has_notice, True))
            if has_notice and seat.substitute is not None and not seat.substitute_stepped_in:
                sub = seat.substitute
                rows.append(SheetRow(sub, Attendance.Capacity.SUBSTITUTE, seat.membership, marked.get(sub.pk)))
    for observer in seats.observers:
        rows.append(SheetRow(observer.person, Attendance.Capacity.OBSERVER, None, marked.get(observer.person_id)))
    return rows


@transaction.atomic
def record_absence_notice(meeting, *, membership, actor, note="", now=None) -> AbsenceNotice:
    """FO 3.9 / B1 1.8: a member notifies the secretariat before the meeting; the substitute may attend."""
    now = now or timezone.now()
    if now >= meeting.starts_at:
        raise MeetingError("Afbud skal meddeles inden mødet (FO 3.9).")
    if membership.council_id != meeting.council_id:
        raise MeetingError("Medlemmet sidder ikke i dette KKR.")
    notice = meeting.absence_notices.filter(membership=membership).first()
    notice = notice or AbsenceNotice(meeting=meeting, membership=membership, given_at=now)
    notice.note = note or notice.note
    return save(notice, actor)


@transaction.atomic
def record_attendance(meeting, *, person, is_present: bool, actor) -> Attendance:
    """Mark a person present or absent; the capacity comes from the sheet, and a seat counts once (FO 3.7)."""
    row = next((r for r in attendance_sheet(meeting) if r.person.pk == person.pk), None)
    if row is None:
        raise MeetingError(f"{person} er hverken medlem, stedfortræder med afbud eller observatør på mødedagen.")
    if is_present and row.membership is not None:
        taken = meeting.attendances.filter(membership=row.membership, is_present=True).exclude(person=person).first()
        if taken:
            raise MeetingError(f"Pladsen er allerede besat af {taken.person}; en plads tæller kun én gang (FO 3.7).")
    attendance = meeting.attendances.filter(person=person).first() or Attendance(meeting=meeting, person=person)
    attendance.capacity, attendance.membership, attendance.is_present = row.capacity, row.membership, is_present
    return save(attendance, actor)


def meeting_quorum(meeting, seats: Roster | None = None) -> quorum.Quorum | None:
    """FO 3.7: seats filled by a present member or substitute against the seats on the day. None: no seats."""
    seats = seats or meeting_roster(meeting)
    if not seats.size:
        return None
    present = meeting.attendances.filter(is_present=True, membership__isnull=False).count()
    return quorum.quorum(present, seats.size, fraction=require_rule_set(meeting).quorum_fraction)


def meeting_leader(meeting, seats: Roster | None = None, present_ids: set[int] | None = None) -> Person | None:
    """FO 3.5: the chair leads; the vice-chair when the chair is absent. None when neither is present."""
    seats = seats or meeting_roster(meeting)
    if present_ids is None:
        present_ids = set(meeting.attendances.filter(is_present=True).values_list("person_id", flat=True))
    for holder in (seats.chair, seats.vice_chair):
        if holder is not None and holder.person_id in present_ids:
            return holder.person
    return None


def casting_holder(meeting, seats: Roster) -> tuple[quorum.CastingHolder, Person | None]:
    """FO 3.7: the chair's vote decides a tie, or (rule-set policy) the meeting leader's."""
    holder = quorum.CastingHolder(require_rule_set(meeting).casting_vote)
    if holder == quorum.CastingHolder.LEADER:
        return holder, meeting_leader(meeting, seats)
    return holder, seats.chair.person if seats.chair else None


def _require_quorum(meeting, seats) -> quorum.Quorum:
    result = meeting_quorum(meeting, seats)
    if result is None or not result.is_quorate:
        present = result.present if result else 0
        required = result.required if result else "?"
        raise MeetingError(f"KKR er ikke beslutningsdygtigt: {present} til stede, mindst {required} kræves (FO 3.7).")
    return result


@transaction.atomic
def record_vote(item, *, actor, votes_for, votes_against, abstentions=0, casting_vote="", subject="") -> Vote:
    """FO 3.7: simple majority of votes cast; a tie decided by the casting holder's own vote (in the tally)."""
    meeting = item.meeting
    seats = meeting_roster(meeting)
    present = _require_quorum(meeting, seats).present
    if votes_for + votes_against + abstentions > present:
        raise MeetingError(f"Der er afgivet flere stemmer end de {present} stemmeberettigede til stede.")
    holder_kind, holder = casting_holder(meeting, seats)
    try:
        result = quorum.vote_outcome(
            quorum.Tally(votes_for, votes_against, abstentions),
            casting_vote=quorum.Vote(casting_vote) if casting_vote and holder else None,
            casting_holder=holder_kind,
        )
    except quorum.QuorumError as exc:
        raise MeetingError(str(exc)) from exc
    vote = Vote(
        item=item,
        subject=subject or "Indstillingen",
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        casting_vote=casting_vote if result.is_tie else "",
        casting_holder=holder if result.is_tie else None,
        is_adopted=result.adopted,
        is_decided_by_casting_vote=result.decided_by_casting_vote,
        minutes_sentence=result.minutes_sentence(subject or "Indstillingen"),
    )
    return save(vote, actor)


@transaction.atomic
def record_decision(item, *, actor, decision: str) -> AgendaItem:
    """FO 3.4: the decision for the minutes. A decision item needs a quorate meeting (FO 3.7)."""
    if item.kind == AgendaItem.Kind.DECISION and decision.strip():
        _require_quorum(item.meeting, meeting_roster(item.meeting))
    item.decision = decision
    return save(item, actor)


@transaction.atomic
def approve_minutes(meeting, *, actor) -> Meeting:
    """The minutes are approved (FO 3.4); the meeting is then held and the minutes can be published."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingError("Mødet er aflyst.")
    meeting.status, meeting.minutes_approved_at = Meeting.Status.HELD, timezone.now()
    return save(meeting, actor)
