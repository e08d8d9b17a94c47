"""At the meeting (FO 3.5, FO 3.7, FO 3.9, B1 1.5): the roster on the meeting's day, the attendance sheet,
the quorum, the meeting leader and the casting vote (the items with their votes: ``items``)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from django.db import connection
from django.utils.dateparse import parse_datetime

from kkr.formats import format_time
from members.models import ChairRole, Membership, Person
from members.queries import Roster, council_seat_count, roster

from .. import quorum
from ..models import AbsenceNotice, Attendance, PresenceSpan
from ..presence import Mark, Presence, Span
from .items import choice_labels

CHAIR, VICE_CHAIR = ChairRole.Role.CHAIR, ChairRole.Role.VICE_CHAIR


@dataclass(frozen=True)
class SheetRow:
    """One line of the attendance sheet: a person who may attend and in which capacity."""

    person: Person
    capacity: str
    membership: Membership | None
    is_present: bool | None  # None: not yet marked
    has_notice: bool = False
    holds_seat: bool = False  # the member, or the substitute who stepped in for a leave; not one invited by notice
    uninvited: Person | None = None  # FO 3.9 / B1 1.8: the personal substitute, not called in without an afbud
    chair_role: str = ""  # FO 3.5: the member's role on the roster's day (off it: as recorded), to record when marked

    @property
    def capacity_label(self) -> str:
        return Attendance.Capacity(self.capacity).label

    @property
    def is_substitute(self) -> bool:
        return self.capacity == Attendance.Capacity.SUBSTITUTE


def meeting_roster(meeting) -> Roster:
    return roster(meeting.council, on=meeting.meets_on)


def attendance_marks(meeting) -> Presence:
    """Who is marked at the meeting, with their arrivals and departures (one query, no models)."""
    return attendance_marks_and_notices(meeting)[0]


def attendance_marks_and_notices(meeting) -> tuple[Presence, set[int]]:
    """``attendance_marks`` and the memberships with an afbud (FO 3.9) in one plain query (a notice is a row
    without a person; a person with several spans has a row per span)."""
    with connection.cursor() as cursor:
        cursor.execute(_marks_sql(), {"meeting": meeting.pk})
        rows = cursor.fetchall()
    found: dict[int, tuple[bool, int | None, str, list[Span]]] = {}
    notices = set()
    for person, present, seat, role, start, end, arrived_at, left_at in rows:
        if person is None:
            notices.add(seat)
            continue
        spans = found.setdefault(person, (bool(present), seat, role, []))[3]
        if start is not None or end is not None:
            spans.append(Span(start, end, _aware(arrived_at), _aware(left_at)))
    marks = {
        person: Mark(person, present, seat, tuple(sorted(spans, key=_start)), role)
        for person, (present, seat, role, spans) in found.items()
    }
    return Presence(marks), notices


def _start(span: Span) -> int:
    return -1 if span.start is None else span.start


def _aware(value) -> datetime | None:
    """A datetime column read by plain SQL: SQLite gives text in UTC, PostgreSQL an aware datetime."""
    if value is None or isinstance(value, datetime) and value.tzinfo is not None:
        return value
    parsed = parse_datetime(value) if isinstance(value, str) else value
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


@cache
def _marks_sql() -> str:
    return f"""
        SELECT a.person_id, a.is_present, a.membership_id, a.chair_role,
               s.from_position, s.until_position, s.arrived_at, s.left_at
        FROM {Attendance._meta.db_table} a LEFT JOIN {PresenceSpan._meta.db_table} s ON s.attendance_id = a.id
        WHERE a.meeting_id = %(meeting)s
        UNION ALL
        SELECT NULL, NULL, membership_id, NULL, NULL, NULL, NULL, NULL
        FROM {AbsenceNotice._meta.db_table} WHERE meeting_id = %(meeting)s
    """


@dataclass(frozen=True)
class AtItem:
    """Who is present at one item and what follows from it (FO 3.5, FO 3.7): the quorum, the meeting leader and
    the casting vote. ``at_item`` is the only way to it, so the sitting page, the votes and the minutes agree."""

    position: int
    present_ids: frozenset[int]
    quorum: quorum.Quorum | None
    leader: Person | None
    holder_kind: quorum.CastingHolder
    holder: Person | None

    @property
    def casting(self) -> tuple[quorum.CastingHolder, Person | None]:
        return self.holder_kind, self.holder

    @property
    def summary(self) -> str:
        """ "Til stede ved punktet: 3 af 4 pladser; mødeleder: X." (the sitting page and the minutes)."""
        leader = self.leader.name if self.leader else "ingen"
        count = f"{self.quorum.present} af {self.quorum.members} pladser" if self.quorum else "ingen pladser"
        return f"Til stede ved punktet: {count}; mødeleder: {leader}."

    @property
    def casting_line(self) -> str:
        """Who holds the casting vote at the item (FO 3.7), as the sitting page shows it (with the rule)."""
        return self.casting_sentence("Udslagsgivende stemme ved stemmelighed (FO 3.7)")

    def casting_sentence(self, lead: str = "Udslagsgivende stemme ved stemmelighed") -> str:
        """The same line as the minutes print it beside the votes: for members and the public, without the rule id."""
        if self.holder is None:
            return f"{lead}: ingen – {self.holder_kind.definite} var ikke til stede."
        return f"{lead}: {self.holder_kind.definite.capitalize()}, {self.holder.name}."


def at_item(meeting, position: int, *, seats: Roster | None = None, presence: Presence | None = None) -> AtItem:
    """FO 3.5/3.7/3.9 at item ``position``: those present there (``Presence.at``), the quorum they make, who leads
    and who holds the casting vote. No query when the roster and the presence are given."""
    seats = seats or meeting_roster(meeting)
    presence = presence if presence is not None else attendance_marks(meeting)
    present = presence.at(position)
    kind, holder = casting_holder(meeting, seats, present, presence=presence)
    leader = meeting_leader(meeting, seats, present, presence=presence)
    count = meeting_quorum(meeting, seats, presence.seats_at(position), presence.seats())
    return AtItem(position, present, count, leader, kind, holder)


def vote_result(tally, casting_vote: str, at: AtItem) -> quorum.VoteResult:
    """FO 3.7: a division's outcome from its tally and the casting vote, with the holder as present at the item.
    The minutes and the sitting page state a vote with this at render time, so no statement outlives a change of
    attendance. A casting vote recorded for a holder who is no longer present there is not counted (the services
    refuse such a change; the roster may still change afterwards)."""
    present = at.holder is not None
    counted = quorum.Tally(*tally)
    cast = quorum.Vote(casting_vote) if casting_vote and present else None
    try:
        return quorum.vote_outcome(counted, casting_vote=cast, casting_holder=at.holder_kind, holder_present=present)
    except quorum.QuorumError:
        return quorum.vote_outcome(counted, casting_holder=at.holder_kind, holder_present=present)


def attendance_sheet(meeting, seats: Roster | None = None, marks=None, notices=None) -> list[SheetRow]:
    """Members (or the substitute who stepped in for a leave), the personal substitutes of members who sent
    a notice (FO 3.9), and the observers (B1 1.5). Three queries (the roster's two, the marks and notices in
    one); two with the ``attendance_marks_and_notices`` given."""
    seats = seats or meeting_roster(meeting)
    if marks is None or notices is None:
        marks, notices = attendance_marks_and_notices(meeting)
    marked = {person_id: mark.is_present for person_id, mark in marks.marks.items()}
    roles = {m.pk: role for m, role in ((seats.chair, CHAIR), (seats.vice_chair, VICE_CHAIR)) if m is not None}
    rows = []
    for seat in seats.seats:
        if seat.voter is not None:
            stepped_in = seat.substitute_stepped_in
            capacity = Attendance.Capacity.SUBSTITUTE if stepped_in else Attendance.Capacity.MEMBER
            has_notice = seat.membership.pk in notices
            invited = has_notice or seat.summoned  # B1 1.7: summoned pending the council's decision
            uninvited = None if invited or stepped_in else seat.substitute
            role = "" if stepped_in else roles.get(seat.membership.pk, "")
            state = marked.get(seat.voter.pk)
            rows.append(SheetRow(seat.voter, capacity, seat.membership, state, has_notice, True, uninvited, role))
            if invited and seat.substitute is not None and not seat.substitute_stepped_in:
                sub = seat.substitute
                rows.append(SheetRow(sub, Attendance.Capacity.SUBSTITUTE, seat.membership, marked.get(sub.pk)))
    for observer in seats.observers:
        rows.append(SheetRow(observer.person, Attendance.Capacity.OBSERVER, None, marked.get(observer.person_id)))
    return rows + _marked_off_the_roster(meeting, marked, {row.person.pk for row in rows})


def _marked_off_the_roster(meeting, marked: dict[int, bool], listed: set[int]) -> list[SheetRow]:
    """Those marked at the meeting whom a later change of the roster took off its day (a leave or a departure
    registered afterwards from an earlier day): they stay on the sheet as marked, in their recorded capacity, so
    the list of those present agrees with the quorum, the leader and the votes, which count the marks (FO 3.9).
    No query unless there is one."""
    if not set(marked) - listed:
        return []
    others = (
        Attendance.objects.filter(meeting=meeting).exclude(person_id__in=listed).select_related("person", "membership")
    )
    return [
        SheetRow(a.person, a.capacity, a.membership, a.is_present, chair_role=a.chair_role)
        for a in others.order_by("person__name")
    ]


def movements(mark: Mark | None, label=str) -> list[str]:
    """FO 3.9: a person's arrivals and departures as the minutes and the sheet write them ("ankom til punkt 3
    kl. 10.40", "gik før punkt 5"); empty for a person present the whole meeting or not at all. ``label``: the
    number an item position prints as (the minutes' "3.1" under a block)."""
    if mark is None or not mark.is_partial:
        return []
    lines = []
    for span in mark.spans:
        if span.start is not None:
            lines.append(_timed(f"ankom til punkt {label(span.start)}", span.arrived_at))
        if span.end is not None:
            lines.append(_timed(f"gik før punkt {label(span.end)}", span.left_at))
    return lines


def _timed(text: str, at) -> str:
    return f"{text} {format_time(at)}" if at is not None else text


def sheet_values(sheet: list[SheetRow], marks: Presence | None = None, seats: Roster | None = None) -> list[dict]:
    """The attendance sheet's rows as plain dicts for ``attendance_rows.html`` (one key lookup each):
    ``pk`` and ``name`` of the person, ``state`` (present? None: not marked), the capacity as text, for whom a
    substitute attends, the afbud, the seat's membership id (None for an observer), the arrivals and departures
    as text, the personal substitute who can't be called in without an afbud (FO 3.9 / B1 1.8), and
    ``chair_label``: "formand" or "næstformand" for the member holding that role at the meeting (FO 3.5,
    ``sitting_chairs``; none without ``seats``)."""
    labels = choice_labels(Attendance.Capacity)
    found = marks.marks if marks is not None else {}
    chairs = chair_labels(sitting_chairs(seats, marks or Presence())) if seats is not None else {}
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
            "movements": "; ".join(movements(found.get(row.person.pk))),
            "uninvited": row.uninvited.name if row.uninvited is not None else "",
            "chair_label": "" if row.is_substitute else chairs.get(row.person.pk, ""),
        }
        for row in sheet
    ]


