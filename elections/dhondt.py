"""d'Hondt seat allocation with electoral alliances, candidate caps, waivers and lots.

Serves two rules:

- **B1 1.4** chair and vice-chair: numbers are the units' regional votes at the municipal election;
  seat 1 is the chair, seat 2 the vice-chair. Units may form electoral alliances (valgforbund): an
  alliance's votes are summed, and the seats it wins are divided among its units by d'Hondt again.
- **FO 3.8 / kommunestyrelsesloven § 24 stk. 3** proportional election of several representatives:
  numbers are the members present in each declared group. Equal quotients → lot; a group that waives a
  seat passes it to the next quotient; a group can't take more seats than it has candidates.

Decisions (see docs/elections-engines.md):

- A waiver is modelled as `Unit.accepts`, the most seats the unit takes; seats beyond it pass on
  exactly like seats beyond its candidates. An alliance's cap is the sum of its units' caps, so a cap
  that bites inside an alliance passes the seat on inside the alliance first.
- A unit with no votes has no quotient and wins no seat.
- A lot is drawn whenever several contestants share the highest quotient for the next seat, even if
  the remaining seats would reach all of them: the order of seats is part of the result (chair before
  vice-chair).

Plain Python over integers: no Django, no settings, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from heapq import heapify, heappop, heappush

from elections.ties import (
    Lot,
    TieBreak,
    TieError,
    draw_lot,
    join_names,
    lots_drawn,
    seeded_lots,
    strict_ties,
)

__all__ = [
    "Allocation",
    "DhondtError",
    "Lot",
    "TieBreak",
    "TieError",
    "Unit",
    "allocate_seats",
    "lots_drawn",
    "seeded_lots",
    "strict_ties",
]


class DhondtError(ValueError):
    """Input that can't be allocated (message in Danish, for the user)."""


@dataclass(frozen=True)
class Unit:
    """A list, party or declared group: its number (votes or members) and optional limits.

    `candidates`: how many persons it can name (§ 24 stk. 3). `accepts`: the most seats it takes
    (a waiver of the seats beyond). `None` means no limit.
    """

    id: str
    votes: int
    candidates: int | None = None
    accepts: int | None = None

    @property
    def cap(self) -> int | None:
        """The most seats this unit can win; a unit without votes wins none."""
        if self.votes == 0:
            return 0
        limits = [n for n in (self.candidates, self.accepts) if n is not None]
        return min(limits) if limits else None


@dataclass(frozen=True)
class Allocation:
    """Seats per unit (every unit, zeros included), the unit of each seat in order, and lots drawn."""

    seats: dict[str, int]
    order: tuple[str, ...]
    lots: tuple[Lot, ...] = ()


@dataclass(frozen=True)
class _Contestant:
    """A lone unit or an alliance (id = its units' ids joined by '+') at the top level."""

    id: str
    votes: int
    cap: int | None
    members: tuple[Unit, ...] = ()


def allocate_seats(
    units: Iterable[Unit],
    *,
    seats: int,
    alliances: Iterable[Sequence[str]] = (),
    tie_break: TieBreak = strict_ties,
) -> Allocation:
    """Allocate `seats` by d'Hondt (B1 1.4, § 24 stk. 3) over lone units and alliances.

    The k-th seat goes to the contestant with the k-th highest quotient (votes ÷ 1, 2, 3, …) among
    those below their cap; an alliance's j-th seat goes to the unit winning the j-th seat inside it.
    Raises `DhondtError` for bad input or too few candidates, `TieError` from a strict tie-break.
    """
    units = tuple(units)
    _check_units(units, seats)
    contestants = _contestants(units, [tuple(a) for a in alliances])
    _check_capacity(contestants, seats)
    order, lots = _highest_averages(contestants, range(1, seats + 1), tie_break)
    inner_lots = _split_alliances(contestants, order, tie_break)
    counts = dict.fromkeys((u.id for u in units), 0)
    for unit_id in order:
        counts[unit_id] += 1
    all_lots = sorted(lots + inner_lots, key=lambda lot: lot.seat)
    return Allocation(seats=counts, order=tuple(order), lots=tuple(all_lots))


