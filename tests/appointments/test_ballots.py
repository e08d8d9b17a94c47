"""The pure rule decisions of an election of representatives (`appointments/ballots.py`): § 24 stk. 1 and 3,
§ 26 by analogy, FO 3.7, FO 3.8. No database: mutmut runs these per mutant (docs/mutation-testing.md)."""

from dataclasses import dataclass

import pytest

from appointments import ballots
from appointments.ballots import BallotError, Declared
from elections.dhondt import Unit, allocate_seats
from elections.majority import MajorityElection, Status, vote_round
from elections.ties import lots_drawn


@dataclass(frozen=True)
class S:
    """A seat as `fill_in_quotient_order` reads it."""

    pk: int
    is_political: bool


def refused(call, **kwargs) -> BallotError:
    with pytest.raises(BallotError) as caught:
        call(**kwargs)
    return caught.value


# --- § 24 stk. 1: majority ---------------------------------------------------------------------------------


def test_fo_3_7_no_round_is_recorded_without_voting_members_present():
    error = refused(ballots.check_tally, present=0, tally={1: 0}, candidates=[1])
    assert (error.message, error.rule) == ("Registrér fremmødet først: ingen stemmeberettigede er til stede.", "FO 3.7")
    assert str(error) == error.message


def test_s_24_stk_1_one_present_is_enough_to_record_a_round():
    assert ballots.check_tally(present=1, tally={7: 1}, candidates=[7, 8]) == {"7": 1}


def test_s_24_stk_1_votes_only_for_the_elections_candidates():
    error = refused(ballots.check_tally, present=5, tally={7: 2, 9: 1}, candidates=[7, 8])
    assert (error.message, error.rule) == ("Der kan kun stemmes på valgets kandidater.", "")


def test_s_24_stk_1_the_tally_is_keyed_by_the_id_as_text_with_every_candidate_named():
    assert ballots.check_tally(present=9, tally={7: 5, 8: 0}, candidates=[7, 8, 9]) == {"7": 5, "8": 0}
    assert ballots.check_tally(present=9, tally={}, candidates=[7]) == {}


def _stored(*tallies, present=10, lots=()):
    state = MajorityElection()
    for tally in tallies:
        state = vote_round(state, members_present=present, tally=tally, tie_break=lots_drawn(*lots))
    return state


def test_s_24_stk_1_round_json_stores_every_field_the_replay_and_the_pages_read():
    state = _stored({"1": 4, "2": 3, "3": 3}, {"1": 4, "2": 3, "3": 3}, lots=["3"])
    rounds = [ballots.round_json(r) for r in state.rounds]
    assert rounds[0] == {
        "number": 1,
        "members_present": 10,
        "tally": {"1": 4, "2": 3, "3": 3},
        "status": "next_round",
        "elected": None,
        "run_off": None,
        "tied": [],
        "lots": [],
    }
    assert rounds[1] == {
        "number": 2,
        "members_present": 10,
        "tally": {"1": 4, "2": 3, "3": 3},
        "status": "run_off",
        "elected": None,
        "run_off": ["1", "3"],
        "tied": [],
        "lots": [{"tied": ["2", "3"], "chosen": "3", "seat": None}],
    }


def test_s_24_stk_1_replaying_the_stored_rounds_with_their_lots_gives_the_engines_state():
    state = _stored({"1": 4, "2": 3, "3": 3}, {"1": 4, "2": 3, "3": 3}, {"1": 6, "3": 4}, lots=["3"])
    rounds = [ballots.round_json(r) for r in state.rounds]
    assert ballots.replay_majority(rounds) == state
    assert ballots.replay_majority(rounds).elected == "1"
    assert ballots.replay_majority([]) == MajorityElection()


def test_s_24_stk_1_a_stored_round_without_lots_is_replayed_without_any():
    rounds = [{"number": 1, "members_present": 9, "tally": {"1": 5, "2": 4}}]
    assert ballots.replay_majority(rounds).elected == "1"
    tied = [{"members_present": 10, "tally": {"1": 5, "2": 5}}, {"members_present": 10, "tally": {"1": 3, "2": 3}}]
    tied.append({"members_present": 10, "tally": {"1": 5, "2": 5}})
    assert ballots.replay_majority(tied).status == Status.LOT_NEEDED


