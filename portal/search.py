"""Search across meetings (kind, date and place), agenda items (title, case presentation, recommendation,
decision) and people, and the archive of past meetings — what a user may see only.

Search ≡ pages (SPEC §6, FO 3.0, FO 3.3, FO 3.4): an item is found only as one of the user's pages shows it.
Staff (and KL admins) find the live items of the councils they manage, as the secretariat's pages show them.
Everywhere else an item is found in the version of the agenda, Tillæg or minutes the user's meeting page shows:
a council's members the members' version as sent (closed items included; never an agenda not yet sent, never an
edit made since, a personal substitute only for a meeting they are summoned to), everyone else the public
version (a closed item as its public title only, a decision only once the public minutes are out). That text
is read from the search index (``meetings.searchindex``), rows written when a version is published and
rewritten when it is superseded or the meeting cancelled, never from a live row; which audience's rows a user
reads is ``meetings.permissions.entries_shown_sql``, the index-side twin of ``shown_publications``. People
are found by staff and members, within their own councils.

Meetings are found by their kind ("konstituerende"), their date written out the Danish way ("torsdag",
"15. januar 2026", "15.01.2026", "januar 2026") and their place; everyone sees meetings with a published
agenda, a council's members and staff all of its meetings; cancelled meetings are not found.

On PostgreSQL items and meetings are found with full-text search in the Danish configuration (Danish stemming:
"kommunerne" finds "kommune"). Items are matched and ranked on stored vectors under GIN indexes (the index rows,
and for staff the trigger-kept ``LiveItemVector``), never ``to_tsvector`` per row: the newest CAP + 1 matches of
each source are ranked with ``ts_rank`` (title above text), and beyond CAP the page says "mere end 1.000"
rather than counting every match of a common word. ``ts_headline`` snippets are made for the page's rows only.
Meetings use the GIN index of migration ``portal/0001_search_index`` on ``meeting_vector_sql()``. On SQLite
(dev mode) a plain ``icontains`` on each word (for meetings: the place, the kind, a month or weekday name, a
day, a year or a date), newest meeting first, with the hits marked.
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
from meetings.models import AgendaItem, LiveItemVector, Meeting, Publication, SearchEntry
from members.models import Council, Membership, Person, SubstituteAssignment
from members.permissions import roles_of

from .roles import Roles

CONFIG = "danish"
SNIPPET_CHARS = 160
START, STOP = "\x02", "\x03"  # marks around a hit; escaped text gets <mark> around them (never user HTML)
ITEM_FIELDS = ("title", "case_presentation", "recommendation", "decision")


def document_sql(table: str = '"meetings_agendaitem".') -> str:
    """A live item's text as SQL (staff search: the snippet, and SQLite's ``LIKE``)."""
    return " || ' ' || ".join(f"COALESCE({table}\"{name}\", '')" for name in ITEM_FIELDS)


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
    versions their meeting pages show, read from the search index (``meetings.searchindex``: written when a
    version is published, so it holds only what was released to each audience; which audience per council is
    ``permissions.entries_shown_sql``). Cancelled meetings are not searched."""
    terms = words(query)
    if not terms:
        return []
    managed = [council.pk for council in roles_of(user).managed]
    match = " ".join(terms) if connection.vendor == "postgresql" else terms
    branches = _entries(user, match)
    if managed:
        branches.append(_live(managed, match))
    return ItemResults(branches, match)


# The candidates of each source: the newest CAP + 1 matches (a GIN index finds them), then ranked. Beyond CAP
# the page says "mere end 1.000" instead of counting every match of a common word.
CAP = 1000


def _entries(user, match) -> list[tuple[str, list]]:
    """The index rows the user's meeting pages show (``permissions.entries_shown_sql``), one branch per kind of
    council, each the newest CAP + 1 matches."""
    found, found_params = _match("e.vector", "e.title || ' ' || e.text", match)
    return [
        (
            f"""SELECT 'e' AS source, e.id, e.starts_at, e.number, e.vector FROM {ENTRY} e
            WHERE {shown} AND {found} ORDER BY e.starts_at DESC LIMIT {CAP + 1}""",
            [*shown_params, *found_params],
        )
        for shown, shown_params in permissions.entries_shown_sql(user, "e")
    ]


def _live(managed: list[int], match) -> tuple[str, list]:
    """The live items of the councils the user manages: on PostgreSQL their stored vectors
    (``searchindex.LiveItemVector``, kept by a trigger), on SQLite the items themselves."""
    if isinstance(match, str):
        found, found_params = _match("v.vector", "", match)
        sql = f"""SELECT 'i' AS source, v.item_id AS id, v.starts_at, 0 AS number, v.vector FROM {LIVE} v
            WHERE v.council_id IN ({_marks(managed)}) AND NOT v.is_cancelled AND {found}
            ORDER BY v.starts_at DESC LIMIT {CAP + 1}"""
        return sql, [*managed, *found_params]
    found, found_params = _match("", document_sql("i."), match)
    sql = f"""SELECT 'i' AS source, i.id, m.starts_at, i.position AS number, NULL AS vector
        FROM {AgendaItem._meta.db_table} i JOIN {MEETING} m ON m.id = i.meeting_id
        WHERE m.council_id IN ({_marks(managed)}) AND m.status <> %s AND {found}
        ORDER BY m.starts_at DESC LIMIT {CAP + 1}"""
    return sql, [*managed, Meeting.Status.CANCELLED, *found_params]


