"""KKR size and split: B1 1.0, B1 1.1, KL's love § 15 stk. 2 (SPEC §5)."""

import random
from fractions import Fraction
from unittest.mock import patch

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from elections.composition import (
    CompositionError,
    CompositionRules,
    Region,
    UnitResult,
    council_composition,
)
from elections.ties import Lot, TieError, draw_lot, seeded_lots, strict_ties


def _region(municipalities, *units, valid_votes=100_000, other_mayors=0):
    """Units as (id, votes, mayors) or (id, votes, mayors, council_seats); council seats default 5."""
    results = tuple(UnitResult(*u) if len(u) == 4 else UnitResult(*u, council_seats=5) for u in units)
    return Region(municipalities, results, valid_votes=valid_votes, other_mayors=other_mayors)


def _seats(composition):
    return {unit_id: line.seats for unit_id, line in composition.units.items()}


def test_B1_1_0_uncapped_size_set_by_the_most_over_represented_mayors_worked_example_1():
    region = _region(5, ("A", 40_000, 3), ("B", 30_000, 1), ("C", 20_000, 1), ("D", 8_000, 0), ("E", 1_500, 0))

    composition = council_composition(region)

    assert (composition.total, composition.uncapped_total, composition.capped) == (8, 8, False)
    assert _seats(composition) == {"A": 3, "B": 2, "C": 2, "D": 1, "E": 0}
    assert {k: v.supplementary for k, v in composition.units.items()} == {
        "A": 0,
        "B": 1,
        "C": 1,
        "D": 1,
        "E": 0,
    }
    e = composition.units["E"]
    assert (e.entitled, e.bound_by, e.valid_vote_share, e.vote_share) == (
        False,
        "not_entitled",
        Fraction(3, 200),
        None,
    )
    b = composition.units["B"]
    assert b.vote_share == Fraction(30, 98)
    assert b.seat_share == Fraction(2, 8)
    assert b.underrepresentation == Fraction(30, 98) / Fraction(2, 8)
    assert composition.units["D"].bound_by == "one_seat"


def test_B1_1_1_cap_binds_and_mayor_floor_holds_worked_example_2():
    region = _region(4, ("A", 30_000, 3), ("B", 35_000, 0), ("C", 25_000, 0), ("D", 7_000, 0), ("L", 1_200, 1))

    composition = council_composition(region)

    assert (composition.total, composition.uncapped_total, composition.cap) == (8, 11, 8)
    assert composition.capped and not composition.cap_exceeded
    assert composition.entitled_seats == 7
    assert _seats(composition) == {"A": 3, "B": 2, "C": 1, "D": 1, "L": 1}
    bound = {k: v.bound_by for k, v in composition.units.items()}
    assert bound == {
        "A": "mayors",
        "B": "proportional",
        "C": "proportional",
        "D": "one_seat",
        "L": "not_entitled",
    }