def test_s_24_stk_1_a_stored_lot_in_the_older_shape_is_replayed():
    rounds = [
        {"members_present": 10, "tally": {"1": 5, "2": 5}},
        {"members_present": 10, "tally": {"1": 3, "2": 3}},
        {"members_present": 10, "tally": {"1": 5, "2": 5}, "lots": ["2"]},
    ]
    assert ballots.replay_majority(rounds).elected == "2"


def test_s_24_stk_1_outcome_elected_is_decided_with_the_elected_id_as_a_number():
    state = _stored({"12": 6, "13": 4})
    rounds, election_state, result = ballots.majority_outcome(state)
    assert (election_state, result) == ("decided", {"elected": 12})
    assert rounds == [ballots.round_json(state.rounds[0])]


def test_s_24_stk_1_outcome_a_tie_awaits_a_lot_and_has_no_result():
    state = _stored({"1": 5, "2": 5}, {"1": 3, "2": 3}, {"1": 5, "2": 5})
    _, election_state, result = ballots.majority_outcome(state)
    assert (election_state, result) == ("awaiting_lot", {})


def test_s_24_stk_1_outcome_no_majority_leaves_the_election_open():
    for state in (MajorityElection(), _stored({"1": 5, "2": 5}), _stored({"1": 4, "2": 3, "3": 3}, {"1": 4, "2": 3})):
        rounds, election_state, result = ballots.majority_outcome(state)
        assert (election_state, result) == ("open", {})
        assert len(rounds) == len(state.rounds)


def test_s_24_stk_1_a_lot_is_added_to_the_last_round_only_for_one_of_those_tied():
    rounds = [{"tied": [], "lots": []}, {"tied": ["4", "5"], "lots": [{"tied": ["1", "2"], "chosen": "1"}]}]
    after = ballots.with_majority_lot(rounds, awaiting=True, chosen=5)
    assert after == [
        {"tied": [], "lots": []},
        {
            "tied": ["4", "5"],
            "lots": [{"tied": ["1", "2"], "chosen": "1"}, {"tied": ["4", "5"], "chosen": "5", "seat": None}],
        },
    ]
    assert rounds[1]["lots"] == [{"tied": ["1", "2"], "chosen": "1"}], "the stored rounds are not changed"


def test_s_24_stk_1_no_lot_without_a_pending_tie():
    error = refused(ballots.with_majority_lot, rounds=[{"tied": ["4", "5"], "lots": []}], awaiting=False, chosen=4)
    assert (error.message, error.rule) == ("Der er ingen lodtrækning at afgøre.", "")


def test_s_24_stk_1_a_lot_for_someone_not_tied_is_refused():
    error = refused(ballots.with_majority_lot, rounds=[{"tied": ["4", "5"], "lots": []}], awaiting=True, chosen=6)
    assert (error.message, error.rule) == ("Vælg en af dem, der står lige.", "§ 24 stk. 1")


# --- § 24 stk. 3: groups -----------------------------------------------------------------------------------

ANE, BO, CAI, DAN = Declared(1, "Ane"), Declared(2, "Bo"), Declared(3, "Cai"), Declared(4, "Dan")
PRESENT = {1, 2, 3, 4}


def group(groups=(), *, name="A", members=(ANE,), present=PRESENT, nominees=(11,), accepts=None):
    return ballots.new_group(
        list(groups), name=name, members=list(members), present=present, nominees=list(nominees), accepts=accepts
    )


def test_s_24_stk_3_a_group_is_stored_with_its_name_stripped_members_nominees_and_waiver():
    assert group(name="  Venstre ", members=[ANE, BO], nominees=[12, 11], accepts=1) == {
        "name": "Venstre",
        "members": [1, 2],
        "nominees": [12, 11],
        "accepts": 1,
    }
    assert group(nominees=[])["nominees"] == []
    assert group()["accepts"] is None


def test_s_24_stk_3_a_group_needs_a_name_not_used_in_the_election():
    first = group(name="A")
    for name in ("", "   ", "A", " A "):
        error = refused(group, groups=[first], name=name, members=[BO])
        assert (error.message, error.rule) == ("Giv gruppen et navn, der ikke er brugt i valget.", "")
    assert group([first], name="B", members=[BO])["name"] == "B"


