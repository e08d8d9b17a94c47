"""The members app's plain SQL against its ORM reference on generated rows that sit on the edges of the day
asked about: ended the day before or on the day, starting on the day or tomorrow, long over, not yet begun,
rejected (a leave refused counts for nothing), and the same rows in another council or of another person.

- ``rosterrows.seat_sql`` and ``dated_sql`` (the roster's two queries) against ``current`` / ``open_on``;
- ``rostertable._entitlement_sql`` on a period's first and last day and the day after;
- ``historyrows`` (the person page's five queries) and ``auditrows._audit_sql`` (its history trail) against the
  ORM querysets of ``tests/members/test_person_rows.py``, with another person's rows beside them."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from members.auditrows import audit_rows
from members.models import (
    ChairRole,
    Council,
    ElectionPeriod,
    EndReason,
    Leave,
    Observer,
    Person,
    SeatEntitlement,
    SubstituteAssignment,
)
from members.queries import person_history
from tests.builders import party
from tests.members.test_person_rows import _shown, history_through_the_orm, through_the_orm

from .checks import entitlements_equal_orm, roster_rows_equal_orm
from .test_raw_sql import DAY0, DB, in_savepoint, seat_in

pytestmark = pytest.mark.django_db

# (first day, last day) relative to DAY0; None: open-ended.
EDGES = st.sampled_from(
    [
        (-30, -1),  # ended the day before
        (-30, 0),  # ended on the day
        (0, None),  # starts on the day
        (1, None),  # starts tomorrow
        (-30, None),  # open, running
        (-60, -31),  # long over
        (1, 10),  # not yet begun
        (0, 0),  # that one day only
    ]
)
SIDE = st.integers(0, 1)  # 0: the council asked about; 1: another council


def span(edge) -> dict:
    start, end = edge
    ends_on = None if end is None else DAY0 + timedelta(days=end)
    return {"starts_on": DAY0 + timedelta(days=start), "ends_on": ends_on}


def ended(edge) -> dict:
    return {**span(edge), "end_reason": "" if edge[1] is None else EndReason.OTHER}


@DB
@given(
    seats=st.lists(st.tuples(SIDE, EDGES), max_size=4),
    substitutes=st.lists(st.tuples(SIDE, EDGES), max_size=3),
    leaves=st.lists(st.tuples(SIDE, EDGES, st.sampled_from(list(Leave.Status))), max_size=3),
    chairs=st.lists(
        st.tuples(SIDE, EDGES, st.sampled_from(list(ChairRole.Role))), max_size=2, unique_by=lambda c: c[::2]
    ),
    observers=st.lists(st.tuples(SIDE, EDGES), max_size=2),
    offset=st.integers(-1, 1),
)
def test_the_rosters_two_queries_equal_the_orm_on_the_edges_of_the_day(
    reference_data, seats, substitutes, leaves, chairs, observers, offset
):
    councils = list(Council.objects.order_by("pk")[:2])

    def holder(side, name, edge=(-90, None)):
        return seat_in(councils[side], Person.objects.create(name=name), **ended(edge))

    def build():
        for n, (side, edge) in enumerate(seats):
            holder(side, f"Medlem {n}", edge)
        for n, (side, edge) in enumerate(substitutes):
            person = Person.objects.create(name=f"Stedfortræder {n}")
            SubstituteAssignment.objects.create(membership=holder(side, f"Holder {n}"), person=person, **span(edge))
        for n, (side, edge, status) in enumerate(leaves):
            dates = span((edge[0], edge[1] if edge[1] is not None else 40))  # a leave always has an end
            Leave.objects.create(
                membership=holder(side, f"Orlov {n}"), kind=Leave.Kind.RELIEVED, reason="Syg", status=status, **dates
            )
        for n, (side, edge, role) in enumerate(chairs):
            membership = holder(side, f"Formand {n}")
            ChairRole.objects.create(
                council=councils[side], period=membership.period, membership=membership, role=role, **ended(edge)
            )
        for n, (side, edge) in enumerate(observers):
            person = Person.objects.create(name=f"Observatør {n}")
            Observer.objects.create(council=councils[side], person=person, capacity="KL", **span(edge))
        for council in councils:
            roster_rows_equal_orm(council, DAY0 + timedelta(days=offset))

    in_savepoint(build)


@DB
@given(rows=st.lists(st.tuples(SIDE, st.sampled_from("AVCFØ"), st.integers(0, 9)), max_size=5), edge=st.integers(0, 2))
def test_the_entitlements_query_equals_the_orm_on_a_periods_first_and_last_day(reference_data, rows, edge):
    councils = list(Council.objects.order_by("pk")[:2])
    periods = list(ElectionPeriod.objects.order_by("starts_on"))

    def build():
        for side, letter, seats in rows:
            for period in periods[-2:]:  # the period asked about and the one before it
                SeatEntitlement.objects.get_or_create(
                    council=councils[side], period=period, party=party(letter), defaults={"seats": seats, "mayors": 0}
                )
        period = periods[-2]
        on = [period.starts_on, period.ends_on, period.ends_on + timedelta(days=1)][edge]
        for council in councils:
            entitlements_equal_orm(council, on)

    in_savepoint(build)


PERSON_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["seat", "substitute", "leave", "chair", "office"]),
        st.sampled_from(["subject", "other"]),  # whose row it is
        SIDE,
        EDGES,
        st.booleans(),  # changed after it was made (a second history row)
    ),
    max_size=6,
)


@DB
@given(rows=PERSON_ROWS, delete=st.booleans())
def test_the_person_pages_history_and_audit_trail_equal_the_orm(reference_data, rows, delete):
    """Whose rows they are decides what shows: another person's seats, leaves and changes never; the person's
    own in every council, on every edge, changed or deleted."""
    councils = list(Council.objects.order_by("pk")[:2])

    def build():
        people = {"subject": Person.objects.create(name="Vera Venstre"), "other": Person.objects.create(name="Anden")}
        made = []
        for n, (kind, whose, side, edge, changed) in enumerate(rows):
            person, council = people[whose], councils[side]
            if kind == "office":
                from members.models import MunicipalOffice

                row = MunicipalOffice.objects.create(
                    person=person, municipality=council.municipalities.first(), party=party("A"),
                    kind=MunicipalOffice.Kind.COUNCIL_MEMBER, **span(edge),
                )  # fmt: skip
            elif kind == "seat":
                row = seat_in(council, person, **ended((edge[0], edge[1] if edge[1] is not None else 200 + n)))
            elif kind == "substitute":
                holder = seat_in(council, Person.objects.create(name=f"Holder {n}"), **ended((-90, None)))
                last = edge[1] if edge[1] is not None else 200 + n
                row = SubstituteAssignment.objects.create(membership=holder, person=person, **span((edge[0], last)))
            else:
                membership = seat_in(council, person, **ended((-300 - n, -250)))
                if kind == "leave":
                    row = Leave.objects.create(
                        membership=membership, kind=Leave.Kind.RELIEVED, reason="Syg", status=Leave.Status.REJECTED,
                        **span((edge[0], edge[1] if edge[1] is not None else 40)),
                    )  # fmt: skip
                else:
                    row = ChairRole.objects.create(
                        council=council, period=membership.period, membership=membership,
                        role=ChairRole.Role.CHAIR, **ended((-300 - n, -250)),
                    )  # fmt: skip
            if changed:
                row.starts_on -= timedelta(days=1)
                row.save()
            made.append(row)
        if delete and made and not isinstance(made[-1], ChairRole):
            made[-1].delete()
        subject = Person.objects.get(pk=people["subject"].pk)
        assert _shown(person_history(subject)) == _shown(history_through_the_orm(subject))
        assert audit_rows(subject) == through_the_orm(subject)

    in_savepoint(build)


def test_the_edges_are_the_days_they_say():
    assert [span(edge)["starts_on"] for edge in [(0, None), (1, None)]] == [DAY0, date(2026, 3, 2)]
