"""At the meeting (FO 3.5, FO 3.7, FO 3.9, B1 1.5): the roster on the meeting's day, the attendance sheet,
the quorum, the meeting leader and the casting vote, and the items with their votes for the sitting page."""

from dataclasses import dataclass
from functools import cache
from typing import TypedDict

from django.db import connection

from members.models import Membership, Person
from members.queries import Roster, council_seat_count, roster

from .. import quorum
from ..models import (
    AbsenceNotice,
    AgendaItem,
    Attendance,
    Vote,
)


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

    @property
    def is_substitute(self) -> bool:
        return self.capacity == Attendance.Capacity.SUBSTITUTE


def meeting_roster(meeting) -> Roster:
    return roster(meeting.council, on=meeting.meets_on)


def attendance_marks(meeting) -> dict[int, tuple[bool, int | None]]:
    """Person id → (present?, the seat they fill) for everyone marked at the meeting (one query, no models)."""
    return attendance_marks_and_notices(meeting)[0]


def attendance_marks_and_notices(meeting) -> tuple[dict[int, tuple[bool, int | None]], set[int]]:
    """``attendance_marks`` and the memberships with an afbud (FO 3.9) in one plain query (a notice is a row
    without a person)."""
    with connection.cursor() as cursor:
        cursor.execute(_marks_sql(), {"meeting": meeting.pk})
        rows = cursor.fetchall()
    marks = {person: (bool(present), seat) for person, present, seat in rows if person is not None}
    return marks, {seat for person, _, seat in rows if person is None}


@cache
def _marks_sql() -> str:
    return f"""
        SELECT person_id, is_present, membership_id FROM {Attendance._meta.db_table} WHERE meeting_id = %(meeting)s
        UNION ALL
        SELECT NULL, NULL, membership_id FROM {AbsenceNotice._meta.db_table} WHERE meeting_id = %(meeting)s
    """


class SittingItem(TypedDict):
    """One item of the sitting page with its votes (``sitting_items``): a plain dict with its labels as text, because
    the template language finds a key at the first try where a model attribute costs it a caught exception
    (issue 15). The view adds the item's links (``vote_url``, ``decision_url``) and ``can_vote``."""

    pk: int
    position: int
    title: str
    kind_label: str
    is_decision: bool
    is_closed: bool
    is_active: bool
    status_label: str
    is_supplementary: bool
    version: int
    decision: str
    votes: list[dict]  # {"pk", "subject", "sentence" (``Vote.minutes_sentence``)}, by time recorded


def sitting_items(meeting) -> list[SittingItem]:
    """The meeting's items by position with their votes (by time recorded) in one plain query, as plain dicts; the
    case presentation and recommendation are not read (the sitting page shows neither)."""
    with connection.cursor() as cursor:
        cursor.execute(_items_sql(), {"meeting": meeting.pk})
        rows = cursor.fetchall()
    items: dict[int, SittingItem] = {}
    kinds, statuses = _labels(AgendaItem.Kind), _labels(AgendaItem.Status)
    for pk, position, title, kind, closed, status, supplementary, version, decision, vote, subject, sentence in rows:
        item = items.get(pk)
        if item is None:
            item = items[pk] = SittingItem(
                pk=pk, position=position, title=title, kind_label=kinds.get(kind, kind),
                is_decision=kind == AgendaItem.Kind.DECISION, is_closed=closed,
                is_active=status == AgendaItem.Status.ACTIVE, status_label=statuses.get(status, status),
                is_supplementary=supplementary, version=version, decision=decision, votes=[],
            )  # fmt: skip
        if vote is not None:
            item["votes"].append({"pk": vote, "subject": subject, "sentence": sentence})
    return list(items.values())


@cache
def _labels(choices) -> dict[str, str]:
    """What ``get_<field>_display`` prints for each value of a ``TextChoices``."""
    return {value: str(label) for value, label in choices.choices}


@cache
def _items_sql() -> str:
    return f"""
        SELECT i.id, i.position, i.title, i.kind, i.is_closed, i.status, i.is_supplementary, i.version, i.decision,
               v.id, v.subject, v.minutes_sentence
        FROM {AgendaItem._meta.db_table} i LEFT JOIN {Vote._meta.db_table} v ON v.item_id = i.id
        WHERE i.meeting_id = %(meeting)s ORDER BY i.position, i.id, v.recorded_at
    """


def present_in_seats(marks: dict[int, tuple[bool, int | None]]) -> int:
    """FO 3.7: the seats filled by a present member or substitute (an observer fills none)."""
    return sum(1 for is_present, membership_id in marks.values() if is_present and membership_id is not None)