def sitting_chairs(seats: Roster, presence: Presence) -> dict[str, int]:
    """FO 3.5: who is chair and who vice-chair at the meeting (role -> person id). Those marked carry the role the
    sheet recorded when they were marked (``Attendance.chair_role``): a departure or an election registered
    afterwards for the meeting's day changes neither who led its sitting nor who broke its ties. A role no mark
    holds is the roster's on the meeting's day, for a member not marked yet (the sheet's label before the
    sitting)."""
    chairs = presence.recorded_roles()
    for role, membership in ((CHAIR, seats.chair), (VICE_CHAIR, seats.vice_chair)):
        if role not in chairs and membership is not None and membership.person_id not in presence.marks:
            chairs[role] = membership.person_id
    return chairs


def chair_labels(chairs: dict[str, int]) -> dict[int, str]:
    """Person id -> "formand" / "næstformand" as the sheet and the minutes write the role (FO 3.5)."""
    return {person: {CHAIR: "formand", VICE_CHAIR: "næstformand"}[role] for role, person in chairs.items()}


def meeting_quorum(
    meeting, seats: Roster | None = None, present: int | None = None, marked: frozenset[int] | None = None
) -> quorum.Quorum | None:
    """FO 3.7: seats filled by a present member or substitute against the members: by rule-set policy the seats
    filled on the day (default) or all the council's seats in the period, vacant ones included. None: no seats.
    ``present``: the filled seats when already counted (``at_item``); ``marked``: the seats marked present at some
    point of the meeting (``Presence.seats``), else one query. A seat marked present stays a seat of the meeting
    when a change registered afterwards takes it off the roster's day (a departure from an earlier day): the
    marks are what happened at the meeting, and no more seats are present than there are."""
    seats = seats or meeting_roster(meeting)
    if marked is None:
        rows = meeting.attendances.filter(is_present=True, membership__isnull=False)
        marked = frozenset(rows.values_list("membership_id", flat=True))
    if present is None:  # present at some point of the meeting; at one item: ``at_item``
        present = len(marked)
    base = seats.size + len(marked - {seat.membership.pk for seat in seats.seats})
    if not base:
        return None
    rules = meeting.rule_set
    if rules.quorum_base == rules.QuorumBase.SEATS:  # policy: vacant seats count too (never fewer than filled)
        if getattr(meeting, "_council_seats", None) is None:  # once per meeting object: every item asks
            meeting._council_seats = council_seat_count(meeting.council, meeting.period)
        base = max(base, meeting._council_seats)
    return quorum.quorum(present, base, fraction=rules.quorum_fraction)


