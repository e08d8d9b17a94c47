"""Majority election of one person: kommunestyrelsesloven § 24 stk. 1, FO 3.8."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elections.majority import MajorityElection, MajorityError, Status, settle_lot, vote_round
from elections.ties import Lot, seeded_lots


def _vote(*tallies, present=10, tie_break=None):
    election = MajorityElection()
    for tally in tallies:
        kwargs = {"tie_break": tie_break} if tie_break else {}
        election = vote_round(election, members_present=present, tally=tally, **kwargs)
    return election


ROUNDS = [
    pytest.param([{"A": 6, "B": 4}], Status.ELECTED, "A", None, id="S24_stk1-round-1-more-than-half-elected"),
    pytest.param([{"A": 5, "B": 5}], Status.NEXT_ROUND, None, None, id="S24_stk1-round-1-exact-half-not-elected"),
    pytest.param(
        [{"A": 5, "B": 2}], Status.NEXT_ROUND, None, None, id="S24_stk1-half-of-members-present-not-of-votes-cast"
    ),
    pytest.param(
        [{"A": 5, "B": 5}, {"A": 5, "B": 4}], Status.RUN_OFF, None, ("A", "B"), id="S24_stk1-round-2-exact-half-run-off"
    ),
    pytest.param(
        [{"A": 5, "B": 5}, {"A": 6, "B": 4}], Status.ELECTED, "A", None, id="S24_stk1-round-2-majority-elected"
    ),
    pytest.param(
        [{"A": 4, "B": 4}, {"A": 4, "B": 0}],
        Status.ELECTED,
        "A",
        None,
        id="S24_stk1-round-2-only-candidate-with-votes-elected-without-majority",
    ),
    pytest.param(
        [{"A": 3}, {"A": 3}], Status.ELECTED, "A", None, id="S24_stk1-round-2-single-candidate-with-votes-elected"
    ),
    pytest.param(
        [{"A": 3, "B": 3, "C": 3}, {"A": 4, "B": 4, "C": 1}],
        Status.RUN_OFF,
        None,
        ("A", "B"),
        id="S24_stk1-two-tied-for-first-go-to-the-run-off-without-lot",
    ),
    pytest.param(
        [{"A": 5, "B": 5}, {"A": 5, "B": 4}, {"A": 4, "B": 3}],
        Status.ELECTED,
        "A",
        ("A", "B"),
        id="S24_stk1-round-3-majority-of-votes-cast-not-of-members-present",
    ),
    pytest.param(
        [{"A": 5, "B": 5}, {"A": 5, "B": 4}, {"A": 3, "B": 6}],
        Status.ELECTED,
        "B",
        ("A", "B"),
        id="S24_stk1-round-3-run-off-can-turn-round-2",
    ),
]


@pytest.mark.parametrize(("tallies", "status", "elected", "run_off"), ROUNDS)
def test_round_outcome(tallies, status, elected, run_off):
    election = _vote(*tallies)

    assert election.status is status
    assert election.elected == elected
    assert election.run_off == run_off
    assert len(election.rounds) == len(tallies)
    assert [r.tally for r in election.rounds] == tallies


def test_S24_stk1_run_off_with_a_tie_for_second_place_needs_a_lot_then_records_it():
    election = _vote({"A": 4, "B": 3, "C": 3}, {"A": 4, "B": 3, "C": 3})

    assert election.status is Status.LOT_NEEDED
    assert election.rounds[-1].tied == ("B", "C")
    assert election.next_round is None

    election = settle_lot(election, "C")

    assert election.status is Status.RUN_OFF
    assert election.run_off == ("A", "C")
    assert election.rounds[-1].lots == (Lot(tied=("B", "C"), chosen="C"),)
    assert election.next_round == 3


def test_S24_stk1_three_tied_for_first_need_two_lots_to_name_the_run_off():
    election = _vote({"A": 3, "B": 3, "C": 3}, {"A": 3, "B": 3, "C": 3})
    election = settle_lot(election, "B")

    assert election.status is Status.LOT_NEEDED
    assert election.rounds[-1].tied == ("A", "C")

    election = settle_lot(election, "C")

    assert election.run_off == ("B", "C")
    assert [lot.chosen for lot in election.rounds[-1].lots] == ["B", "C"]


def test_S24_stk1_round_3_tie_is_decided_by_lot_and_every_round_is_kept():
    election = _vote({"A": 4, "B": 4, "C": 2}, {"A": 4, "B": 4, "C": 2}, {"A": 5, "B": 5})
    assert election.status is Status.LOT_NEEDED

    election = settle_lot(election, "B")

    assert election.elected == "B"
    assert [r.number for r in election.rounds] == [1, 2, 3]
    assert [r.status for r in election.rounds] == [Status.NEXT_ROUND, Status.RUN_OFF, Status.ELECTED]
    assert election.rounds[-1].lots == (Lot(tied=("A", "B"), chosen="B"),)


def test_S24_stk1_a_tie_break_callback_draws_the_lot_at_once():
    election = _vote({"A": 4, "B": 3, "C": 3}, {"A": 4, "B": 3, "C": 3}, tie_break=lambda tied: "B")

    assert election.run_off == ("A", "B")
    assert election.rounds[-1].lots == (Lot(tied=("B", "C"), chosen="B"),)


ERRORS = [
    pytest.param(
        {"A": 6, "B": 5},
        10,
        "Der er afgivet 11 stemmer, men kun 10 medlemmer er til stede.",
        id="S24_stk1-more-votes-than-present",
    ),
    pytest.param({"A": -1}, 10, "A: stemmetallet skal være et helt tal på mindst 0.", id="negative-votes"),
    pytest.param({"A": True}, 10, "A: stemmetallet skal være et helt tal på mindst 0.", id="boolean-votes"),
    pytest.param({"A": 2.5}, 10, "A: stemmetallet skal være et helt tal på mindst 0.", id="fractional-votes"),
    pytest.param({}, 10, "Der skal være mindst én kandidat.", id="no-candidates"),
    pytest.param({"": 1}, 10, "Hver kandidat skal have et navn (en ikke-tom tekst).", id="nameless-candidate"),
    pytest.param({3: 1}, 10, "Hver kandidat skal have et navn (en ikke-tom tekst).", id="candidate-not-a-text"),
    pytest.param(
        {"A": 1}, 0, "Antallet af tilstedeværende medlemmer skal være et helt tal på mindst 1.", id="nobody-present"
    ),
    pytest.param(
        {"A": 1}, True, "Antallet af tilstedeværende medlemmer skal være et helt tal på mindst 1.", id="present-True"
    ),
]


@pytest.mark.parametrize(("tally", "present", "message"), ERRORS)
def test_bad_round_is_refused_with_a_danish_message(tally, present, message):
    with pytest.raises(MajorityError) as raised:
        vote_round(MajorityElection(), members_present=present, tally=tally)

    assert str(raised.value) == message


def _refused(call) -> str:
    with pytest.raises(MajorityError) as raised:
        call()
    return str(raised.value)


def test_S24_stk1_no_round_after_the_election_is_decided():
    message = _refused(lambda: vote_round(_vote({"A": 6}), members_present=10, tally={"B": 6}))

    assert message == "Valget er afgjort: A er valgt."


def test_S24_stk1_no_round_while_a_lot_is_pending():
    pending = _vote({"A": 4, "B": 3, "C": 3}, {"A": 4, "B": 3, "C": 3})

    message = _refused(lambda: vote_round(pending, members_present=10, tally={"A": 1}))

    assert message == "Der mangler en lodtrækning mellem B og C, før valget kan fortsætte."


def test_S24_stk1_run_off_votes_only_for_the_two():
    message = _refused(lambda: _vote({"A": 5, "B": 5}, {"A": 5, "B": 4}, {"A": 3, "C": 3}))

    assert message == "I den bundne afstemning kan der kun stemmes på A og B."


def test_S24_stk1_settle_lot_needs_a_pending_lot_and_a_tied_candidate():
    assert _refused(lambda: settle_lot(_vote({"A": 5, "B": 5}), "A")) == "Der er ingen lodtrækning at afgøre."
    pending = _vote({"A": 4, "B": 3, "C": 3}, {"A": 4, "B": 3, "C": 3})
    assert _refused(lambda: settle_lot(pending, "A")) == "A var ikke med i lodtrækningen mellem B og C."


def test_S24_stk1_round_2_without_two_candidates_for_a_run_off_is_refused():
    message = _refused(lambda: _vote({"A": 0}, {"A": 0}))

    assert message == "Ingen blev valgt, og der er ikke to kandidater til en bunden afstemning."


def test_S24_stk1_a_run_off_candidate_left_out_of_the_tally_has_no_votes():
    """Round 3 between A and B: a tally naming only A (B got no votes, left out) elects A; one naming
    only B with 1 vote elects B, not a tie with a B that was never counted."""
    run_off = _vote({"A": 5, "B": 5}, {"A": 5, "B": 4})

    only_a = vote_round(run_off, members_present=10, tally={"A": 1})
    only_b = vote_round(run_off, members_present=10, tally={"B": 1})
    nobody = vote_round(run_off, members_present=10, tally={"A": 0})

    assert (only_a.status, only_a.elected, only_a.rounds[-1].lots) == (Status.ELECTED, "A", ())
    assert (only_b.status, only_b.elected, only_b.rounds[-1].lots) == (Status.ELECTED, "B", ())
    assert (nobody.status, nobody.rounds[-1].tied) == (Status.LOT_NEEDED, ("A", "B"))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 15).flatmap(
        lambda present: st.tuples(
            st.just(present),
            st.lists(
                st.dictionaries(st.sampled_from("ABCD"), st.integers(0, 5), min_size=2, max_size=4).filter(
                    lambda tally: sum(tally.values()) <= present
                ),
                min_size=3,
                max_size=3,
            ),
        )
    )
)
def test_S24_stk1_three_rounds_always_end_with_someone_elected(case):
    present, tallies = case
    election = MajorityElection()
    for tally in tallies:
        if election.run_off:
            tally = {candidate: tally.get(candidate, 0) for candidate in election.run_off}
        election = vote_round(election, members_present=present, tally=tally, tie_break=seeded_lots(1))
        if election.status is Status.ELECTED:
            break

    assert election.status is Status.ELECTED
    assert len(election.rounds) <= 3
    winner_round = election.rounds[-1]
    if winner_round.number < 3 and not winner_round.lots:
        votes = winner_round.tally[election.elected]
        assert 2 * votes > present or (winner_round.number == 2 and votes == winner_round.votes_cast)


def test_S24_stk1_no_round_while_the_run_off_lot_is_pending_names_the_two():
    pending = _vote({"A": 5, "B": 5}, {"A": 5, "B": 4}, {"A": 4, "B": 4})

    message = _refused(lambda: vote_round(pending, members_present=10, tally={"A": 1}))

    assert (pending.status, pending.rounds[-1].tied) == (Status.LOT_NEEDED, ("A", "B"))
    assert message == "Der mangler en lodtrækning mellem A og B, før valget kan fortsætte."


def test_S24_stk1_one_member_present_elects_with_one_vote():
    election = vote_round(MajorityElection(), members_present=1, tally={"A": 1, "B": 0})

    assert (election.status, election.elected) == (Status.ELECTED, "A")


def test_S24_stk1_round_2_the_only_candidate_with_a_single_vote_is_elected():
    election = _vote({"A": 1, "B": 1}, {"A": 1, "B": 0}, present=5)

    assert (election.status, election.elected) == (Status.ELECTED, "A")
