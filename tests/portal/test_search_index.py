"""The search index (``meetings.searchindex``): written when a version is published, rewritten when it is
superseded or its meeting cancelled, and the only text the public's and the members' search read (SPEC §6,
FO 3.0, FO 3.3, FO 3.4). Tried as an attacker would: words of content edited after sending, of closed items, of
another council and of versions never sent are looked for by the public and by a member, in the results and in
the index itself. Then the index's use on PostgreSQL (EXPLAIN), the cap on counting and the query count."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting, Publication, SearchEntry
from meetings.searchindex import SearchText, rebuild, sync_meeting, weighted_vector_sql
from meetings.services import cancel_meeting
from portal.search import items as searching
from tests.builders import make_member
from tests.portal.finding import at, held_meeting

pytestmark = pytest.mark.django_db

# Marker words, each in one place only; none may reach the public's or a member's results unless listed.
OPEN = "aabenord"
CLOSED_TEXT = "lukkettekstord"
EDITED = "rettetefterord"
ADDED = "tilfoejetefterord"
NEVER_SENT = "aldrigsendtord"
OTHER_OPEN = "andetraadaabent"
OTHER_CLOSED = "andetraadlukket"
OTHER_NEVER_SENT = "andetraadusendt"
CANCELLED = "aflystmoedeord"


def found(client, word) -> list[str]:
    response = client.get(reverse("portal:search"), {"q": word})
    assert response.status_code == 200
    return [hit.item.title for hit in response.context["hits"]]


@pytest.fixture
def world(nordjylland, hovedstaden, period):
    """Council A (Nordjylland): a sent agenda with an open and a closed item, then an edit and an added item
    never sent; a meeting never sent; a sent meeting later cancelled. Council B (Hovedstaden): a sent agenda
    with an open and a closed item, and a meeting never sent."""
    sent = held_meeting(
        nordjylland,
        at(2026, 3, 12, 10),
        [(f"Trafik {OPEN}", "Om cykelstier.", "", False), ("Personsag", f"Begrundelse {CLOSED_TEXT}.", "", True)],
        minutes=False,
    )
    sent.items.filter(position=1).update(case_presentation=f"Ny tekst {EDITED}.")
    sent.items.create(position=3, title=f"Eftersendt {ADDED}", case_presentation=ADDED)
    held_meeting(nordjylland, at(2026, 4, 12, 10), [(f"Kladde {NEVER_SENT}", NEVER_SENT, "", False)], published=False)
    doomed = held_meeting(nordjylland, at(2026, 12, 12, 10), [(f"Aflyst {CANCELLED}", CANCELLED, "", False)])
    Meeting.objects.filter(pk=doomed.pk).update(status=Meeting.Status.PLANNED)
    doomed.refresh_from_db()
    assert found_anyone(CANCELLED)  # found until the meeting is cancelled
    cancel_meeting(doomed, actor=None, reason="Aflyst")
    held_meeting(
        hovedstaden,
        at(2026, 3, 19, 10),
        [(f"Vej {OTHER_OPEN}", "Om veje.", "", False), ("Fortroligt", f"Tekst {OTHER_CLOSED}.", "", True)],
        minutes=False,
    )
    held_meeting(hovedstaden, at(2026, 4, 19, 10), [(OTHER_NEVER_SENT, OTHER_NEVER_SENT, "", False)], published=False)
    return sent


def found_anyone(word) -> bool:
    return (
        SearchEntry.objects.filter(content__text__icontains=word).exists()
        or SearchEntry.objects.filter(title__icontains=word).exists()
    )


NEVER_FOUND = (EDITED, ADDED, NEVER_SENT, OTHER_NEVER_SENT, CANCELLED)


def test_fo_3_0_the_public_finds_only_what_was_published_to_the_public(client, world):
    assert found(client, OPEN) == [f"Trafik {OPEN}"]
    assert found(client, OTHER_OPEN) == [f"Vej {OTHER_OPEN}"]
    for word in (CLOSED_TEXT, OTHER_CLOSED, "Personsag", "Fortroligt", *NEVER_FOUND):
        assert found(client, word) == [], word


def test_fo_3_3_a_member_finds_their_councils_closed_items_as_sent_and_nothing_unreleased(
    client, world, nordjylland, period
):
    client.force_login(make_member(nordjylland, period, "medlem-angreb"))
    assert found(client, OPEN) == [f"Trafik {OPEN}"]
    assert found(client, CLOSED_TEXT) == ["Personsag"]
    assert found(client, OTHER_OPEN) == [f"Vej {OTHER_OPEN}"]  # another council: its public version
    for word in (OTHER_CLOSED, "Fortroligt", *NEVER_FOUND):
        assert found(client, word) == [], word


def test_fo_3_0_the_index_holds_no_unreleased_word_for_any_audience(world):
    """The index itself, not only the results: no row for an edit or item added after sending, a version never
    sent or a cancelled meeting; the public rows hold no closed item's text or real title."""
    for word in NEVER_FOUND:
        assert not found_anyone(word), word
    public = SearchEntry.objects.filter(audience=Publication.Audience.PUBLIC)
    for word in (CLOSED_TEXT, OTHER_CLOSED, "Personsag", "Fortroligt"):
        assert (
            not public.filter(content__text__icontains=word).exists()
            and not public.filter(title__icontains=word).exists()
        )
    assert set(public.filter(is_closed=True).values_list("title", flat=True)) == {"Lukket punkt"}