def meeting_leader(
    meeting, seats: Roster | None = None, present_ids: set[int] | None = None, *, presence: Presence | None = None
) -> Person | None:
    """FO 3.5: the chair leads; the vice-chair when the chair is absent (``sitting_chairs``). None when neither is
    present."""
    seats = seats or meeting_roster(meeting)
    presence = presence if presence is not None else attendance_marks(meeting)
    present_ids = presence.ever() if present_ids is None else present_ids
    chairs = sitting_chairs(seats, presence)
    for role in (CHAIR, VICE_CHAIR):
        if chairs.get(role) in present_ids:
            return _person(meeting, seats, chairs[role])
    return None


def casting_holder(
    meeting, seats: Roster, present_ids: set[int] | None = None, *, presence: Presence | None = None
) -> tuple[quorum.CastingHolder, Person | None]:
    """FO 3.7: the chair's vote decides a tie, or (rule-set policy) the meeting leader's. Only a holder who is
    present can cast it: None when the chair (or, by policy, both chair and vice-chair) is absent."""
    presence = presence if presence is not None else attendance_marks(meeting)
    present_ids = presence.ever() if present_ids is None else present_ids
    holder = quorum.CastingHolder(meeting.rule_set.casting_vote)
    if holder == quorum.CastingHolder.LEADER:
        return holder, meeting_leader(meeting, seats, present_ids, presence=presence)
    chair = sitting_chairs(seats, presence).get(CHAIR)
    return holder, _person(meeting, seats, chair) if chair in present_ids else None


def _person(meeting, seats: Roster, person_id: int) -> Person:
    """The chair or vice-chair as a person: from the roster, else (a change registered afterwards took them off
    the meeting's day) one query, once per meeting object."""
    for membership in (seats.chair, seats.vice_chair):
        if membership is not None and membership.person_id == person_id:
            return membership.person
    seat = seats.seat_of(person_id)
    if seat is not None:
        return seat.voter
    people = meeting.__dict__.setdefault("_chairs_off_the_roster", {})
    if person_id not in people:
        people[person_id] = Person.objects.get(pk=person_id)
    return people[person_id]
