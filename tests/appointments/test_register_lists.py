"""The register page's lists in one plain query (``appointments.queries.register_lists``) against the ORM queries
they stand for, on generated rows: the filter's bodies, parties and municipalities in their models' order, and the
KKR's seats per party on a day (``party_seats``); and the filter validating against those rows as
``forms.ModelChoiceField`` does against its queryset. Each example's rows in a savepoint that is rolled back, as in
``tests/invariants/test_raw_sql.py``."""

from datetime import date, timedelta

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from appointments.forms import RegisterFilterForm
from appointments.models import Body
from appointments.queries import party_seats, register_lists
from members.models import Council, Membership, Party, Person
from tests.builders import party
from tests.invariants.test_raw_sql import DB, in_savepoint, the_period

pytestmark = pytest.mark.django_db
DAY0 = date(2026, 1, 1)
BODIES = st.lists(
    st.tuples(st.sampled_from(["Ærø-udvalg", "Aalborg råd", "aa", "Zulu", "Øst"]), st.sets(st.integers(0, 1)))
)
PARTIES = st.lists(st.tuples(st.sampled_from(["", "Å", "B", "Q"]), st.sampled_from(["Åben", "Alfa", "beta"])))
MEMBERSHIPS = st.lists(
    st.tuples(st.integers(0, 1), st.integers(0, 3), st.integers(-40, 40), st.integers(-1, 60)), max_size=8
)  # council, party, first day from the asked day, length (-1: open)


def rows(objects, *fields) -> list[tuple]:
    return [tuple(getattr(o, name) for name in ("pk", *fields)) for o in objects]


@DB
@given(bodies=BODIES, parties=PARTIES, memberships=MEMBERSHIPS, day=st.integers(0, 300))
def test_the_register_lists_are_the_orm_querysets(reference_data, bodies, parties, memberships, day):
    councils = list(Council.objects.filter(slug__in=["nordjylland", "hovedstaden"]).order_by("slug"))
    on = DAY0 + timedelta(days=day)

    def build():
        for n, (name, fills) in enumerate(bodies):
            body = Body.objects.create(key=f"organ-{n}", name=name)
            body.councils.set([councils[index] for index in fills])
        made = [party("A"), party("V")]
        for n, (letter, name) in enumerate(parties):
            taken = letter and Party.objects.filter(letter=letter).exists()
            made.append(Party.objects.create(letter="" if taken else letter, name=f"{name} {n}"))
        for n, (council, which, first, length) in enumerate(memberships):
            starts_on = on + timedelta(days=first)
            Membership.objects.create(
                council=councils[council], period=the_period(), person=Person.objects.create(name=f"M {n}"),
                kind=Membership.Kind.PARTY_ELECTED, party=made[which % len(made)],
                municipality=councils[council].municipalities.first(), starts_on=starts_on,
                ends_on=None if length < 0 else starts_on + timedelta(days=length),
                end_reason="" if length < 0 else "other",
            )  # fmt: skip
        for council in councils:
            lists = register_lists(council, seats_on=on)
            assert rows(lists.bodies, "name") == rows(council.bodies.order_by("name", "pk"), "name")  # ties by id
            assert rows(lists.parties, "letter", "name") == rows(Party.objects.all(), "letter", "name")
            assert rows(lists.municipalities, "name") == rows(council.municipalities.all(), "name")
            assert lists.party_seats == party_seats(council, today=on)
            assert register_lists(council).party_seats is None

    in_savepoint(build)


@pytest.mark.parametrize("value", ["", "999999", "x", " 1 ", "1.0", "-1"])
def test_the_filter_cleans_a_value_as_a_model_choice_field_over_the_same_rows(nordjylland, value):
    """Valid: the same row as ``queryset.get``; invalid: the same error message."""
    party_id = str(Party.objects.order_by("pk").first().pk)
    data = {"party": value.replace("1", party_id)}
    listed = RegisterFilterForm(data, council=nordjylland)
    plain = forms.ModelChoiceField(queryset=Party.objects.all(), required=False)
    try:
        expected = plain.clean(data["party"])
    except forms.ValidationError as error:
        assert not listed.is_valid() and listed.errors["party"] == error.messages
    else:
        assert listed.is_valid(), listed.errors
        assert (listed.cleaned_data["party"] and listed.cleaned_data["party"].pk) == (expected and expected.pk)


def test_the_filter_reads_its_lists_once_and_only_when_needed(nordjylland, bodies, django_assert_num_queries):
    """The CSV and the PDF without a filter read none; a chosen filter and the shown selects share one query."""
    with django_assert_num_queries(0):
        unfiltered = RegisterFilterForm({"dato": "2026-10-01"}, council=nordjylland)
        assert unfiltered.filters() == {"body": None, "party": None, "municipality": None}
    party_row, body = Party.objects.order_by("pk").first(), nordjylland.bodies.first()
    with django_assert_num_queries(1):
        form = RegisterFilterForm({"party": party_row.pk, "body": body.pk}, council=nordjylland)
        assert form.filters()["party"].pk == party_row.pk and form.filters()["body"].pk == body.pk
        assert all("<option" in str(form[name]) for name in ("body", "party", "municipality"))
