"""The rule decisions of an election of representatives (FO 3.8, kommunestyrelsesloven § 24 stk. 1 and 3, § 26
by analogy), without Django: `appointments/voting.py` reads and stores, this module decides.

Pure so that mutation testing can measure it with fast unit tests (docs/mutation-testing.md). It raises
`BallotError` (a Danish message and the rule id); the service turns that into a `RuleViolation`.

- Majority: a round's tally against the members present and the election's candidates; the stored rounds
  replayed through `elections.majority` with the lots drawn by hand; a lot only for one of those tied.
- Proportional: a group's declaration checked against those present and the groups already declared; the
  groups as d'Hondt units; seats filled in quotient order (§ 26: a person takes a seat of a kind he may
  hold); a lot only for one of the groups tied; a unanimous departure fills every seat, each with another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from elections.dhondt import Unit
from elections.majority import MajorityElection, Status, vote_round
from elections.ties import Lot, join_names, lots_drawn

# `Election.State`'s values (appointments/models.py), which this module may not import.
OPEN, AWAITING_LOT, DECIDED = "open", "awaiting_lot", "decided"


class BallotError(ValueError):
    """A rule refuses the step. ``message`` is Danish; ``rule`` the rule id or empty."""

    def __init__(self, message: str, *, rule: str = "") -> None:
        self.message = message
        self.rule = rule
        super().__init__(message)


@dataclass(frozen=True)
class Declared:
    """A person as a declaration names him: his id and his name (for the messages)."""

    pk: int
    name: str


# --- § 24 stk. 1: majority ---------------------------------------------------------------------------------


def check_tally(*, present: int, tally: dict[int, int], candidates: Iterable[int]) -> dict[str, int]:
    """A round's votes may be recorded only with voting members present (FO 3.7) and only for the election's
    candidates; the tally as the engine takes it (keyed by the id as text)."""
    if present == 0:
        raise BallotError("Registrér fremmødet først: ingen stemmeberettigede er til stede.", rule="FO 3.7")
    if set(tally) - set(candidates):
        raise BallotError("Der kan kun stemmes på valgets kandidater.")
    return {str(pid): votes for pid, votes in tally.items()}


def replay_majority(rounds: list[dict]) -> MajorityElection:
    """The engine's state after the stored rounds, each replayed with the lots drawn for it."""
    state = MajorityElection()
    for stored in rounds:
        chosen = [Lot.from_json(lot).chosen for lot in stored.get("lots", [])]
        state = vote_round(
            state, members_present=stored["members_present"], tally=stored["tally"], tie_break=lots_drawn(*chosen)
        )
    return state


def round_json(r) -> dict:
    """A round as stored in `Election.rounds` (what `replay_majority` reads back)."""
    return {
        "number": r.number,
        "members_present": r.members_present,
        "tally": r.tally,
        "status": str(r.status),
        "elected": r.elected,
        "run_off": list(r.run_off) if r.run_off else None,
        "tied": list(r.tied),
        "lots": [lot.to_json() for lot in r.lots],
    }


def majority_outcome(state: MajorityElection) -> tuple[list[dict], str, dict]:
    """The stored rounds, the election's state and its result: decided when one is elected, awaiting a lot
    when the engine needs one, else open for the next round."""
    election_state = {Status.ELECTED: DECIDED, Status.LOT_NEEDED: AWAITING_LOT}.get(state.status, OPEN)
    result = {"elected": int(state.elected)} if state.elected else {}
    return [round_json(r) for r in state.rounds], election_state, result


def with_majority_lot(rounds: list[dict], *, awaiting: bool, chosen: int) -> list[dict]:
    """§ 24 stk. 1: the rounds with the lot drawn by hand added to the last, which must be awaiting one, for
    one of those tied."""
    if not awaiting:
        raise BallotError("Der er ingen lodtrækning at afgøre.")
    last = rounds[-1]
    if str(chosen) not in last["tied"]:
        raise BallotError("Vælg en af dem, der står lige.", rule="§ 24 stk. 1")
    lot = {"tied": last["tied"], "chosen": str(chosen), "seat": None}
    return [*rounds[:-1], {**last, "lots": [*last["lots"], lot]}]


# --- § 24 stk. 3: proportional -----------------------------------------------------------------------------


def declared_ids(groups: list[dict]) -> set[int]:
    return {pid for group in groups for pid in group["members"]}