CASES = [
    pytest.param(
        _region(3, ("A", 20_000, 3), ("B", 60_000, 0), ("C", 20_000, 0)),
        {"A": 3, "B": 2, "C": 1},
        {"A": "mayors", "B": "proportional", "C": "proportional"},
        id="B1_1_1-capped-composition-where-the-mayor-floor-binds",
    ),
    pytest.param(
        _region(3, ("A", 60_000, 2), ("B", 37_500, 1), ("N", 2_500, 0)),
        {"A": 2, "B": 1, "N": 1},
        {"A": "proportional", "B": "proportional", "N": "one_seat"},
        id="B1_1_0-entitled-unit-without-a-mayor-gets-its-one-seat",
    ),
    pytest.param(
        _region(3, ("A", 60_000, 2), ("B", 36_001, 1), ("X", 2_000, 0, 1), ("Y", 1_999, 0, 1)),
        {"A": 2, "B": 1, "X": 1, "Y": 0},
        {"A": "proportional", "B": "proportional", "X": "one_seat", "Y": "not_entitled"},
        id="KL_15_stk2-exactly-2-percent-is-entitled-just-below-is-not",
    ),
    pytest.param(
        _region(3, ("A", 60_000, 2), ("B", 30_000, 1), ("Z", 10_000, 0, 0)),
        {"A": 2, "B": 1, "Z": 0},
        {"A": "proportional", "B": "proportional", "Z": "not_entitled"},
        id="KL_15_stk2-ten-percent-without-a-council-seat-is-not-entitled",
    ),
    pytest.param(
        _region(2, ("A", 20_000, 1), ("B", 80_000, 0), other_mayors=1),
        {"A": 1, "B": 2},
        {"A": "mayors", "B": "proportional"},
        id="B1_1_1-other-mayors-sit-on-top-and-count-against-the-cap",
    ),
    pytest.param(
        _region(2, ("L", 1_000, 1, 1), ("M", 1_000, 1, 1)),
        {"L": 1, "M": 1},
        {"L": "not_entitled", "M": "not_entitled"},
        id="KL_15_stk2-no-entitled-unit-only-mayors-sit",
    ),
]


@pytest.mark.parametrize(("region", "seats", "bound_by"), CASES)
def test_composition_matches_the_worked_case(region, seats, bound_by):
    composition = council_composition(region)

    assert _seats(composition) == seats
    assert {k: v.bound_by for k, v in composition.units.items()} == bound_by
    assert composition.total == sum(seats.values()) + region.other_mayors


def test_B1_1_11_floors_win_over_the_cap_and_the_excess_is_flagged():
    region = _region(2, ("A", 50_000, 1), ("B", 20_000, 1), ("C", 10_000, 0), ("D", 10_000, 0), ("E", 10_000, 0))

    composition = council_composition(region)

    assert (composition.cap, composition.total, composition.capped, composition.cap_exceeded) == (
        4,
        5,
        True,
        True,
    )
    assert set(_seats(composition).values()) == {1}


def test_B1_1_1_equal_votes_per_seat_goes_to_the_unit_with_fewer_seats_leximin():
    # One seat beyond the floors A2 B1 C2; B and C both have 20,000 votes per seat. Giving it to B
    # leaves the ratios (20,000 15,000 10,000) per seat, to C (20,000 15,000 13,333): B is leximin-better.
    region = _region(7, ("A", 30_000, 2), ("B", 20_000, 0), ("C", 40_000, 2), valid_votes=90_000)

    composition = council_composition(region, tie_break=_refuse)

    assert _seats(composition) == {"A": 2, "B": 2, "C": 2}
    assert composition.lots == ()


def test_B1_1_1_a_real_tie_is_decided_by_lot_and_recorded():
    region = _region(9, ("C", 20_000, 3), ("A", 10_000, 0), ("B", 10_000, 0), valid_votes=40_000)

    with pytest.raises(TieError, match="Uafgjort mellem A og B om plads 6"):
        council_composition(region)
    composition = council_composition(region, tie_break=lambda tied: "B")

    assert _seats(composition) == {"C": 3, "A": 1, "B": 2}
    assert composition.lots == (Lot(tied=("A", "B"), chosen="B", seat=6),)


def test_KL_15_stk2_threshold_is_a_rule_and_may_be_a_fraction():
    region = _region(3, ("A", 60_000, 2), ("B", 37_500, 1), ("N", 2_500, 0), valid_votes=100_000)

    composition = council_composition(region, rules=CompositionRules(threshold_pct=Fraction(5, 2)))
    stricter = council_composition(region, rules=CompositionRules(threshold_pct=Fraction("2.51")))

    assert composition.units["N"].entitled
    assert not stricter.units["N"].entitled


