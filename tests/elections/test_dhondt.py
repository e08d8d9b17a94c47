"""d'Hondt with alliances, caps, waivers and lots: B1 1.4 (chair election), FO 3.8 / § 24 stk. 3."""

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from elections.dhondt import (
    Allocation,
    DhondtError,
    Lot,
    TieError,
    Unit,
    allocate_seats,
    lots_drawn,
    seeded_lots,
    strict_ties,
)
from elections.ties import draw_lot

CASES = [
    pytest.param(
        [Unit("A", 1234, candidates=5), Unit("B", 987)],
        9,
        [],
        {"A": 5, "B": 4},
        ("A", "B", "A", "B", "A", "B", "A", "A", "B"),
        id="B1_1_4-plain-dhondt-example-from-the-issue",
    ),
    pytest.param(
        [Unit("V", 90), Unit("A", 50), Unit("C", 30)],
        2,
        [],
        {"V": 1, "A": 1, "C": 0},
        ("V", "A"),
        id="B1_1_4-first-quotient-is-chair-second-is-vice-chair",
    ),
    pytest.param(
        [Unit("A", 100), Unit("B", 45), Unit("C", 40)],
        2,
        [],
        {"A": 2, "B": 0, "C": 0},
        ("A", "A"),
        id="B1_1_4-without-alliance-A-takes-both",
    ),
    pytest.param(
        [Unit("A", 100), Unit("B", 45), Unit("C", 40)],
        2,
        [("B", "C")],
        {"A": 1, "B": 1, "C": 0},
        ("A", "B"),
        id="B1_1_4-alliance-B+C-changes-the-result",
    ),
    pytest.param(
        [Unit("A", 100, candidates=1), Unit("B", 45), Unit("C", 40)],
        3,
        [],
        {"A": 1, "B": 1, "C": 1},
        ("A", "B", "C"),
        id="S24_stk3-candidate-cap-passes-the-seat-to-the-next-quotient",
    ),
    pytest.param(
        [Unit("A", 50, candidates=1), Unit("B", 10), Unit("C", 40)],
        3,
        [("A", "B")],
        {"A": 1, "B": 1, "C": 1},
        ("A", "C", "B"),
        id="B1_1_4-cap-inside-an-alliance-passes-the-seat-inside-it-first",
    ),
    pytest.param(
        [Unit("A", 50, candidates=1), Unit("B", 10), Unit("C", 40)],
        3,
        [],
        {"A": 1, "B": 0, "C": 2},
        ("A", "C", "C"),
        id="S24_stk3-same-cap-without-alliance-passes-to-C",
    ),
    pytest.param(
        [Unit("A", 100, accepts=1), Unit("B", 45), Unit("C", 40)],
        3,
        [],
        {"A": 1, "B": 1, "C": 1},
        ("A", "B", "C"),
        id="S24_stk3-a-waived-seat-passes-to-the-next-quotient",
    ),
    pytest.param(
        [Unit("A", 100, candidates=3, accepts=0), Unit("B", 45)],
        1,
        [],
        {"A": 0, "B": 1},
        ("B",),
        id="S24_stk3-a-group-waiving-every-seat-gets-none",
    ),
    pytest.param(
        [Unit("A", 10), Unit("B", 0)],
        2,
        [],
        {"A": 2, "B": 0},
        ("A", "A"),
        id="S24_stk3-a-group-without-members-wins-no-seat",
    ),
    pytest.param([Unit("A", 10), Unit("B", 5)], 0, [], {"A": 0, "B": 0}, (), id="S24_stk3-no-seats"),
]


@pytest.mark.parametrize(("units", "seats", "alliances", "expected", "order"), CASES)
def test_allocation_matches_the_worked_example(units, seats, alliances, expected, order):
    allocation = allocate_seats(units, seats=seats, alliances=alliances)

    assert allocation.seats == expected
    assert allocation.order == order
    assert allocation.lots == ()


def test_B1_1_4_tie_for_the_chair_is_decided_by_lot_and_recorded():
    units = [Unit("A", 60), Unit("B", 60), Unit("C", 10)]

    allocation = allocate_seats(units, seats=2, tie_break=lambda tied: "B")

    assert allocation.order == ("B", "A")
    assert allocation.seats == {"A": 1, "B": 1, "C": 0}
    assert allocation.lots == (Lot(tied=("A", "B"), chosen="B", seat=1),)