def test_s_24_stk_3_a_group_has_at_least_one_voting_member_present():
    error = refused(group, members=[])
    assert (error.message, error.rule) == ("En gruppe består af stemmeberettigede til stede.", "§ 24 stk. 3")


def test_s_24_stk_3_fo_3_8_members_not_present_are_named_in_the_refusal():
    error = refused(group, members=[ANE, BO, CAI], present={1})
    assert (error.message, error.rule) == (
        "En gruppe består af stemmeberettigede til stede: ikke til stede: Bo og Cai.",
        "§ 24 stk. 3",
    )


def test_s_24_stk_3_each_member_present_is_in_one_group_only():
    first = group(name="A", members=[ANE, BO])
    error = refused(group, groups=[first], name="B", members=[CAI, BO, ANE])
    assert (error.message, error.rule) == ("Bo og Ane har allerede anmeldt en gruppe; hver er med i én.", "§ 24 stk. 3")
    assert group([first], name="B", members=[CAI, DAN])["members"] == [3, 4]


def test_s_24_stk_3_a_group_names_each_person_once():
    error = refused(group, nominees=[11, 12, 11])
    assert (error.message, error.rule) == ("Den samme person er nævnt to gange.", "")


def test_s_24_stk_3_declared_ids_are_every_member_of_every_group():
    assert ballots.declared_ids([{"members": [1, 2]}, {"members": [3]}]) == {1, 2, 3}
    assert ballots.declared_ids([]) == set()


def test_s_24_stk_3_groups_are_dhondt_units_sized_by_members_capped_by_nominees_and_waiver():
    groups = [
        {"name": "A", "members": [1, 2, 3], "nominees": [11, 12], "accepts": None},
        {"name": "B", "members": [4], "nominees": [13, 14, 15], "accepts": 1},
    ]
    assert ballots.units(groups) == [
        Unit(id="A", votes=3, candidates=2),
        Unit(id="B", votes=1, candidates=3, accepts=1),
    ]


# --- § 24 stk. 3 and § 26: filling the seats ---------------------------------------------------------------

GROUPS = [
    {"name": "A", "members": [1, 2, 3], "nominees": [11, 12, 13], "accepts": None},
    {"name": "B", "members": [4, 5], "nominees": [21, 22], "accepts": None},
]


def test_s_24_stk_3_one_kind_of_seats_seat_k_goes_to_the_group_of_quotient_k_in_its_nominees_order():
    seats = [S(101, True), S(102, True), S(103, True)]
    assert ballots.fill_in_order(seats, ["A", "B", "A"], GROUPS) == [
        {"seat": 101, "group": "A", "person": 11},
        {"seat": 102, "group": "B", "person": 21},
        {"seat": 103, "group": "A", "person": 12},
    ]
    assert GROUPS[0]["nominees"] == [11, 12, 13], "the stored groups are not changed"


def test_s_24_stk_3_as_many_seats_as_quotients():
    with pytest.raises(ValueError):
        ballots.fill_in_order([S(101, True)], ["A", "B"], GROUPS)


def _politicians_first(**kwargs):
    return ballots.fill_in_quotient_order(name_of=lambda pk: f"P{pk}", **kwargs)


def test_s_26_fo_3_8_a_council_member_takes_a_political_seat_while_one_is_free_then_another():
    seats = [S(201, False), S(101, True), S(202, False)]
    assert _politicians_first(seats=seats, order=["A", "B", "A"], groups=GROUPS, politicians={11, 21, 12}) == [
        {"seat": 101, "group": "A", "person": 11},
        {"seat": 201, "group": "B", "person": 21},
        {"seat": 202, "group": "A", "person": 12},
    ]


def test_s_26_anyone_else_takes_a_seat_that_is_not_political_in_seat_order():
    seats = [S(101, True), S(201, False), S(102, True), S(202, False)]
    assert _politicians_first(seats=seats, order=["B", "A", "A", "B"], groups=GROUPS, politicians={11, 12}) == [
        {"seat": 201, "group": "B", "person": 21},
        {"seat": 101, "group": "A", "person": 11},
        {"seat": 102, "group": "A", "person": 12},
        {"seat": 202, "group": "B", "person": 22},
    ]
    assert GROUPS[1]["nominees"] == [21, 22], "the stored groups are not changed"