def _highest_averages(
    contestants: Sequence[_Contestant], seat_numbers: Sequence[int], tie_break: TieBreak
) -> tuple[list[str], list[Lot]]:
    """Plain d'Hondt with caps: each seat to the highest quotient among contestants below their cap.

    A max-heap of each contestant's next quotient `votes / (won + 1)`, so a seat costs O(log lists).
    The heap key is the exact integer `votes × scale // divisor` with `scale = (seats + 1)²`: two
    different quotients with divisors ≤ seats + 1 differ by at least 1 / (seats + 1)², so they get
    different keys in the same order, and equal quotients get equal keys. All
    contestants sharing the highest key are taken off the heap together: they are the tie.
    """
    scale = (len(seat_numbers) + 1) ** 2
    ids = [c.id for c in contestants]
    votes = [c.votes for c in contestants]
    caps = [c.cap for c in contestants]
    won = [0] * len(contestants)
    heap = [(-(c.votes * scale), i) for i, c in enumerate(contestants) if c.votes > 0 and c.cap != 0]
    heapify(heap)
    order: list[str] = []
    lots: list[Lot] = []
    for seat in seat_numbers:
        best, index = heappop(heap)
        if heap and heap[0][0] == best:
            tied = [index]
            while heap and heap[0][0] == best:
                tied.append(heappop(heap)[1])
            names = [ids[i] for i in tied]
            lots.append(draw_lot(names, tie_break, seat=seat))
            index = tied[names.index(lots[-1].chosen)]
            for other in tied:
                if other != index:
                    heappush(heap, (best, other))
        won[index] += 1
        order.append(ids[index])
        if caps[index] is None or won[index] < caps[index]:
            heappush(heap, (-(votes[index] * scale // (won[index] + 1)), index))
    return order, lots


def _split_alliances(contestants: Sequence[_Contestant], order: list[str], tie_break: TieBreak) -> list[Lot]:
    """Replace each alliance in `order` by its units, by d'Hondt inside it; return the lots drawn."""
    positions: dict[str, list[int]] = {c.id: [] for c in contestants if c.members}
    for position, contestant_id in enumerate(order):
        if contestant_id in positions:
            positions[contestant_id].append(position)
    lots: list[Lot] = []
    for alliance in (c for c in contestants if c.members):
        seats = positions[alliance.id]
        inner = [_Contestant(u.id, u.votes, u.cap) for u in alliance.members]
        inner_order, inner_lots = _highest_averages(inner, [p + 1 for p in seats], tie_break)
        for position, unit_id in zip(seats, inner_order, strict=True):
            order[position] = unit_id
        lots.extend(inner_lots)
    return lots


def _contestants(units: tuple[Unit, ...], alliances: list[tuple[str, ...]]) -> list[_Contestant]:
    """Lone units, then alliances with summed votes and caps (None if any unit is unlimited)."""
    by_id = {u.id: u for u in units}
    _check_alliances(by_id, alliances)
    allied = {unit_id for alliance in alliances for unit_id in alliance}
    contestants = [_Contestant(u.id, u.votes, u.cap) for u in units if u.id not in allied]
    for alliance in alliances:
        members = tuple(by_id[unit_id] for unit_id in alliance)
        caps = [m.cap for m in members]
        cap = None if None in caps else sum(caps)
        contestants.append(_Contestant("+".join(alliance), sum(m.votes for m in members), cap, members))
    return contestants


def _check_units(units: tuple[Unit, ...], seats: int) -> None:
    if not _is_count(seats):
        raise DhondtError("Antallet af pladser skal være et helt tal på mindst 0.")
    seen: set[str] = set()
    for unit in units:
        if not isinstance(unit.id, str) or not unit.id:
            raise DhondtError("Hver liste skal have et id (en ikke-tom tekst).")
        if unit.id in seen:
            raise DhondtError(f"Listen {unit.id} er angivet mere end én gang.")
        seen.add(unit.id)
        if not _is_count(unit.votes):
            raise DhondtError(f"Listen {unit.id}: stemmetallet skal være et helt tal på mindst 0.")
        for limit, what in ((unit.candidates, "antallet af kandidater"), (unit.accepts, "antal pladser")):
            if limit is not None and not _is_count(limit):
                raise DhondtError(f"Listen {unit.id}: {what} skal være et helt tal på mindst 0.")


def _check_alliances(by_id: dict[str, Unit], alliances: list[tuple[str, ...]]) -> None:
    """B1 1.4: a unit is in at most one alliance; an alliance has at least two known units."""
    allied: set[str] = set()
    labels: set[str] = set()
    for alliance in alliances:
        label = "+".join(alliance)
        if len(alliance) < 2:
            raise DhondtError(f"Et valgforbund skal bestå af mindst to lister: {label or '(tomt)'}.")
        unknown = [unit_id for unit_id in alliance if unit_id not in by_id]
        if unknown:
            raise DhondtError(f"Valgforbundet {label} nævner en ukendt liste: {join_names(unknown)}.")
        for unit_id in alliance:
            if unit_id in allied:
                raise DhondtError(f"Listen {unit_id} er med i mere end ét valgforbund.")
            allied.add(unit_id)
        if label in by_id:
            raise DhondtError(f"Valgforbundet {label} har samme navn som en liste.")
        if label in labels:  # ("A", "B+C") and ("A+B", "C"): lots and results could not tell them apart
            raise DhondtError(f"To valgforbund hedder begge {label}.")
        labels.add(label)


def _check_capacity(contestants: list[_Contestant], seats: int) -> None:
    caps = [c.cap for c in contestants]
    if None in caps or seats <= sum(caps):
        return
    raise DhondtError(
        f"Der skal fordeles {seats} pladser, men listerne kan tilsammen kun besætte {sum(caps)} "
        "(antal kandidater, afkald og lister uden stemmer sætter grænsen)."
    )


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
