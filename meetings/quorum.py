"""Quorum, vote outcome and the extraordinary-meeting threshold (FO 3.7, FO 3.1).

Pure rule module: no Django, no settings, no clock. Callers count people and votes and pass the
numbers in, with the rule-set fractions; see docs/deadlines-and-quorum.md for the definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from numbers import Rational

#: Rule-set defaults from the 2018 rules (seed 000).
DEFAULT_QUORUM_FRACTION = Fraction(1, 2)  # FO 3.7 "mindst halvdelen af medlemmerne"
DEFAULT_EXTRAORDINARY_FRACTION = Fraction(1, 3)  # FO 3.1 "mindst en tredjedel af medlemmerne"


class QuorumError(ValueError):
    """Counts or fractions that can't describe a meeting (negative, more present than seats, …)."""


def minimum_count(members: int, *, fraction: Fraction | int | str) -> int:
    """The smallest whole number of people that is at least ``fraction`` × ``members``.

    Exact arithmetic, so "mindst" includes the exact value: half of 22 is 11, a third of 21 is 7,
    and a third of 22 (7⅓) needs 8.
    """
    _require_count(members, minimum=1, what="medlemmer")
    share = _as_fraction(fraction) * members
    return -(-share.numerator // share.denominator)


# --- FO 3.7 quorum ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    """Whether a meeting is quorate (beslutningsdygtig): ``present`` against ``required`` of ``members``."""

    present: int
    members: int
    required: int

    @property
    def is_quorate(self) -> bool:
        return self.present >= self.required


def quorum(present: int, members: int, *, fraction: Fraction | int | str = DEFAULT_QUORUM_FRACTION) -> Quorum:
    """FO 3.7: KKR is quorate when at least ``fraction`` of its members are present.

    ``members`` is the number of seats on the day; ``present`` counts seats filled at the meeting: a
    member, or the personal substitute attending in that member's place (FO 3.9, B1 1.6-1.8), counts
    once for that seat. Observers without a vote (B1 1.5) are not counted. Exactly half is quorate.
    """
    _require_count(present, minimum=0, what="fremmødte")
    required = minimum_count(members, fraction=fraction)
    if present > members:
        raise QuorumError(f"{present} fremmødte, men kun {members} pladser; tæl en stedfortræder for sit medlem.")
    return Quorum(present=present, members=members, required=required)


# --- FO 3.7 vote outcome ----------------------------------------------------------------------------


class Vote(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class CastingHolder(StrEnum):
    """Whose vote breaks a tie: the chair (FO 3.7) or, by rule-set policy, whoever leads the meeting."""

    CHAIR = "chair"
    LEADER = "leader"

    @property
    def definite(self) -> str:
        return {"chair": "formanden", "leader": "mødelederen"}[self.value]

    @property
    def genitive(self) -> str:
        return {"chair": "formandens", "leader": "mødelederens"}[self.value]


@dataclass(frozen=True)
class Tally:
    """Votes counted in one division. Abstentions (undlod at stemme) are not votes cast."""

    votes_for: int
    votes_against: int
    abstentions: int = 0

    def __post_init__(self) -> None:
        for what, value in (
            ("for", self.votes_for),
            ("imod", self.votes_against),
            ("hverken", self.abstentions),
        ):
            _require_count(value, minimum=0, what=f"stemmer {what}")


@dataclass(frozen=True)
class VoteResult:
    """The outcome of one division and how it was reached."""

    tally: Tally
    adopted: bool
    decided_by_casting_vote: bool
    casting_holder: CastingHolder
    holder_present: bool = True  # FO 3.7: only a leader who is present can break a tie

    @property
    def is_tie(self) -> bool:
        return self.tally.votes_for == self.tally.votes_against

    @property
    def is_undecided_tie(self) -> bool:
        """A tie the casting voter did not break (absent or abstained): not adopted."""
        return self.is_tie and not self.decided_by_casting_vote

    def minutes_sentence(self, subject: str = "Indstillingen") -> str:
        """One Danish sentence for the decision minutes (FO 3.4)."""
        counts = _counts_phrase(self.tally)
        if self.is_undecided_tie and not self.holder_present:
            return (
                f"{subject} blev ikke vedtaget: stemmerne stod lige med {counts}, "
                f"og {self.casting_holder.definite} var ikke til stede."
            )
        if self.is_undecided_tie:
            return (
                f"{subject} blev ikke vedtaget: stemmerne stod lige med {counts}, "
                f"og {self.casting_holder.definite} afgav ikke en udslagsgivende stemme."
            )
        verb = "vedtaget" if self.adopted else "forkastet"
        if self.decided_by_casting_vote:
            return f"{subject} blev {verb} med {counts}; {self.casting_holder.genitive} stemme gjorde udslaget."
        return f"{subject} blev {verb} med {counts}."


def vote_outcome(
    tally: Tally,
    *,
    casting_vote: Vote | None = None,
    casting_holder: CastingHolder = CastingHolder.CHAIR,
    holder_present: bool = True,
) -> VoteResult:
    """FO 3.7: "almindeligt flertal" of votes cast; "ved stemmelighed er formandens stemme udslagsgivende".

    Adopted when more vote for than against; abstentions count for neither side (they still count for
    quorum). On a tie, ``casting_vote`` — how the casting holder voted in this division, already part
    of the tally — decides. If that person did not vote or abstained (``None``/``Vote.ABSTAIN``), the
    tie is not decided and the matter is not adopted. Outside a tie ``casting_vote`` is only checked.
    With the holder absent (``holder_present=False``) nobody can break a tie: a casting vote is refused.
    """
    if casting_vote is not None and not holder_present:
        raise QuorumError(
            f"{casting_holder_name(casting_holder)} er ikke til stede og har ingen udslagsgivende stemme."
        )
    _check_casting_vote_is_in_tally(tally, casting_vote)
    casting_holder = CastingHolder(casting_holder)
    if tally.votes_for != tally.votes_against:
        adopted, by_casting = tally.votes_for > tally.votes_against, False
    else:
        by_casting = casting_vote in (Vote.FOR, Vote.AGAINST)
        adopted = casting_vote == Vote.FOR
    return VoteResult(
        tally=tally,
        adopted=adopted,
        decided_by_casting_vote=by_casting,
        casting_holder=casting_holder,
        holder_present=holder_present,
    )


def casting_holder_name(holder: CastingHolder | str) -> str:
    """ "Formanden" / "Mødelederen": the holder at the start of a sentence."""
    return CastingHolder(holder).definite.capitalize()


# --- FO 3.1 extraordinary meeting -------------------------------------------------------------------


def extraordinary_meeting_required(
    requests: int, members: int, *, fraction: Fraction | int | str = DEFAULT_EXTRAORDINARY_FRACTION
) -> bool:
    """FO 3.1: True when at least ``fraction`` of the members have asked for a meeting.

    ``requests`` counts distinct members (seats) asking. Exactly the fraction is enough: 22 members
    need 8 requests, 21 need 7. The chair may convene one anyway; that is not counted here.
    """
    _require_count(requests, minimum=0, what="anmodninger")
    required = minimum_count(members, fraction=fraction)
    if requests > members:
        raise QuorumError(f"{requests} anmodninger, men kun {members} medlemmer.")
    return requests >= required


# --- Helpers ----------------------------------------------------------------------------------------


def _counts_phrase(tally: Tally) -> str:
    votes_for = f"{tally.votes_for} stemme{'' if tally.votes_for == 1 else 'r'} for"
    if tally.abstentions:
        return f"{votes_for}, {tally.votes_against} imod og {tally.abstentions} undlod at stemme"
    return f"{votes_for} og {tally.votes_against} imod"


def _check_casting_vote_is_in_tally(tally: Tally, casting_vote: Vote | None) -> None:
    if casting_vote is None:
        return
    counted = {Vote.FOR: tally.votes_for, Vote.AGAINST: tally.votes_against, Vote.ABSTAIN: tally.abstentions}
    if not counted[Vote(casting_vote)]:
        raise QuorumError(f"Den udslagsgivende stemme ({casting_vote}) findes ikke i optællingen.")


def _as_fraction(value: Fraction | int | str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Rational | str):
        raise QuorumError(f"Brøken skal angives eksakt (fx Fraction(1, 2) eller '1/2'), ikke {value!r}.")
    try:
        fraction = Fraction(value)
    except ValueError as exc:
        raise QuorumError(f"Ugyldig brøk: {value!r}.") from exc
    if not 0 < fraction <= 1:
        raise QuorumError(f"Brøken skal ligge i (0; 1], ikke {fraction}.")
    return fraction


def _require_count(value: int, *, minimum: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise QuorumError(f"Antal {what} skal være et helt tal på mindst {minimum}, ikke {value!r}.")