ERRORS = [
    pytest.param(
        _region(3, ("A", 10, 2, 1)),
        "Enheden A har flere borgmestre (2) end kommunalbestyrelsesmandater (1).",
        id="mayors>seats",
    ),
    pytest.param(_region(1, ("A", 10, 1), ("B", 10, 1)), "Der er 2 borgmestre, men kun 1 kommuner.", id="mayors>munis"),
    pytest.param(
        _region(1, ("A", 10, 0), valid_votes=5),
        "Enhedernes stemmer (10) overstiger de gyldige stemmer (5).",
        id="votes>valid",
    ),
    pytest.param(
        _region(0, ("A", 10, 0)), "Antallet af kommuner skal være et helt tal på mindst 1.", id="no-municipalities"
    ),
    pytest.param(
        _region(True, ("A", 10, 0)), "Antallet af kommuner skal være et helt tal på mindst 1.", id="municipalities-True"
    ),
    pytest.param(_region(2, ("A", 10, 0), ("A", 5, 0)), "Enheden A er angivet mere end én gang.", id="duplicate-unit"),
    pytest.param(
        _region(2, ("A", -1, 0)), "Enheden A: stemmetal skal være et helt tal på mindst 0.", id="negative-votes"
    ),
    pytest.param(
        _region(2, ("A", 2.5, 0)), "Enheden A: stemmetal skal være et helt tal på mindst 0.", id="fractional-votes"
    ),
    pytest.param(
        _region(2, ("A", 5, -1)), "Enheden A: borgmestre skal være et helt tal på mindst 0.", id="negative-mayors"
    ),
    pytest.param(
        _region(2, ("A", 5, 0, True)),
        "Enheden A: kommunalbestyrelsesmandater skal være et helt tal.",
        id="council-seats-True",
    ),
    pytest.param(
        _region(2, ("A", 0, 0), valid_votes=None),
        "Antallet af gyldige stemmer skal være et helt tal på mindst 1.",
        id="no-votes-at-all",
    ),
    pytest.param(
        _region(2, ("A", 10, 0), other_mayors=-1),
        "Antallet af andre borgmestre skal være et helt tal på mindst 0.",
        id="negative-other-mayors",
    ),
]


@pytest.mark.parametrize(("region", "message"), ERRORS)
def test_bad_input_is_refused_with_a_danish_message(region, message):
    with pytest.raises(CompositionError) as raised:
        council_composition(region)

    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        pytest.param(
            CompositionRules(threshold_pct=Fraction(101)),
            "Spærregrænsen skal være en procentsats mellem 0 og 100.",
            id="threshold-above-100",
        ),
        pytest.param(
            CompositionRules(threshold_pct=Fraction(-1, 100)),
            "Spærregrænsen skal være en procentsats mellem 0 og 100.",
            id="threshold-below-0",
        ),
        pytest.param(
            CompositionRules(threshold_pct=2.0),
            "Spærregrænsen skal være en procentsats mellem 0 og 100.",
            id="threshold-float",
        ),
        pytest.param(CompositionRules(cap_factor=0), "Loftets faktor skal være et helt tal på mindst 1.", id="cap-0"),
        pytest.param(
            CompositionRules(cap_factor=True), "Loftets faktor skal være et helt tal på mindst 1.", id="cap-True"
        ),
    ],
)
def test_bad_rules_are_refused(rules, message):
    with pytest.raises(CompositionError) as raised:
        council_composition(_region(2, ("A", 10, 0)), rules=rules)

    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("region", "message"),
    [
        pytest.param(
            _region(2, ("A", 10, 1), ("B", 10, 1), other_mayors=1),
            "Der er 3 borgmestre, men kun 2 kommuner.",
            id="other-mayors-count",
        ),
        pytest.param(
            _region(2, ("A", 10, 2), ("B", 10, 1)), "Der er 3 borgmestre, men kun 2 kommuner.", id="one-too-many"
        ),
    ],
)
def test_B1_1_0_more_mayors_than_municipalities_is_refused_whole_message(region, message):
    with pytest.raises(CompositionError) as raised:
        council_composition(region)

    assert str(raised.value) == message


