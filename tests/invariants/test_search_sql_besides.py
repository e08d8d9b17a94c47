"""What search finds beside the items (``beside.search_beside``: one query on PostgreSQL), in plain SQL, against
the ORM queries it replaced, on generated data: meetings (``meetingtext.postgres_meetings``: the visible meetings
by kind, date and place, ranked, with their headline), people (``people.people_sql``: the user's councils' members
and substitutes, each with the council to show them in) and appointments (``people.appointments_sql``: current,
never voided, in the user's councils), for the five users of ``test_search_sql.build_world``."""

from datetime import date, timedelta

import pytest
from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from appointments.models import Appointment, Seat
from members import permissions
from members.models import Council, Membership, Person, SubstituteAssignment
from portal.search import beside, meetingtext
from portal.search.text import CONFIG, START, STOP, words

from .test_raw_sql import in_savepoint, seat_in
from .test_search_sql import EVERY_SHAPE, FEWER, MEETINGS, build_world, query_of

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"

NAMES = ["Åse Ørum", "Anna Holm", "Bo Holmø", "åse holm", "Søren Å", "Anders Ø"]
PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(NAMES),
        st.integers(0, 2),  # council
        st.booleans(),  # a substitute rather than a member
        st.booleans(),  # an appointment, and whether it is voided
        st.booleans(),
        st.integers(-400, 30),  # the appointment's start in days from today (some ended, some not yet begun)
    ),
    min_size=1,
    max_size=6,
)
# Each kind of person: members and substitutes of each council, appointed or not; appointments current, voided,
# ended and not yet begun (tried first, with ``EVERY_SHAPE``'s meetings).
EVERY_PERSON = [
    ("Åse Ørum", 0, False, True, False, -10),
    ("Anna Holm", 1, True, True, False, 5),
    ("Bo Holmø", 2, False, True, True, -20),
    ("åse holm", 0, True, False, False, 0),
    ("Søren Å", 1, False, True, False, -350),
    ("Anders Ø", 2, True, True, False, -5),
]
SEATED = date(2026, 1, 20)
SEARCHES = ["Holm", "åse", "Ø", "holm anna", "Aalborg", "50%_", "Hovedstaden", "september 2026", "Aalborg Rådhus"]


def build_people(rows) -> None:
    councils = list(Council.objects.order_by("pk"))[:3]
    today = timezone.localdate()
    for n, (name, council, substitutes, appointed, voided, start) in enumerate(rows):
        person = Person.objects.create(name=name, email=f"p{n}@example.dk")
        if substitutes:  # of a member of their own (one current substitute a seat)
            holder = seat_in(
                councils[council], Person.objects.create(name=f"Holder {n}"), starts_on=SEATED, ends_on=None
            )
            SubstituteAssignment.objects.create(membership=holder, person=person, starts_on=SEATED)
        else:
            seat_in(councils[council], person, starts_on=SEATED, ends_on=None)
        if appointed:
            seat = Seat.objects.filter(council=councils[council]).order_by("pk")[n]  # one holder a seat
            starts_on = today + timedelta(days=start)
            Appointment.objects.create(
                seat=seat, person=person, method=Appointment._meta.get_field("method").choices[0][0],
                starts_on=starts_on, ends_on=starts_on + timedelta(days=200) if start < -300 else None,
                voided_at=timezone.now() if voided else None, void_reason="Fejl" if voided else "",
            )  # fmt: skip


def reference_people(query, mine) -> list[tuple]:
    terms = words(query)
    councils = {council.pk for council in [*mine.managed, *mine.member_of]}
    if not terms or not councils:
        return []
    seated = Membership.objects.filter(person=OuterRef("pk"), council__in=councils)
    substitute = SubstituteAssignment.objects.filter(person=OuterRef("pk"), membership__council__in=councils)
    found = Person.objects.filter(Q(Exists(seated)) | Q(Exists(substitute)))
    for term in terms:
        found = found.filter(Q(name__icontains=term) | Q(email__icontains=term) | Q(municipality__name__icontains=term))
    home = Coalesce(Subquery(seated.values("council")[:1]), Subquery(substitute.values("membership__council")[:1]))
    found = found.annotate(shown_in=home).select_related("municipality", "party").order_by("name", "pk")[:20]
    slugs = dict(Council.objects.values_list("pk", "slug"))
    return [
        (p.pk, p.name, p.party.letter if p.party else None, p.municipality.name if p.municipality else None,
         slugs[p.shown_in])
        for p in found
    ]  # fmt: skip


def reference_appointments(query, mine, on) -> list[tuple]:
    terms = words(query)
    councils = [council.pk for council in [*mine.managed, *mine.member_of]]
    if not terms or not councils:
        return []
    found = Appointment.objects.current(on).filter(seat__council__in=councils)
    for term in terms:
        found = found.filter(
            Q(seat__body__name__icontains=term) | Q(seat__label__icontains=term) | Q(person__name__icontains=term)
        )
    found = found.select_related("seat__body", "seat__council", "person").order_by("seat__body__name", "pk")[:20]
    return [
        (a.pk, a.seat.body.name, a.seat.label, a.role, a.starts_on, a.seat.council.slug, a.person.pk, a.person.name)
        for a in found
    ]


def reference_meetings(query, mine) -> list[tuple]:
    """The ORM's full-text search of the visible meetings (``SearchRank``, ``SearchHeadline``)."""
    text = query_of(" ".join(words(query)))
    display = RawSQL(meetingtext._meeting_display_sql(), [], output_field=TextField())
    found = (
        meetingtext.visible_meetings(mine)
        .annotate(document=RawSQL(meetingtext.meeting_vector_sql(), [], output_field=SearchVectorField()))
        .filter(document=text)
        .annotate(
            rank=SearchRank(F("document"), text),
            headline=SearchHeadline(display, text, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True),
            council_slug=F("council__slug"),
        )
        .order_by("-rank", "-starts_at")[:20]
    )
    return [(m.pk, m.council_slug, m.headline) for m in found]


@FEWER
@given(rows=MEETINGS, found=PEOPLE)
@example(rows=EVERY_SHAPE, found=EVERY_PERSON)
def test_people_appointments_and_meetings_found_equal_the_orm(reference_data, rows, found):
    def build():
        users = build_world(rows)
        build_people(found)
        today = timezone.localdate()
        for user in users:
            mine = permissions.roles_of(user)
            for query in SEARCHES:
                besides = beside.search_beside(query, mine, on=today)
                fast = [(p.pk, p.name, p.party_letter, p.municipality, p.council_slug) for p in besides.people]
                assert fast == reference_people(query, mine), (user, query)
                fast = [
                    (a.pk, a.body, a.seat_label, a.role, a.starts_on, a.council_slug, a.person_pk, a.person_name)
                    for a in besides.appointments
                ]
                assert fast == reference_appointments(query, mine, today), (user, query)
                if POSTGRES:
                    fast = [
                        (hit.meeting.pk, hit.meeting.council_slug, hit.meeting.headline) for hit in besides.meetings
                    ]
                    assert fast == reference_meetings(query, mine), (user, query)

    in_savepoint(build)