def test_s_26_a_next_person_who_fits_no_free_seat_is_refused_with_the_quotient_number():
    seats = [S(101, True), S(201, False), S(102, True)]
    error = refused(_politicians_first, seats=seats, order=["A", "B", "B"], groups=GROUPS, politicians={11})
    assert (error.message, error.rule) == (
        "Gruppen B har fået plads nr. 3, men P22 kan kun udpeges til en plads, der ikke er politisk, og de er "
        "besat. Gruppen skal udpege et medlem af en kommunalbestyrelse i regionen.",
        "§ 26",
    )


def test_s_26_applies_only_to_seats_of_both_kinds():
    assert ballots.is_mixed([S(1, True), S(2, False)])
    assert not ballots.is_mixed([S(1, True), S(2, True)])
    assert not ballots.is_mixed([S(1, False)])
    assert not ballots.is_mixed([])


def test_s_24_stk_3_the_filled_seats_follow_the_dhondt_order_of_the_group_sizes():
    allocation = allocate_seats(ballots.units(GROUPS), seats=3)
    assert list(allocation.order) == ["A", "B", "A"]
    seats = [S(101 + i, True) for i in range(3)]
    assert [a["person"] for a in ballots.fill_in_order(seats, allocation.order, GROUPS)] == [11, 21, 12]


# --- § 24 stk. 3: lots and the unanimous departure ---------------------------------------------------------


def test_s_24_stk_3_a_lot_is_stored_for_one_of_the_groups_tied_for_the_pending_seat():
    result = {"tie": {"tied": ["A", "B"], "seat": 3}}
    assert ballots.proportional_lot(awaiting=True, result=result, chosen="B") == {
        "tied": ["A", "B"],
        "chosen": "B",
        "seat": 3,
    }


def test_s_24_stk_3_a_lot_is_refused_without_a_pending_tie_or_for_a_group_not_tied():
    message = ("Vælg en af de grupper, der står lige.", "§ 24 stk. 3")
    for awaiting, result, chosen in [
        (False, {"tie": {"tied": ["A", "B"], "seat": 3}}, "A"),
        (True, {}, "A"),
        (True, {"tie": {"tied": ["A", "B"], "seat": 3}}, "C"),
    ]:
        error = refused(ballots.proportional_lot, awaiting=awaiting, result=result, chosen=chosen)
        assert (error.message, error.rule) == message


def test_s_24_stk_3_a_unanimous_departure_fills_every_seat_in_seat_order():
    assert ballots.departure(assignments={102: 7, 101: 8}, seat_ids={101, 102}, note=" enstemmigt ") == {
        "assignments": [{"seat": 101, "group": "", "person": 8}, {"seat": 102, "group": "", "person": 7}]
    }


def test_s_24_stk_3_a_unanimous_departure_needs_every_seat_only_those_and_the_decision():
    message = ("Angiv en person til hver plads og beslutningen om at fravige d'Hondt (enstemmig).", "")
    for assignments, note in [({101: 7}, "ok"), ({101: 7, 102: 8, 103: 9}, "ok"), ({101: 7, 102: 8}, "  ")]:
        error = refused(ballots.departure, assignments=assignments, seat_ids={101, 102}, note=note)
        assert (error.message, error.rule) == message


def test_s_24_stk_3_a_unanimous_departure_names_each_person_once():
    error = refused(ballots.departure, assignments={101: 7, 102: 7}, seat_ids={101, 102}, note="ok")
    assert (error.message, error.rule) == ("Den samme person er valgt til to pladser.", "")


def test_s_24_stk_1_a_lot_in_round_3_keeps_rounds_1_and_2_as_they_were():
    rounds = [{"tied": [], "lots": []}, {"tied": [], "lots": []}, {"tied": ["4", "5"], "lots": []}]
    after = ballots.with_majority_lot(rounds, awaiting=True, chosen=4)
    assert after == [
        {"tied": [], "lots": []},
        {"tied": [], "lots": []},
        {"tied": ["4", "5"], "lots": [{"tied": ["4", "5"], "chosen": "4", "seat": None}]},
    ]
