"""The meetings app's plain SQL against its ORM reference on generated rows, with another council's meeting
beside the one asked about:

- ``queries/sitting.py``: the sitting page's marks (attendance, arrivals and departures, afbud) and its items
  with their votes, in every mix the services rarely reach together (the state machine seldom gets to a vote);
- ``queries/documents.py``: the latest versions, the staff list and the public page's stamp, with the other
  meeting's versions in the same tables;
- ``permissions.shown_publications`` (search's subquery): for a member seated on the day or only today, a
  personal substitute summoned or not (one not summoned reads the public version), staff, a KL admin and the
  public, exactly the versions that user's meeting pages show, through ``meetings_read_in_full``,
  ``latest_documents`` and ``shown_documents``;
- ``searchindex._shown_sql``: the index rows ``sync_meetings`` writes are the versions each audience's page shows.

``kkr/health.py`` runs ``SELECT 1``: it returns no data to compare (its tests stop the database instead)."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings import permissions as meeting_permissions
from meetings.models import AbsenceNotice, AgendaItem, Attendance, Meeting, PresenceSpan, Publication, Vote
from meetings.queries import latest_documents, publication_context, shown_documents
from meetings.queries.documents import public_page_stamp
from members import permissions as member_permissions
from members.deadlines import COPENHAGEN
from members.models import Council, Person, SubstituteAssignment
from tests.builders import make_staff, make_user

from .checks import sitting_items_equal_orm, sitting_rows_equal_orm
from .test_raw_sql import DB, PUBLICATIONS, in_savepoint, reference_latest, seat_in, the_period

pytestmark = pytest.mark.django_db

# Arrivals and departures by item: late, early, both, and left and came back (two spans).
SPANS = st.sampled_from([[], [(2, None)], [(None, 3)], [(2, 3)], [(None, 2), (3, None)]])
PEOPLE = st.lists(
    st.tuples(st.booleans(), st.sampled_from(list(Attendance.Capacity)), SPANS, st.booleans()), max_size=4
)
VOTES = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 9), st.integers(0, 9), st.sampled_from(["", *Vote.Choice.values])),
    max_size=4,
)
MEETS = datetime(2026, 5, 12, 10, tzinfo=COPENHAGEN)


def meeting_of(council, starts_at=MEETS, **fields):
    return Meeting.objects.create(
        council=council, period=the_period(), starts_at=starts_at, location="Rådhuset", **fields
    )


def fill_sitting(meeting, people, votes, tag):
    items = [AgendaItem.objects.create(meeting=meeting, position=n, title=f"{tag} {n}") for n in (1, 2, 3)]
    for n, (present, capacity, spans, notice) in enumerate(people):
        person = Person.objects.create(name=f"{tag} person {n}")
        seat = seat_in(meeting.council, person, starts_on=date(2026, 1, 20), ends_on=None)
        membership = None if capacity == Attendance.Capacity.OBSERVER else seat
        attendance = Attendance.objects.create(
            meeting=meeting, person=person, capacity=capacity, membership=membership, is_present=present
        )
        for start, end in spans if present else []:
            PresenceSpan.objects.create(attendance=attendance, from_position=start, until_position=end)
        if notice:
            AbsenceNotice.objects.create(meeting=meeting, membership=seat, given_at=MEETS - timedelta(days=1))
    for n, (index, yes, no, casting) in enumerate(votes):
        Vote.objects.create(
            item=items[index], votes_for=yes, votes_against=no, casting_vote=casting, is_adopted=yes > no,
            minutes_sentence=f"Afstemning {n}", recorded_at=MEETS + timedelta(minutes=n),
        )  # fmt: skip


@DB
@given(people=PEOPLE, votes=VOTES, others=PEOPLE, other_votes=VOTES)
def test_the_sitting_pages_queries_equal_the_orm(reference_data, people, votes, others, other_votes):
    councils = list(Council.objects.order_by("pk")[:2])

    def build():
        meetings = [meeting_of(councils[0]), meeting_of(councils[1])]
        fill_sitting(meetings[0], people, votes, "A")
        fill_sitting(meetings[1], others, other_votes, "B")
        for meeting in meetings:
            sitting_rows_equal_orm(meeting)
            sitting_items_equal_orm(meeting)

    in_savepoint(build)


def publish_rows(meeting, rows):
    first = datetime(2026, 4, 1, 9, tzinfo=COPENHAGEN)
    for kind, audience, version, hours in rows:
        Publication.objects.create(
            meeting=meeting, kind=kind, audience=audience, version=version, content={"items": []},
            requested_at=first + timedelta(hours=hours),
        )  # fmt: skip


@DB
@given(rows=PUBLICATIONS, other_rows=PUBLICATIONS)
def test_the_document_queries_equal_the_orm_beside_another_councils_meeting(reference_data, rows, other_rows):
    councils = list(Council.objects.order_by("pk")[:2])

    def build():
        meeting, other = meeting_of(councils[0]), meeting_of(councils[1])
        publish_rows(meeting, rows)
        publish_rows(other, other_rows)
        for this in (meeting, other):
            newest_first = Publication.objects.filter(meeting=this).order_by("-version", "kind", "audience")
            assert [p.pk for p in publication_context(this)["publications"]] == [p.pk for p in newest_first]
            for audience in Publication.Audience:
                fast, reference = latest_documents(this, audience), reference_latest(this, audience)
                assert {k: getattr(v, "pk", None) for k, v in fast.items() if k in reference} == {
                    k: getattr(v, "pk", None) for k, v in reference.items()
                }
            public = Publication.objects.filter(meeting=this, audience=Publication.Audience.PUBLIC).order_by("pk")
            stamp = public_page_stamp(this.council.slug, this.pk)
            if public.filter(kind=Publication.Kind.AGENDA).exists():
                assert [row[:4] for row in stamp] == list(public.values_list("pk", "kind", "version", "state"))
            else:
                assert stamp is None

    in_savepoint(build)


def pages_show(meeting, audience) -> set[int]:
    """The versions a meeting page shows to ``audience``, through the ORM reference of ``latest_documents``."""
    shown = shown_documents(reference_latest(meeting, audience))
    found = {shown["shown"].pk} if shown["shown"] else set()
    if shown["supplement"] and shown["shown"].kind == Publication.Kind.AGENDA:
        found.add(shown["supplement"].pk)
    return found


def reference_shown(user, meetings, today) -> set[int]:
    """``shown_publications`` told as the pages decide it: nothing of a council the user manages (search reads
    its live items), the members' version where they read the meeting in full, else the public version of a
    council they sit in today, else the public version once the public agenda is out."""
    managed = set(member_permissions.managed_councils(user).values_list("pk", flat=True)) if user else set()
    member_of = set(member_permissions.member_councils(user, on=today).values_list("pk", flat=True)) if user else set()
    in_full = set(meeting_permissions.meetings_read_in_full(user).values_list("pk", flat=True)) if user else set()
    found = set()
    for meeting in meetings:
        if meeting.council_id in managed:
            continue
        public = Publication.Audience.PUBLIC
        if meeting.council_id in member_of:
            found |= pages_show(meeting, Publication.Audience.MEMBERS if meeting.pk in in_full else public)
        elif Publication.objects.filter(meeting=meeting, kind=Publication.Kind.AGENDA, audience=public).exists():
            found |= pages_show(meeting, public)
    return found


ROLES = st.sampled_from(
    ["public", "seated today", "seated on the day only", "summoned substitute", "substitute", "staff", "admin"]
)


@DB
@given(role=ROLES, rows=PUBLICATIONS, other_rows=PUBLICATIONS, seated_elsewhere=st.booleans())
def test_shown_publications_are_the_versions_the_users_pages_show(
    reference_data, role, rows, other_rows, seated_elsewhere
):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    councils = list(Council.objects.order_by("pk")[:2])
    today = timezone.localdate()

    def build():
        meeting, other = meeting_of(councils[0]), meeting_of(councils[1])
        publish_rows(meeting, rows)
        publish_rows(other, other_rows)
        user = None if role == "public" else make_user("bruger", is_superuser=role == "admin")
        if role == "staff":
            user = make_staff(councils[0], "sekretariat-x")
        person = Person.objects.create(name="Brugeren", user=user) if user else None
        if role == "seated today":
            seat_in(councils[0], person, starts_on=date(2026, 1, 20), ends_on=None)
        if role == "seated on the day only":  # held the seat when the meeting was held, not today
            seat_in(councils[0], person, starts_on=date(2026, 1, 20), ends_on=meeting.meets_on, end_reason="other")
        if role in ("summoned substitute", "substitute"):
            holder = seat_in(
                councils[0], Person.objects.create(name="Holder"), starts_on=date(2026, 1, 20), ends_on=None
            )
            SubstituteAssignment.objects.create(membership=holder, person=person, starts_on=date(2026, 1, 20))
            if role == "summoned substitute":  # the member sent an afbud: the substitute reads the meeting in full
                AbsenceNotice.objects.create(meeting=meeting, membership=holder, given_at=MEETS - timedelta(days=2))
        if seated_elsewhere and person is not None and role not in ("seated today", "seated on the day only"):
            seat_in(councils[1], person, starts_on=date(2026, 1, 20), ends_on=None)
        fast = set(
            Publication.objects.filter(pk__in=meeting_permissions.shown_publications(user or AnonymousUser()))
            .filter(meeting__in=[meeting, other])
            .values_list("pk", flat=True)
        )
        assert fast == reference_shown(user, [meeting, other], today), (role, rows, other_rows)
        for some in ([meeting], [other], [meeting, other]):  # only a page's meetings (the archive, a bilag)
            shown = meeting_permissions.shown_publications(user or AnonymousUser(), [m.pk for m in some])
            scoped = set(Publication.objects.filter(pk__in=shown).values_list("pk", flat=True))
            assert scoped == reference_shown(user, some, today), (role, rows, other_rows, some)

    in_savepoint(build)


@DB
@given(rows=PUBLICATIONS, other_rows=PUBLICATIONS, cancelled=st.booleans())
def test_the_search_index_holds_the_versions_each_audiences_page_shows(reference_data, rows, other_rows, cancelled):
    """``searchindex._shown_sql`` (what ``sync_meetings`` writes, one row per item) against the pages through the
    ORM: the members' page's versions, the public page's once its agenda is out, nothing of a cancelled meeting."""
    from meetings.searchindex import SearchEntry, sync_meetings

    councils = list(Council.objects.order_by("pk")[:2])

    def build():
        meetings = [meeting_of(councils[0]), meeting_of(councils[1])]
        for meeting, versions in zip(meetings, (rows, other_rows), strict=True):
            publish_rows(meeting, versions)
            Publication.objects.filter(meeting=meeting).update(content={"items": [{"number": 1, "title": "Punkt"}]})
        if cancelled:
            Meeting.objects.filter(pk=meetings[0].pk).update(status=Meeting.Status.CANCELLED)
        sync_meetings([meeting.pk for meeting in meetings])
        public = Publication.Audience.PUBLIC
        for n, meeting in enumerate(meetings):
            expected = set()
            if not (cancelled and n == 0):
                expected |= pages_show(meeting, Publication.Audience.MEMBERS)
                if Publication.objects.filter(meeting=meeting, kind=Publication.Kind.AGENDA, audience=public).exists():
                    expected |= pages_show(meeting, public)
            entries = SearchEntry.objects.filter(meeting=meeting)
            assert set(entries.values_list("publication_id", flat=True)) == expected
            assert {(e.council_id, e.audience, e.starts_at) for e in entries} <= {
                (meeting.council_id, audience, meeting.starts_at) for audience in Publication.Audience
            }
            assert all(e.audience == e.publication.audience for e in entries.select_related("publication"))

    in_savepoint(build)
