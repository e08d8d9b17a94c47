"""Agenda items found by search: on PostgreSQL the stored vectors under GIN indexes (the index rows of
``meetings.searchindex``, and for staff the trigger-kept ``LiveItemVector``), never ``to_tsvector`` per row. The
newest CAP + 1 matches of each source are ranked with ``ts_rank`` (title above text), and beyond CAP the page says
"mere end 1.000" rather than counting every match of a common word. ``ts_headline`` snippets are made for the
page's rows only. On SQLite (dev mode) every word as ``LIKE``, newest meeting first."""

from dataclasses import dataclass

from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString

from meetings import permissions
from meetings.models import AgendaItem, LiveItemVector, Meeting, SearchEntry, SearchText
from meetings.richtext import plain_text
from members.models import Council
from members.permissions import roles_of

from .text import CONFIG, START, STOP, highlight, mark_terms, marks, tsquery_sql, words

SNIPPET_CHARS = 160
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


def search_items(query: str, user, *, window: tuple[int, int] = (0, 20)) -> "ItemResults | list":
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
    return ItemResults(branches, match, window=window)


# The candidates of each source: the newest CAP + 1 matches (a GIN index finds them), then ranked. Beyond CAP
# the page says "mere end 1.000" instead of counting every match of a common word.
CAP = 1000


