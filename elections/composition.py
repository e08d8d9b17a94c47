"""The size and party split of a KKR after a municipal election (B1 1.0, B1 1.1, KL's love § 15 stk. 2).

1. **Entitlement** (KL's love § 15 stk. 2): a unit is entitled if it got at least `threshold_pct`
   (default 2; exactly 2 % is entitled) of the region's valid votes and holds at least one municipal
   council seat. (Decision: a unit with no votes is never entitled, even at a 0 % threshold.)
2. **Uncapped size** (B1 1.0, policy): with shares among the entitled units' votes, the smallest whole
   N with mayors ≤ N × share for every entitled unit and N ≥ the sum of the floors, floor = max(mayors, 1).
   Mayors of non-entitled units and `other_mayors` sit on top of N.
3. **Cap** (B1 1.1): at most `cap_factor` × municipalities. The entitled units share
   T = min(N, cap − outside mayors). If that is below the sum of the floors, the floors win and the cap
   is exceeded (as B1 1.11-1.12 allow for floors); `cap_exceeded` flags it.
4. **Split** (B1 1.1): floors first, then one seat at a time to the unit with most votes per current
   seat; equal votes per seat → the unit with fewer seats (its ratio falls furthest); still equal →
   lot. This greedy gives the leximin-optimal under-representation (vote share ÷ seat share, worst
   first): see docs/elections-engines.md for why, and tests/elections/test_composition.py for the
   brute-force check.

Plain Python over integers and `Fraction`: no Django, no settings, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from heapq import heapify, heappop, heappush

from elections.ties import Lot, TieBreak, draw_lot, strict_ties

BOUND_MAYORS = "mayors"
BOUND_ONE_SEAT = "one_seat"
BOUND_PROPORTIONAL = "proportional"
BOUND_NOT_ENTITLED = "not_entitled"


class CompositionError(ValueError):
    """Input that can't be composed (message in Danish, for the user)."""


@dataclass(frozen=True)
class UnitResult:
    """A unit's regional result: votes, mayors after the constitution, council seats in the region."""

    id: str
    votes: int
    mayors: int
    council_seats: int


@dataclass(frozen=True)
class Region:
    """The region's election input. `valid_votes` defaults to the sum of the units' votes;
    `other_mayors` are mayors of lists that are no unit (they sit on top, like non-entitled mayors)."""

    municipalities: int
    units: tuple[UnitResult, ...]
    valid_votes: int | None = None
    other_mayors: int = 0


@dataclass(frozen=True)
class CompositionRules:
    """The rule-set numbers: entitlement threshold in percent (KL's love § 15 stk. 2), cap (B1 1.1)."""

    threshold_pct: Fraction = Fraction(2)
    cap_factor: int = 2


@dataclass(frozen=True)
class UnitSeats:
    """One unit's line in the calculation. Shares are among entitled units (None if not entitled);
    `valid_vote_share` is the share of all valid votes, the basis of entitlement."""

    id: str
    entitled: bool
    votes: int
    mayors: int
    seats: int
    valid_vote_share: Fraction
    vote_share: Fraction | None
    seat_share: Fraction | None
    underrepresentation: Fraction | None
    bound_by: str

    @property
    def supplementary(self) -> int:
        """Party-elected (supplementary) members: seats − mayors (B1 1.0)."""
        return self.seats - self.mayors


@dataclass(frozen=True)
class Composition:
    """The whole calculation: `total` members, `entitled_seats` = T, the uncapped size, the cap."""

    total: int
    entitled_seats: int
    uncapped_total: int
    cap: int
    capped: bool
    cap_exceeded: bool
    units: dict[str, UnitSeats] = field(default_factory=dict)
    lots: tuple[Lot, ...] = ()


def council_composition(
    region: Region, *, rules: CompositionRules = CompositionRules(), tie_break: TieBreak = strict_ties
) -> Composition:
    """Compute the KKR's size and split (B1 1.0, B1 1.1, KL's love § 15 stk. 2); see the module doc."""
    _check(region, rules)
    valid = sum(u.votes for u in region.units) if region.valid_votes is None else region.valid_votes
    entitled = [u for u in region.units if _is_entitled(u, valid, rules.threshold_pct)]
    floors = {u.id: max(u.mayors, 1) for u in entitled}
    size = _uncapped_size(entitled, sum(floors.values()))
    outside = sum(u.mayors for u in region.units if u.id not in floors) + region.other_mayors
    cap = rules.cap_factor * region.municipalities
    target = max(min(size, cap - outside), sum(floors.values()))
    seats, lots = _split(entitled, floors, target, tie_break)
    lines = _lines(region.units, seats, floors, valid)
    return Composition(
        total=target + outside,
        entitled_seats=target,
        uncapped_total=size + outside,
        cap=cap,
        capped=size + outside > cap,
        cap_exceeded=target + outside > cap,
        units={line.id: line for line in lines},
        lots=tuple(lots),
    )


def _is_entitled(unit: UnitResult, valid_votes: int, threshold_pct: Fraction) -> bool:
    """KL's love § 15 stk. 2: at least threshold % of the valid votes ("mindst"), and a council seat."""
    return unit.votes > 0 and unit.votes * 100 >= threshold_pct * valid_votes and unit.council_seats >= 1


