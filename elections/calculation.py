"""The composition of a stored result set: its rows summed per unit and run through the pure engine.

Units are the national parties and list cooperations (`Party.is_unit`); local lists are no units, so
their votes count only among the valid votes and their mayors sit on top (`other_mayors`, SPEC §1, §5).
The period's rule set gives the threshold (exact, from its Decimal) and the cap; a rule set without a cap
(2010 rules) is run with a cap too large to bind, and shown as "intet loft". Lots already drawn by hand
(`ElectionResultSet.lots`, stored as `Lot.to_json()`) are replayed; a further tie raises `TieError` so
staff can draw it. Results the engine can't compose raise `RuleViolation` (B1 1.0).
"""

from dataclasses import dataclass
from fractions import Fraction

from elections.composition import (
    Composition,
    CompositionError,
    CompositionRules,
    Region,
    UnitResult,
    council_composition,
)
from elections.ties import Lot, lots_drawn
from kkr.errors import RuleViolation

from .models import ElectionResultSet


@dataclass(frozen=True)
class LocalLists:
    """The lists that are no unit, summed: their votes and the mayors they hold (they sit on top)."""

    votes: int
    mayors: int
    council_seats: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class Calculation:
    result_set: ElectionResultSet
    composition: Composition
    parties: dict  # unit id → Party
    local: LocalLists
    municipalities: int
    valid_votes: int
    threshold_pct: Fraction
    has_cap: bool
    cap_factor: int | None


def unit_id(party) -> str:
    """The party's id in the engine and in lots: its letter, else its name."""
    return party.letter or party.name


def recorded_lots(result_set: ElectionResultSet) -> list[Lot]:
    """The lots drawn by hand for the result set, in order (older bare winners read as lots too)."""
    return [Lot.from_json(lot) for lot in result_set.lots]


def drawn(result_set: ElectionResultSet) -> list[str]:
    """The replay list: the winners of the recorded lots, in order."""
    return [lot.chosen for lot in recorded_lots(result_set)]


def calculate(result_set: ElectionResultSet) -> Calculation:
    """Compose `result_set` (period and rule set preloaded). Two queries: party rows, municipality rows.

    Raises `TieError` for a tie no recorded lot decides yet, `RuleViolation` for results the engine can't
    compose (Danish messages)."""
    rule_set = result_set.period.rule_set
    rows = list(result_set.party_results.select_related("party"))
    towns = list(result_set.municipality_results.select_related("mayor_party"))
    units, parties, local = _units(rows, towns)
    valid = sum(town.valid_votes for town in towns)
    threshold = Fraction(rule_set.entitlement_threshold_pct)
    cap_factor = rule_set.cap_factor or valid + len(towns) + 1  # no cap: larger than any size can be
    region = Region(municipalities=len(towns), units=units, valid_votes=valid, other_mayors=local.mayors)
    rules = CompositionRules(threshold_pct=threshold, cap_factor=cap_factor)
    try:
        composition = council_composition(region, rules=rules, tie_break=lots_drawn(*drawn(result_set)))
    except CompositionError as error:
        raise RuleViolation(str(error), rule="B1 1.0") from error
    return Calculation(
        result_set=result_set,
        composition=composition,
        parties=parties,
        local=local,
        municipalities=len(towns),
        valid_votes=valid,
        threshold_pct=threshold,
        has_cap=rule_set.cap_factor is not None,
        cap_factor=rule_set.cap_factor,
    )


def _units(rows, towns) -> tuple[tuple[UnitResult, ...], dict, LocalLists]:
    totals: dict[int, list[int]] = {}  # party pk → [votes, council seats, mayors]
    parties = {}
    for row in rows:
        parties[row.party_id] = row.party
        total = totals.setdefault(row.party_id, [0, 0, 0])
        total[0] += row.votes
        total[1] += row.council_seats
    for town in towns:
        parties[town.mayor_party_id] = town.mayor_party
        totals.setdefault(town.mayor_party_id, [0, 0, 0])[2] += 1
    ordered = sorted(parties.values(), key=lambda p: (p.letter or "~", p.name))
    units = tuple(
        UnitResult(id=unit_id(p), votes=totals[p.pk][0], mayors=totals[p.pk][2], council_seats=totals[p.pk][1])
        for p in ordered
        if p.is_unit
    )
    local = [p for p in ordered if not p.is_unit]
    summed = LocalLists(
        votes=sum(totals[p.pk][0] for p in local),
        mayors=sum(totals[p.pk][2] for p in local),
        council_seats=sum(totals[p.pk][1] for p in local),
        names=tuple(p.name for p in local),
    )
    return units, {unit_id(p): p for p in ordered if p.is_unit}, summed
