"""Majority election of one person (flertalsvalg): kommunestyrelsesloven § 24 stk. 1, FO 3.8.

A small state machine over immutable values. Each call records one round and says what comes next:

- **Rounds 1 and 2**: elected with votes from more than half of the members present (exactly half is
  not enough). Round 2 also: elected if the only candidate who got votes.
- **Round 3**: run-off (bunden afstemning) between the two with most votes in round 2 — on a tie a lot
  decides who the two are — and the one with most votes cast is elected; a tie → lot.

A needed lot is asked of the tie-break callback. The default, `strict_ties`, refuses, and the round is
recorded as `LOT_NEEDED` naming the tied candidates; `settle_lot` then records the lot drawn at the
meeting and finishes the round. Every round and every lot stays in `MajorityElection.rounds`.

Plain Python: no Django, no settings, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from elections.ties import Lot, TieBreak, TieError, draw_lot, join_names, lots_drawn, strict_ties


class MajorityError(ValueError):
    """A round that can't be recorded (message in Danish, for the user)."""


class Status(StrEnum):
    NEXT_ROUND = "next_round"
    RUN_OFF = "run_off"
    LOT_NEEDED = "lot_needed"
    ELECTED = "elected"


@dataclass(frozen=True)
class Round:
    """One round: who voted how, and the outcome. `tied` names the candidates of a pending lot."""

    number: int
    members_present: int
    tally: dict[str, int]
    status: Status
    elected: str | None = None
    run_off: tuple[str, str] | None = None
    tied: tuple[str, ...] = ()
    lots: tuple[Lot, ...] = ()

    @property
    def votes_cast(self) -> int:
        return sum(self.tally.values())


@dataclass(frozen=True)
class MajorityElection:
    """The rounds so far; start with `MajorityElection()`."""

    rounds: tuple[Round, ...] = ()

    @property
    def status(self) -> Status | None:
        return self.rounds[-1].status if self.rounds else None

    @property
    def elected(self) -> str | None:
        return self.rounds[-1].elected if self.rounds else None

    @property
    def run_off(self) -> tuple[str, str] | None:
        """The two candidates of round 3, once round 2 has named them."""
        return next((r.run_off for r in self.rounds if r.run_off), None)

    @property
    def next_round(self) -> int | None:
        """The number of the round to vote next; None when elected or a lot is pending."""
        if self.status in (Status.ELECTED, Status.LOT_NEEDED):
            return None
        return len(self.rounds) + 1


def vote_round(
    election: MajorityElection,
    *,
    members_present: int,
    tally: Mapping[str, int],
    tie_break: TieBreak = strict_ties,
) -> MajorityElection:
    """Record the next round's `tally` (votes per candidate) and its outcome (§ 24 stk. 1, FO 3.8)."""
    number = election.next_round
    if number is None:
        raise MajorityError(_closed_message(election))
    _check_tally(members_present, tally, run_off=election.run_off if number == 3 else None)
    new_round = _evaluate(number, members_present, dict(tally), election.run_off, tie_break)
    return MajorityElection(rounds=(*election.rounds, new_round))


def settle_lot(election: MajorityElection, chosen: str) -> MajorityElection:
    """Record the lot drawn at the meeting for the pending tie (`chosen` won it) and finish the round."""
    if election.status is not Status.LOT_NEEDED:
        raise MajorityError("Der er ingen lodtrækning at afgøre.")
    last = election.rounds[-1]
    if chosen not in last.tied:
        raise MajorityError(f"{chosen} var ikke med i lodtrækningen mellem {join_names(last.tied)}.")
    replay = lots_drawn(*(lot.chosen for lot in last.lots), chosen)
    settled = _evaluate(last.number, last.members_present, last.tally, election.run_off, replay)
    return MajorityElection(rounds=(*election.rounds[:-1], settled))