def tsquery_sql(text: str) -> str:
    """The query text as a quoted SQL literal in ``websearch_to_tsquery``, not a bound parameter: the statements
    are prepared on the server (``kkr.settings``, DB_SERVER_SIDE_BINDING), and a generic plan, made without the
    words, would walk the GIN index for a word in every row where the custom plan walks the date index newest
    first and stops at the cap. The literal is psycopg's quoting (and ``%`` doubled for the parameter style)."""
    from psycopg import sql

    connection.ensure_connection()
    literal = sql.Literal(text).as_string(connection.connection).replace("%", "%%")
    return f"websearch_to_tsquery('{CONFIG}'::regconfig, {literal})"


def _match(vector: str, document: str, match) -> tuple[str, list]:
    """PostgreSQL: the stored vector against the query text (its GIN index); SQLite: every word (``match`` is
    the list) somewhere in the text, as ``icontains`` matches."""
    if isinstance(match, str):
        return f"{vector} @@ {tsquery_sql(match)}", []
    likes = " AND ".join(f"({document}) LIKE %s ESCAPE '\\'" for _ in match)
    return f"({likes})", [f"%{connection.ops.prep_for_like_query(term)}%" for term in match]


class ItemResults:
    """The matching items for the paginator, in two queries whatever the data size: ``count()`` reads the
    candidates' ranks (at most CAP of them: ``capped`` says there were more), a page reads its rows."""

    def __init__(self, branches: list[tuple[str, list]], match):
        self.branches, self.match = branches, match
        self._candidates = None

    @property
    def text(self) -> str | None:
        return self.match if isinstance(self.match, str) else None

    def candidates(self) -> list[tuple[str, int]]:
        """(source, id) of the matches best first: PostgreSQL ranks the stored vectors (``ts_rank``, the title
        weighted above the text), then newest meeting; SQLite newest meeting first."""
        if self._candidates is None:
            union = " UNION ALL ".join(f"SELECT * FROM ({sql}) b{n}" for n, (sql, _) in enumerate(self.branches))
            params = [param for _, found in self.branches for param in found]
            rank, rank_params = "0", []
            if self.text is not None:
                rank = f"ts_rank(c.vector, {tsquery_sql(self.text)})"
            sql = f"""SELECT c.source, c.id FROM (SELECT c.*, {rank} AS rank FROM ({union}) c) c
                ORDER BY c.rank DESC, c.starts_at DESC, c.number, c.id LIMIT {CAP + 1}"""
            with connection.cursor() as cursor:
                cursor.execute(sql, [*rank_params, *params])
                self._candidates = [(source, pk) for source, pk in cursor.fetchall()]
        return self._candidates

    @property
    def capped(self) -> bool:
        return len(self.candidates()) > CAP

    def count(self) -> int:
        return min(len(self.candidates()), CAP)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[Meeting]:
        """One page's rows in the candidates' order, each a meeting (with its council's name and slug) carrying
        the hit: the index row or the live item, and on PostgreSQL the ``ts_headline`` snippet of those rows."""
        chosen = self.candidates()[: self.count()][part]
        if not chosen:
            return []
        entries = [pk for source, pk in chosen if source == "e"]
        items = [pk for source, pk in chosen if source == "i"]
        headline, extra = "NULL", []
        if self.text is not None:
            query = tsquery_sql(self.text)
            headline = f"ts_headline('{CONFIG}'::regconfig, f.hit_document, {query}, %s)"
            extra = [f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"]
        sql = f"""SELECT m.*, c.name AS council_name, c.slug AS council_slug, f.*, {headline} AS hit_headline FROM (
                SELECT 'e' AS hit_source, e.id AS hit_id, e.meeting_id AS hit_meeting, e.number AS hit_number,
                    e.title AS hit_title, e.is_closed AS hit_closed, e.audience AS hit_audience,
                    e.title || ' ' || e.text AS hit_document
                FROM {ENTRY} e WHERE e.id IN ({_marks(entries) or "NULL"})
                UNION ALL
                SELECT 'i', i.id, i.meeting_id, i.position, i.title, i.is_closed, '', {document_sql("i.")}
                FROM {AgendaItem._meta.db_table} i WHERE i.id IN ({_marks(items) or "NULL"})
            ) f JOIN {MEETING} m ON m.id = f.hit_meeting JOIN {Council._meta.db_table} c ON c.id = m.council_id"""
        rows = {(row.hit_source, row.hit_id): row for row in Meeting.objects.raw(sql, [*extra, *entries, *items])}
        return [rows[key] for key in chosen if key in rows]


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


MEETING, ENTRY, LIVE = Meeting._meta.db_table, SearchEntry._meta.db_table, LiveItemVector._meta.db_table


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
