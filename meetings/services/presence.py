"""Arrivals and departures during the meeting, and what follows from a change of attendance (FO 3.5, FO 3.7,
FO 3.9): who is present at each item is ``meetings.presence`` over the marks and the spans; every vote recorded must
still stand at its item, and its stored outcome and statement follow."""

from django.db import transaction

from kkr.errors import RuleViolation

from .. import quorum
from ..models import AgendaItem, Attendance, PresenceSpan, Vote
from ..presence import PresenceError, with_arrival, with_departure
from ..queries import AtItem, at_item, attendance_marks, attendance_sheet, meeting_roster, vote_result
from .agenda import require_unlocked
from .common import chair_role_to_record, require_started, save


@transaction.atomic
def record_arrival(meeting, *, person, position: int, actor, arrived_at=None, now=None) -> Attendance:
    """FO 3.9: ``person`` arrived late and is present from item ``position`` on (``arrived_at``: the clock time,
    for the minutes). Refused when they are already present there."""
    return _move(meeting, person=person, position=position, actor=actor, arrival=True, when=arrived_at, now=now)


@transaction.atomic
def record_departure(meeting, *, person, position: int, actor, left_at=None, now=None) -> Attendance:
    """FO 3.9: ``person`` left and is absent from item ``position`` on (``left_at``: the clock time). Refused when
    they are not present there."""
    return _move(meeting, person=person, position=position, actor=actor, arrival=False, when=left_at, now=now)


