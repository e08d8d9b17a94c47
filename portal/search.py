"""Search across meetings (kind, date and place), agenda items (title, case presentation, recommendation,
decision) and people, and the archive of past meetings — what a user may see only.

Search ≡ pages (SPEC §6, FO 3.0, FO 3.3, FO 3.4): an item is found only as one of the user's pages shows it.
Staff (and KL admins) find the live items of the councils they manage, as the secretariat's pages show them.
Everywhere else an item is found in the version of the agenda, Tillæg or minutes the user's meeting page shows
(``meetings.permissions.shown_publications``, the same definition the meeting pages read): a council's members
the members' version as sent (closed items included; never an agenda not yet sent, never an edit made since, a
personal substitute only for a meeting they are summoned to), everyone else the public version (a closed item
as its public title only, a decision only once the public minutes are out). The text searched is the version's
snapshot (``Publication.content``), never a live row; a table of that text written when a version is published
can take the snapshot's place in ``_document_items`` without changing who finds what. People are found by staff
and members, within their own councils.

Meetings are found by their kind ("konstituerende"), their date written out the Danish way ("torsdag",
"15. januar 2026", "15.01.2026", "januar 2026") and their place; everyone sees meetings with a published
agenda, a council's members and staff all of its meetings; cancelled meetings are not found.

On PostgreSQL items and meetings are found with full-text search in the Danish configuration (Danish stemming:
"kommunerne" finds "kommune"), ranked with ``ts_rank`` and with ``ts_headline`` snippets (of the page's rows
only); the GIN indexes of migration ``portal/0001_search_index`` serve exactly ``vector_sql()`` (the live items
staff find) and ``meeting_vector_sql()``, a version's text is matched as it is read from the snapshot. On
SQLite (dev mode) a plain ``icontains`` on each word (for meetings: the place, the kind, a month or weekday
name, a day, a year or a date), newest meeting first, with the hits marked.
"""

import contextlib
import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kkr.formats import MONTHS, WEEKDAYS, format_date, format_time
from meetings import permissions
from meetings.models import AgendaItem, Meeting, Publication
from members.models import Council, Membership, Person, SubstituteAssignment
from members.permissions import roles_of

from .roles import Roles

CONFIG = "danish"
SNIPPET_CHARS = 160
START, STOP = "\x02", "\x03"  # marks around a hit; escaped text gets <mark> around them (never user HTML)
ITEM_FIELDS = ("title", "case_presentation", "recommendation", "decision")


def document_sql(table: str = '"meetings_agendaitem".') -> str:
    """The text searched for an item, as SQL: the GIN index (migration ``portal/0001_search_index``) is built
    on exactly ``to_tsvector('danish', document_sql(""))``, so PostgreSQL uses it."""
    return " || ' ' || ".join(f"COALESCE({table}\"{name}\", '')" for name in ITEM_FIELDS)


def vector_sql(table: str = '"meetings_agendaitem".') -> str:
    return f"to_tsvector('{CONFIG}'::regconfig, {document_sql(table)})"


@dataclass(frozen=True)
class FoundItem:
    """An agenda item as the page a hit opens shows it: the live item (``audience`` empty: staff of its council),
    else the item in the version of the agenda, Tillæg or minutes the user's meeting page shows."""

    meeting: Meeting  # with ``council_name`` and ``council_slug`` (no query for the council)
    position: int
    title: str
    is_closed: bool
    audience: str


@dataclass(frozen=True)
class ItemHit:
    item: FoundItem
    snippet: SafeString
    url: str


def words(query: str) -> list[str]:
    return [word for word in re.split(r"\s+", query.strip()) if word][:8]


