"""Every small election, against exact references written here from the rule text with `Fraction`.

The property tests elsewhere sample; a wrong engine that errs only on a few vote vectors (a key scale a
factor too small, say) slips past a sample. These enumerate every case up to a small bound instead:
d'Hondt (B1 1.4, § 24 stk. 3), the KKR split (B1 1.0, B1 1.1, KL's love § 15 stk. 2) and majority
election (§ 24 stk. 1, FO 3.8). The references are deliberately naive: one `Fraction` per contestant per
seat, no heap, no integer keys.
"""

from fractions import Fraction
from itertools import product

import pytest

from elections.composition import CompositionRules, Region, UnitResult, council_composition
from elections.dhondt import DhondtError, Unit, allocate_seats
from elections.majority import MajorityElection, Status, vote_round
from elections.ties import Lot


def _last(tied):
    """A tie-break the references can mirror exactly: the last of the sorted tied ids."""
    return tied[-1]


# --- d'Hondt: B1 1.4, § 24 stk. 3 -------------------------------------------------------------------


def _dhondt_reference(contestants, seat_numbers):
    """Each seat to the highest votes ÷ (seats won + 1) among those with votes below their cap; a shared
    highest quotient is a lot for that seat, won here by the last id. Contestants: (id, votes, cap)."""
    won = {cid: 0 for cid, _votes, _cap in contestants}
    order, lots = [], []
    for seat in seat_numbers:
        quotients = {
            cid: Fraction(votes, won[cid] + 1)
            for cid, votes, cap in contestants
            if votes > 0 and (cap is None or won[cid] < cap)
        }
        best = max(quotients.values())
        tied = sorted(cid for cid, quotient in quotients.items() if quotient == best)
        if len(tied) > 1:
            lots.append(Lot(tuple(tied), tied[-1], seat))
        won[tied[-1]] += 1
        order.append(tied[-1])
    return order, lots


def _cap(votes, candidates):
    return 0 if votes == 0 else candidates


def _dhondt_expected(votes, candidates, seats, alliance):
    """Seats, order and lots by the rule: alliance first as one contestant, then d'Hondt inside it."""
    ids = list(votes)
    caps = {i: _cap(votes[i], candidates[i]) for i in ids}
    contestants = [(i, votes[i], caps[i]) for i in ids if i not in alliance]
    label = "+".join(alliance)
    if alliance:
        member_caps = [caps[i] for i in alliance]
        cap = None if None in member_caps else sum(member_caps)
        contestants.append((label, sum(votes[i] for i in alliance), cap))
    all_caps = [cap for _cid, _votes, cap in contestants]
    if None not in all_caps and seats > sum(all_caps):
        return None
    order, lots = _dhondt_reference(contestants, range(1, seats + 1))
    if alliance:
        positions = [p for p, cid in enumerate(order) if cid == label]
        inner = [(i, votes[i], caps[i]) for i in alliance]
        inner_order, inner_lots = _dhondt_reference(inner, [p + 1 for p in positions])
        for position, unit_id in zip(positions, inner_order, strict=True):
            order[position] = unit_id
        lots = sorted(lots + inner_lots, key=lambda lot: lot.seat)
    seats_won = {i: order.count(i) for i in ids}
    return seats_won, tuple(order), tuple(lots)


def _allocated(votes, candidates, seats, alliance):
    units = [Unit(i, votes[i], candidates=candidates[i]) for i in votes]
    try:
        allocation = allocate_seats(units, seats=seats, alliances=[alliance] if alliance else [], tie_break=_last)
    except DhondtError:
        return None
    return allocation.seats, allocation.order, allocation.lots


