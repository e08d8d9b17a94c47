"""A council's archive of past meetings as plain values: one page of meetings, each with its newest documents and
its items as the user's meeting pages show them (SPEC §6).

Twenty meetings of 30-40 items make a page of some 700 items. Read as model rows (every column of each item, and
for members and the public each shown version's whole snapshot, ~40 KB of JSON a meeting) and walked by the
template, that cost more than the rest of a signed-in page several times over (docs/performance.md). Here each
part is one query of only the columns shown: the meetings of the page, their ready documents, and their items,
either the live rows or the items taken out of the snapshots by the database (as ``portal.search.items`` reads them).
The rows are small dicts, and each meeting's item list is put together once in Python with the same escaping
as the template's autoescape (``html.escape``), not with ~2,800 template lookups.
"""

from dataclasses import dataclass
from html import escape

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from kkr.formats import format_date
from kkr.rowurls import RowUrl
from meetings import permissions
from meetings.models import AgendaItem, Meeting, Publication

PER_PAGE = 20
MEETING_COLUMNS = ("pk", "kind", "starts_at", "location")


@dataclass
class ArchiveMeeting:
    """One past meeting as the archive shows it."""

    pk: int
    starts_at: object
    location: str
    url: str
    heading: str
    documents: list[dict]
    items: SafeString  # the ``<li>`` of each item, ready for the page's ``<ol>``; empty when it has none


def archive_page(council, user, *, staff: bool, members: bool, number) -> Page:
    """Page ``number`` of ``council``'s past meetings for ``user``: the council's staff see the live items, its
    members the members' versions their pages show, everyone else the public versions (four queries: the count, the
    meetings, their documents, their items)."""
    meetings = past_meetings(council, members=members).values_list(*MEETING_COLUMNS)
    page = Paginator(meetings, PER_PAGE).get_page(number)
    rows = list(page.object_list)
    ids = [row[0] for row in rows]
    audience = Publication.Audience.MEMBERS if members else Publication.Audience.PUBLIC
    documents = _newest_documents(ids, audience) if ids else {}
    items = (_live_items(ids) if staff else _shown_items(ids, user)) if ids else {}
    meeting_url = RowUrl("meetings:member-meeting" if members else "meetings:public-meeting", council.slug)
    kinds = dict(Meeting.Kind.choices)
    page.object_list = [
        ArchiveMeeting(
            pk=pk,
            starts_at=starts_at,
            location=location,
            url=meeting_url.of(pk),
            heading=f"{kinds.get(kind, kind)} {format_date(starts_at)}",
            documents=documents.get(pk, []),
            items=_item_list(items.get(pk, ())),
        )
        for pk, kind, starts_at, location in rows
    ]
    return page


def past_meetings(council, *, members: bool):
    """Past meetings of ``council``, newest first: for its members and staff every held or past meeting; for
    the public only meetings whose agenda is published."""
    meetings = council.meetings.filter(starts_at__lt=timezone.now()).exclude(status=Meeting.Status.CANCELLED)
    if not members:
        meetings = meetings.with_published_agenda()
    return meetings.order_by("-starts_at")


def _newest_documents(ids: list[int], audience) -> dict[int, list[dict]]:
    """Each meeting's newest ready version of each kind for ``audience``, in the order of the kinds (one query)."""
    versions = (
        Publication.objects.ready()
        .filter(audience=audience, meeting_id__in=ids)
        .order_by("meeting_id", "kind", "-version")
        .values_list("meeting_id", "pk", "kind", "version")
    )
    pdf_url, kinds = RowUrl("meetings:publication-pdf"), dict(Publication.Kind.choices)
    newest: dict[int, dict[str, dict]] = {}
    for meeting_id, pk, kind, version in versions:
        newest.setdefault(meeting_id, {}).setdefault(
            kind, {"url": pdf_url.of(pk), "label": kinds.get(kind, kind), "version": version}
        )
    return {meeting_id: list(by_kind.values()) for meeting_id, by_kind in newest.items()}


def _live_items(ids: list[int]) -> dict[int, list[tuple]]:
    """The meetings' live items (the council's staff), by position (one query)."""
    rows = (
        AgendaItem.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "position")
        .values_list("meeting_id", "position", "title", "is_closed", "decision")
    )
    items: dict[int, list[tuple]] = {}
    for meeting_id, *item in rows:
        items.setdefault(meeting_id, []).append(tuple(item))
    return items


def _shown_items(ids: list[int], user) -> dict[int, list[tuple]]:
    """The items of the versions the meetings' pages show ``user`` (``permissions.shown_publications`` of these
    meetings only: decided over every meeting, that subquery grew with the archive), as the snapshots hold them
    (a decision only in the minutes, a closed item of a public version only its public title), by number, the
    kinds in order for one number (one query; only these fields leave the database)."""
    if connection.vendor == "postgresql":
        rows = "CROSS JOIN LATERAL jsonb_array_elements(p.content -> 'items') WITH ORDINALITY e(value, n)"
        field, order = "(e.value ->> '{}')".format, "e.n"
    else:
        rows = "CROSS JOIN json_each(p.content, '$.items') e"
        field, order = "json_extract(e.value, '$.{}')".format, "CAST(e.key AS integer)"
    shown_sql, shown_params = permissions.shown_publications(user, ids).as_sql(None, connection)
    marks = ", ".join(["%s"] * len(ids))
    sql = f"""SELECT p.meeting_id, CAST({field("number")} AS integer), {field("title")}, {field("is_closed")},
            {field("decision")}
        FROM {Publication._meta.db_table} p {rows}
        WHERE p.id IN {shown_sql} AND p.meeting_id IN ({marks})
        ORDER BY p.kind, {order}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*shown_params, *ids])
        fetched = cursor.fetchall()
    items: dict[int, list[tuple]] = {}
    for meeting_id, number, title, is_closed, decision in fetched:
        closed = is_closed in (True, 1, "true", "1")
        items.setdefault(meeting_id, []).append((number, title or "", closed, decision or ""))
    for found in items.values():
        found.sort(key=_number)  # stable: for one number the kinds stay in order
    return items


def _number(item: tuple) -> int:
    return item[0]


CLOSED = ' <span class="tag">Lukket punkt</span>'


def _item_list(items) -> SafeString:
    """The items as the archive lists them, escaped as autoescape would (``html.escape``)."""
    return mark_safe(
        "".join(
            f"<li>{escape(title)}{CLOSED if is_closed else ''}"
            + (f'<div class="rule">Beslutning: {escape(decision)}</div>' if decision else "")
            + "</li>"
            for _number, title, is_closed, decision in items
        )
    )