def search_items(query: str, user) -> "ItemResults | list":
    """The items matching ``query`` that the user's pages show, best first, for the paginator (SPEC §6): in the
    councils they manage the live items (their pages are the secretariat's); everywhere else the items of the
    versions their meeting pages show (``meetings.permissions.shown_publications``: members the agenda, Tillæg
    and minutes as sent, everyone else the public versions). Cancelled meetings are not searched."""
    terms = words(query)
    if not terms:
        return []
    mine = roles_of(user)
    managed = [council.pk for council in mine.managed]
    postgres = connection.vendor == "postgresql"
    text = " ".join(terms)
    branches, params = [], []
    if managed:
        sql, found = _live_items(managed, text if postgres else terms)
        branches.append(sql)
        params += found
    sql, found = _document_items(permissions.shown_publications(user), text if postgres else terms)
    branches.append(sql)
    params += found
    return ItemResults(" UNION ALL ".join(branches), params, text if postgres else None)


def _live_items(managed: list[int], match) -> tuple[str, list]:
    """The live items of the councils the user manages; on PostgreSQL matched on exactly the expression of the
    GIN index (migration ``portal/0001_search_index``)."""
    rank, rank_params = _rank(vector_sql("i."), match)
    found, found_params = _match(vector_sql("i."), document_sql("i."), match)
    sql = f"""SELECT i.meeting_id, i.position AS number, i.title, i.is_closed, {document_sql("i.")} AS document,
            '' AS audience, {rank} AS rank
        FROM {AgendaItem._meta.db_table} i JOIN {MEETING} m ON m.id = i.meeting_id
        WHERE m.council_id IN ({_marks(managed)}) AND m.status <> %s AND {found}"""
    return sql, [*rank_params, *managed, Meeting.Status.CANCELLED, *found_params]


def _document_items(shown, match) -> tuple[str, list]:
    """The items of the published versions in ``shown`` (an SQL subquery of publication ids), as the snapshot
    holds them: a closed item in a public version is its public title only, a decision only in the minutes."""
    if connection.vendor == "postgresql":
        rows = "CROSS JOIN LATERAL jsonb_array_elements(p.content -> 'items') e"
        field = "(e.value ->> '{}')".format
        closed = f"COALESCE(CAST({field('is_closed')} AS boolean), FALSE)"
    else:
        rows = "CROSS JOIN json_each(p.content, '$.items') e"
        field = "json_extract(e.value, '$.{}')".format
        closed = f"COALESCE({field('is_closed')}, 0)"
    document = " || ' ' || ".join(f"COALESCE({field(name)}, '')" for name in ITEM_FIELDS)
    vector = f"to_tsvector('{CONFIG}'::regconfig, {document})"
    rank, rank_params = _rank(vector, match)
    found, found_params = _match(vector, document, match)
    shown_sql, shown_params = shown.as_sql(None, connection)
    sql = f"""SELECT p.meeting_id, CAST({field("number")} AS integer) AS number, {field("title")} AS title,
            {closed} AS is_closed, {document} AS document, p.audience AS audience, {rank} AS rank
        FROM {PUBLICATION} p JOIN {MEETING} m ON m.id = p.meeting_id {rows}
        WHERE p.id IN {shown_sql} AND m.status <> %s AND {found}"""
    return sql, [*rank_params, *shown_params, Meeting.Status.CANCELLED, *found_params]


def _rank(vector: str, match) -> tuple[str, list]:
    """``ts_rank`` on PostgreSQL (``match`` is the query text); SQLite ranks nothing (newest meeting first)."""
    if isinstance(match, str):
        return f"ts_rank({vector}, websearch_to_tsquery('{CONFIG}'::regconfig, %s))", [match]
    return "0", []


def _match(vector: str, document: str, match) -> tuple[str, list]:
    """PostgreSQL: the full-text match of the query text; SQLite: every word (``match`` is the list) somewhere
    in the text, as ``icontains`` matches."""
    if isinstance(match, str):
        return f"{vector} @@ websearch_to_tsquery('{CONFIG}'::regconfig, %s)", [match]
    likes = " AND ".join(f"({document}) LIKE %s ESCAPE '\\'" for _ in match)
    return f"({likes})", [f"%{connection.ops.prep_for_like_query(term)}%" for term in match]