def attendance_sheet(meeting, seats: Roster | None = None, marks=None, notices=None) -> list[SheetRow]:
    """Members (or the substitute who stepped in for a leave), the personal substitutes of members who sent
    a notice (FO 3.9), and the observers (B1 1.5). Three queries (the roster's two, the marks and notices in
    one); two with the ``attendance_marks_and_notices`` given."""
    seats = seats or meeting_roster(meeting)
    if marks is None or notices is None:
        marks, notices = attendance_marks_and_notices(meeting)
    marked = {person_id: is_present for person_id, (is_present, _) in marks.items()}
    rows = []
    for seat in seats.seats:
        if seat.voter is not None:
            capacity = Attendance.Capacity.SUBSTITUTE if seat.substitute_stepped_in else Attendance.Capacity.MEMBER
            has_notice = seat.membership.pk in notices
            rows.append(SheetRow(seat.voter, capacity, seat.membership, marked.get(seat.voter.pk), has_notice, True))
            invited = has_notice or seat.summoned  # B1 1.7: summoned pending the council's decision
            if invited and seat.substitute is not None and not seat.substitute_stepped_in:
                sub = seat.substitute
                rows.append(SheetRow(sub, Attendance.Capacity.SUBSTITUTE, seat.membership, marked.get(sub.pk)))
    for observer in seats.observers:
        rows.append(SheetRow(observer.person, Attendance.Capacity.OBSERVER, None, marked.get(observer.person_id)))
    return rows


def sheet_values(sheet: list[SheetRow]) -> list[dict]:
    """The attendance sheet's rows as plain dicts for ``attendance_rows.html`` (one key lookup each, issue 15):
    ``pk`` and ``name`` of the person, ``state`` (present? None: not marked), the capacity as text, for whom a
    substitute attends, the afbud and the seat's membership id (None for an observer)."""
    labels = _labels(Attendance.Capacity)
    return [
        {
            "pk": row.person.pk,
            "name": row.person.name,
            "state": row.is_present,
            "capacity_label": labels[row.capacity],
            "substitute_for": row.membership.person.name if row.is_substitute else "",
            "has_notice": row.has_notice,
            "holds_seat": row.holds_seat,
            "membership_pk": row.membership.pk if row.membership is not None else None,
        }
        for row in sheet
    ]


def meeting_quorum(meeting, seats: Roster | None = None, present: int | None = None) -> quorum.Quorum | None:
    """FO 3.7: seats filled by a present member or substitute against the members: by rule-set policy the seats
    filled on the day (default) or all the council's seats in the period, vacant ones included. None: no seats.
    ``present``: the filled seats when already counted (``present_in_seats``), else one query."""
    seats = seats or meeting_roster(meeting)
    if not seats.size:
        return None
    if present is None:
        present = meeting.attendances.filter(is_present=True, membership__isnull=False).count()
    rules = meeting.rule_set
    base = seats.size
    if rules.quorum_base == rules.QuorumBase.SEATS:  # policy: vacant seats count too (never fewer than filled)
        base = max(base, council_seat_count(meeting.council, meeting.period))
    return quorum.quorum(present, base, fraction=rules.quorum_fraction)


def meeting_leader(meeting, seats: Roster | None = None, present_ids: set[int] | None = None) -> Person | None:
    """FO 3.5: the chair leads; the vice-chair when the chair is absent. None when neither is present."""
    seats = seats or meeting_roster(meeting)
    if present_ids is None:
        present_ids = set(meeting.attendances.filter(is_present=True).values_list("person_id", flat=True))
    for holder in (seats.chair, seats.vice_chair):
        if holder is not None and holder.person_id in present_ids:
            return holder.person
    return None


def casting_holder(
    meeting, seats: Roster, present_ids: set[int] | None = None
) -> tuple[quorum.CastingHolder, Person | None]:
    """FO 3.7: the chair's vote decides a tie, or (rule-set policy) the meeting leader's. Only a holder who is
    present can cast it: None when the chair (or, by policy, both chair and vice-chair) is absent."""
    if present_ids is None:
        present_ids = set(meeting.attendances.filter(is_present=True).values_list("person_id", flat=True))
    holder = quorum.CastingHolder(meeting.rule_set.casting_vote)
    if holder == quorum.CastingHolder.LEADER:
        return holder, meeting_leader(meeting, seats, present_ids)
    chair = seats.chair.person if seats.chair else None
    return holder, chair if chair is not None and chair.pk in present_ids else None