def new_group(
    groups: list[dict],
    *,
    name: str,
    members: Sequence[Declared],
    present: set[int],
    nominees: Sequence[int],
    accepts: int | None,
) -> dict:
    """§ 24 stk. 3: a group of voting members present, none already in a group, with a name not used in the
    election, naming each person once; `accepts` (a waiver) the most seats it takes, `None` all it wins."""
    name = name.strip()
    if not name or any(g["name"] == name for g in groups):
        raise BallotError("Giv gruppen et navn, der ikke er brugt i valget.")
    outside = [p.name for p in members if p.pk not in present]
    if not members or outside:
        missing = f": ikke til stede: {join_names(outside)}" if outside else ""
        raise BallotError(f"En gruppe består af stemmeberettigede til stede{missing}.", rule="§ 24 stk. 3")
    twice = [p.name for p in members if p.pk in declared_ids(groups)]
    if twice:
        raise BallotError(f"{join_names(twice)} har allerede anmeldt en gruppe; hver er med i én.", rule="§ 24 stk. 3")
    if len(set(nominees)) != len(nominees):
        raise BallotError("Den samme person er nævnt to gange.")
    return {"name": name, "members": [p.pk for p in members], "nominees": list(nominees), "accepts": accepts}


def units(groups: list[dict]) -> list[Unit]:
    """The groups as d'Hondt units: their size the votes, their nominees the most seats they can fill."""
    return [
        Unit(id=g["name"], votes=len(g["members"]), candidates=len(g["nominees"]), accepts=g["accepts"]) for g in groups
    ]


def fill_in_order(seats, order: Sequence[str], groups: list[dict]) -> list[dict]:
    """Seats of one kind: seat k to the group of quotient k, each group's persons in the order it named them."""
    nominees = {g["name"]: list(g["nominees"]) for g in groups}
    return [
        {"seat": seat.pk, "group": group, "person": nominees[group].pop(0)}
        for seat, group in zip(seats, order, strict=True)
    ]


def fill_in_quotient_order(
    seats, order: Sequence[str], groups: list[dict], *, politicians: set[int], name_of: Callable[[int], str]
) -> list[dict]:
    """Kommunestyrelsesloven § 26 (policy, by analogy): in a body with seats for council members and others,
    the groups, in the order their quotients give them seats, name a council member or another, until one
    kind of seat is full. At its turn a group's next person takes a seat of a kind he may hold: a council
    member of the region (FO 3.8, ``politicians``) a political seat while one is free, else another seat;
    anyone else only a seat that is not political. A next person who fits no free seat is refused: the group
    must name another."""
    nominees = {g["name"]: list(g["nominees"]) for g in groups}
    free = {True: [s for s in seats if s.is_political], False: [s for s in seats if not s.is_political]}
    assignments = []
    for number, group in enumerate(order, start=1):
        person = nominees[group].pop(0)
        kinds = (True, False) if person in politicians else (False,)
        kind = next((k for k in kinds if free[k]), None)
        if kind is None:
            raise BallotError(
                f"Gruppen {group} har fået plads nr. {number}, men {name_of(person)} kan kun udpeges til en plads, "
                "der ikke er politisk, og de er besat. Gruppen skal udpege et medlem af en kommunalbestyrelse i "
                "regionen.",
                rule="§ 26",
            )
        assignments.append({"seat": free[kind].pop(0).pk, "group": group, "person": person})
    return assignments


def is_mixed(seats) -> bool:
    """Seats for council members and others together (§ 26 applies)."""
    return len({seat.is_political for seat in seats}) > 1


def proportional_lot(*, awaiting: bool, result: dict, chosen: str) -> dict:
    """§ 24 stk. 3 "afgøres rækkefølgen ved lodtrækning": the lot drawn by hand, for one of the groups tied
    for the pending seat, as stored in `Election.lots`."""
    tie = result.get("tie") if awaiting else None
    if tie is None or chosen not in tie["tied"]:
        raise BallotError("Vælg en af de grupper, der står lige.", rule="§ 24 stk. 3")
    return Lot(tuple(tie["tied"]), chosen, tie["seat"]).to_json()


def departure(*, assignments: dict[int, int], seat_ids: set[int], note: str) -> dict:
    """§ 24 stk. 3 departed from by unanimous decision: every seat of the election, and only those, with a
    person, each another, and the decision written down; the result as stored."""
    if set(assignments) != seat_ids or not note.strip():
        raise BallotError("Angiv en person til hver plads og beslutningen om at fravige d'Hondt (enstemmig).")
    persons = list(assignments.values())
    if len(set(persons)) != len(persons):
        raise BallotError("Den samme person er valgt til to pladser.")
    return {"assignments": [{"seat": s, "group": "", "person": p} for s, p in sorted(assignments.items())]}