def test_B1_1_0_as_many_mayors_as_municipalities_is_allowed():
    composition = council_composition(_region(2, ("A", 10, 1), ("B", 10, 0), valid_votes=None, other_mayors=1))

    assert _seats(composition) == {"A": 1, "B": 1}
    assert composition.total == 3


@pytest.mark.parametrize("unit_id", ["", None, 7], ids=repr)
def test_B1_1_1_a_unit_without_an_id_is_refused_whole_message(unit_id):
    with pytest.raises(CompositionError) as raised:
        council_composition(_region(2, ("A", 10, 0), (unit_id, 5, 0)))

    assert str(raised.value) == "Hver enhed skal have et id (en ikke-tom tekst)."


def test_KL_15_stk2_a_threshold_of_exactly_100_percent_is_allowed():
    """At 100 % only a unit holding every valid vote is entitled ("mindst"); 0 % entitles every unit
    with votes and a council seat."""
    rules = CompositionRules(threshold_pct=Fraction(100))
    alone = council_composition(_region(2, ("A", 10, 1), ("B", 0, 0), valid_votes=10), rules=rules)
    shared = council_composition(_region(2, ("A", 10, 1), ("B", 1, 0), valid_votes=11), rules=rules)
    everyone = council_composition(_region(2, ("A", 10, 1), ("B", 1, 0)), rules=CompositionRules(threshold_pct=0))

    assert (alone.units["A"].entitled, alone.units["B"].entitled) == (True, False)
    assert (shared.units["A"].entitled, shared.units["B"].entitled) == (False, False)
    assert (everyone.units["A"].entitled, everyone.units["B"].entitled) == (True, True)


def _refuse(tied) -> str:
    raise AssertionError(f"no lot expected, got {tied}")


# --- invariants -------------------------------------------------------------------------------------


@st.composite
def regions(draw):
    units = []
    for i in range(draw(st.integers(1, 4))):
        council_seats = draw(st.sampled_from([1, 2, 3, 0]))
        mayors = draw(st.integers(0, council_seats))
        # Round numbers make equal votes per seat (the case the tie rule exists for) common.
        votes = draw(st.sampled_from([10, 20, 30, 40, 60, 0]) | st.integers(0, 60))
        units.append(UnitResult(f"U{i}", votes, mayors, council_seats))
    other = draw(st.integers(0, 1))
    municipalities = max(1, sum(u.mayors for u in units) + other + draw(st.integers(0, 3)))
    votes = sum(u.votes for u in units)
    valid = draw(st.none() | st.integers(max(votes, 1), votes + 20))
    threshold = draw(st.sampled_from([2, 0, 10]) | st.integers(0, 30))
    rules = CompositionRules(threshold_pct=Fraction(threshold), cap_factor=draw(st.sampled_from([2, 1])))
    return Region(municipalities, tuple(units), valid_votes=valid, other_mayors=other), rules


def _allocations(floors, total):
    """Every way to give `total` seats with at least `floors[i]` each."""
    if len(floors) == 1:
        if total >= floors[0]:
            yield (total,)
        return
    for first in range(floors[0], total - sum(floors[1:]) + 1):
        for rest in _allocations(floors[1:], total - first):
            yield (first, *rest)


def _worst_first(votes, seats):
    return sorted((Fraction(v, s) for v, s in zip(votes, seats, strict=True)), reverse=True)


