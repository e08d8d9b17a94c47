"""meetings.quorum: FO 3.7 quorum and vote outcome, FO 3.1 extraordinary meetings."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.quorum import (
    CastingHolder,
    QuorumError,
    Tally,
    Vote,
    extraordinary_meeting_required,
    minimum_count,
    quorum,
    vote_outcome,
)

# --- FO 3.7 quorum ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "members", "required", "is_quorate"),
    [
        pytest.param(11, 22, 11, True, id="FO_3_7-exact-half-of-22-is-quorate"),
        pytest.param(10, 22, 11, False, id="FO_3_7-10-of-22-is-not"),
        pytest.param(11, 21, 11, True, id="FO_3_7-11-of-21-is-quorate"),
        pytest.param(10, 21, 11, False, id="FO_3_7-10-of-21-is-not"),
        pytest.param(29, 58, 29, True, id="FO_3_7-hovedstaden-58"),
        pytest.param(17, 34, 17, True, id="FO_3_7-sjaelland-34"),
        pytest.param(0, 1, 1, False, id="FO_3_7-nobody-present"),
    ],
)
def test_FO_3_7_quorum_is_at_least_half_of_the_members(present, members, required, is_quorate):
    result = quorum(present, members)

    assert (result.present, result.required, result.is_quorate) == (present, required, is_quorate)


def test_FO_3_7_quorum_fraction_comes_from_the_rule_set():
    assert quorum(15, 22, fraction=Fraction(2, 3)).required == 15
    assert quorum(15, 22, fraction="2/3").is_quorate


@pytest.mark.parametrize(
    ("present", "members", "fraction"),
    [
        pytest.param(23, 22, Fraction(1, 2), id="more-present-than-seats"),
        pytest.param(-1, 22, Fraction(1, 2), id="negative-present"),
        pytest.param(5, 0, Fraction(1, 2), id="no-members"),
        pytest.param(5, 22, 0.5, id="float-fraction"),
        pytest.param(5, 22, Fraction(3, 2), id="fraction-above-one"),
        pytest.param(5, 22, 0, id="zero-fraction"),
    ],
)
def test_FO_3_7_impossible_quorum_input_is_refused(present, members, fraction):
    with pytest.raises(QuorumError):
        quorum(present, members, fraction=fraction)


# --- FO 3.7 vote outcome ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tally", "casting_vote", "adopted", "by_casting", "sentence"),
    [
        pytest.param(
            Tally(14, 8),
            None,
            True,
            False,
            "Indstillingen blev vedtaget med 14 stemmer for og 8 imod.",
            id="FO_3_7-simple-majority-adopts",
        ),
        pytest.param(
            Tally(8, 14),
            Vote.FOR,
            False,
            False,
            "Indstillingen blev forkastet med 8 stemmer for og 14 imod.",
            id="FO_3_7-majority-against-rejects-whatever-the-chair-voted",
        ),
        pytest.param(
            Tally(3, 2, 17),
            None,
            True,
            False,
            "Indstillingen blev vedtaget med 3 stemmer for, 2 imod og 17 undlod at stemme.",
            id="FO_3_7-abstentions-are-not-votes-cast",
        ),
        pytest.param(
            Tally(1, 0, 2),
            None,
            True,
            False,
            "Indstillingen blev vedtaget med 1 stemme for, 0 imod og 2 undlod at stemme.",
            id="FO_3_7-one-vote-singular",
        ),
        pytest.param(
            Tally(12, 12),
            Vote.FOR,
            True,
            True,
            "Indstillingen blev vedtaget med 12 stemmer for og 12 imod; formandens stemme gjorde udslaget.",
            id="FO_3_7-tie-decided-by-the-chair-voting-for",
        ),
        pytest.param(
            Tally(12, 12),
            Vote.AGAINST,
            False,
            True,
            "Indstillingen blev forkastet med 12 stemmer for og 12 imod; formandens stemme gjorde udslaget.",
            id="FO_3_7-tie-decided-by-the-chair-voting-against",
        ),
        pytest.param(
            Tally(11, 11, 1),
            Vote.ABSTAIN,
            False,
            False,
            "Indstillingen blev ikke vedtaget: stemmerne stod lige med 11 stemmer for, 11 imod og "
            "1 undlod at stemme, og formanden afgav ikke en udslagsgivende stemme.",
            id="FO_3_7-tie-with-the-chair-abstaining-is-not-decided",
        ),
        pytest.param(
            Tally(11, 11),
            None,
            False,
            False,
            "Indstillingen blev ikke vedtaget: stemmerne stod lige med 11 stemmer for og 11 imod, "
            "og formanden afgav ikke en udslagsgivende stemme.",
            id="FO_3_7-tie-with-the-chair-not-voting-is-not-decided",
        ),
    ],
)
def test_FO_3_7_decisions_are_by_simple_majority_and_the_chair_breaks_ties(
    tally, casting_vote, adopted, by_casting, sentence
):
    result = vote_outcome(tally, casting_vote=casting_vote)

    assert (result.adopted, result.decided_by_casting_vote) == (adopted, by_casting)
    assert result.minutes_sentence() == sentence


def test_FO_3_7_tie_not_decided_is_flagged_as_such():
    result = vote_outcome(Tally(5, 5, 1), casting_vote=Vote.ABSTAIN)

    assert result.is_tie and result.is_undecided_tie and not result.adopted


def test_FO_3_7_policy_the_meeting_leaders_vote_breaks_the_tie():
    result = vote_outcome(Tally(10, 10), casting_vote=Vote.FOR, casting_holder=CastingHolder.LEADER)

    assert result.adopted
    assert result.minutes_sentence("Forslaget") == (
        "Forslaget blev vedtaget med 10 stemmer for og 10 imod; mødelederens stemme gjorde udslaget."
    )


def test_FO_3_7_casting_holder_may_be_given_as_the_rule_set_string():
    assert vote_outcome(Tally(1, 1), casting_vote=Vote.FOR, casting_holder="leader").casting_holder == "leader"


@pytest.mark.parametrize(
    ("tally", "casting_vote"),
    [
        pytest.param(Tally(0, 3), Vote.FOR, id="casting-for-but-nobody-voted-for"),
        pytest.param(Tally(3, 0), Vote.AGAINST, id="casting-against-but-nobody-voted-against"),
        pytest.param(Tally(2, 2), Vote.ABSTAIN, id="casting-abstain-but-no-abstentions"),
    ],
)
def test_FO_3_7_a_casting_vote_missing_from_the_tally_is_refused(tally, casting_vote):
    with pytest.raises(QuorumError):
        vote_outcome(tally, casting_vote=casting_vote)


def test_FO_3_7_negative_counts_are_refused():
    with pytest.raises(QuorumError):
        Tally(-1, 3)


# --- FO 3.1 extraordinary meeting ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requests", "members", "expected"),
    [
        pytest.param(8, 22, True, id="FO_3_1-8-of-22-is-enough"),
        pytest.param(7, 22, False, id="FO_3_1-7-of-22-is-not"),
        pytest.param(7, 21, True, id="FO_3_1-exactly-a-third-of-21"),
        pytest.param(6, 21, False, id="FO_3_1-6-of-21-is-not"),
        pytest.param(0, 22, False, id="FO_3_1-no-requests"),
    ],
)
def test_FO_3_1_extraordinary_meeting_when_at_least_a_third_ask(requests, members, expected):
    assert extraordinary_meeting_required(requests, members) is expected


def test_FO_3_1_more_requests_than_members_is_refused():
    with pytest.raises(QuorumError):
        extraordinary_meeting_required(23, 22)


# --- Properties ---------------------------------------------------------------------------------------

fractions = st.fractions(min_value=Fraction(1, 100), max_value=1)


@settings(max_examples=200, deadline=None)
@given(members=st.integers(min_value=1, max_value=200), fraction=fractions)
def test_minimum_count_is_the_smallest_whole_number_reaching_the_fraction(members, fraction):
    required = minimum_count(members, fraction=fraction)

    assert required >= fraction * members
    assert required - 1 < fraction * members
    assert 1 <= required <= members


@settings(max_examples=200, deadline=None)
@given(votes_for=st.integers(0, 60), votes_against=st.integers(0, 60), abstentions=st.integers(0, 60))
def test_FO_3_7_abstentions_never_change_the_outcome(votes_for, votes_against, abstentions):
    with_abstentions = vote_outcome(Tally(votes_for, votes_against, abstentions))
    without = vote_outcome(Tally(votes_for, votes_against))

    assert with_abstentions.adopted == without.adopted
    assert with_abstentions.adopted == (votes_for > votes_against)


# --- Boundaries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("members", [1, 2, 21, 22, 58])
def test_FO_3_7_every_member_present_is_quorate(members):
    result = quorum(members, members)

    assert (result.present, result.members, result.is_quorate) == (members, members, True)


@pytest.mark.parametrize(("members", "half"), [(2, 1), (22, 11), (58, 29)])
def test_FO_3_7_exactly_half_present_is_quorate_and_one_less_is_not(members, half):
    assert quorum(half, members).is_quorate
    assert not quorum(half - 1, members).is_quorate


@pytest.mark.parametrize("members", [1, 3, 21, 22])
def test_FO_3_1_every_member_asking_requires_the_meeting(members):
    assert extraordinary_meeting_required(members, members) is True


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda: quorum(23, 22),
            "23 fremmødte, men kun 22 pladser; tæl en stedfortræder for sit medlem.",
            id="FO_3_7-more-present-than-seats",
        ),
        pytest.param(
            lambda: extraordinary_meeting_required(23, 22),
            "23 anmodninger, men kun 22 medlemmer.",
            id="FO_3_1-more-requests-than-members",
        ),
        pytest.param(
            lambda: quorum(5, 22, fraction=0.5),
            "Brøken skal angives eksakt (fx Fraction(1, 2) eller '1/2'), ikke 0.5.",
            id="float-fraction",
        ),
        pytest.param(lambda: quorum(5, 22, fraction="halv"), "Ugyldig brøk: 'halv'.", id="unreadable-fraction"),
        pytest.param(
            lambda: quorum(5, 22, fraction=Fraction(3, 2)), "Brøken skal ligge i (0; 1], ikke 3/2.", id="above-one"
        ),
        pytest.param(lambda: quorum(5, 22, fraction=0), "Brøken skal ligge i (0; 1], ikke 0.", id="zero-fraction"),
        pytest.param(
            lambda: vote_outcome(Tally(0, 3), casting_vote=Vote.FOR),
            "Den udslagsgivende stemme (for) findes ikke i optællingen.",
            id="FO_3_7-casting-vote-not-in-the-tally",
        ),
    ],
)
def test_impossible_input_is_refused_whole_message(call, message):
    with pytest.raises(QuorumError) as raised:
        call()

    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda value: quorum(value, 22),
            "Antal fremmødte skal være et helt tal på mindst 0, ikke {!r}.",
            id="FO_3_7-present",
        ),
        pytest.param(
            lambda value: quorum(5, value),
            "Antal medlemmer skal være et helt tal på mindst 1, ikke {!r}.",
            id="FO_3_7-members",
        ),
        pytest.param(
            lambda value: extraordinary_meeting_required(value, 22),
            "Antal anmodninger skal være et helt tal på mindst 0, ikke {!r}.",
            id="FO_3_1-requests",
        ),
        pytest.param(
            lambda value: minimum_count(value, fraction=Fraction(1, 2)),
            "Antal medlemmer skal være et helt tal på mindst 1, ikke {!r}.",
            id="minimum-count-members",
        ),
        pytest.param(
            lambda value: Tally(value, 3),
            "Antal stemmer for skal være et helt tal på mindst 0, ikke {!r}.",
            id="FO_3_7-votes-for",
        ),
        pytest.param(
            lambda value: Tally(3, value),
            "Antal stemmer imod skal være et helt tal på mindst 0, ikke {!r}.",
            id="FO_3_7-votes-against",
        ),
        pytest.param(
            lambda value: Tally(3, 3, value),
            "Antal stemmer hverken skal være et helt tal på mindst 0, ikke {!r}.",
            id="FO_3_7-abstentions",
        ),
    ],
)
@pytest.mark.parametrize("value", [True, 2.5, "3", None, -1], ids=repr)
def test_counts_of_the_wrong_type_are_refused_whole_message(call, message, value):
    with pytest.raises(QuorumError) as raised:
        call(value)

    assert str(raised.value) == message.format(value)


def test_FO_3_7_an_absent_casting_vote_holder_cannot_break_the_tie():
    for holder, name in ((CastingHolder.CHAIR, "Formanden"), (CastingHolder.LEADER, "Mødelederen")):
        for vote in Vote:
            with pytest.raises(QuorumError) as raised:
                vote_outcome(Tally(5, 5, 1), casting_vote=vote, casting_holder=holder, holder_present=False)
            assert str(raised.value) == f"{name} er ikke til stede og har ingen udslagsgivende stemme."


@pytest.mark.parametrize(
    ("holder", "sentence"),
    [
        pytest.param(
            CastingHolder.CHAIR,
            "Indstillingen blev ikke vedtaget: stemmerne stod lige med 5 stemmer for og 5 imod, "
            "og formanden var ikke til stede.",
            id="chair",
        ),
        pytest.param(
            "leader",
            "Indstillingen blev ikke vedtaget: stemmerne stod lige med 5 stemmer for og 5 imod, "
            "og mødelederen var ikke til stede.",
            id="policy-leader",
        ),
    ],
)
def test_FO_3_7_a_tie_with_the_casting_vote_holder_absent_is_not_adopted_whole_sentence(holder, sentence):
    result = vote_outcome(Tally(5, 5), casting_holder=holder, holder_present=False)

    assert (result.adopted, result.decided_by_casting_vote, result.holder_present) == (False, False, False)
    assert result.is_undecided_tie
    assert result.minutes_sentence() == sentence


def test_FO_3_7_the_casting_vote_holder_absent_changes_nothing_outside_a_tie():
    result = vote_outcome(Tally(6, 5), holder_present=False)

    assert result.adopted and not result.decided_by_casting_vote
    assert result.minutes_sentence() == "Indstillingen blev vedtaget med 6 stemmer for og 5 imod."


def test_FO_3_7_every_count_and_fraction_up_to_30_members_against_the_exact_rule():
    """quorum and extraordinary_meeting_required for every members ≤ 30, count ≤ members and fractions
    with denominators ≤ 6, against the rule read with `Fraction`: at least fraction × members."""
    for members in range(1, 31):
        for denominator in range(1, 7):
            for numerator in range(1, denominator + 1):
                fraction = Fraction(numerator, denominator)
                for count in range(members + 1):
                    enough = Fraction(count) >= fraction * members
                    assert quorum(count, members, fraction=fraction).is_quorate is enough
                    assert extraordinary_meeting_required(count, members, fraction=fraction) is enough
