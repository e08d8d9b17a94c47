"""Reads for meetings: the attendance sheet, quorum and meeting leader, members' requests, the personal
calendar, and the dashboard and portal pieces. Services (``services/``) hold the changes only.

``portal_context(council, person, today=…)`` returns a plain dict of values; templates render it without further
queries (the secretariat's dashboard: ``meetings.dashboard``). Rule sets come through ``meeting.period.rule_set``.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TypedDict

from django.db import connection
from django.db.models import Count, Q

from kkr.formats import format_size
from members import rosterrows
from members.deadlines import COPENHAGEN, Deadline
from members.models import Council, ElectionPeriod, Membership, Person, SubstituteAssignment
from members.queries import Roster, council_seat_count, roster

from . import quorum
from .models import (
    AbsenceNotice,
    AgendaItem,
    Attachment,
    Attendance,
    ExtraordinaryRequest,
    ItemProposal,
    Meeting,
    Publication,
    Vote,
)

# --- At the meeting (FO 3.5, FO 3.7, FO 3.9, B1 1.5) ---------------------------------------------------


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


def sitting_items(meeting) -> list[AgendaItem]:
    """The meeting's items by position with their votes (``vote_list``, by time recorded) in one plain query;
    the case presentation and recommendation are not read (the sitting page shows neither)."""
    with connection.cursor() as cursor:
        cursor.execute(_items_sql(), {"meeting": meeting.pk})
        rows = cursor.fetchall()
    items: dict[int, AgendaItem] = {}
    names, width = _item_fields(), len(_item_fields())
    for row in rows:
        item = items.get(row[0])
        if item is None:
            item = items[row[0]] = rosterrows.instance(AgendaItem, row[:width], field_names=names)
            item.vote_list = []
        vote = rosterrows.instance(Vote, row[width:])
        if vote is not None:
            item.vote_list.append(vote)
    return list(items.values())


@cache
def _item_fields() -> tuple[str, ...]:
    return tuple(
        f.attname for f in AgendaItem._meta.concrete_fields if f.name not in ("case_presentation", "recommendation")
    )


@cache
def _items_sql() -> str:
    item_columns = ", ".join(f"i.{AgendaItem._meta.get_field(name).column}" for name in _item_fields())
    vote_columns = ", ".join(f"v.{f.column}" for f in Vote._meta.concrete_fields)
    return f"""
        SELECT {item_columns}, {vote_columns} FROM {AgendaItem._meta.db_table} i
            LEFT JOIN {Vote._meta.db_table} v ON v.item_id = i.id
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
        rule_set = period.rule_set if period else None
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
                expected.setdefault(year, period.rule_set.meetings_per_year)
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
    """Planned meetings from ``today`` with their FO 3.2/3.3 deadlines from their period's rule set. One query."""
    meetings = (
        Meeting.objects.upcoming(_start_of(today))
        .filter(council=council)
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


# --- Published documents ---------------------------------------------------------------------------------


def publication_context(meeting) -> dict:
    """Every version, newest first, and whether a render is still pending (one plain SQL query without the stored
    content; the ORM took longer to compile it than the database to answer, on every load of the agenda page)."""
    publications = list(Publication.objects.raw(_publications_sql(), {"meeting": meeting.pk}))
    pending = any(p.state in (Publication.State.QUEUED, Publication.State.RENDERING) for p in publications)
    return {"publications": publications, "pending": pending}


@cache
def _publications_sql() -> str:
    columns = ", ".join(f.column for f in Publication._meta.concrete_fields if f.name != "content")
    return f"""SELECT {columns} FROM {Publication._meta.db_table} WHERE meeting_id = %(meeting)s
        ORDER BY version DESC, kind, audience"""


def meeting_proposals(meeting) -> list[ItemProposal]:
    """The members' proposals for the meeting by arrival (FO 3.2), each with ``proposer_name`` and
    ``agenda_position`` (the number of the item it became, else None) from the same plain SQL query."""
    return list(ItemProposal.objects.raw(_proposals_sql(), {"meeting": meeting.pk}))


@cache
def _proposals_sql() -> str:
    proposal, person, item = (model._meta.db_table for model in (ItemProposal, Person, AgendaItem))
    return f"""
        SELECT p.*, n.name AS proposer_name, i.position AS agenda_position
        FROM {proposal} p JOIN {person} n ON n.id = p.proposer_id LEFT JOIN {item} i ON i.id = p.agenda_item_id
        WHERE p.meeting_id = %(meeting)s ORDER BY p.received_at, p.id
    """


class AgendaRow(TypedDict):
    """One item of the secretariat's agenda page with its bilag (``agenda_rows``): a plain dict, because the
    template language finds a key at the first try where an attribute costs it a caught ``TypeError`` (issue 15)."""

    pk: int
    position: int
    title: str
    kind_label: str
    is_closed: bool
    is_active: bool
    status_label: str
    is_supplementary: bool
    is_previous_minutes: bool
    step: str  # a step with a page of its own (``portal:agenda-step``), else ""
    step_label: str
    attachments: list[dict]  # {"pk", "number" ("3.1"), "title", "size" (as text: ``format_size``)}, in bilag order


def agenda_rows(meeting) -> list[AgendaRow]:
    """The agenda's items in order, each with its bilag: one plain SQL query, items left-joined to their bilag (the
    ORM took three times as long to compile and build it as the database to answer, on every load of the page)."""
    rows: dict[int, AgendaRow] = {}
    with connection.cursor() as cursor:
        cursor.execute(_agenda_rows_sql(), {"meeting": meeting.pk})
        for pk, position, title, kind, is_closed, status, step, supplementary, bilag, name, size in cursor.fetchall():
            row = rows.get(pk)
            if row is None:
                row = rows[pk] = _agenda_row(pk, position, title, kind, is_closed, status, step, supplementary)
            if bilag is not None:
                number = f"{position}.{len(row['attachments']) + 1}"
                row["attachments"].append({"pk": bilag, "number": number, "title": name, "size": format_size(size)})
    return list(rows.values())


@cache
def _agenda_rows_sql() -> str:
    item, attachment = AgendaItem._meta.db_table, Attachment._meta.db_table
    return f"""
        SELECT i.id, i.position, i.title, i.kind, i.is_closed, i.status, i.step, i.is_supplementary,
               a.id, a.title, a.size
        FROM {item} i LEFT JOIN {attachment} a ON a.item_id = i.id
        WHERE i.meeting_id = %(meeting)s ORDER BY i.position, a.id
    """


KIND_LABELS = dict(AgendaItem.Kind.choices)
STATUS_LABELS = dict(AgendaItem.Status.choices)
STEP_LABELS = dict(AgendaItem.Step.choices)


def _agenda_row(pk, position, title, kind, is_closed, status, step, is_supplementary) -> AgendaRow:
    has_page = step not in (AgendaItem.Step.NONE, AgendaItem.Step.PREVIOUS_MINUTES)
    return AgendaRow(
        pk=pk,
        position=position,
        title=title,
        kind_label=KIND_LABELS[kind],
        is_closed=bool(is_closed),
        is_active=status == AgendaItem.Status.ACTIVE,
        status_label=STATUS_LABELS[status],
        is_supplementary=bool(is_supplementary),
        is_previous_minutes=step == AgendaItem.Step.PREVIOUS_MINUTES,
        step=step if has_page else "",
        step_label=STEP_LABELS[step] if has_page else "",
        attachments=[],
    )


def latest_documents(meeting, audience) -> dict:
    """The newest agenda, Tillæg and minutes publication for ``audience``: only those rows, content included
    (one plain SQL query; the older versions' stored content is not read, and the ORM took longer to compile the
    query than the database to answer it). The Tillæg only while it is newer than the agenda: a later agenda
    version has the supplementary items itself. ``minutes_number``: the number of the agenda's item "Godkendelse af
    referat" (None: none), read in the same query for ``minutes_link``; None also when nothing is published."""
    params = {"meeting": meeting.pk, "audience": audience, "step": AgendaItem.Step.PREVIOUS_MINUTES}
    found = list(Publication.objects.raw(_latest_sql(), params))
    latest = {publication.kind: publication for publication in found}
    agenda, supplement = latest.get(Publication.Kind.AGENDA), latest.get(Publication.Kind.SUPPLEMENT)
    if supplement and agenda and supplement.requested_at < agenda.requested_at:
        supplement = None
    return {
        "agenda": agenda,
        "supplement": supplement,
        "minutes": latest.get(Publication.Kind.MINUTES),
        "minutes_number": found[0].minutes_number if found else None,
    }


@cache
def _latest_sql() -> str:
    publication, item = Publication._meta.db_table, AgendaItem._meta.db_table
    return f"""
        SELECT p.*, (SELECT MIN(i.position) FROM {item} i WHERE i.meeting_id = p.meeting_id AND i.step = %(step)s)
               AS minutes_number
        FROM {publication} p
        WHERE p.meeting_id = %(meeting)s AND p.audience = %(audience)s AND p.version = (
            SELECT MAX(q.version) FROM {publication} q
            WHERE q.meeting_id = p.meeting_id AND q.kind = p.kind AND q.audience = p.audience)
        ORDER BY p.id
    """


def shown_documents(latest: dict, *, agenda_page: bool = False) -> dict:
    """Which document a meeting page shows in full and which it links to (issue 15: agenda and minutes in full
    on one page made 110 KB for 40 items). The minutes once they are out, else the agenda; the agenda page
    (``agenda_page``) always the agenda, with the minutes linked. A Tillæg newer than the agenda is shown under it.
    ``shown_doc``/``supplement_doc``: their content with every key the page reads (``document_view``)."""
    agenda, minutes, supplement = latest["agenda"], latest["minutes"], latest.get("supplement")
    shown, linked = (agenda, minutes) if agenda_page or minutes is None else (minutes, agenda)
    return {
        "shown": shown,
        "linked": linked,
        "agenda_page": agenda_page,
        "supplement": supplement,
        "shown_doc": document_view(shown.content) if shown else None,
        "supplement_doc": document_view(supplement.content) if supplement else None,
    }


DOCUMENT_DEFAULTS = {"late_reason": "", "leader": "", "attendance": None}
ITEM_DEFAULTS = {
    "is_supplementary": False,
    "status_label": "",
    "case_presentation": "",
    "recommendation": "",
    "decision": "",
    "votes": (),
    "attachments": (),
}


def document_view(content: dict) -> dict:
    """A published snapshot (``meetings.documents``) as the meeting pages show it: the keys a snapshot leaves out
    when empty filled in (the template language pays for a missing key with three caught exceptions and a ``dir()``:
    80 a page, issue 15), and each item's bilag as one line of text ("3.1 Title; 3.2 Title"), not a loop."""
    items = [{**ITEM_DEFAULTS, **item, "bilag": _bilag_line(item)} for item in content.get("items", ())]
    return {**DOCUMENT_DEFAULTS, **content, "items": items}


def _bilag_line(item: dict) -> str:
    return "; ".join(f"{a['number']} {a['title']}" for a in item.get("attachments", ()))


def public_page_stamp(slug, pk) -> tuple | None:
    """Everything a public meeting page shows, as values (one query): each public publication's id, version and
    state (a published version's content never changes), the meeting's own fields on the page, and what the item
    "Godkendelse af referat" links to (its number, the council's previous meeting and that meeting's newest ready
    public minutes, ``minutes_link``). None when the meeting has no public agenda (the page answers 404). The
    key of the page in the cache (``kkr.pagecache``); plain SQL, because it runs on every request for the page
    and the ORM took longer to compile it than the cached page takes to serve."""
    params = {
        "pk": pk,
        "slug": slug,
        "public": Publication.Audience.PUBLIC,
        "minutes": Publication.Kind.MINUTES,
        "ready": Publication.State.READY,
        "cancelled": Meeting.Status.CANCELLED,
        "step": AgendaItem.Step.PREVIOUS_MINUTES,
    }
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), params)
        rows = tuple(cursor.fetchall())
    return rows if any(row[1] == Publication.Kind.AGENDA for row in rows) else None


