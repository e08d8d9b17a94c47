"""Meetings found by search: their kind ("konstituerende"), their date written out the Danish way ("torsdag",
"15. januar 2026", "15.01.2026", "januar 2026") and their place. On PostgreSQL through the GIN index of migration
``portal/0001_search_index``, built on exactly ``meeting_vector_sql("")``; on SQLite each word as the place, a
kind, a month or weekday name, a day, a year or a date."""

import contextlib
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from kkr.formats import MONTHS, WEEKDAYS, format_date, format_time
from meetings.models import Meeting, Publication
from members.models import Council

from ..roles import Roles
from .text import CONFIG, START, STOP, highlight, mark_terms, marks, tsquery_sql, words

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
    Cancelled meetings are not found (SQLite's search; ``_visible_sql`` is the same on PostgreSQL)."""
    own = [council.pk for council in [*mine.managed, *mine.member_of]]
    published = Publication.objects.filter(
        meeting=OuterRef("pk"), kind=Publication.Kind.AGENDA, audience=Publication.Audience.PUBLIC
    )
    return Meeting.objects.filter(Q(council__in=own) | Q(Exists(published))).exclude(status=Meeting.Status.CANCELLED)


def search_meetings(query: str, mine: Roles, *, limit: int = 20) -> list[MeetingHit]:
    """The visible meetings whose kind, date or place match ``query``, best first, as hits (``meeting_hits``), in
    a query of their own (the search page asks ``beside``)."""
    terms = words(query)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        found = list(Meeting.objects.raw(*postgres_meetings(" ".join(terms), mine, limit)))
    else:
        meetings = visible_meetings(mine).annotate(council_name=F("council__name"), council_slug=F("council__slug"))
        found = list(_fallback_meetings(meetings, terms)[:limit])
    return meeting_hits(found, terms, mine)


def meeting_hits(found: list[Meeting], terms: list[str], mine: Roles) -> list[MeetingHit]:
    """The meetings found (with ``council_slug``, and on PostgreSQL their ``headline``) as hits, each with the
    page of the user's role: the secretariat's page for staff, the members' page for members, else the public
    page."""
    managed, member_of = {c.pk for c in mine.managed}, {c.pk for c in mine.member_of}
    hits = []
    for meeting in found:
        raw = getattr(meeting, "headline", None) or mark_terms(meeting_text(meeting), terms)
        if meeting.council_id in managed:
            name = "meetings:meeting-detail"
        else:
            name = "meetings:member-meeting" if meeting.council_id in member_of else "meetings:public-meeting"
        hits.append(MeetingHit(meeting, highlight(raw), reverse(name, args=[meeting.council_slug, meeting.pk])))
    return hits


def postgres_meetings(text: str, mine: Roles, limit: int) -> tuple[str, list]:
    """The visible meetings matching ``text`` through the GIN index on ``meeting_vector_sql``, ranked, with their
    council's name and slug and the ``ts_headline`` of their text: one plain query (through the ORM its
    annotations were compiled anew on every search; ``test_search_sql_besides`` holds it against that query)."""
    own = sorted({council.pk for council in [*mine.managed, *mine.member_of]})
    query, vector = tsquery_sql(text), meeting_vector_sql("m.")
    mine_sql = f"m.council_id IN ({marks(own)}) OR " if own else ""
    sql = f"""SELECT m.*, c.name AS council_name, c.slug AS council_slug,
            ts_headline('{CONFIG}'::regconfig, {_meeting_display_sql("m.")}, {query}, %s) AS headline
        FROM {MEETING} m JOIN {COUNCIL} c ON c.id = m.council_id
        WHERE {vector} @@ {query} AND m.status <> %s AND ({mine_sql}EXISTS (SELECT 1 FROM {PUBLICATION} p
            WHERE p.meeting_id = m.id AND p.kind = %s AND p.audience = %s))
        ORDER BY ts_rank({vector}, {query}) DESC, m.starts_at DESC LIMIT {int(limit)}"""
    options = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
    kinds = [Meeting.Status.CANCELLED, *own, Publication.Kind.AGENDA, Publication.Audience.PUBLIC]
    return sql, [options, *kinds]


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


MEETING, COUNCIL, PUBLICATION = Meeting._meta.db_table, Council._meta.db_table, Publication._meta.db_table
