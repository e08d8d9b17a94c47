"""Every plain SQL statement of the fast paths against its ORM reference on generated data (docs/invariants.md). The
state machine (``test_state_machine.py``) compares the roster rows, the roles and the sitting rows after every
step of a random council history; these tests generate the rows directly, for the cases the services rarely
reach: guardian's group permissions, inactive users and superusers for ``roles_sql`` (its UNION over guardian's
tables against ``get_objects_for_user``), and every mix of publication versions for the document queries."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import AgendaItem, Meeting, Publication
from meetings.queries import latest_documents, publication_context, shown_documents
from meetings.queries.documents import on_page_sql, public_page_stamp
from members import permissions
from members.deadlines import COPENHAGEN
from members.models import Council, EndReason, Membership, Person, SeatEntitlement, SubstituteAssignment
from members.rostertable import entitlements_on
from tests.builders import make_user, party

from .checks import roles_equal_orm

pytestmark = pytest.mark.django_db
DB = settings(
    max_examples=25,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DAY0 = date(2026, 3, 1)
COUNCILS = st.integers(0, 4)
DATED = st.tuples(COUNCILS, st.integers(-30, 30), st.one_of(st.none(), st.integers(0, 60)))


def the_period():
    from members.models import ElectionPeriod

    return ElectionPeriod.objects.get(name="2026-2030")


def seat_in(council, person, *, starts_on, ends_on, end_reason=""):
    return Membership.objects.create(
        council=council, period=the_period(), person=person, kind=Membership.Kind.PARTY_ELECTED, party=party("A"),
        municipality=council.municipalities.first(), starts_on=starts_on, ends_on=ends_on, end_reason=end_reason,
    )  # fmt: skip


def a_meeting(council):
    starts_at = datetime(2026, 5, 12, 10, tzinfo=COPENHAGEN)
    return Meeting.objects.create(council=council, period=the_period(), starts_at=starts_at, location="Aalborg")


class Rollback(Exception):
    pass


def in_savepoint(build):
    """Run one example's rows and checks in a savepoint that is rolled back: examples don't see each other."""
    try:
        with transaction.atomic():
            build()
            raise Rollback
    except Rollback:
        pass


def dated(start: int, length: int | None) -> dict:
    starts_on = DAY0 + timedelta(days=start)
    if length is None:
        return {"starts_on": starts_on, "ends_on": None}
    return {"starts_on": starts_on, "ends_on": starts_on + timedelta(days=length), "end_reason": EndReason.OTHER}


@DB
@given(
    superuser=st.booleans(),
    active=st.booleans(),
    direct=st.sets(COUNCILS),
    through_group=st.sets(COUNCILS),
    in_group=st.booleans(),
    seats=st.lists(DATED, max_size=3),
    substitutes=st.lists(DATED, max_size=3),
    day=st.integers(-40, 90),
)
def test_roles_sql_equals_guardian_and_the_dated_rows(
    reference_data, superuser, active, direct, through_group, in_group, seats, substitutes, day
):
    councils = list(Council.objects.order_by("pk"))

    def build():
        user = make_user("bruger", is_superuser=superuser)
        user.is_active = active
        user.save()
        other = make_user("anden")
        assign_perm(permissions.MANAGE, other, councils[0])
        for index in direct:
            assign_perm(permissions.MANAGE, user, councils[index])
        group = Group.objects.create(name="sekretariat")
        for index in through_group:
            assign_perm(permissions.MANAGE, group, councils[index])
        if in_group:
            user.groups.add(group)
        person = Person.objects.create(name="Politiker", user=user)
        # one open row per person and kind (the database's constraints): the later rows have an end
        for n, (index, start, length) in enumerate(seats):
            seat_in(councils[index], person, **dated(start, length if n == 0 or length is not None else 5))
        for n, (index, start, length) in enumerate(substitutes):
            holder = Person.objects.create(name=f"Medlem {n}")
            length = length if n == 0 or length is not None else 5
            seat = seat_in(councils[index], holder, starts_on=DAY0 - timedelta(days=60), ends_on=None)
            SubstituteAssignment.objects.create(membership=seat, person=person, **dated(start, length))
        roles_equal_orm(user, DAY0 + timedelta(days=day))

    in_savepoint(build)


@DB
@given(rows=st.lists(st.tuples(COUNCILS, st.integers(0, 2), st.sampled_from("AVCFØ"), st.integers(0, 9)), max_size=6))
def test_entitlement_sql_equals_the_orm(reference_data, rows):
    from members.models import ElectionPeriod

    councils = list(Council.objects.order_by("pk"))
    periods = list(ElectionPeriod.objects.order_by("starts_on"))

    def build():
        for index, period_index, letter, seats in rows:
            SeatEntitlement.objects.get_or_create(
                council=councils[index], period=periods[period_index % len(periods)], party=party(letter),
                defaults={"seats": seats, "mayors": 0},
            )  # fmt: skip
        for period in periods:
            for council in councils[:2]:
                on = period.starts_on + timedelta(days=1)
                fast = [(e.pk, e.party.letter, e.seats) for e in entitlements_on(council.pk, on)]
                reference = [
                    (e.pk, e.party.letter, e.seats)
                    for e in SeatEntitlement.objects.filter(
                        council=council, period__starts_on__lte=on, period__ends_on__gte=on
                    ).select_related("party").order_by("party__letter")
                ]  # fmt: skip
                assert fast == reference

    in_savepoint(build)


PUBLICATIONS = st.lists(
    st.tuples(
        st.sampled_from(list(Publication.Kind)),
        st.sampled_from(list(Publication.Audience)),
        st.integers(1, 3),  # version
        st.integers(0, 5),  # requested, hours after the first
    ),
    max_size=7,
    unique_by=lambda row: row[:3],
)


def reference_latest(meeting, audience) -> dict:
    """``latest_documents`` through the ORM: the newest version of each kind; the Tillæg only while the newest
    agenda was requested no later than it."""
    newest = {}
    for publication in Publication.objects.filter(meeting=meeting, audience=audience).order_by("version"):
        newest[publication.kind] = publication
    agenda, supplement = newest.get(Publication.Kind.AGENDA), newest.get(Publication.Kind.SUPPLEMENT)
    if supplement is not None and (agenda is None or agenda.requested_at > supplement.requested_at):
        supplement = None
    return {"agenda": agenda, "supplement": supplement, "minutes": newest.get(Publication.Kind.MINUTES)}


@DB
@given(rows=PUBLICATIONS)
def test_document_queries_equal_the_orm_and_search_shows_what_the_page_shows(reference_data, rows):
    """``latest_documents`` (its ``newest_sql`` and ``with_agenda_sql``), ``publication_context`` and the public
    page's cache stamp (``public_page_stamp``) against the ORM; and ``on_page_sql``, the condition search reads
    (``shown_publications``), selects exactly the versions the meeting page shows (``shown_documents``) for each
    audience."""
    council = Council.objects.get(slug="nordjylland")
    first = datetime(2026, 4, 1, 9, tzinfo=COPENHAGEN)

    def build():
        meeting = Meeting.objects.create(
            council=council,
            period=the_period(),
            starts_at=datetime(2026, 5, 12, 10, tzinfo=COPENHAGEN),
            location="Aalborg",
        )
        AgendaItem.objects.create(meeting=meeting, position=1, title="Punkt")
        for kind, audience, version, hours in rows:
            Publication.objects.create(
                meeting=meeting, kind=kind, audience=audience, version=version, content={"items": []},
                requested_at=first + timedelta(hours=hours),
            )  # fmt: skip
        context = publication_context(meeting)["publications"]
        public = Publication.objects.filter(meeting=meeting, audience=Publication.Audience.PUBLIC).order_by("pk")
        stamp = public_page_stamp(council.slug, meeting.pk)
        if public.filter(kind=Publication.Kind.AGENDA).exists():
            assert [row[:4] for row in stamp] == list(public.values_list("pk", "kind", "version", "state"))
            assert {row[9:11] for row in stamp} == {(meeting.status, council.name)}
        else:
            assert stamp is None
        assert public_page_stamp("hovedstaden", meeting.pk) is None
        newest_first = Publication.objects.filter(meeting=meeting).order_by("-version", "kind", "audience")
        assert [p.pk for p in context] == list(newest_first.values_list("pk", flat=True))
        for audience in Publication.Audience:
            fast = latest_documents(meeting, audience)
            reference = reference_latest(meeting, audience)
            for key in ("agenda", "supplement", "minutes"):
                assert getattr(fast[key], "pk", None) == getattr(reference[key], "pk", None), key
            shown = shown_documents(fast)
            # the pages show the Tillæg under the agenda only (templates/meetings/*_meeting.html)
            on_page = {shown["shown"].pk} if shown["shown"] else set()
            if shown["supplement"] and shown["shown"].kind == Publication.Kind.AGENDA:
                on_page.add(shown["supplement"].pk)
            sql = f"""SELECT p.* FROM {Publication._meta.db_table} p
                WHERE p.meeting_id = %s AND p.audience = %s AND {on_page_sql("p")}"""
            selected = {p.pk for p in Publication.objects.raw(sql, [meeting.pk, audience.value])}
            assert selected == on_page, (audience, selected, on_page)

    in_savepoint(build)


ITEMS = st.lists(
    st.tuples(st.booleans(), st.integers(0, 2), st.booleans()),  # closed, bilag, proposed by a member
    min_size=1,
    max_size=4,
)


@DB
@given(items=ITEMS, loose_proposals=st.integers(0, 2))
def test_agenda_rows_and_proposals_equal_the_orm(reference_data, items, loose_proposals):
    """``agenda_rows`` (items left-joined to their bilag) and ``meeting_proposals`` (with the proposer's name and
    the item's number) against the ORM."""
    from meetings.models import Attachment, ItemProposal
    from meetings.queries import agenda_rows, meeting_proposals

    council = Council.objects.get(slug="nordjylland")
    received = datetime(2026, 4, 1, 9, tzinfo=COPENHAGEN)

    def build():
        meeting = a_meeting(council)
        proposer = Person.objects.create(name="Forslagsstiller")
        for position, (closed, bilag, proposed) in enumerate(items, start=1):
            item = AgendaItem.objects.create(
                meeting=meeting, position=position, title=f"Punkt {position}", is_closed=closed
            )
            for n in range(bilag):
                Attachment.objects.create(
                    item=item, title=f"Bilag {n}", file=f"bilag/{position}-{n}.pdf", size=1000 * n
                )
            if proposed:
                ItemProposal.objects.create(
                    meeting=meeting, proposer=proposer, title="Forslag", text="Tekst", is_in_time=True,
                    received_at=received + timedelta(minutes=position), agenda_item=item,
                )  # fmt: skip
        for _ in range(loose_proposals):
            ItemProposal.objects.create(
                meeting=meeting, proposer=proposer, title="Løst", text="Tekst", is_in_time=False, received_at=received
            )
        fast = [
            (r["pk"], r["position"], r["is_closed"], [a["pk"] for a in r["attachments"]]) for r in agenda_rows(meeting)
        ]
        reference = [
            (i.pk, i.position, i.is_closed, list(i.attachments.order_by("pk").values_list("pk", flat=True)))
            for i in AgendaItem.objects.filter(meeting=meeting).order_by("position")
        ]
        assert fast == reference
        fast = [(p.pk, p.proposer_name, p.agenda_position) for p in meeting_proposals(meeting)]
        reference = [
            (p.pk, p.proposer.name, p.agenda_item.position if p.agenda_item else None)
            for p in ItemProposal.objects.filter(meeting=meeting)
            .select_related("proposer", "agenda_item")
            .order_by("received_at", "pk")
        ]
        assert fast == reference

    in_savepoint(build)


@DB
@given(changes=st.lists(st.integers(0, 2), max_size=4))
def test_dashboard_stamp_is_the_newest_history_row_of_each_table(reference_data, changes):
    """``portal.dashboard.dashboard_stamp`` (one plain query over the history tables) against the ORM's newest
    history id per table: a change to a shown row changes the stamp."""
    from portal.dashboard import SHOWN, dashboard_stamp

    def build():
        people = []
        for change in changes:
            if change == 0 or not people:
                people.append(Person.objects.create(name=f"Person {len(people)}"))
            else:
                person = people[-1]
                person.name += " (rettet)"
                person.save()
        reference = tuple(
            model.history.order_by("-history_id").values_list("history_id", flat=True).first() for model in SHOWN
        )
        assert dashboard_stamp() == reference

    in_savepoint(build)
