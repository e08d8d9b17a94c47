"""Every plain SQL statement of search, the search index and the archive against its ORM reference on generated
data, as ``test_raw_sql.py`` does for the other fast paths: meetings of three councils with items of a small
vocabulary, every mix of published versions, items edited after sending, meetings cancelled after publishing, and
five users (anonymous, staff of one council, a member of another, a personal substitute of a third, summoned to
some meetings, and a KL admin). The references are written the plain way: which versions a meeting page shows
(``latest_documents`` through the ORM, ``shown_documents``, ``can_read_closed_of``), the index rows and vectors
from the snapshots and Django's ``SearchVector``, matches and ranks through ``SearchQuery``/``SearchRank`` (on
SQLite ``icontains``), headlines through ``SearchHeadline``, and the meetings' date text from ``meeting_text``.

``portal.dashboard.dashboard_stamp`` is compared with its reference in ``test_raw_sql.py``."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from guardian.shortcuts import assign_perm
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kkr.formats import format_date
from meetings.models import AbsenceNotice, AgendaItem, LiveItemVector, Meeting, Publication, SearchEntry
from meetings.permissions import can_read_closed_of
from meetings.queries import shown_documents
from meetings.searchindex import item_text, sync_meeting
from members import permissions
from members.deadlines import COPENHAGEN
from members.models import Council, Person, SubstituteAssignment
from portal import archive
from portal.search import items as searching
from portal.search import meetingtext
from portal.search.text import CONFIG, START, STOP
from tests.builders import make_user
from tests.portal.finding import snapshot

from .test_raw_sql import DB, PUBLICATIONS, in_savepoint, reference_latest, seat_in, the_period

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"

VOCABULARY = ["klima", "klimaet", "sagen", "om", "vej", "veje", "budget", "trafik", "Sagen"]
QUERIES = ["klima", "sagen", "sagen klima", '"sagen om klima"', "vej -klima", "budget trafik", "veje"]
WORDS = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=5).map(" ".join)
ITEMS = st.lists(st.tuples(WORDS, WORDS, st.booleans(), st.booleans()), min_size=1, max_size=3)  # +closed, edited
MEETINGS = st.lists(
    st.tuples(
        st.integers(0, 2),  # council
        st.integers(0, 250),  # day after 1 February 2026 (one meeting a day: the date orders them)
        st.sampled_from(list(Meeting.Status)),  # cancelled: after its versions were published
        ITEMS,
        PUBLICATIONS,
        st.booleans(),  # the substitute's member sent an afbud (the substitute reads the members' version)
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda row: row[1],
)
FIRST_DAY = datetime(2026, 2, 1, 10, tzinfo=COPENHAGEN)

_A, _M, _S = Publication.Kind.AGENDA, Publication.Kind.MINUTES, Publication.Kind.SUPPLEMENT
_PUBLIC, _MEMBERS = Publication.Audience.PUBLIC, Publication.Audience.MEMBERS
# Every shape at once, tried first by the tests that generate fewer worlds (``FEWER``): a meeting of each of the
# three councils (managed, sat in, a substitute's) and one more of the third; held, planned and cancelled after
# publishing; open and closed items, edited after sending or not; both audiences of agenda, minutes and
# supplement, a newer version beside an older, a members' draft without a public agenda, nothing sent; an afbud.
EVERY_SHAPE = [
    (0, 10, Meeting.Status.HELD,
     [("klima sagen", "vej om klima", False, False), ("budget", "trafik veje", True, True)],
     [(_A, _PUBLIC, 1, 0), (_A, _MEMBERS, 1, 0), (_A, _PUBLIC, 2, 2), (_M, _PUBLIC, 1, 4), (_M, _MEMBERS, 1, 4)],
     False),
    (1, 40, Meeting.Status.PLANNED, [("Sagen om klima", "klimaet", True, False)],
     [(_A, _MEMBERS, 1, 1), (_S, _MEMBERS, 1, 3)], False),
    (2, 80, Meeting.Status.CANCELLED, [("vej", "budget trafik", False, True), ("om", "klima", True, False)],
     [(_A, _PUBLIC, 1, 0), (_A, _MEMBERS, 1, 0), (_S, _PUBLIC, 1, 2), (_S, _MEMBERS, 1, 2), (_M, _MEMBERS, 2, 5)],
     True),
    (2, 120, Meeting.Status.PLANNED,
     [("trafik", "sagen", False, False), ("klima", "om vej", True, False), ("veje budget", "Sagen klima", False, True)],
     [], True),
]  # fmt: skip
# The tests that check every user's every query on each world: fewer generated worlds, ``EVERY_SHAPE`` first.
FEWER = settings(DB, max_examples=10)


def build_world(rows) -> list:
    """The meetings of ``rows`` and the five users; returns the users."""
    councils = list(Council.objects.order_by("pk"))[:3]
    staff, member, substitute = make_user("sekretariat"), make_user("medlem"), make_user("stedfortraeder")
    assign_perm(permissions.MANAGE, staff, councils[0])
    joined = date(2026, 1, 20)
    seat_in(councils[1], Person.objects.create(name="Medlem", user=member), starts_on=joined, ends_on=None)
    holder = seat_in(councils[2], Person.objects.create(name="Holder"), starts_on=joined, ends_on=None)
    SubstituteAssignment.objects.create(
        membership=holder, person=Person.objects.create(name="Stedfortræder", user=substitute), starts_on=joined
    )
    for council, day, status, items, versions, afbud in rows:
        starts_at = FIRST_DAY + timedelta(days=day, minutes=day)
        meeting = Meeting.objects.create(
            council=councils[council], period=the_period(), starts_at=starts_at, location="Aalborg Rådhus"
        )
        for position, (title, text, closed, _edited) in enumerate(items, start=1):
            AgendaItem.objects.create(
                meeting=meeting, position=position, title=title.capitalize(), case_presentation=f"<p>{text}</p>",
                recommendation="At sagen godkendes.", decision="Godkendt." if position == 1 else "", is_closed=closed,
            )  # fmt: skip
        for kind, audience, version, hours in versions:
            public = audience == Publication.Audience.PUBLIC
            content = snapshot(meeting, kind=kind, public=public)
            if kind == Publication.Kind.SUPPLEMENT:  # a Tillæg's items differ from the agenda's
                for item in content["items"]:
                    item["title"] += " (tillæg)"
            Publication.objects.create(
                meeting=meeting, kind=kind, audience=audience, version=version,
                content=content, state=Publication.State.READY,
                requested_at=FIRST_DAY + timedelta(days=day, hours=hours),
            )  # fmt: skip
        for position, (_title, text, _closed, edited) in enumerate(items, start=1):
            if edited:  # after sending: the live item differs from every version
                AgendaItem.objects.filter(meeting=meeting, position=position).update(title=f"Rettet {text} trafik")
        if afbud and council == 2:
            AbsenceNotice.objects.create(meeting=meeting, membership=holder, given_at=starts_at - timedelta(days=2))
        if status != Meeting.Status.PLANNED:
            Meeting.objects.filter(pk=meeting.pk).update(status=status)
            sync_meeting(meeting.pk)  # as ``cancel_meeting`` does
    return [AnonymousUser(), staff, member, substitute, make_user("kl-admin", is_superuser=True)]


# --- the references --------------------------------------------------------------------------------------------


def reference_page_versions(user, meeting, *, index: bool) -> set[int]:
    """The versions the user's meeting page shows in full (the public page, or the members' page in a council
    they sit in), none for a council they manage (their pages show the live items). ``index``: as the search
    index holds them (never for a cancelled meeting; a public version only once the public agenda is out)."""
    mine = permissions.roles_of(user)
    council = meeting.council
    if mine.manages(council) or (index and meeting.status == Meeting.Status.CANCELLED):
        return set()
    closed = mine.sits_in(council) and can_read_closed_of(user, meeting)
    audience = Publication.Audience.MEMBERS if closed else Publication.Audience.PUBLIC
    agenda_out = Publication.objects.filter(
        meeting=meeting, kind=Publication.Kind.AGENDA, audience=Publication.Audience.PUBLIC
    ).exists()
    if audience == Publication.Audience.PUBLIC and not agenda_out and (index or not mine.sits_in(council)):
        return set()
    shown = shown_documents(reference_latest(meeting, audience))
    versions = {shown["shown"].pk} if shown["shown"] else set()
    if shown["supplement"] and shown["shown"].kind == Publication.Kind.AGENDA:
        versions.add(shown["supplement"].pk)
    return versions


def reference_index_rows() -> list[tuple]:
    """The index rows the snapshots give for every audience's page (any user's page of that audience)."""
    rows = []
    for meeting in Meeting.objects.exclude(status=Meeting.Status.CANCELLED):
        agenda_out = meeting.publications.filter(
            kind=Publication.Kind.AGENDA, audience=Publication.Audience.PUBLIC
        ).exists()
        for audience in Publication.Audience:
            if audience == Publication.Audience.PUBLIC and not agenda_out:
                continue
            shown = shown_documents(reference_latest(meeting, audience))
            versions = [shown["shown"]] if shown["shown"] else []
            if shown["supplement"] and shown["shown"].kind == Publication.Kind.AGENDA:
                versions.append(shown["supplement"])
            for version in versions:
                for item in version.content["items"]:
                    rows.append(
                        (version.pk, meeting.pk, meeting.council_id, audience.value, meeting.starts_at,
                         item["number"], item["title"], item["is_closed"], item_text(item))
                    )  # fmt: skip
    return sorted(rows)


def weighted(title, text) -> SearchVector:
    return SearchVector(title, config=CONFIG, weight="A") + SearchVector(*text, config=CONFIG, weight="B")


def query_of(text: str) -> SearchQuery:
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def reference_candidates(user, text: str) -> list[tuple[str, int]]:
    """``search_items``' candidates: the index rows of the versions the user's pages show and the live items of
    the councils they manage, that match every word, best first (rank, newest meeting, number, id)."""
    shown = set()
    for meeting in Meeting.objects.select_related("council"):
        shown |= reference_page_versions(user, meeting, index=True)
    managed = [council.pk for council in permissions.roles_of(user).managed]
    entries = SearchEntry.objects.filter(publication__in=shown)
    live = AgendaItem.objects.filter(meeting__council__in=managed).exclude(meeting__status=Meeting.Status.CANCELLED)
    terms = searching.words(text)
    if POSTGRES:
        query = query_of(" ".join(terms))
        entries = entries.filter(vector=query).annotate(rank=SearchRank(F("vector"), query), n=F("number"))
        live = live.annotate(document=weighted("title", ["case_presentation", "recommendation", "decision"]))
        live = live.filter(document=query).annotate(rank=SearchRank(F("document"), query), n=Value(0))
    else:
        for term in terms:
            entries = entries.filter(Q(title__icontains=term) | Q(content__text__icontains=term))
            live = live.filter(
                Q(title__icontains=term) | Q(case_presentation__icontains=term)
                | Q(recommendation__icontains=term) | Q(decision__icontains=term)
            )  # fmt: skip
        entries, live = (
            entries.annotate(rank=Value(0.0), n=F("number")),
            live.annotate(rank=Value(0.0), n=F("position")),
        )
    found = [("e", row) for row in entries.values_list("pk", "rank", "starts_at", "n")]
    found += [("i", row) for row in live.values_list("pk", "rank", "meeting__starts_at", "n")]
    found.sort(key=lambda hit: (-hit[1][1], -hit[1][2].timestamp(), hit[1][3], hit[1][0]))
    return [(source, row[0]) for source, row in found]


# --- the tests -------------------------------------------------------------------------------------------------


@DB
@given(rows=MEETINGS)
@example(rows=EVERY_SHAPE)
def test_the_search_index_and_the_live_vectors_equal_the_orm(reference_data, rows):
    """``searchindex.sync_meetings`` (``_shown_sql`` and its INSERT with the weighted vector) writes exactly the
    rows of the versions the pages show, from their snapshots; the trigger behind ``LiveItemVector`` keeps one row
    per live item with its meeting's council, date and cancellation and the item's weighted vector."""

    def build():
        build_world(rows)
        fast = sorted(
            SearchEntry.objects.values_list(
                "publication",
                "meeting",
                "council",
                "audience",
                "starts_at",
                "number",
                "title",
                "is_closed",
                "content__text",
            )
        )
        assert fast == reference_index_rows()
        if not POSTGRES:
            assert not LiveItemVector.objects.exists()  # SQLite: staff search reads the live rows
            return
        for stored, reference in SearchEntry.objects.annotate(ref=weighted("title", ["content__text"])).values_list(
            "vector", "ref"
        ):
            assert stored == reference
        fast = sorted(
            LiveItemVector.objects.values_list("item", "meeting", "council", "starts_at", "is_cancelled", "vector")
        )
        reference = sorted(
            AgendaItem.objects.annotate(
                document=weighted("title", ["case_presentation", "recommendation", "decision"])
            ).values_list("pk", "meeting", "meeting__council", "meeting__starts_at", "meeting__status", "document")
        )
        assert fast == [(*row[:4], row[4] == Meeting.Status.CANCELLED, row[5]) for row in reference]

    in_savepoint(build)


@FEWER
@given(rows=MEETINGS)
@example(rows=EVERY_SHAPE)
def test_item_search_equals_the_orm_for_every_role(reference_data, rows):
    """``search_items``: its branches (``entries_shown_sql`` on the index, the live vectors), the ranked union
    and a page's rows with their ``ts_headline`` (``ItemResults``, one query for the count and the page), for
    each user and query, against the ORM."""

    def build():
        users = build_world(rows)
        for user in users:
            for text in QUERIES:
                results = searching.search_items(text, user)
                reference = reference_candidates(user, text)
                assert results.count() == len(reference) and not results.capped
                assert [(row.hit_source, row.hit_id) for row in results[0 : results.count()]] == reference, (user, text)
                page_rows_equal_orm(results[0:20], text)

    in_savepoint(build)


def page_rows_equal_orm(page, text: str) -> None:
    terms = " ".join(searching.words(text))
    for row in page:
        council = Council.objects.get(pk=row.council_id)
        assert (row.council_name, row.council_slug) == (council.name, council.slug)
        if row.hit_source == "e":
            entry = SearchEntry.objects.annotate(
                document=Concat("title", Value(" "), "content__text", output_field=TextField())
            )
            entry = entry.get(pk=row.hit_id)
            reference = (entry.meeting_id, entry.number, entry.title, entry.is_closed, entry.audience, entry.document)
        else:
            item = AgendaItem.objects.get(pk=row.hit_id)
            document = " ".join(
                getattr(item, name) or "" for name in ("title", "case_presentation", "recommendation", "decision")
            )
            reference = (item.meeting_id, item.position, item.title, item.is_closed, "", document)
        fast = (row.pk, row.hit_number, row.hit_title, bool(row.hit_closed), row.hit_audience, row.hit_document)
        assert fast == reference
        if POSTGRES and row.hit_source == "i":  # a live item's snippet comes from its words, not ts_headline
            assert row.hit_headline is None
        elif POSTGRES:
            headline = SearchHeadline(
                Value(row.hit_document), query_of(terms), config=CONFIG, start_sel=START, stop_sel=STOP,
                max_words=30, min_words=12,
            )  # fmt: skip
            assert row.hit_headline == Meeting.objects.annotate(h=headline).values_list("h", flat=True).first()


@DB
@given(rows=MEETINGS)
@example(rows=EVERY_SHAPE)
def test_the_archive_items_equal_the_orm(reference_data, rows):
    """``archive._shown_items`` (the items out of the snapshots, in the database) against the items of the versions
    each user's meeting pages show, read through the ORM: by number, the kinds in order for one number."""

    def build():
        users = build_world(rows)
        meetings = list(Meeting.objects.select_related("council").order_by("pk"))
        for user in users:
            fast = archive._shown_items([meeting.pk for meeting in meetings], user)
            for meeting in meetings:
                versions = Publication.objects.filter(
                    pk__in=reference_page_versions(user, meeting, index=False)
                ).order_by("kind")
                reference = [
                    (item["number"], item["title"], item["is_closed"], item.get("decision") or "")
                    for version in versions
                    for item in version.content["items"]
                ]
                reference.sort(key=lambda item: item[0])
                assert fast.get(meeting.pk, []) == reference, (user, meeting)

    in_savepoint(build)


