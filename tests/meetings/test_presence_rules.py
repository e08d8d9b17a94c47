"""The pure presence rules (FO 3.7, FO 3.9): who is present at each item from the marks and the spans."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.presence import Mark, Presence, PresenceError, Span, with_arrival, with_departure

ITEMS = range(1, 9)


@pytest.mark.parametrize(
    ("name", "mark", "present_at"),
    [
        ("FO 3.9 present the whole meeting", Mark(1, True), set(ITEMS)),
        ("FO 3.9 marked absent", Mark(1, False), set()),
        ("FO 3.9 absent marks ignore spans", Mark(1, False, 7, (Span(3),)), set()),
        ("FO 3.9 late arrival at item 3", Mark(1, True, 7, (Span(3),)), {3, 4, 5, 6, 7, 8}),
        ("FO 3.9 departure before item 4", Mark(1, True, 7, (Span(None, 4),)), {1, 2, 3}),
        ("FO 3.9 arrived at 2, left before 4, back at 6", Mark(1, True, 7, (Span(2, 4), Span(6))), {2, 3, 6, 7, 8}),
    ],
)
def test_FO_3_9_presence_per_item(name, mark, present_at):
    assert {n for n in ITEMS if mark.present_at(n)} == present_at, name


def test_FO_3_7_seats_at_an_item_count_members_and_substitutes_never_observers():
    presence = Presence(
        {1: Mark(1, True, 10), 2: Mark(2, True, 11, (Span(3),)), 3: Mark(3, True, None), 4: Mark(4, False, 12)}
    )
    assert [presence.seats_at(n) for n in (1, 3)] == [1, 2]
    assert presence.at(1) == {1, 3} and presence.ever() == {1, 2, 3} and not presence.is_uniform


moves = st.lists(st.tuples(st.booleans(), st.sampled_from(list(ITEMS))), max_size=12)


@given(start_present=st.booleans(), steps=moves)
def test_FO_3_9_every_accepted_move_changes_presence_from_its_item_and_nothing_before(start_present, steps):
    """Invariant: an arrival at N makes the person present at N and leaves every item before N as it was; a
    departure at N makes them absent at N and leaves every earlier item as it was; spans stay ordered, non-empty
    and apart. A refused move changes nothing."""
    mark = Mark(1, start_present)
    for is_arrival, position in steps:
        before = {n: mark.present_at(n) for n in ITEMS}
        try:
            spans = (with_arrival if is_arrival else with_departure)(mark, position, first=1)
        except PresenceError:
            continue
        mark = Mark(1, True, 5, spans)
        assert mark.present_at(position) is is_arrival
        assert all(mark.present_at(n) == before[n] for n in ITEMS if n < position)
        bounds = [(s.start or 0, s.end or 99) for s in spans]
        assert all(a < b for a, b in bounds) and all(
            b1 <= a2 for (_, b1), (a2, _) in zip(bounds, bounds[1:], strict=False)
        )