class ItemResults:
    """The matching items for the paginator: ``count()`` and each page one query, whatever the data size."""

    def __init__(self, union: str, params: list, text: str | None):
        self.union, self.params, self.text = union, params, text
        self._count = None

    def count(self) -> int:
        if self._count is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({self.union}) f", self.params)
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[FoundItem]:
        """One page, best first (PostgreSQL: rank, then newest meeting; SQLite: newest meeting), each row with
        its meeting and council and, on PostgreSQL, the ``ts_headline`` snippet of the page's rows only."""
        start, stop = part.start or 0, part.stop
        council = Council._meta.db_table
        headline, extra = "NULL", []
        if self.text is not None:
            query = f"websearch_to_tsquery('{CONFIG}'::regconfig, %s)"
            headline = f"ts_headline('{CONFIG}'::regconfig, h.hit_document, {query}, %s)"
            extra = [self.text, f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"]
        sql = f"""SELECT h.*, {headline} AS hit_headline FROM (
                SELECT m.*, c.name AS council_name, c.slug AS council_slug, f.number AS hit_number,
                    f.title AS hit_title, f.is_closed AS hit_closed, f.audience AS hit_audience,
                    f.document AS hit_document, f.rank AS hit_rank
                FROM ({self.union}) f JOIN {MEETING} m ON m.id = f.meeting_id JOIN {council} c ON c.id = m.council_id
                ORDER BY f.rank DESC, m.starts_at DESC, f.number LIMIT %s OFFSET %s
            ) h ORDER BY h.hit_rank DESC, h.starts_at DESC, h.hit_number"""
        limit = (stop - start) if stop is not None else self.count()
        if limit <= 0:
            return []
        return list(Meeting.objects.raw(sql, [*extra, *self.params, limit, start]))


def hits(page_rows, query: str, user) -> list[ItemHit]:
    """The page's items with their highlighted snippet (``ts_headline`` on PostgreSQL, else marked here) and the
    page that shows the item as found: the secretariat's meeting page for a live item; the members' meeting page
    in a council the user sits in (it shows the members' or the public version, as the search read it); else
    the public meeting page."""
    terms = words(query)
    member_of = {council.pk for council in roles_of(user).member_of}
    result = []
    for row in page_rows:
        found = FoundItem(row, row.hit_number, row.hit_title or "", bool(row.hit_closed), row.hit_audience)
        raw = row.hit_headline if row.hit_headline is not None else _mark(row.hit_document or "", terms)
        if not found.audience:
            name = "meetings:meeting-detail"
        elif row.council_id in member_of:
            name = "meetings:member-meeting"
        else:
            name = "meetings:public-meeting"
        result.append(ItemHit(found, highlight(raw), reverse(name, args=[row.council_slug, row.pk])))
    return result


def _mark(text: str, terms: list[str]) -> str:
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms]
    first = min((p for p in positions if p >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    snippet = text[start : start + SNIPPET_CHARS]
    for term in terms:
        snippet = re.sub(re.escape(term), lambda m: f"{START}{m.group(0)}{STOP}", snippet, flags=re.IGNORECASE)
    return ("…" if start else "") + snippet + ("…" if start + SNIPPET_CHARS < len(text) else "")


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


MEETING, PUBLICATION = Meeting._meta.db_table, Publication._meta.db_table


def highlight(raw: str) -> SafeString:
    """Escape the text, then turn the hit marks into <mark> (the text is user input: never trusted HTML)."""
    return mark_safe(escape(raw).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


def search_people(query: str, mine: Roles, *, limit: int = 20) -> list[tuple[Person, object]]:
    """People of the user's councils (members, substitutes) whose name, e-mail or municipality match, each
    with the council to show them in."""
    terms = words(query)
    councils = {council.pk: council for council in [*mine.managed, *mine.member_of]}
    if not terms or not councils:
        return []
    seated = Membership.objects.filter(person=OuterRef("pk"), council__in=councils)
    substitute = SubstituteAssignment.objects.filter(person=OuterRef("pk"), membership__council__in=councils)
    people = Person.objects.filter(Q(Exists(seated)) | Q(Exists(substitute)))
    for term in terms:
        people = people.filter(
            Q(name__icontains=term) | Q(email__icontains=term) | Q(municipality__name__icontains=term)
        )
    people = list(people.select_related("municipality", "party").order_by("name")[:limit])
    homes = dict(Membership.objects.filter(person__in=people, council__in=councils).values_list("person", "council"))
    subs = dict(
        SubstituteAssignment.objects.filter(person__in=people, membership__council__in=councils).values_list(
            "person", "membership__council"
        )
    )
    return [(person, councils[homes.get(person.pk) or subs[person.pk]]) for person in people]


# --- Meetings ------------------------------------------------------------------------------------------

ZONE = "Europe/Copenhagen"


def _local(part: str, table: str) -> str:
    return f"EXTRACT({part} FROM ({table}\"starts_at\" AT TIME ZONE '{ZONE}'))::int"


def _case(expression: str, names) -> str:
    whens = " ".join(f"WHEN {key} THEN '{name}'" for key, name in names)
    return f"CASE {expression} {whens} ELSE '' END"


def _kind_sql(table: str) -> str:
    return _case(f'{table}"kind"', [(f"'{value}'", label) for value, label in Meeting.Kind.choices])


def _date_sql(table: str) -> str:
    """'torsdag den 15. januar 2026' in SQL (immutable, so it can be indexed: no to_char, no locale)."""
    weekday = _case(_local("ISODOW", table), enumerate(WEEKDAYS, start=1))
    month = _case(_local("MONTH", table), enumerate(MONTHS, start=1))
    day, year = _local("DAY", table), _local("YEAR", table)
    return f"{weekday} || ' den ' || {day}::text || '. ' || {month} || ' ' || {year}::text"


def meeting_document_sql(table: str = '"meetings_meeting".') -> str:
    """The text searched for a meeting: kind, date written out and as 15.01.2026, and place. The GIN index
    (migration ``portal/0001_search_index``) is built on exactly ``meeting_vector_sql("")``."""
    short = " || '.' || ".join(
        [f"lpad({_local('DAY', table)}::text, 2, '0')", f"lpad({_local('MONTH', table)}::text, 2, '0')"]
        + [f"{_local('YEAR', table)}::text"]
    )
    parts = [_kind_sql(table), _date_sql(table), short, f"COALESCE({table}\"location\", '')"]
    return " || ' ' || ".join(parts)


def meeting_vector_sql(table: str = '"meetings_meeting".') -> str:
    return f"to_tsvector('{CONFIG}'::regconfig, {meeting_document_sql(table)})"


def _meeting_display_sql(table: str = '"meetings_meeting".') -> str:
    """``meeting_text`` in SQL, for ts_headline."""
    time = f"lpad({_local('HOUR', table)}::text, 2, '0') || '.' || lpad({_local('MINUTE', table)}::text, 2, '0')"
    return f"{_kind_sql(table)} || ' ' || {_date_sql(table)} || ' kl. ' || {time} || ' · ' || {table}\"location\""


def meeting_text(meeting: Meeting) -> str:
    """'Konstituerende møde torsdag den 15. januar 2026 kl. 10.00 · Hjørring Rådhus'."""
    when = f"{format_date(meeting.starts_at, weekday=True)} {format_time(meeting.starts_at)}"
    return f"{meeting.get_kind_display()} {when} · {meeting.location}"


@dataclass(frozen=True)
class MeetingHit:
    meeting: Meeting
    snippet: SafeString
    url: str


def visible_meetings(mine: Roles) -> QuerySet:
    """Every meeting of the councils the user manages or sits in; elsewhere meetings with a published agenda.
    Cancelled meetings are not found."""
    own = [council.pk for council in [*mine.managed, *mine.member_of]]
    published = Publication.objects.filter(
        meeting=OuterRef("pk"), kind=Publication.Kind.AGENDA, audience=Publication.Audience.PUBLIC
    )
    return Meeting.objects.filter(Q(council__in=own) | Q(Exists(published))).exclude(status=Meeting.Status.CANCELLED)


def search_meetings(query: str, mine: Roles, *, limit: int = 20) -> list[MeetingHit]:
    """The visible meetings whose kind, date or place match ``query``, best first, each with the page of the
    user's role: the secretariat's page for staff, the members' page for members, else the public page."""
    terms = words(query)
    if not terms:
        return []
    meetings = visible_meetings(mine).select_related("council")
    if connection.vendor == "postgresql":
        text = SearchQuery(" ".join(terms), config=CONFIG, search_type="websearch")
        found = list(_postgres_meetings(meetings, text)[:limit])
    else:
        found = list(_fallback_meetings(meetings, terms)[:limit])
    managed, member_of = {c.pk for c in mine.managed}, {c.pk for c in mine.member_of}
    hits = []
    for meeting in found:
        raw = getattr(meeting, "headline", None) or _mark_text(meeting_text(meeting), terms)
        if meeting.council_id in managed:
            url = meeting.get_absolute_url()
        else:
            name = "meetings:member-meeting" if meeting.council_id in member_of else "meetings:public-meeting"
            url = reverse(name, args=[meeting.council.slug, meeting.pk])
        hits.append(MeetingHit(meeting, highlight(raw), url))
    return hits


def _postgres_meetings(meetings: QuerySet, query: SearchQuery) -> QuerySet:
    display = RawSQL(_meeting_display_sql(), [], output_field=TextField())
    return (
        meetings.annotate(document=RawSQL(meeting_vector_sql(), [], output_field=SearchVectorField()))
        .filter(document=query)
        .annotate(
            rank=SearchRank(F("document"), query),
            headline=SearchHeadline(display, query, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True),
        )
        .order_by("-rank", "-starts_at")
    )


def _fallback_meetings(meetings: QuerySet, terms: list[str]) -> QuerySet:
    for term in terms:
        meetings = meetings.filter(_meeting_match(term))
    return meetings.order_by("-starts_at")


def _meeting_match(term: str) -> Q:
    """One typed word against a meeting on SQLite: the place, a kind, a month or weekday name, a day or year
    number, or a date 15.01.2026."""
    word = term.casefold().strip(".,")
    match = Q(location__icontains=term)
    if kinds := [value for value, label in Meeting.Kind.choices if word and word in label.casefold()]:
        match |= Q(kind__in=kinds)
    if len(word) >= 3:
        match |= Q(starts_at__month__in=[n for n, name in enumerate(MONTHS, start=1) if name.startswith(word)])
        match |= Q(starts_at__iso_week_day__in=[n for n, day in enumerate(WEEKDAYS, start=1) if day.startswith(word)])
    if word.isdigit():
        match |= Q(starts_at__year=int(word)) if len(word) == 4 else Q(starts_at__day=int(word))
    with contextlib.suppress(ValueError):
        match |= Q(starts_at__date=datetime.strptime(word, "%d.%m.%Y").date())
    return match


def _mark_text(text: str, terms: list[str]) -> str:
    for term in terms:
        text = re.sub(re.escape(term.strip(".,")), lambda m: f"{START}{m.group(0)}{STOP}", text, flags=re.IGNORECASE)
    return text


def archive(council, *, members: bool) -> QuerySet:
    """Past meetings of ``council``, newest first: for its members and staff every held or past meeting; for
    the public only meetings whose agenda is published."""
    meetings = council.meetings.filter(starts_at__lt=timezone.now()).exclude(status=Meeting.Status.CANCELLED)
    if not members:
        meetings = meetings.with_published_agenda()
    return meetings.order_by("-starts_at")


def search_appointments(query: str, mine: Roles, *, on, limit: int = 20) -> list:
    """Current appointments to regional bodies in the user's councils whose body, seat or appointee match
    every word (members and staff only; one query)."""
    from appointments.models import Appointment

    terms = words(query)
    councils = [council.pk for council in [*mine.managed, *mine.member_of]]
    if not terms or not councils:
        return []
    found = Appointment.objects.current(on).visible_to(mine).filter(seat__council__in=councils)
    for term in terms:
        found = found.filter(
            Q(seat__body__name__icontains=term) | Q(seat__label__icontains=term) | Q(person__name__icontains=term)
        )
    return list(found.select_related("seat__body", "seat__council", "person").order_by("seat__body__name")[:limit])