def _entries(user, match) -> list[tuple[str, list]]:
    """The index rows the user's meeting pages show (``permissions.entries_shown_sql``), one branch per kind of
    council, each the newest CAP + 1 matches."""
    found, found_params = _match(
        "e.vector", f"e.title || ' ' || (SELECT t.text FROM {TEXT} t WHERE t.entry_id = e.id)", match
    )
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
            WHERE v.council_id IN ({marks(managed)}) AND NOT v.is_cancelled AND {found}
            ORDER BY v.starts_at DESC LIMIT {CAP + 1}"""
        return sql, [*managed, *found_params]
    found, found_params = _match("", document_sql("i."), match)
    sql = f"""SELECT 'i' AS source, i.id, m.starts_at, i.position AS number, NULL AS vector
        FROM {AgendaItem._meta.db_table} i JOIN {MEETING} m ON m.id = i.meeting_id
        WHERE m.council_id IN ({marks(managed)}) AND m.status <> %s AND {found}
        ORDER BY m.starts_at DESC LIMIT {CAP + 1}"""
    return sql, [*managed, Meeting.Status.CANCELLED, *found_params]


def _match(vector: str, document: str, match) -> tuple[str, list]:
    """PostgreSQL: the stored vector against the query text (its GIN index); SQLite: every word (``match`` is
    the list) somewhere in the text, as ``icontains`` matches."""
    if isinstance(match, str):
        return f"{vector} @@ {tsquery_sql(match)}", []
    likes = " AND ".join(f"({document}) LIKE %s ESCAPE '\\'" for _ in match)
    return f"({likes})", [f"%{connection.ops.prep_for_like_query(term)}%" for term in match]


class ItemResults:
    """The matching items for the paginator, in one query whatever the data size: the candidates ranked and
    numbered (at most CAP of them count: ``capped`` says there were more) and, in the same query, the rows of the
    page the request asks for (``window``: the rows after ``start`` up to ``stop``). Another slice (a page number
    beyond the last, which the paginator turns into the last) reads its rows in a query of its own."""

    def __init__(self, branches: list[tuple[str, list]], match, *, window: tuple[int, int]):
        self.branches, self.match, self.window = branches, match, window
        self._total, self._rows = None, []

    @property
    def text(self) -> str | None:
        return self.match if isinstance(self.match, str) else None

    def _read(self, start: int, stop: int) -> tuple[int, list[Meeting]]:
        """(the number of candidates, at most CAP + 1; the page's rows, the candidates numbered after ``start``
        up to ``stop``): each row a meeting (with its council's name and slug) carrying the hit, the index row or
        the live item, and on PostgreSQL the ``ts_headline`` snippet of the page's rows only. The candidates are
        ranked by the stored vectors (``ts_rank``, the title weighted above the text), then newest meeting; on
        SQLite newest meeting first."""
        union = " UNION ALL ".join(f"SELECT * FROM ({sql}) b{n}" for n, (sql, _) in enumerate(self.branches))
        params = [param for _, found in self.branches for param in found]
        rank, headline, options = "", "NULL", []
        if self.text is not None:
            query = tsquery_sql(self.text)
            rank = f"ts_rank(r.vector, {query}) DESC, "
            # an index row's text only: a live item's is rich text, its snippet made from its words (``hits``)
            headline = (
                f"CASE f.hit_source WHEN 'e' THEN ts_headline('{CONFIG}'::regconfig, f.hit_document, {query}, %s) END"
            )
            options = [f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"]
        stop = min(stop, CAP)
        shown = f"SELECT id FROM c WHERE n > {int(start)} AND n <= {int(stop)}"
        sql = f"""WITH c AS (
                SELECT r.source, r.id, ROW_NUMBER() OVER (ORDER BY {rank}r.starts_at DESC, r.number, r.id) AS n
                FROM ({union}) r
            )
            SELECT t.hit_total, p.* FROM (SELECT COUNT(*) AS hit_total FROM c WHERE n <= {CAP + 1}) t LEFT JOIN (
                SELECT c.n AS hit_n, m.*, co.name AS council_name, co.slug AS council_slug, f.*,
                    {headline} AS hit_headline
                FROM (
                    SELECT 'e' AS hit_source, e.id AS hit_id, e.meeting_id AS hit_meeting, e.number AS hit_number,
                        e.title AS hit_title, e.is_closed AS hit_closed, e.audience AS hit_audience,
                        e.title || ' ' || x.text AS hit_document
                    FROM {ENTRY} e JOIN {TEXT} x ON x.entry_id = e.id WHERE e.id IN ({shown} AND source = 'e')
                    UNION ALL
                    SELECT 'i', i.id, i.meeting_id, i.position, i.title, i.is_closed, '', {document_sql("i.")}
                    FROM {AgendaItem._meta.db_table} i WHERE i.id IN ({shown} AND source = 'i')
                ) f JOIN c ON c.source = f.hit_source AND c.id = f.hit_id
                JOIN {MEETING} m ON m.id = f.hit_meeting JOIN {Council._meta.db_table} co ON co.id = m.council_id
            ) p ON TRUE ORDER BY p.hit_n"""
        rows = list(Meeting.objects.raw(sql, [*params, *options]))
        return (rows[0].hit_total if rows else 0), [row for row in rows if row.hit_n is not None]

    def _candidates(self) -> int:
        if self._total is None:
            self._total, self._rows = self._read(*self.window)
        return self._total

    @property
    def capped(self) -> bool:
        return self._candidates() > CAP

    def count(self) -> int:
        return min(self._candidates(), CAP)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[Meeting]:
        start, stop = part.start or 0, part.stop
        self._candidates()
        inside = self.window[0] <= start and stop <= self.window[1]  # the last page's slice stops at the count
        rows = self._rows if inside else self._read(start, stop)[1]
        return [row for row in rows if start < row.hit_n <= stop]


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
        if row.hit_source == "i":  # a live item's text is rich text: its snippet from the words, never the tags
            raw = _mark(plain_text(row.hit_document or ""), terms)
        else:
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
    snippet = mark_terms(text[start : start + SNIPPET_CHARS], terms)
    return ("…" if start else "") + snippet + ("…" if start + SNIPPET_CHARS < len(text) else "")


MEETING, ENTRY, TEXT = Meeting._meta.db_table, SearchEntry._meta.db_table, SearchText._meta.db_table
LIVE = LiveItemVector._meta.db_table
