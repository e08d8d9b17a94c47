"""The search index: the text each audience may find, written when it is released.

``SearchEntry`` holds one row per item of each published version a meeting page shows (the agenda, Tillæg or
minutes, members' and public version apart): council, audience, meeting date, number, title, the item's text
as plain text, and on PostgreSQL a stored ``tsvector`` (Danish configuration, the title weighted above the text)
under a GIN index. ``sync_meeting`` rewrites a meeting's rows from its publications whenever one is published,
and drops them when the meeting is cancelled, so the rows are exactly the versions the pages show
(``queries.on_page_sql``: a superseded version leaves the index with its successor) and a public version only
once the public agenda is out. The public's and the members' search read only these rows
(``permissions.entries_shown_sql``): what was never released to an audience, or was edited after it was
sent, is not there to be found.

``LiveItemVector`` is the staff side: the secretariat's pages show the live items, so their search matches the
live text. On PostgreSQL a trigger keeps one stored vector per item (with its meeting's council, date and
cancellation) in the same transaction as any write to the item or its meeting, so staff search ranks stored
vectors too and never runs ``to_tsvector`` per row at query time. SQLite (dev mode) has no full-text search:
the table stays empty there and staff search reads the live rows with ``LIKE``.
"""

import html

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.utils.html import strip_tags

CONFIG = "danish"
TEXT_FIELDS = ("case_presentation", "recommendation", "decision")


class SearchEntry(models.Model):
    """One item of one published version, as that version's audience may find it."""

    publication = models.ForeignKey(
        "meetings.Publication", models.CASCADE, related_name="search_entries", verbose_name="offentliggørelse"
    )
    meeting = models.ForeignKey("meetings.Meeting", models.CASCADE, related_name="+", verbose_name="møde")
    council = models.ForeignKey("members.Council", models.CASCADE, related_name="+", verbose_name="KKR")
    audience = models.CharField("målgruppe", max_length=10)
    starts_at = models.DateTimeField("mødetidspunkt")
    number = models.PositiveSmallIntegerField("punkt")
    title = models.TextField("titel")
    is_closed = models.BooleanField("lukket punkt", default=False)
    vector = SearchVectorField("søgevektor", null=True)

    class Meta:
        verbose_name = "søgeindeks-række"
        verbose_name_plural = "søgeindeks"
        indexes = [
            GinIndex(fields=["vector"], name="meetings_searchentry_vector", fastupdate=False),
            # newest first within an audience (a word in most rows: the walk stops after the cap), and per council
            models.Index(fields=["audience", "-starts_at"], name="meetings_searchentry_date"),
            models.Index(fields=["council", "audience", "-starts_at"], name="meetings_searchentry_council"),
        ]

    def __str__(self):
        return f"{self.title} ({self.audience})"


class SearchText(models.Model):
    """The text of an index row, in a table of its own: a search matches and orders the narrow rows of
    ``SearchEntry`` (a few hundred bytes, the vector the most) and reads the text only for the page's snippets.
    In the same row, every row a search walks or rechecks cost four times the bytes."""

    entry = models.OneToOneField(
        SearchEntry, models.CASCADE, primary_key=True, related_name="content", verbose_name="søgeindeks-række"
    )
    text = models.TextField("tekst (ren tekst)", blank=True)

    class Meta:
        verbose_name = "søgeindeks-tekst"
        verbose_name_plural = "søgeindeks-tekster"

    def __str__(self):
        return f"Tekst til {self.entry_id}"


class LiveItemVector(models.Model):
    """The stored vector of a live item for staff search (PostgreSQL, written by the trigger in the migration)."""

    item = models.OneToOneField(
        "meetings.AgendaItem", models.CASCADE, primary_key=True, related_name="+", verbose_name="punkt"
    )
    meeting = models.ForeignKey("meetings.Meeting", models.CASCADE, related_name="+", verbose_name="møde")
    council = models.ForeignKey("members.Council", models.CASCADE, related_name="+", verbose_name="KKR")
    starts_at = models.DateTimeField("mødetidspunkt")
    is_cancelled = models.BooleanField("aflyst", default=False)
    vector = SearchVectorField("søgevektor")

    class Meta:
        verbose_name = "søgevektor for et punkt"
        verbose_name_plural = "søgevektorer for punkter"
        indexes = [
            GinIndex(fields=["vector"], name="meetings_liveitem_vector", fastupdate=False),
            models.Index(fields=["council", "starts_at"], name="meetings_liveitem_date"),
        ]

    def __str__(self):
        return f"Søgevektor for punkt {self.item_id}"