@cache
def _stamp_sql() -> str:
    publication, meeting, council, item = (
        model._meta.db_table for model in (Publication, Meeting, Council, AgendaItem)
    )
    previous = f"""SELECT {{column}} FROM {meeting} b WHERE b.council_id = m.council_id AND b.starts_at < m.starts_at
        AND b.status <> %(cancelled)s ORDER BY b.starts_at DESC LIMIT 1"""
    return f"""
        SELECT p.id, p.kind, p.version, p.state, p.requested_at,
               m.kind, m.starts_at, m.ends_at, m.location, m.status, c.name,
               (SELECT MIN(i.position) FROM {item} i WHERE i.meeting_id = m.id AND i.step = %(step)s),
               ({previous.format(column="b.starts_at")}),
               (SELECT r.id FROM {publication} r WHERE r.meeting_id = ({previous.format(column="b.id")})
                    AND r.kind = %(minutes)s AND r.audience = %(public)s AND r.state = %(ready)s
                    ORDER BY r.version DESC LIMIT 1)
        FROM {publication} p JOIN {meeting} m ON m.id = p.meeting_id JOIN {council} c ON c.id = m.council_id
        WHERE p.meeting_id = %(pk)s AND c.slug = %(slug)s AND p.audience = %(public)s
        ORDER BY p.id
    """