def test_B1_1_4_strict_ties_name_the_tied_units_and_the_seat():
    with pytest.raises(TieError) as raised:
        allocate_seats([Unit("B", 60), Unit("A", 60)], seats=1, tie_break=strict_ties)

    assert str(raised.value) == "Uafgjort mellem A og B om plads 1 – der skal trækkes lod."

    assert raised.value.tied == ("A", "B")
    assert raised.value.seat == 1


def test_B1_1_4_tie_between_alliance_and_unit_names_the_alliance():
    with pytest.raises(TieError) as raised:
        allocate_seats([Unit("A", 30), Unit("B", 30), Unit("C", 60)], seats=1, alliances=[["A", "B"]])

    assert str(raised.value) == "Uafgjort mellem A+B og C om plads 1 – der skal trækkes lod."


def test_B1_1_4_tie_inside_an_alliance_is_recorded_with_the_alliances_seat_number():
    units = [Unit("A", 30), Unit("B", 30), Unit("C", 100)]

    allocation = allocate_seats(units, seats=2, alliances=[("A", "B")], tie_break=lambda tied: "A")

    assert allocation.order == ("C", "A")
    assert allocation.lots == (Lot(tied=("A", "B"), chosen="A", seat=2),)


def test_S24_stk3_seeded_lots_are_reproducible():
    units = [Unit(name, 7) for name in "ABCDE"]

    first = allocate_seats(units, seats=3, tie_break=seeded_lots(42))
    again = allocate_seats(units, seats=3, tie_break=seeded_lots(42))

    assert first == again
    assert [lot.seat for lot in first.lots] == [1, 2, 3]
    assert sum(first.seats.values()) == 3


def test_S24_stk3_lots_drawn_at_the_meeting_are_replayed_and_the_next_tie_is_asked_for():
    units = [Unit(name, 7) for name in "ABC"]

    with pytest.raises(TieError) as raised:
        allocate_seats(units, seats=2, tie_break=lots_drawn("C"))
    assert raised.value.tied == ("A", "B") and raised.value.seat == 2

    allocation = allocate_seats(units, seats=2, tie_break=lots_drawn("C", "A"))
    assert allocation.order == ("C", "A")


def test_a_tie_break_choosing_outside_the_tie_is_refused():
    with pytest.raises(ValueError) as raised:
        allocate_seats([Unit("A", 1), Unit("B", 1)], seats=1, tie_break=lambda tied: "Z")

    assert str(raised.value) == "Lodtrækningens vinder 'Z' er ikke blandt A og B."