@settings(max_examples=200, deadline=None)
@given(regions())
def test_B1_1_1_invariants_and_leximin_optimality_against_brute_force(case):
    region, rules = case
    valid = region.valid_votes or sum(u.votes for u in region.units)
    if valid < 1:
        return
    composition = council_composition(region, rules=rules, tie_break=seeded_lots(0))
    lines = composition.units
    entitled = [u for u in region.units if lines[u.id].entitled]
    floors = [max(u.mayors, 1) for u in entitled]
    outside = composition.total - composition.entitled_seats

    for unit in region.units:
        floor = max(unit.mayors, 1) if lines[unit.id].entitled else unit.mayors
        assert lines[unit.id].seats >= floor
        assert lines[unit.id].entitled or lines[unit.id].seats == unit.mayors
    assert sum(line.seats for line in lines.values()) + region.other_mayors == composition.total
    assert composition.capped == (composition.uncapped_total > composition.cap)
    assert composition.cap_exceeded == (sum(floors) + outside > composition.cap)
    assert composition.cap_exceeded or composition.total <= min(composition.cap, composition.uncapped_total)
    _assert_uncapped_size_is_minimal(entitled, composition.uncapped_total - outside, sum(floors))
    _assert_leximin_optimal(entitled, composition)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([10, 20, 30, 40, 60]), st.integers(0, 3)), min_size=2, max_size=4),
    st.integers(0, 3),
)
def test_B1_1_1_seats_beyond_the_floors_are_leximin_optimal_against_brute_force(units, slack):
    results = tuple(UnitResult(f"U{i}", votes, mayors, 3) for i, (votes, mayors) in enumerate(units))
    region = Region(sum(m for _, m in units) + slack or 1, results)
    rules = CompositionRules(threshold_pct=Fraction(0))

    composition = council_composition(region, rules=rules, tie_break=seeded_lots(0))

    _assert_leximin_optimal(list(results), composition)


def _assert_leximin_optimal(entitled, composition):
    """No allocation respecting the floors has a better worst-first vector of votes per seat."""
    if not entitled:
        return
    votes = [u.votes for u in entitled]
    floors = [max(u.mayors, 1) for u in entitled]
    best = min(_worst_first(votes, a) for a in _allocations(floors, composition.entitled_seats))
    assert _worst_first(votes, [composition.units[u.id].seats for u in entitled]) == best


def _assert_uncapped_size_is_minimal(entitled, size, floor_sum):
    total_votes = sum(u.votes for u in entitled)
    assert all(u.mayors * total_votes <= size * u.votes for u in entitled)
    if size > floor_sum:
        assert any(u.mayors * total_votes > (size - 1) * u.votes for u in entitled)


# --- the heap split equals the plain split (a Fraction per unit per seat) ---------------------------


def _reference_split(entitled, floors, target, tie_break):
    """The plain split, kept as the slow reference: every seat recomputes every key."""
    seats = dict(floors)
    lots = []
    for seat in range(sum(floors.values()) + 1, target + 1):
        keys = {u.id: (Fraction(u.votes, seats[u.id]), -seats[u.id]) for u in entitled}
        best = max(keys.values())
        tied = [unit_id for unit_id, key in keys.items() if key == best]
        winner = tied[0]
        if len(tied) > 1:
            lots.append(draw_lot(tied, tie_break, seat=seat))
            winner = lots[-1].chosen
        seats[winner] += 1
    return seats, lots


def _composed(region, rules, tie_break):
    """The composition or the tie that stopped it, and every question put to the tie-break in order."""
    questions = []

    def recording(tied):
        questions.append(tied)
        return tie_break(tied)

    try:
        result = council_composition(region, rules=rules, tie_break=recording)
    except TieError as error:
        result = ("tie", error.tied, error.seat)
    return result, questions


@st.composite
def many_unit_regions(draw):
    """Up to 12 units with round votes (equal votes per seat everywhere) and room for many seats."""
    units = []
    for i in range(draw(st.integers(1, 12))):
        mayors = draw(st.integers(0, 3))
        votes = draw(st.sampled_from([0, 6, 12, 18, 24, 36, 60, 120]))
        units.append(UnitResult(f"U{i}", votes, mayors, mayors + draw(st.integers(0, 2))))
    mayors = sum(u.mayors for u in units)
    municipalities = max(1, mayors + draw(st.integers(0, 20)))
    threshold = Fraction(draw(st.sampled_from([0, 2, 5])))
    rules = CompositionRules(threshold_pct=threshold, cap_factor=draw(st.integers(1, 4)))
    return Region(municipalities, tuple(units)), rules