def test_fo_3_3_the_backfill_writes_the_same_rows_as_publishing_did(world):
    def rows():
        return sorted(SearchEntry.objects.values_list("publication_id", "audience", "number", "title", "content__text"))

    before = rows()
    assert before
    rebuild()
    assert rows() == before


def test_fo_3_4_a_new_version_replaces_its_predecessors_rows(nordjylland):
    meeting = held_meeting(nordjylland, at(2026, 3, 12, 10), [("Budget", "Om budgettet.", "Vedtaget.", False)])
    minutes = set(meeting.publications.filter(kind=Publication.Kind.MINUTES).values_list("pk", flat=True))
    assert set(SearchEntry.objects.filter(meeting=meeting).values_list("publication_id", flat=True)) == minutes


def test_fo_3_4_rewriting_a_meetings_rows_leaves_one_text_per_row_and_none_behind(nordjylland):
    meeting = held_meeting(nordjylland, at(2026, 3, 12, 10), [("Budget", "Om budgettet.", "Vedtaget.", False)])
    sync_meeting(meeting.pk)
    sync_meeting(meeting.pk)
    entries = set(SearchEntry.objects.values_list("pk", flat=True))
    assert entries and set(SearchText.objects.values_list("entry_id", flat=True)) == entries


# --- Counting: a cap, not a second run of the query -------------------------------------------------------------


def test_beyond_the_cap_the_page_says_more_than_and_counts_nothing_further(client, nordjylland, monkeypatch):
    for month in range(1, 6):
        held_meeting(nordjylland, at(2025, month, 12, 10), [("Praktik", "Om praktikpladser.", "Godkendt.", False)])
    monkeypatch.setattr(searching, "CAP", 3)
    results = searching.search_items("praktikpladser", AnonymousUser())
    assert results.count() == 3 and results.capped
    response = client.get(reverse("portal:search"), {"q": "praktikpladser"})
    assert "mere end 3 fundet" in response.text
    monkeypatch.setattr(searching, "CAP", 1000)
    assert searching.search_items("praktikpladser", AnonymousUser()).count() == 5


def search_queries(client, word) -> int:
    client.get(reverse("portal:search"), {"q": word})  # warm: sessions, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:search"), {"q": word})
    assert response.context["hits"]
    return len(queries)


@pytest.mark.postgresql("the query counts of search's plain-SQL path (SQLite matches words through the ORM)")
def test_the_search_page_runs_as_many_queries_for_many_meetings_as_for_few(
    client, nordjylland, period, staff_user, member_user
):
    def add(months):
        for month in months:
            held_meeting(nordjylland, at(2025, month, 12, 10), [("Praktik", "Om praktikpladser.", "Godkendt.", False)])

    add(range(1, 3))
    few = {}
    for user in (None, member_user, staff_user):
        client.logout()
        if user:
            client.force_login(user)
        few[user] = search_queries(client, "praktikpladser")
    add(range(3, 13))
    for user in (None, member_user, staff_user):
        client.logout()
        if user:
            client.force_login(user)
        assert search_queries(client, "praktikpladser") == few[user], user
    # signed in: session, user, roles, the items, and the meetings, people and appointments in one query
    assert [few[user] for user in (None, member_user, staff_user)] == [2, 5, 5]


# --- PostgreSQL: the GIN index serves the match -----------------------------------------------------------------


CASE_TEXT = (
    "Sekretariatet har udarbejdet et oplæg på baggrund af drøftelserne i kommunaldirektørkredsen. "
    "Bemærkningerne fra de faglige netværk er indarbejdet. "
)


def plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def candidates_plan(word: str, user=None) -> str:
    results = searching.search_items(word, user or AnonymousUser())
    sql, params = results.branches[0]
    return plan(sql, params)