@DB
@given(days=st.lists(st.integers(0, 3650), min_size=1, max_size=6, unique=True), kind=st.sampled_from(Meeting.Kind))
def test_the_meetings_date_text_in_sql_equals_python(reference_data, days, kind):
    """``meetingtext``'s SQL text of a meeting (its kind, weekday, date in words and as 15.01.2026, place, clock
    time), on which its GIN index is built, against ``meeting_text`` in Python, over ten years of days (summer
    time and winter time); and the meetings found for a date against ``to_tsvector`` of the Python text."""
    if not POSTGRES:
        pytest.skip("the meetings' text is SQL on PostgreSQL only (SQLite matches the words in Python)")
    council = Council.objects.order_by("pk").first()
    everyone = permissions.Roles(managed=list(Council.objects.all()), member_of=[])  # every council's meetings

    def build():
        for day in days:
            starts_at = datetime(2024, 1, 1, 9, 30, tzinfo=COPENHAGEN) + timedelta(days=day, hours=day % 10)
            Meeting.objects.create(
                council=council, period=the_period(), starts_at=starts_at, location="Vejle Rådhus", kind=kind
            )
        meetings = Meeting.objects.annotate(
            display=RawSQL(meetingtext._meeting_display_sql(), [], output_field=TextField()),
            document=RawSQL(meetingtext.meeting_document_sql(), [], output_field=TextField()),
        )
        for meeting in meetings:
            assert meeting.display == meetingtext.meeting_text(meeting)
            assert meeting.document == python_document(meeting)
        for meeting in Meeting.objects.all():
            local = meeting.starts_at.astimezone(COPENHAGEN)
            weekday, _den, day, month, year = format_date(meeting.starts_at, weekday=True).split()
            for text in (weekday, f"{day} {month}", f"{month} {year}", f"{local:%d.%m.%Y}", meeting.get_kind_display()):
                found = meetingtext.search_meetings(text, everyone, limit=len(days))
                reference = {
                    other.pk
                    for other in Meeting.objects.all()
                    if Meeting.objects.annotate(document=SearchVector(Value(python_document(other)), config=CONFIG))
                    .filter(pk=other.pk, document=query_of(text))
                    .exists()
                }
                assert {hit.meeting.pk for hit in found} == reference, text

    in_savepoint(build)


def python_document(meeting) -> str:
    """The text a meeting is found by, in Python: kind, date in words and as 15.01.2026, place."""
    local = meeting.starts_at.astimezone(COPENHAGEN)
    when = format_date(meeting.starts_at, weekday=True)
    return f"{meeting.get_kind_display()} {when} {local:%d.%m.%Y} {meeting.location}"