def test_S24_stk3_B1_1_4_every_election_of_three_lists_up_to_20_votes_and_15_seats():
    """Seats, order and which seats needed a lot, for every vote vector (0-20)³ and 1-15 seats. The
    reference runs once per vector (a smaller election's seats are the first seats of a larger one's);
    the engine runs for every seat count, since its integer keys depend on it."""
    none = dict.fromkeys("ABC")
    for a, b, c in product(range(21), repeat=3):
        votes = {"A": a, "B": b, "C": c}
        if not a + b + c:
            with pytest.raises(DhondtError):
                allocate_seats([Unit(i, 0) for i in votes], seats=1)
            continue
        full_order, full_lots = _dhondt_reference([(i, v, None) for i, v in votes.items()], range(1, 16))
        for seats in range(1, 16):
            order = tuple(full_order[:seats])
            expected = (
                {i: order.count(i) for i in votes},
                order,
                tuple(lot for lot in full_lots if lot.seat <= seats),
            )
            assert _allocated(votes, none, seats, ()) == expected, (votes, seats)


def test_S24_stk3_B1_1_4_every_small_election_with_candidate_caps_and_an_alliance():
    """Every vote vector (0-4)³ × candidates (none, 1, 2) per list × no alliance, A+B or B+C × 1-6 seats:
    seats beyond a cap pass on (inside the alliance first), too few candidates is refused."""
    alliances = [(), ("A", "B"), ("B", "C")]
    for numbers in product(range(5), repeat=3):
        votes = dict(zip("ABC", numbers, strict=True))
        for limits in product((None, 1, 2), repeat=3):
            candidates = dict(zip("ABC", limits, strict=True))
            for alliance, seats in product(alliances, range(1, 7)):
                expected = _dhondt_expected(votes, candidates, seats, alliance)
                assert _allocated(votes, candidates, seats, alliance) == expected, (votes, limits, alliance, seats)


# --- the KKR split: B1 1.0, B1 1.1, KL's love § 15 stk. 2 -----------------------------------------------


def _composition_expected(units, municipalities, threshold=Fraction(2), cap_factor=2):
    """(total, uncapped total, seats per unit, lots) by the rule text, with `Fraction` throughout."""
    valid = sum(votes for _i, votes, _m, _c in units)
    entitled = [
        (i, votes, mayors)
        for i, votes, mayors, council in units
        if votes > 0 and Fraction(votes * 100, valid) >= threshold and council >= 1
    ]
    floors = {i: max(mayors, 1) for i, _votes, mayors in entitled}
    entitled_votes = sum(votes for _i, votes, _m in entitled)
    size = sum(floors.values())
    while any(mayors > size * Fraction(votes, entitled_votes) for _i, votes, mayors in entitled):
        size += 1
    outside = sum(mayors for i, _v, mayors, _c in units if i not in floors)
    target = max(min(size, cap_factor * municipalities - outside), sum(floors.values()))
    seats = dict(floors)
    lots = []
    for seat in range(sum(floors.values()) + 1, target + 1):
        keys = {i: (Fraction(votes, seats[i]), -seats[i]) for i, votes, _m in entitled}
        best = max(keys.values())
        tied = sorted(i for i, key in keys.items() if key == best)
        if len(tied) > 1:
            lots.append(Lot(tuple(tied), tied[-1], seat))
        seats[tied[-1]] += 1
    every = {i: seats.get(i, mayors) for i, _v, mayors, _c in units}
    return target + outside, size + outside, every, tuple(lots)


def _composition(units, municipalities, threshold=Fraction(2)):
    region = Region(municipalities, tuple(UnitResult(*u) for u in units))
    result = council_composition(region, rules=CompositionRules(threshold_pct=threshold), tie_break=_last)
    return result.total, result.uncapped_total, {i: line.seats for i, line in result.units.items()}, result.lots


MAYOR_PATTERNS = [(0, 0, 0), (1, 0, 0), (0, 1, 2), (1, 1, 1), (3, 0, 1)]


def test_B1_1_1_every_region_of_three_units_up_to_10_votes():
    """Every vote vector (1-10)³ under five patterns of mayors (each unit with one council seat more than
    its mayors, so entitlement turns on the 2 % threshold alone), in the smallest region the mayors allow
    and in regions of 5, 9 and 12 municipalities (the cap binding or not): size, uncapped size, seats per
    unit and lots."""
    for numbers in product(range(1, 11), repeat=3):
        for mayors in MAYOR_PATTERNS:
            units = [(i, v, m, m + 1) for i, v, m in zip("ABC", numbers, mayors, strict=True)]
            for municipalities in {max(sum(mayors), 1), 5, 9, 12}:
                expected = _composition_expected(units, municipalities)
                assert _composition(units, municipalities) == expected, (units, municipalities)