def public_entries(query: str | None = None):
    """The public's index rows (the open-data API's items), matching ``query`` when given: on PostgreSQL the
    stored vector through its GIN index (``websearch_to_tsquery``, Danish), on SQLite every word in the title or
    text. Each row carries its council's slug and its document's kind, read in the same query."""
    from django.contrib.postgres.search import SearchQuery
    from django.db.models import F, Q

    entries = SearchEntry.objects.filter(audience="public").annotate(
        council_slug=F("council__slug"), document=F("publication__kind"), text=F("content__text")
    )
    words = (query or "").split()[:8]
    if not words:
        return entries
    if connection.vendor == "postgresql":
        return entries.filter(vector=SearchQuery(" ".join(words), config=CONFIG, search_type="websearch"))
    for word in words:
        entries = entries.filter(Q(title__icontains=word) | Q(content__text__icontains=word))
    return entries


def weighted_vector_sql(title: str, text: str) -> str:
    """The stored vector: the title weighted A, the text B (``ts_rank`` puts title hits first)."""
    return (
        f"setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE({title}, '')), 'A') || "
        f"setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE({text}, '')), 'B')"
    )


def plain(value) -> str:
    """A snapshot field as plain text (the rich text's tags and entities out)."""
    return html.unescape(strip_tags(str(value or ""))).strip()


def item_text(item: dict) -> str:
    return "\n".join(text for text in (plain(item.get(name)) for name in TEXT_FIELDS) if text)


def _shown_sql(meeting_filter: str) -> str:
    """The publications a meeting page shows to their audience (the ids), of the meetings ``meeting_filter``
    selects (SQL on ``p``): not for a cancelled meeting, the versions on the page (``on_page_sql``), a public
    version only once the public agenda is out. Plain SQL on the tables, so the migration can use it."""
    from .queries.documents import on_page_sql

    return f"""SELECT p.id FROM meetings_publication p JOIN meetings_meeting m ON m.id = p.meeting_id
        WHERE {meeting_filter} AND m.status <> 'cancelled' AND {on_page_sql("p")}
        AND (p.audience = 'members' OR EXISTS (SELECT 1 FROM meetings_publication g
            WHERE g.meeting_id = p.meeting_id AND g.kind = 'agenda' AND g.audience = 'public'))"""