ERRORS = [
    pytest.param(
        [Unit("A", 1), Unit("B", 1)],
        1,
        [["A"]],
        "Et valgforbund skal bestå af mindst to lister: A.",
        id="B1_1_4-alliance-of-one",
    ),
    pytest.param(
        [Unit("A", 1)], 1, [[]], "Et valgforbund skal bestå af mindst to lister: (tomt).", id="B1_1_4-empty-alliance"
    ),
    pytest.param(
        [Unit("A", 1)],
        1,
        [["A", "X", "Y"]],
        "Valgforbundet A+X+Y nævner en ukendt liste: X og Y.",
        id="B1_1_4-alliance-with-unknown-units",
    ),
    pytest.param(
        [Unit("A", 1), Unit("B", 1), Unit("C", 1)],
        1,
        [["A", "B"], ["B", "C"]],
        "Listen B er med i mere end ét valgforbund.",
        id="B1_1_4-unit-in-two-alliances",
    ),
    pytest.param(
        [Unit("A", 1), Unit("B", 1), Unit("A+B", 1)],
        1,
        [["A", "B"]],
        "Valgforbundet A+B har samme navn som en liste.",
        id="B1_1_4-alliance-name-clashes-with-a-unit",
    ),
    pytest.param(
        [Unit("A", 1), Unit("B+C", 1), Unit("A+B", 1), Unit("C", 1)],
        1,
        [["A", "B+C"], ["A+B", "C"]],
        "To valgforbund hedder begge A+B+C.",
        id="B1_1_4-two-alliances-with-the-same-name",
    ),
    pytest.param([Unit("A", 1), Unit("A", 2)], 1, [], "Listen A er angivet mere end én gang.", id="duplicate-unit"),
    pytest.param(
        [Unit("A", -1)], 1, [], "Listen A: stemmetallet skal være et helt tal på mindst 0.", id="negative-votes"
    ),
    pytest.param(
        [Unit("A", True)], 1, [], "Listen A: stemmetallet skal være et helt tal på mindst 0.", id="boolean-votes"
    ),
    pytest.param(
        [Unit("A", 2.5)], 1, [], "Listen A: stemmetallet skal være et helt tal på mindst 0.", id="fractional-votes"
    ),
    pytest.param(
        [Unit("A", 1, candidates=-1)],
        1,
        [],
        "Listen A: antallet af kandidater skal være et helt tal på mindst 0.",
        id="negative-candidates",
    ),
    pytest.param(
        [Unit("A", 1, accepts=True)],
        1,
        [],
        "Listen A: antal pladser skal være et helt tal på mindst 0.",
        id="S24_stk3-waiver-not-a-count",
    ),
    pytest.param([Unit("", 1)], 1, [], "Hver liste skal have et id (en ikke-tom tekst).", id="empty-id"),
    pytest.param([Unit(7, 1)], 1, [], "Hver liste skal have et id (en ikke-tom tekst).", id="id-not-a-text"),
    pytest.param([Unit("A", 1)], -1, [], "Antallet af pladser skal være et helt tal på mindst 0.", id="negative-seats"),
    pytest.param([Unit("A", 1)], True, [], "Antallet af pladser skal være et helt tal på mindst 0.", id="seats-True"),
    pytest.param(
        [Unit("A", 10, candidates=2), Unit("B", 5, candidates=1)],
        4,
        [],
        "Der skal fordeles 4 pladser, men listerne kan tilsammen kun besætte 3 "
        "(antal kandidater, afkald og lister uden stemmer sætter grænsen).",
        id="S24_stk3-more-seats-than-candidates",
    ),
]


@pytest.mark.parametrize(("units", "seats", "alliances", "message"), ERRORS)
def test_bad_input_is_refused_with_a_danish_message(units, seats, alliances, message):
    with pytest.raises(DhondtError) as raised:
        allocate_seats(units, seats=seats, alliances=alliances)

    assert str(raised.value) == message


def test_S24_stk3_exactly_as_many_seats_as_candidates_is_allowed():
    allocation = allocate_seats([Unit("A", 10, candidates=2), Unit("B", 4, candidates=1)], seats=3)

    assert allocation.seats == {"A": 2, "B": 1}


# --- invariants -------------------------------------------------------------------------------------


@st.composite
def elections(draw, *, caps=True, alliances=True):
    count = draw(st.integers(1, 6))
    ids = [f"U{i}" for i in range(count)]
    cap = st.none() | st.integers(0, 5) if caps else st.none()
    units = [Unit(i, draw(st.integers(0, 60)), candidates=draw(cap), accepts=draw(cap)) for i in ids]
    groups = []
    if alliances:
        shuffled = draw(st.permutations(ids))
        cuts = sorted(draw(st.sets(st.integers(1, count - 1), max_size=count - 1))) if count > 1 else []
        groups = [g for g in _chunks(shuffled, cuts) if len(g) >= 2]
    return units, draw(st.integers(0, 15)), groups