def _evaluate(
    number: int,
    members_present: int,
    tally: dict[str, int],
    run_off: tuple[str, str] | None,
    tie_break: TieBreak,
) -> Round:
    lots: list[Lot] = []
    try:
        if number == 3:
            outcome = _run_off_outcome(tally, run_off, tie_break, lots)
        else:
            outcome = _open_outcome(number, members_present, tally, tie_break, lots)
    except TieError as tie:
        outcome = {"status": Status.LOT_NEEDED, "tied": tie.tied}
    return Round(number=number, members_present=members_present, tally=tally, lots=tuple(lots), **outcome)


def _open_outcome(
    number: int, members_present: int, tally: dict[str, int], tie_break: TieBreak, lots: list[Lot]
) -> dict:
    """Rounds 1 and 2: more than half of the members present; round 2 also the only one with votes."""
    majority = [c for c, votes in tally.items() if 2 * votes > members_present]
    if majority:
        return {"status": Status.ELECTED, "elected": majority[0]}
    if number == 1:
        return {"status": Status.NEXT_ROUND}
    with_votes = [c for c, votes in tally.items() if votes > 0]
    if len(with_votes) == 1:
        return {"status": Status.ELECTED, "elected": with_votes[0]}
    if len(tally) < 2:
        raise MajorityError("Ingen blev valgt, og der er ikke to kandidater til en bunden afstemning.")
    return {"status": Status.RUN_OFF, "run_off": _top_two(tally, tie_break, lots)}


def _top_two(tally: dict[str, int], tie_break: TieBreak, lots: list[Lot]) -> tuple[str, str]:
    """The two with most votes; where a tie straddles the cut, lots pick who goes on, one at a time."""
    chosen: list[str] = []
    remaining = dict(tally)
    while len(chosen) < 2:
        best = max(remaining.values())
        group = sorted(c for c, votes in remaining.items() if votes == best)
        while group and len(chosen) < 2:
            if len(group) > 2 - len(chosen):
                lots.append(draw_lot(group, tie_break))
                group.remove(lots[-1].chosen)
                chosen.append(lots[-1].chosen)
            else:
                chosen.extend(group)
                group = []
        for candidate in chosen:
            remaining.pop(candidate, None)
    return chosen[0], chosen[1]


def _run_off_outcome(
    tally: dict[str, int], run_off: tuple[str, str] | None, tie_break: TieBreak, lots: list[Lot]
) -> dict:
    """Round 3: most votes cast between the two; equal → lot."""
    assert run_off is not None
    first, second = (tally.get(c, 0) for c in run_off)
    if first == second:
        lots.append(draw_lot(run_off, tie_break))
        return {"status": Status.ELECTED, "elected": lots[-1].chosen}
    return {"status": Status.ELECTED, "elected": run_off[0] if first > second else run_off[1]}


def _check_tally(members_present: int, tally: Mapping[str, int], *, run_off: tuple[str, str] | None) -> None:
    if not _is_count(members_present) or members_present < 1:
        raise MajorityError("Antallet af tilstedeværende medlemmer skal være et helt tal på mindst 1.")
    if not tally:
        raise MajorityError("Der skal være mindst én kandidat.")
    for candidate, votes in tally.items():
        if not isinstance(candidate, str) or not candidate:
            raise MajorityError("Hver kandidat skal have et navn (en ikke-tom tekst).")
        if not _is_count(votes):
            raise MajorityError(f"{candidate}: stemmetallet skal være et helt tal på mindst 0.")
    cast = sum(tally.values())
    if cast > members_present:
        raise MajorityError(f"Der er afgivet {cast} stemmer, men kun {members_present} medlemmer er til stede.")
    if run_off is not None and set(tally) - set(run_off):
        raise MajorityError(f"I den bundne afstemning kan der kun stemmes på {join_names(run_off)}.")


def _closed_message(election: MajorityElection) -> str:
    if election.status is Status.LOT_NEEDED:
        tied = join_names(election.rounds[-1].tied)
        return f"Der mangler en lodtrækning mellem {tied}, før valget kan fortsætte."
    return f"Valget er afgjort: {election.elected} er valgt."


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