def sync_meetings(meeting_ids, *, publication_model=None, entry_model=None, text_model=None) -> int:
    """Rewrite the index rows of these meetings from the versions their pages show; returns the rows written.
    Called in the transaction that publishes or cancels, so the index changes with the release."""
    publication_model = publication_model or SearchEntry.publication.field.related_model
    entry_model, text_model = entry_model or SearchEntry, text_model or SearchText
    meeting_ids = list(meeting_ids)
    if not meeting_ids:
        return 0
    marks = ", ".join(["%s"] * len(meeting_ids))
    if connection.vendor == "postgresql":
        # One statement for the rows and their text: the ORM's cascade would first read every row's id
        # (the foreign key is deferred, so the order inside the statement doesn't matter).
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH gone AS (DELETE FROM {entry_model._meta.db_table} WHERE meeting_id IN ({marks}) RETURNING id)
                    DELETE FROM {text_model._meta.db_table} WHERE entry_id IN (SELECT id FROM gone)""",
                meeting_ids,
            )
    else:
        entry_model.objects.filter(meeting_id__in=meeting_ids).delete()  # and their text (cascade)
    with connection.cursor() as cursor:
        cursor.execute(_shown_sql(f"p.meeting_id IN ({marks})"), meeting_ids)
        shown = [row[0] for row in cursor.fetchall()]
    rows = []
    publications = publication_model.objects.filter(pk__in=shown).select_related("meeting")
    for publication in publications.only("pk", "audience", "content", "meeting__council_id", "meeting__starts_at"):
        meeting = publication.meeting
        for item in publication.content.get("items", ()):
            entry = entry_model(
                publication_id=publication.pk,
                meeting_id=meeting.pk,
                council_id=meeting.council_id,
                audience=publication.audience,
                starts_at=meeting.starts_at,
                number=item.get("number") or 0,
                title=str(item.get("title") or ""),  # plain text as typed (only the rich text has tags)
                is_closed=bool(item.get("is_closed")),
            )
            rows.append((entry, item_text(item)))
    if connection.vendor != "postgresql":
        entry_model.objects.bulk_create([entry for entry, _ in rows], batch_size=1000)
        text_model.objects.bulk_create([text_model(entry=entry, text=text) for entry, text in rows], batch_size=1000)
        return len(rows)
    columns = ["publication_id", "meeting_id", "council_id", "audience", "starts_at", "number", "title", "is_closed"]
    values = ", ".join(["%s"] * (len(columns) + 1))
    with connection.cursor() as cursor:  # the vector written with the row (an UPDATE after would write it twice)
        cursor.executemany(
            f"""WITH v ({", ".join(columns)}, text) AS (VALUES ({values})),
                e AS (INSERT INTO {entry_model._meta.db_table} ({", ".join(columns)}, vector)
                    SELECT {", ".join(f"v.{name}" for name in columns)}, {weighted_vector_sql("v.title", "v.text")}
                    FROM v RETURNING id)
                INSERT INTO {text_model._meta.db_table} (entry_id, text) SELECT e.id, v.text FROM e, v""",
            [[getattr(entry, name) for name in columns] + [text] for entry, text in rows],
        )
    return len(rows)


def sync_meeting(meeting_id) -> int:
    return sync_meetings([meeting_id])


def rebuild(*, publication_model=None, entry_model=None, text_model=None, batch: int = 100) -> int:
    """The whole index from the publications (the backfill: migration and ``rebuild_search_index``)."""
    publication_model = publication_model or SearchEntry.publication.field.related_model
    meeting_ids = sorted(set(publication_model.objects.values_list("meeting_id", flat=True)))
    (entry_model or SearchEntry).objects.all().delete()
    written = 0
    for start in range(0, len(meeting_ids), batch):
        written += sync_meetings(
            meeting_ids[start : start + batch],
            publication_model=publication_model,
            entry_model=entry_model,
            text_model=text_model,
        )
    return written


def _live_text(row: str) -> str:
    return " || ' ' || ".join(f"COALESCE({row}{name}, '')" for name in TEXT_FIELDS)


# The trigger behind ``LiveItemVector`` (PostgreSQL): an item's vector is written with the item, and a
# meeting's new date or cancellation reaches its items' rows in the same statement.
LIVE_TRIGGERS = f"""
CREATE OR REPLACE FUNCTION meetings_liveitem_write() RETURNS trigger AS $$
BEGIN
    INSERT INTO meetings_liveitemvector (item_id, meeting_id, council_id, starts_at, is_cancelled, vector)
    SELECT NEW.id, m.id, m.council_id, m.starts_at, m.status = 'cancelled',
        {weighted_vector_sql("NEW.title", _live_text("NEW."))}
    FROM meetings_meeting m WHERE m.id = NEW.meeting_id
    ON CONFLICT (item_id) DO UPDATE SET meeting_id = EXCLUDED.meeting_id, council_id = EXCLUDED.council_id,
        starts_at = EXCLUDED.starts_at, is_cancelled = EXCLUDED.is_cancelled, vector = EXCLUDED.vector;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS meetings_liveitem_write ON meetings_agendaitem;
CREATE TRIGGER meetings_liveitem_write AFTER INSERT OR UPDATE OF title, case_presentation, recommendation,
    decision, meeting_id ON meetings_agendaitem FOR EACH ROW EXECUTE FUNCTION meetings_liveitem_write();

CREATE OR REPLACE FUNCTION meetings_liveitem_meeting() RETURNS trigger AS $$
BEGIN
    UPDATE meetings_liveitemvector SET starts_at = NEW.starts_at, council_id = NEW.council_id,
        is_cancelled = NEW.status = 'cancelled'
    WHERE meeting_id = NEW.id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS meetings_liveitem_meeting ON meetings_meeting;
CREATE TRIGGER meetings_liveitem_meeting AFTER UPDATE OF starts_at, status, council_id ON meetings_meeting
    FOR EACH ROW EXECUTE FUNCTION meetings_liveitem_meeting();

INSERT INTO meetings_liveitemvector (item_id, meeting_id, council_id, starts_at, is_cancelled, vector)
SELECT i.id, m.id, m.council_id, m.starts_at, m.status = 'cancelled',
    {weighted_vector_sql("i.title", _live_text("i."))}
FROM meetings_agendaitem i JOIN meetings_meeting m ON m.id = i.meeting_id
ON CONFLICT (item_id) DO NOTHING;
"""

DROP_LIVE_TRIGGERS = """
DROP TRIGGER IF EXISTS meetings_liveitem_write ON meetings_agendaitem;
DROP TRIGGER IF EXISTS meetings_liveitem_meeting ON meetings_meeting;
DROP FUNCTION IF EXISTS meetings_liveitem_write();
DROP FUNCTION IF EXISTS meetings_liveitem_meeting();
"""