def test_postgresql_matches_the_stored_vectors_through_the_gin_index(nordjylland):
    """40,000 index rows of realistic length (the public half of the 10× bench set's 55,000): a word in 1 row in 50
    ("common": 800 hits, most of the cap) and a word in one row are both found through the GIN index, no sequential
    scan and no ``to_tsvector`` at query time; a word in every row may instead walk the date index newest
    first (the LIMIT stops it after the cap), but never the whole table."""
    if connection.vendor != "postgresql":
        pytest.skip("full-text search and its indexes are PostgreSQL only")
    meeting = held_meeting(nordjylland, at(2026, 3, 12, 10), [("Start", "Om start.", "", False)], minutes=False)
    publication = meeting.publications.filter(audience=Publication.Audience.PUBLIC).first()
    # a case presentation's length (as the bench data's: about 800 characters)
    text = f"repeat('{CASE_TEXT}', 4) || 'Sagen om ' || CASE WHEN g %% 50 = 0 THEN 'klimatilpasning' ELSE 'vej' END"
    text += " || CASE WHEN g = 7777 THEN ' sjaeldenhedsord' ELSE '' END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO meetings_searchentry (publication_id, meeting_id, council_id, audience, starts_at,
                    number, title, is_closed, vector)
                SELECT %s, %s, %s, 'public', %s - g * interval '1 hour', g %% 40 + 1, 'Punkt ' || g, FALSE,
                    {weighted_vector_sql("'Punkt ' || g", "t.text")}
                FROM generate_series(1, 40000) g, LATERAL (SELECT {text} AS text) t""",
            [publication.pk, meeting.pk, nordjylland.pk, meeting.starts_at],
        )
        cursor.execute("ANALYZE meetings_searchentry")
    for word in ("sjaeldenhedsord", "klimatilpasning"):
        shown = candidates_plan(word)
        assert "meetings_searchentry_vector" in shown, shown
        assert "Seq Scan" not in shown and "to_tsvector" not in shown, shown
        assert "meetings_searchtext" not in shown, shown  # the match reads the narrow rows, never the text
    everywhere = candidates_plan("sagen")
    assert "Seq Scan" not in everywhere and "to_tsvector" not in everywhere, everywhere
    assert "meetings_searchentry_vector" in everywhere or "meetings_searchentry_date" in everywhere, everywhere
    assert searching.search_items("klimatilpasning", AnonymousUser()).count() == 800
    assert searching.search_items("sjaeldenhedsord", AnonymousUser()).count() == 1
    assert searching.search_items("sagen", AnonymousUser()).capped


def test_staff_snippets_show_the_words_of_a_rich_text_never_its_tags(client, nordjylland, staff_user):
    """Case texts are rich text (headings, lists, tables): the secretariat's search reads the live items, and
    its snippet must be their words, not "<p>" or "&lt;strong&gt;"."""
    meeting = held_meeting(nordjylland, at(2026, 5, 12, 10), [("Klima", "x", "", False)], published=False)
    meeting.items.filter(position=1).update(
        case_presentation="<h4>Baggrund</h4><p>Der er <strong>klimatilpasning</strong> i</p><ul><li>Aalborg</li></ul>"
    )
    client.force_login(staff_user)
    response = client.get(reverse("portal:search"), {"q": "klimatilpasning"})
    [hit] = [hit for hit in response.context["hits"] if hit.item.title == "Klima"]
    assert "<mark>klimatilpasning</mark>" in hit.snippet
    for tag in ("<p>", "<strong>", "&lt;", "<h4>", "<li>"):
        assert tag not in hit.snippet
    assert "Baggrund Der er" in hit.snippet


def test_the_search_gin_indexes_are_written_directly_without_a_pending_list():
    """Every search reads a GIN index's pending list through in full until a vacuum merges it; the search indexes
    are written rarely and read by every search, so they have none (``fastupdate`` off)."""
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL only")
    names = ["meetings_searchentry_vector", "meetings_liveitem_vector", "portal_meeting_search_da"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [names])
        options = dict(cursor.fetchall())
    assert options == {name: ["fastupdate=off"] for name in names}


def test_the_index_rows_a_search_walks_hold_no_text(nordjylland):
    """The match walks and rechecks ``SearchEntry`` rows: the text (most of a row's bytes) is in ``SearchText``,
    read only for the page's snippets."""
    held_meeting(nordjylland, at(2026, 3, 12, 10), [("Budget", "Om budgettet. " * 60, "Vedtaget.", False)])
    assert "text" not in {field.name for field in SearchEntry._meta.concrete_fields}
    entry = SearchEntry.objects.filter(audience=Publication.Audience.PUBLIC).select_related("content").first()
    assert entry.content.text.startswith("Om budgettet.") and len(entry.content.text) > 800


def test_the_count_and_the_asked_page_are_one_query_and_a_page_beyond_the_last_shows_the_last(client, nordjylland):
    """The paginator's count and the rows of the page asked for come from one query; a number beyond the last
    page (the paginator shows the last) or none that is a number (the first) read their rows as well."""
    items = [(f"Trafik {n}", "Om trafik.", "", False) for n in range(25)]
    held_meeting(nordjylland, at(2026, 3, 12, 10), items)
    pages = {}
    for side in ("1", "2", "99", "x"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("portal:search"), {"q": "trafik", "side": side})
        pages[side] = ([hit.item.title for hit in response.context["hits"]], len(queries))
    assert len(pages["1"][0]) == 20 and len(pages["2"][0]) == 5
    assert pages["99"][0] == pages["2"][0] and pages["x"][0] == pages["1"][0]
    assert set(pages["1"][0]) | set(pages["2"][0]) == {f"Trafik {n}" for n in range(25)}
    # the first page: the items and the meetings; a later page: the items only, unless it is not the one asked for
    assert (pages["1"][1], pages["x"][1], pages["2"][1], pages["99"][1]) == (2, 2, 1, 2)