@settings(max_examples=300, deadline=None)
@given(st.one_of(regions(), many_unit_regions()), st.integers(0, 1_000), st.booleans())
def test_B1_1_1_heap_split_equals_the_reference_including_ties_and_lots(case, seed, strict):
    region, rules = case
    assume(sum(u.votes for u in region.units) >= 1 or (region.valid_votes or 0) >= 1)
    lots = (lambda: strict_ties) if strict else (lambda: seeded_lots(seed))

    fast = _composed(region, rules, lots())
    with patch("elections.composition._split", _reference_split):
        slow = _composed(region, rules, lots())

    assert fast == slow


def test_B1_1_1_a_thousand_units_equal_the_reference():
    # The shape of the composition benchmark (every unit entitled, the cap binds), at 1,500 seats.
    rng = random.Random(15)
    mayors = [0] * 400
    for _ in range(500):
        mayors[rng.randrange(400)] += 1
    units = tuple(UnitResult(f"P{i}", rng.randint(1, 300) * 10, m, m + 1) for i, m in enumerate(mayors))
    region = Region(750, units)
    rules = CompositionRules(threshold_pct=Fraction(0))

    fast = council_composition(region, rules=rules, tie_break=seeded_lots(15))
    with patch("elections.composition._split", _reference_split):
        slow = council_composition(region, rules=rules, tie_break=seeded_lots(15))

    assert fast.entitled_seats == 1_500
    assert fast == slow


def test_B1_1_1_votes_per_seat_closer_than_one_over_the_seats_are_still_ordered_exactly():
    # 12 seats; A's 5/2 and B's 12/5 differ by 1/10, B's 12/7 and A's 5/3 by 1/21 < 1/12: a key of
    # votes × seats // held (one scale factor too few) ties or misorders them; votes × seats² // held can't.
    units = (UnitResult("A", 5, 0, 1), UnitResult("B", 12, 0, 1), UnitResult("C", 1, 1, 1))
    rules = CompositionRules(threshold_pct=Fraction(0))

    composition = council_composition(Region(6, units), rules=rules)
    with patch("elections.composition._split", _reference_split):
        reference = council_composition(Region(6, units), rules=rules)

    assert composition == reference
    assert _seats(composition) == {"A": 3, "B": 8, "C": 1}


def test_B1_1_1_votes_per_seat_one_over_the_target_squared_apart_are_told_apart():
    """11 municipalities, B 48, C 41, A 12, D 13 votes: the last seat goes to B, whose 48/7 beats C's 41/6
    by 1/42, less than any key step a scale linear in the target could tell apart (it gives B 7, C 7)."""
    region = Region(
        11,
        (UnitResult("B", 48, 2, 2), UnitResult("C", 41, 2, 2), UnitResult("A", 12, 0, 1), UnitResult("D", 13, 2, 2)),
    )

    composition = council_composition(region)

    assert _seats(composition) == {"B": 8, "C": 6, "A": 2, "D": 2}
    assert (composition.total, composition.entitled_seats, composition.lots) == (18, 18, ())


def test_B1_1_1_votes_per_seat_are_compared_exactly_not_as_floats():
    # A has one vote more than B; scaled by T² = 144 both keys are near 1.44e19, where a float's step is
    # 2,048, so float keys would call every A-against-B seat a tie. C's mayor sets the size to 12.
    units = (UnitResult("A", 10**17 + 1, 0, 1), UnitResult("B", 10**17, 0, 1), UnitResult("C", 2 * 10**16, 1, 1))

    composition = council_composition(Region(10, units))

    assert (composition.entitled_seats, composition.lots) == (12, ())
    assert _seats(composition) == {"A": 6, "B": 5, "C": 1}
