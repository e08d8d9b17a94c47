"""Search across meetings (kind, date and place), agenda items (title, case presentation, recommendation,
decision) and people, and the archive of past meetings — what a user may see only.

Who sees what (SPEC §6, FO 3.0): staff of a council and its members (and substitutes) see every item of its
meetings, closed ones included; everyone else finds an item only as a ready public version (agenda, Tillæg,
minutes) shows it — never a closed one, not one added or edited since, and none whose decision is recorded
before the public minutes are out. People are found by staff and
members, within their own councils.

Meetings are found by their kind ("konstituerende"), their date written out the Danish way ("torsdag",
"15. januar 2026", "15.01.2026", "januar 2026") and their place; everyone sees meetings with a published
agenda, a council's members and staff all of its meetings; cancelled meetings are not found.

On PostgreSQL items and meetings are found with full-text search in the Danish configuration (Danish stemming:
"kommunerne" finds "kommune"), ranked with ``ts_rank`` and with ``ts_headline`` snippets; the GIN indexes
of migration ``portal/0001_search_index`` serve exactly ``vector_sql()`` and ``meeting_vector_sql()``. On
SQLite (dev mode) a plain ``icontains`` on each word (for meetings: the place, the kind, a month or weekday
name, a day, a year or a date), newest meeting first, with the hits marked.
"""

import contextlib
import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kkr.formats import MONTHS, WEEKDAYS, format_date, format_time
from meetings.models import AgendaItem, Meeting, Publication
from members.models import Membership, Person, SubstituteAssignment

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
class ItemHit:
    item: AgendaItem
    snippet: SafeString
    url: str


def words(query: str) -> list[str]:
    return [word for word in re.split(r"\s+", query.strip()) if word][:8]


def visible_items(mine: Roles) -> QuerySet:
    """The agenda items the user may see: everything in councils they manage or sit in; elsewhere only
    non-closed items of meetings with a published agenda."""
    own = [council.pk for council in mine.managed] + [council.pk for council in mine.member_of]
    published = RawSQL(_published_sql(), [Publication.Audience.PUBLIC, Publication.State.READY, False])
    public = Q(is_closed=False) & Q(published=True)
    return (
        AgendaItem.objects.alias(published=ExpressionWrapper(published, output_field=BooleanField()))
        .filter(Q(meeting__council__in=own) | public)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
    )


def _published_sql() -> str:
    """SQL true when a ready public version of the item's meeting (agenda, Tillæg or minutes; not a draft) shows
    the item exactly as it is now: its number, title, case presentation, recommendation and decision. The
    public searches what was published, not the live rows: an item added or edited after the agenda went out
    is found once a version with it is out (FO 3.0), and a decision recorded at the sitting only once the
    minutes are (FO 3.4: the agenda's versions hold no decision)."""
    item = '"meetings_agendaitem".'
    if connection.vendor == "postgresql":
        rows, field = "CROSS JOIN LATERAL jsonb_array_elements(p.content -> 'items') e", "e.value ->> '{}'"
    else:
        rows, field = ", json_each(p.content, '$.items') e", "json_extract(e.value, '$.{}')"
    same = " AND ".join(
        f"COALESCE({field.format(name)}, '') = {item}\"{name}\""
        for name in ("title", "case_presentation", "recommendation", "decision")
    )
    number = field.format("number")
    return f"""EXISTS (SELECT 1 FROM "meetings_publication" p {rows}
        WHERE p."meeting_id" = {item}"meeting_id" AND p."audience" = %s AND p."state" = %s AND p."is_draft" = %s
        AND CAST({number} AS integer) = {item}"position" AND {same})"""


def search_items(query: str, mine: Roles) -> list[ItemHit] | QuerySet:
    """The visible items matching ``query``, best first (a queryset on PostgreSQL, sliced by the paginator)."""
    terms = words(query)
    if not terms:
        return AgendaItem.objects.none()
    items = visible_items(mine).select_related("meeting__council")
    if connection.vendor == "postgresql":
        return _postgres(items, " ".join(terms))
    return _fallback(items, terms)


def _postgres(items: QuerySet, text: str) -> QuerySet:
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    document = RawSQL(document_sql(), [], output_field=TextField())
    return (
        items.annotate(document=RawSQL(vector_sql(), [], output_field=SearchVectorField()))
        .filter(document=query)
        .annotate(
            rank=SearchRank(F("document"), query),
            headline=SearchHeadline(
                document, query, config=CONFIG, start_sel=START, stop_sel=STOP, max_words=30, min_words=12
            ),
        )
        .order_by("-rank", "-meeting__starts_at", "position")
    )


def _fallback(items: QuerySet, terms: list[str]) -> QuerySet:
    for term in terms:
        match = Q()
        for name in ITEM_FIELDS:
            match |= Q(**{f"{name}__icontains": term})
        items = items.filter(match)
    return items.order_by("-meeting__starts_at", "position")


def hits(page_items, query: str, mine: Roles) -> list[ItemHit]:
    """The page's items with their highlighted snippet (``headline`` from PostgreSQL, else marked here) and
    the meeting page to open: the members' version inside one's own councils, else the public one."""
    terms = words(query)
    own = {council.pk for council in [*mine.managed, *mine.member_of]}
    result = []
    for item in page_items:
        raw = getattr(item, "headline", None)
        if raw is None:
            raw = _mark(item, terms)
        name = "meetings:member-meeting" if item.meeting.council_id in own else "meetings:public-meeting"
        url = reverse(name, args=[item.meeting.council.slug, item.meeting_id])
        result.append(ItemHit(item, highlight(raw), url))
    return result


def _mark(item: AgendaItem, terms: list[str]) -> str:
    text = " ".join(getattr(item, name) for name in ITEM_FIELDS if getattr(item, name))
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms]
    first = min((p for p in positions if p >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    snippet = text[start : start + SNIPPET_CHARS]
    for term in terms:
        snippet = re.sub(re.escape(term), lambda m: f"{START}{m.group(0)}{STOP}", snippet, flags=re.IGNORECASE)
    return ("…" if start else "") + snippet + ("…" if start + SNIPPET_CHARS < len(text) else "")


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
