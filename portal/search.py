"""Search across agenda items (title, case presentation, recommendation, decision) and people, and the
archive of past meetings — what a user may see only.

Who sees what (SPEC §6, FO 3.0): staff of a council and its members (and substitutes) see every item of its
meetings, closed ones included; everyone else sees items of meetings whose agenda is published, never a
closed one, and none whose decision is recorded before the public minutes are out. People are found by staff and
members, within their own councils.

On PostgreSQL the items are found with full-text search in the Danish configuration (Danish stemming:
"kommunerne" finds "kommune"), ranked with ``ts_rank`` and with ``ts_headline`` snippets; the
GIN index of migration ``portal/0001_search_index`` serves exactly ``vector_sql()``. On SQLite (dev mode) a
plain ``icontains`` on each word, newest meeting first, with the first hit marked.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
    published = Publication.objects.filter(
        meeting=OuterRef("meeting"), kind=Publication.Kind.AGENDA, audience=Publication.Audience.PUBLIC
    )
    minutes = Publication.objects.filter(
        meeting=OuterRef("meeting"), kind=Publication.Kind.MINUTES, audience=Publication.Audience.PUBLIC
    )
    # a decision recorded at the sitting is public only with the minutes
    public = Q(Exists(published), is_closed=False) & (Q(Exists(minutes)) | Q(decision=""))
    return AgendaItem.objects.filter(Q(meeting__council__in=own) | public).exclude(
        meeting__status=Meeting.Status.CANCELLED
    )


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
    found = Appointment.objects.current(on).filter(seat__council__in=councils)
    for term in terms:
        found = found.filter(
            Q(seat__body__name__icontains=term) | Q(seat__label__icontains=term) | Q(person__name__icontains=term)
        )
    return list(found.select_related("seat__body", "seat__council", "person").order_by("seat__body__name")[:limit])