def _chunks(items, cuts):
    bounds = [0, *cuts, len(items)]
    return [tuple(items[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def _capacity(units):
    caps = [u.cap for u in units]
    return None if None in caps else sum(caps)


def _assert_highest_quotients_won(numbers, won, caps):
    """No losing quotient (of a contestant still below its cap) beats a winning one."""
    winning = [Fraction(numbers[c], won[c]) for c in numbers if won[c]]
    losing = [
        Fraction(numbers[c], won[c] + 1) for c in numbers if numbers[c] > 0 and (caps[c] is None or won[c] < caps[c])
    ]
    if winning and losing:
        assert max(losing) <= min(winning)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(elections())
def test_S24_stk3_invariants_hold_on_random_elections(election):
    units, seats, alliances = election
    capacity = _capacity(units)
    if capacity is not None and seats > capacity:
        with pytest.raises(DhondtError):
            allocate_seats(units, seats=seats, alliances=alliances)
        return
    allocation = allocate_seats(units, seats=seats, alliances=alliances, tie_break=seeded_lots(0))

    assert sum(allocation.seats.values()) == seats
    assert set(allocation.seats) == {u.id for u in units}
    assert Counter(allocation.order) == Counter({k: v for k, v in allocation.seats.items() if v})
    for unit in units:
        assert unit.cap is None or allocation.seats[unit.id] <= unit.cap
    _assert_dhondt_at_each_level(units, alliances, allocation.seats)


def _assert_dhondt_at_each_level(units, alliances, seats):
    by_id = {u.id: u for u in units}
    allied = {i for a in alliances for i in a}
    top = {u.id: (u.votes, seats[u.id], u.cap) for u in units if u.id not in allied}
    for alliance in alliances:
        members = [by_id[i] for i in alliance]
        top["+".join(alliance)] = (
            sum(m.votes for m in members),
            sum(seats[m.id] for m in members),
            _capacity(members),
        )
        inner = {m.id: (m.votes, seats[m.id], m.cap) for m in members}
        _assert_highest_quotients_won(*_columns(inner))
    _assert_highest_quotients_won(*_columns(top))


def _columns(table):
    return tuple({key: row[column] for key, row in table.items()} for column in range(3))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(1, 100_000), min_size=1, max_size=8),
    st.integers(1, 30),
)
def test_B1_1_4_plain_dhondt_agrees_with_votelib(votes, seats):
    from votelib.evaluate.proportional import HighestAverages

    try:
        allocation = allocate_seats([Unit(k, v) for k, v in votes.items()], seats=seats)
    except TieError:
        assume(False)
    expected = HighestAverages("d_hondt").evaluate(votes, seats)

    assert {k: v for k, v in allocation.seats.items() if v} == dict(expected)


# --- the heap engine equals the plain engine (one Fraction per contestant per seat) -----------------


def _reference_allocate(units, *, seats, alliances=(), tie_break=strict_ties):
    """The plain engine, kept as the slow reference: every seat recomputes every quotient.

    Valid input only (the validation did not change); contestants are (id, votes, cap, members)."""
    units = tuple(units)
    by_id = {u.id: u for u in units}
    allied = {i for a in alliances for i in a}
    contestants = [(u.id, u.votes, u.cap, ()) for u in units if u.id not in allied]
    for alliance in alliances:
        members = tuple(by_id[i] for i in alliance)
        contestants.append(("+".join(alliance), sum(m.votes for m in members), _capacity(members), members))
    order, lots = _reference_highest_averages(contestants, range(1, seats + 1), tie_break)
    for contestant_id, _votes, _cap, members in contestants:
        if not members:
            continue
        positions = [i for i, cid in enumerate(order) if cid == contestant_id]
        inner = [(m.id, m.votes, m.cap, ()) for m in members]
        inner_order, inner_lots = _reference_highest_averages(inner, [p + 1 for p in positions], tie_break)
        for position, unit_id in zip(positions, inner_order, strict=True):
            order[position] = unit_id
        lots.extend(inner_lots)
    counts = dict.fromkeys((u.id for u in units), 0)
    for unit_id in order:
        counts[unit_id] += 1
    return Allocation(seats=counts, order=tuple(order), lots=tuple(sorted(lots, key=lambda lot: lot.seat)))


def _reference_highest_averages(contestants, seat_numbers, tie_break):
    won = {c[0]: 0 for c in contestants}
    order, lots = [], []
    for seat in seat_numbers:
        quotients = {
            cid: Fraction(votes, won[cid] + 1)
            for cid, votes, cap, _members in contestants
            if votes > 0 and (cap is None or won[cid] < cap)
        }
        best = max(quotients.values())
        tied = [cid for cid, q in quotients.items() if q == best]
        winner = tied[0]
        if len(tied) > 1:
            lots.append(draw_lot(tied, tie_break, seat=seat))
            winner = lots[-1].chosen
        won[winner] += 1
        order.append(winner)
    return order, lots


def _outcome(allocate, units, seats, alliances, tie_break):
    """The allocation or the tie that stopped it, and every question put to the tie-break in order."""
    questions = []

    def recording(tied):
        questions.append(tied)
        return tie_break(tied)

    try:
        result = allocate(units, seats=seats, alliances=alliances, tie_break=recording)
    except TieError as error:
        result = ("tie", error.tied, error.seat)
    return result, questions


@st.composite
def tied_elections(draw):
    """Few distinct vote numbers with many common divisors, so equal quotients are everywhere."""
    count = draw(st.integers(1, 8))
    ids = [f"U{i}" for i in range(count)]
    cap = st.none() | st.integers(0, 6)
    units = [
        Unit(i, draw(st.sampled_from([0, 6, 12, 18, 24, 36, 60])), candidates=draw(cap), accepts=draw(cap)) for i in ids
    ]
    shuffled = draw(st.permutations(ids))
    cuts = sorted(draw(st.sets(st.integers(1, count - 1), max_size=count - 1))) if count > 1 else []
    groups = [g for g in _chunks(shuffled, cuts) if len(g) >= 2]
    return units, draw(st.integers(0, 25)), groups


@settings(max_examples=400, deadline=None)
@given(st.one_of(elections(), tied_elections()), st.integers(0, 1_000), st.booleans())
def test_S24_stk3_heap_engine_equals_the_reference_including_ties_and_lots(election, seed, strict):
    units, seats, alliances = election
    capacity = _capacity(units)
    assume(capacity is None or seats <= capacity)
    tie_break = strict_ties if strict else seeded_lots(seed)
    expected = _outcome(_reference_allocate, units, seats, alliances, tie_break)

    tie_break = strict_ties if strict else seeded_lots(seed)
    assert _outcome(allocate_seats, units, seats, alliances, tie_break) == expected


def test_S24_stk3_quotients_closer_than_a_float_can_tell_are_still_exact():
    # 10**17 + 1 and 10**17 are one float apart at most; halved, the second list's quotient is exact.
    big = 10**17
    units = [Unit("A", big + 1), Unit("B", 2 * big + 1), Unit("C", 2 * big)]

    allocation = allocate_seats(units, seats=4, tie_break=seeded_lots(1))

    assert allocation.order == _reference_allocate(units, seats=4, tie_break=seeded_lots(1)).order
    assert allocation.order == ("B", "C", "A", "B")


def test_S24_stk3_a_thousand_lists_and_ten_thousand_seats_equal_the_reference_on_a_sample():
    # The size of the d'Hondt benchmark, checked against the slow reference on its first 300 seats.
    import random

    rng = random.Random(15)
    units = [Unit(f"L{i}", rng.randint(1, 500)) for i in range(1_000)]

    fast = allocate_seats(units, seats=300, tie_break=seeded_lots(15))

    assert fast == _reference_allocate(units, seats=300, tie_break=seeded_lots(15))


def test_S24_stk3_quotients_closer_than_one_over_the_seats_are_still_ordered_exactly():
    # Seat 6 is B's 8/5 against A's 3/2: they differ by 1/10 < 1/8, so a key of votes × (seats + 1)
    # // divisor (one scale factor too few) would call it a tie; votes × (seats + 1)² // divisor can't.
    allocation = allocate_seats([Unit("A", 3), Unit("B", 8)], seats=7)

    assert allocation.order == ("B", "B", "A", "B", "B", "B", "A")
    assert allocation.lots == ()


def test_S24_stk3_B1_1_4_quotients_one_over_the_seats_squared_apart_get_no_spurious_lot():
    """Votes 2, 11, 13 and 14 seats: for seat 13, C's 13/7 and B's 11/6 differ by 1/42, less than any key
    step a scale linear in the seats could tell apart; C takes seat 13 without a lot, B seat 14."""
    allocation = allocate_seats([Unit("A", 2), Unit("B", 11), Unit("C", 13)], seats=14)

    assert allocation.seats == {"A": 1, "B": 6, "C": 7}
    assert allocation.order == ("C", "B", "C", "B", "C", "B", "C", "B", "C", "B", "C", "A", "C", "B")
    assert allocation.lots == ()


def test_S24_stk3_a_quotient_after_a_won_seat_is_compared_exactly_not_as_a_float():
    # Seat 2: B's (2a + 1)/2 beats A's a by 1/2. Scaled by 9 and above 2**53, a float division would
    # round B's key onto A's (a multiple of a float's step there) and call it a tie.
    a = 128 * 10**15

    allocation = allocate_seats([Unit("A", a), Unit("B", 2 * a + 1)], seats=2)

    assert allocation.order == ("B", "B")
    assert allocation.lots == ()