def planned_with_standing(standing) -> int:
    """How many planned meetings have an item from ``standing`` on their agenda (they keep it when it goes)."""
    return Meeting.objects.filter(status=Meeting.Status.PLANNED, items__standing_item=standing).distinct().count()


@dataclass(frozen=True)
class PreviousMinutes:
    """What the item "Godkendelse af referat" links to: the council's previous meeting (None: there is none)
    and its newest ready minutes for the audience (None: not out yet); ``number`` is the item's number."""

    meeting: Meeting | None
    minutes: Publication | None
    number: int | None = None


def previous_minutes(meeting, audience, *, number=None) -> PreviousMinutes:
    """The council's last meeting before ``meeting`` that was not cancelled, with its minutes (two queries)."""
    previous = (
        meeting.council.meetings.filter(starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        return PreviousMinutes(None, None, number)
    minutes = previous.publications.ready().filter(kind=Publication.Kind.MINUTES, audience=audience)
    return PreviousMinutes(previous, minutes.defer("content").order_by("-version").first(), number)


def minutes_link(meeting, audience, items=None) -> PreviousMinutes | None:
    """``previous_minutes`` for an agenda with a "Godkendelse af referat" item, else None (no further query).
    ``items``: the agenda's rows when already loaded (``agenda_rows``); otherwise one query finds the item's number
    (``documents_minutes_link``: with ``latest_documents``, no query)."""
    if items is None:
        found = meeting.items.filter(step=AgendaItem.Step.PREVIOUS_MINUTES).values_list("position", flat=True)
        number = found.first()
    else:
        number = next((item["position"] for item in items if item["is_previous_minutes"]), None)
    return None if number is None else previous_minutes(meeting, audience, number=number)


def documents_minutes_link(meeting, latest: dict, audience) -> PreviousMinutes | None:
    """``minutes_link`` for a page that read ``latest_documents``: the item's number came with them (no query for
    it; None without the item or without a published document, which is all that shows the link)."""
    number = latest["minutes_number"]
    return None if number is None else previous_minutes(meeting, audience, number=number)