def test_KL_15_stk2_every_unit_at_the_threshold_is_entitled_and_just_below_is_not():
    """Four units, one of them holding 0-40 of 1,000 votes: entitled from exactly 2 % (20 votes) on."""
    for small in range(41):
        units = [("A", 500, 1, 2), ("B", 300, 1, 2), ("C", 200 - small, 0, 1), ("S", small, 0, 1)]
        expected = _composition_expected(units, 5)
        assert _composition(units, 5) == expected, small
        region = Region(5, tuple(UnitResult(*u) for u in units))
        assert council_composition(region, tie_break=_last).units["S"].entitled is (small >= 20)


# --- majority election: § 24 stk. 1, FO 3.8 -------------------------------------------------------------


def _open_expected(number, present, tally):
    """Rounds 1-2: more than half of those present; round 2 also the only one with votes; else the two
    with most votes go to a run-off, lots (won by the last id) deciding a tie across the cut."""
    majority = [c for c, v in tally.items() if Fraction(v) > Fraction(present, 2)]
    if majority:
        return Status.ELECTED, majority[0], None, ()
    if number == 1:
        return Status.NEXT_ROUND, None, None, ()
    with_votes = [c for c, v in tally.items() if v > 0]
    if len(with_votes) == 1:
        return Status.ELECTED, with_votes[0], None, ()
    chosen, lots = [], []
    for votes in sorted(set(tally.values()), reverse=True):
        group = sorted(c for c, v in tally.items() if v == votes)
        while group and len(chosen) < 2:
            if len(group) > 2 - len(chosen):
                lots.append(Lot(tuple(group), group[-1]))
                chosen.append(group.pop())
            else:
                chosen.extend(group)
                group = []
    return Status.RUN_OFF, None, tuple(chosen), tuple(lots)


def _round(round_):
    return round_.status, round_.elected, round_.run_off, round_.lots


def _tallies(present, candidates="ABC"):
    """Every tally of `present` members over the candidates, once with every candidate named and once
    with the candidates without votes left out (a tally may omit them)."""
    for votes in product(range(present + 1), repeat=len(candidates)):
        if sum(votes) <= present:
            full = dict(zip(candidates, votes, strict=True))
            yield full
            if 0 in votes and any(votes):
                yield {c: v for c, v in full.items() if v}


def test_S24_stk1_every_round_1_and_round_2_of_up_to_7_members_and_3_candidates():
    round_1 = {"A": 0, "B": 0, "C": 0}
    for present in range(1, 8):
        for tally in _tallies(present):
            first = vote_round(MajorityElection(), members_present=present, tally=tally, tie_break=_last)
            assert _round(first.rounds[-1]) == _open_expected(1, present, tally), (present, tally)
            after_1 = vote_round(MajorityElection(), members_present=present, tally=round_1)
            if len(tally) < 2 and not any(tally.values()):
                continue  # no run-off possible: refused (tested in test_majority.py)
            second = vote_round(after_1, members_present=present, tally=tally, tie_break=_last)
            assert _round(second.rounds[-1]) == _open_expected(2, present, tally), (present, tally)


def test_S24_stk1_every_run_off_of_up_to_7_members():
    """Round 3 between the two of round 2: most votes elected, a tie decided by lot; a candidate left
    out of the tally has no votes."""
    for present in range(2, 8):
        after_2 = MajorityElection()
        for tally in ({"A": 0, "B": 0, "C": 0}, {"A": 1, "B": 1, "C": 0}):
            after_2 = vote_round(after_2, members_present=present, tally=tally)
        assert after_2.run_off == ("A", "B")
        for tally in _tallies(present, "AB"):
            third = vote_round(after_2, members_present=present, tally=tally, tie_break=_last)
            a, b = tally.get("A", 0), tally.get("B", 0)
            lots = (Lot(("A", "B"), "B"),) if a == b else ()
            elected = "B" if a <= b else "A"
            assert _round(third.rounds[-1]) == (Status.ELECTED, elected, None, lots), (present, tally)