def _uncapped_size(entitled: list[UnitResult], floor_sum: int) -> int:
    """B1 1.0 (policy): smallest N with mayors ≤ N × votes ÷ entitled votes for all, and N ≥ floors."""
    total_votes = sum(u.votes for u in entitled)
    needed = [-(-u.mayors * total_votes // u.votes) for u in entitled]
    return max([floor_sum, *needed])


def _split(
    entitled: list[UnitResult], floors: dict[str, int], target: int, tie_break: TieBreak
) -> tuple[dict[str, int], list[Lot]]:
    """B1 1.1: floors, then each seat to most votes per seat (fewer seats first on equal; then lot).

    A heap of each unit's (votes per seat, −seats), so a seat costs O(log units). Votes per seat is
    kept as the exact integer `votes × scale // seats` with `scale = target²`: two different ratios
    with seat counts ≤ target differ by at least 1 / target², so they get different keys in the same
    order, and equal ratios get equal keys. All units sharing the best key are the tie.
    """
    seats = dict(floors)
    lots: list[Lot] = []
    scale = max(target, 1) ** 2
    ids = [u.id for u in entitled]
    votes = [u.votes for u in entitled]
    heap = [(-(u.votes * scale // seats[u.id]), seats[u.id], i) for i, u in enumerate(entitled)]
    heapify(heap)
    for seat in range(sum(floors.values()) + 1, target + 1):
        ratio, held, index = heappop(heap)
        if heap and heap[0][:2] == (ratio, held):
            tied = [index]
            while heap and heap[0][:2] == (ratio, held):
                tied.append(heappop(heap)[2])
            names = [ids[i] for i in tied]
            lots.append(draw_lot(names, tie_break, seat=seat))
            index = tied[names.index(lots[-1].chosen)]
            for other in tied:
                if other != index:
                    heappush(heap, (ratio, held, other))
        held += 1
        seats[ids[index]] = held
        heappush(heap, (-(votes[index] * scale // held), held, index))
    return seats, lots


def _lines(units: tuple[UnitResult, ...], seats: dict[str, int], floors: dict[str, int], valid: int) -> list[UnitSeats]:
    """One `UnitSeats` per unit, in input order, with shares and the rule that bound its number."""
    entitled_votes = sum(u.votes for u in units if u.id in seats)
    entitled_seats = sum(seats.values())
    lines = []
    for unit in units:
        line = UnitSeats(
            id=unit.id,
            entitled=unit.id in seats,
            votes=unit.votes,
            mayors=unit.mayors,
            seats=seats.get(unit.id, unit.mayors),
            valid_vote_share=Fraction(unit.votes, valid),
            vote_share=None,
            seat_share=None,
            underrepresentation=None,
            bound_by=BOUND_NOT_ENTITLED,
        )
        if line.entitled:
            line = _with_shares(line, entitled_votes, entitled_seats, floors[unit.id])
        lines.append(line)
    return lines


def _with_shares(line: UnitSeats, entitled_votes: int, entitled_seats: int, floor: int) -> UnitSeats:
    """Shares among entitled units; the floor bound the number if the unit sits at its floor and its
    share of the votes is below its share of the seats (proportionally it would have fewer)."""
    vote_share = Fraction(line.votes, entitled_votes)
    seat_share = Fraction(line.seats, entitled_seats)
    ratio = vote_share / seat_share
    bound_by = BOUND_PROPORTIONAL
    if line.seats == floor and ratio < 1:
        bound_by = BOUND_MAYORS if line.mayors else BOUND_ONE_SEAT
    shares = {"vote_share": vote_share, "seat_share": seat_share, "underrepresentation": ratio}
    return replace(line, bound_by=bound_by, **shares)


def _check(region: Region, rules: CompositionRules) -> None:
    if not _is_count(region.municipalities) or region.municipalities < 1:
        raise CompositionError("Antallet af kommuner skal være et helt tal på mindst 1.")
    if not _is_count(rules.cap_factor) or rules.cap_factor < 1:
        raise CompositionError("Loftets faktor skal være et helt tal på mindst 1.")
    if not isinstance(rules.threshold_pct, Fraction | int) or not 0 <= rules.threshold_pct <= 100:
        raise CompositionError("Spærregrænsen skal være en procentsats mellem 0 og 100.")
    if not _is_count(region.other_mayors):
        raise CompositionError("Antallet af andre borgmestre skal være et helt tal på mindst 0.")
    _check_units(region.units)
    mayors = sum(u.mayors for u in region.units) + region.other_mayors
    if mayors > region.municipalities:
        raise CompositionError(f"Der er {mayors} borgmestre, men kun {region.municipalities} kommuner.")
    _check_valid_votes(region)


def _check_units(units: tuple[UnitResult, ...]) -> None:
    seen: set[str] = set()
    for unit in units:
        if not isinstance(unit.id, str) or not unit.id:
            raise CompositionError("Hver enhed skal have et id (en ikke-tom tekst).")
        if unit.id in seen:
            raise CompositionError(f"Enheden {unit.id} er angivet mere end én gang.")
        seen.add(unit.id)
        for value, what in ((unit.votes, "stemmetal"), (unit.mayors, "borgmestre")):
            if not _is_count(value):
                raise CompositionError(f"Enheden {unit.id}: {what} skal være et helt tal på mindst 0.")
        if not _is_count(unit.council_seats):
            raise CompositionError(f"Enheden {unit.id}: kommunalbestyrelsesmandater skal være et helt tal.")
        if unit.mayors > unit.council_seats:
            raise CompositionError(
                f"Enheden {unit.id} har flere borgmestre ({unit.mayors}) end "
                f"kommunalbestyrelsesmandater ({unit.council_seats})."
            )


def _check_valid_votes(region: Region) -> None:
    counted = sum(u.votes for u in region.units)
    valid = counted if region.valid_votes is None else region.valid_votes
    if not _is_count(valid) or valid < 1:
        raise CompositionError("Antallet af gyldige stemmer skal være et helt tal på mindst 1.")
    if counted > valid:
        raise CompositionError(f"Enhedernes stemmer ({counted}) overstiger de gyldige stemmer ({valid}).")


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