@transaction.atomic
def record_elected_chairs(meeting, *, actor) -> int:
    """B1 1.4: the chair and vice-chair elected at the meeting itself (the constituent meeting, after its sheet was
    marked) are recorded on the sheet beside their marks, as a mark records them (FO 3.5), so they lead the
    meeting and the chair breaks its ties. The votes already recorded must still stand. Returns how many marks
    changed."""
    require_unlocked(meeting)
    marked = {a.person_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
    changed = 0
    for row in attendance_sheet(meeting):
        attendance = marked.get(row.person.pk)
        role = chair_role_to_record(meeting, attendance, row) if attendance is not None else ""
        if role and role != attendance.chair_role:
            attendance.chair_role = role
            save(attendance, actor, "B1 1.4")
            changed += 1
    restate_votes(meeting, actor=actor)
    return changed


def _move(meeting, *, person, position, actor, arrival: bool, when, now) -> Attendance:
    require_started(meeting, "ankomst og afgang", now)
    require_unlocked(meeting)
    positions = list(meeting.items.order_by("position").values_list("position", flat=True))
    if position not in positions:
        raise RuleViolation(f"Mødet har intet punkt {position}.", rule="FO 3.9")
    row = next((r for r in attendance_sheet(meeting) if r.person.pk == person.pk), None)
    if row is None:
        raise RuleViolation(f"{person} står ikke på mødets fremmødeliste.", rule="FO 3.9")
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    mark = attendance_marks(meeting).marks.get(person.pk) if attendance is not None else None
    try:
        if arrival:
            spans = with_arrival(mark, position, first=positions[0], arrived_at=when)
        else:
            spans = with_departure(mark, position, first=positions[0], left_at=when)
    except PresenceError as error:
        raise RuleViolation(f"{person} {error}.", rule="FO 3.9") from error
    attendance = _present(meeting, attendance, row, actor)
    _store_spans(attendance, spans, actor)
    restate_votes(meeting, actor=actor)
    return attendance


def _present(meeting, attendance, row, actor) -> Attendance:
    """The person's attendance row, marked present (at some point of the meeting); a seat counts once."""
    if row.membership is not None:
        taken = meeting.attendances.filter(membership=row.membership, is_present=True).exclude(person=row.person)
        if taken.exists():
            raise RuleViolation(
                f"Pladsen er allerede besat af {taken.first().person}; en plads tæller kun én gang.", rule="FO 3.7"
            )
    attendance = attendance or Attendance(meeting=meeting, person=row.person)
    attendance.capacity, attendance.membership, attendance.is_present = row.capacity, row.membership, True
    attendance.chair_role = chair_role_to_record(meeting, attendance, row)
    return save(attendance, actor)


def _store_spans(attendance, spans, actor) -> None:
    """Replace the person's spans with ``spans``, matched on their start (one span per start): a departure ends the
    span it closes in place, so its history shows the change; each changed row is saved with its history."""
    kept = {row.from_position: row for row in attendance.spans.all()}
    wanted = {span.start: span for span in spans}
    for start, row in kept.items():
        if start not in wanted:
            row._history_user = actor if getattr(actor, "is_authenticated", False) else None
            row.delete()
    for start, span in wanted.items():
        row = kept.get(start) or PresenceSpan(attendance=attendance, from_position=start)
        values = (span.end, span.arrived_at, span.left_at)
        if row.pk is None or (row.until_position, row.arrived_at, row.left_at) != values:
            row.until_position, row.arrived_at, row.left_at = values
            save(row, actor, "FO 3.9")


def state_vote(vote, at: AtItem) -> bool:
    """Store the outcome and the statement that follow from the tally and the casting holder present at the item
    (``queries.vote_result``, the same the minutes and the sitting page state); True when anything changed."""
    result = vote_result((vote.votes_for, vote.votes_against, vote.abstentions), vote.casting_vote, at)
    stated = (
        result.adopted,
        result.decided_by_casting_vote,
        at.holder if result.is_tie else None,
        result.minutes_sentence(vote.subject),
    )
    before = (vote.is_adopted, vote.is_decided_by_casting_vote, vote.casting_holder, vote.minutes_sentence)
    vote.is_adopted, vote.is_decided_by_casting_vote, vote.casting_holder, vote.minutes_sentence = stated
    return stated != before


def restate_votes(meeting, *, actor) -> int:
    """After a change of attendance: every vote and decision already recorded must still stand at its item (FO 3.7:
    quorum there, no more votes than present, the casting vote cast by a holder present there), else the change is
    refused; each vote's stored outcome and statement follow the new attendance. Returns how many changed."""
    seats, presence = meeting_roster(meeting), attendance_marks(meeting)
    cache: dict[int, AtItem] = {}

    def at(position: int) -> AtItem:
        if position not in cache:
            cache[position] = at_item(meeting, position, seats=seats, presence=presence)
        return cache[position]

    decided = meeting.items.filter(kind=AgendaItem.Kind.DECISION, status=AgendaItem.Status.ACTIVE).exclude(decision="")
    for item in decided.only("position", "decision"):
        if item.decision.strip():
            _still_quorate(at(item.position), "har en beslutning")
    changed = 0
    for vote in Vote.objects.filter(item__meeting=meeting).select_related("item", "casting_holder"):
        _still_stands(vote, at(vote.item.position))
        if state_vote(vote, at(vote.item.position)):
            save(vote, actor, "Fremmødet ved punktet er ændret (FO 3.7)")
            changed += 1
    return changed


def _still_quorate(at: AtItem, what: str) -> None:
    if at.quorum is None or not at.quorum.is_quorate:
        present = at.quorum.present if at.quorum else 0
        raise RuleViolation(
            f"Punkt {at.position} {what}, og så ville KKR ikke være beslutningsdygtigt ved punktet ({present} til "
            "stede). Ret fremmødet på en anden måde, eller ret punktet først.",
            rule="FO 3.7",
        )


def _still_stands(vote, at: AtItem) -> None:
    _still_quorate(at, "har en afstemning")
    if vote.casting_vote and at.holder is None:
        raise RuleViolation(
            f"{quorum.casting_holder_name(at.holder_kind)} afgav den udslagsgivende stemme ved punkt {at.position} "
            "og skal være til stede ved punktet. Ret afstemningen først.",
            rule="FO 3.7",
        )
    if vote.casting_vote and vote.casting_holder_id not in (None, at.holder.pk):
        raise RuleViolation(
            f"{vote.casting_holder} afgav den udslagsgivende stemme ved punkt {at.position}; så ville {at.holder} "
            "lede mødet ved punktet. Ret afstemningen først.",
            rule="FO 3.7",
        )
    cast = vote.votes_for + vote.votes_against + vote.abstentions
    if cast > at.quorum.present:
        raise RuleViolation(
            f"Afstemningen om punkt {at.position} har {cast} stemmer, men så ville kun {at.quorum.present} være til "
            "stede ved punktet. Ret afstemningen først.",
            rule="FO 3.7",
        )
