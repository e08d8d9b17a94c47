"""Ties and lots (lodtrækning) shared by the election engines.

B1 1.4 (chair election), kommunestyrelsesloven § 24 stk. 1 and stk. 3 (FO 3.8) and B1 1.1 all end a
tie the same way: by lot, recorded. The engines never draw a lot themselves; they call a *tie-break*
callback with the tied ids (sorted, so a callback sees the same question in the same form every time)
and record its answer as a `Lot`.

Plain Python: no Django, no settings, no clock.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

TieBreak = Callable[[tuple[str, ...]], str]
"""Given the tied ids (sorted), return the one the lot chose."""


@dataclass(frozen=True)
class Lot:
    """One lot drawn: among `tied`, `chosen` won. `seat` is the seat it decided (1-based), if any."""

    tied: tuple[str, ...]
    chosen: str
    seat: int | None = None

    def to_json(self) -> dict:
        """The one stored shape of a lot (result sets, composition snapshots, chair elections,
        appointments): ``{"tied": [...], "chosen": "...", "seat": n | null}``."""
        return {"tied": list(self.tied), "chosen": self.chosen, "seat": self.seat}

    @classmethod
    def from_json(cls, data: dict) -> Lot:
        """The lot stored by ``to_json``; a bare string (the winner only, an older shape) is accepted."""
        if isinstance(data, str):
            return cls(tied=(), chosen=data)
        return cls(tied=tuple(data.get("tied") or ()), chosen=data["chosen"], seat=data.get("seat"))


class TieError(Exception):
    """A tie that only a lot can decide, and no lot was allowed (or none is drawn yet)."""

    def __init__(self, tied: Iterable[str], *, seat: int | None = None) -> None:
        self.tied = tuple(tied)
        self.seat = seat
        where = f" om plads {seat}" if seat is not None else ""
        super().__init__(f"Uafgjort mellem {join_names(self.tied)}{where} – der skal trækkes lod.")


def join_names(names: Iterable[str]) -> str:
    """'A', 'A og B', 'A, B og C' — Danish enumeration for messages."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def strict_ties(tied: tuple[str, ...]) -> str:
    """Tie-break that refuses to decide: raises `TieError` naming the tied ids."""
    raise TieError(tied)


def seeded_lots(seed: int | str | None = None) -> TieBreak:
    """Tie-break drawing with `random.Random(seed)`: the same seed gives the same draws.

    With `seed=None` the generator is seeded from the operating system (not reproducible).
    """
    rng = random.Random(seed)

    def draw(tied: tuple[str, ...]) -> str:
        return rng.choice(sorted(tied))

    return draw


def lots_drawn(*chosen: str) -> TieBreak:
    """Tie-break replaying lots drawn elsewhere (e.g. by hand at the meeting), in order.

    When the replayed lots run out, the next tie raises `TieError`, so a caller can ask for one more
    lot and run the calculation again with it appended.
    """
    pending = list(chosen)

    def draw(tied: tuple[str, ...]) -> str:
        if not pending:
            raise TieError(tied)
        return pending.pop(0)

    return draw


def draw_lot(tied: Iterable[str], tie_break: TieBreak, *, seat: int | None = None) -> Lot:
    """Ask `tie_break` to decide among `tied` and return the lot; check its answer is one of them."""
    ordered = tuple(sorted(tied))
    try:
        chosen = tie_break(ordered)
    except TieError as error:
        raise TieError(error.tied or ordered, seat=seat) from None
    if chosen not in ordered:
        raise ValueError(f"Lodtrækningens vinder {chosen!r} er ikke blandt {join_names(ordered)}.")
    return Lot(tied=ordered, chosen=chosen, seat=seat)
