"""State changes of the elections app: import results, draw a lot, confirm the composition, record KL's numbers.

Each runs in one transaction and sets the acting user as simple-history's user. A refusal raises
`kkr.errors.RuleViolation` (Danish, with the rule id) and changes nothing; the engine's errors
(`CompositionError`, an open `TieError`) are translated into it.
"""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from elections.ties import Lot, TieError
from kkr.errors import RuleViolation
from kkr.history import save_with_history
from members.models import Party, SeatEntitlement

from .calculation import Calculation, calculate
from .importing import NewParty, ParsedResults
from .models import CompositionLine, CompositionSnapshot, ElectionResultSet, MunicipalityResult, PartyResult

_save = save_with_history


@transaction.atomic
def import_results(parsed: ParsedResults, *, period, actor, source_name: str = "", note: str = "") -> ElectionResultSet:
    """Store checked results as a new result set for `parsed.council` and `period`; all or nothing.

    Creates the new parties the preview listed; only rows of KL member municipalities are stored."""
    if not parsed.is_valid:
        raise RuleViolation(f"Filen har {parsed.problem_count} fejl; intet er indlæst.")
    created = {id(new): _create_party(new, actor) for new in parsed.new_parties}
    result_set = _save(
        ElectionResultSet(
            council=parsed.council, period=period, imported_by=actor, source_name=source_name[:200], note=note
        ),
        actor,
        "Valgresultat indlæst",
    )
    rows = parsed.counted_rows()
    party_of = {row.line: created.get(id(row.party), row.party) for row in rows}
    towns: dict[int, MunicipalityResult] = {}
    for row in rows:
        town = towns.setdefault(
            row.municipality.pk, MunicipalityResult(result_set=result_set, municipality=row.municipality, valid_votes=0)
        )
        town.valid_votes += row.votes
        if row.is_mayor:
            town.mayor_party = party_of[row.line]
    bulk_create_with_history(list(towns.values()), MunicipalityResult, default_user=actor)
    results = [
        PartyResult(
            result_set=result_set,
            municipality=row.municipality,
            party=party_of[row.line],
            letter=row.letter[:3],
            votes=row.votes,
            council_seats=row.council_seats,
        )
        for row in rows
    ]
    bulk_create_with_history(results, PartyResult, default_user=actor)
    return result_set


def _create_party(new: NewParty, actor) -> Party:
    return _save(
        Party(name=new.name, letter=new.letter, kind=new.kind), actor, "Oprettet ved indlæsning af valgresultat"
    )


@transaction.atomic
def record_lot(result_set: ElectionResultSet, *, tied: tuple[str, ...], chosen: str, actor) -> ElectionResultSet:
    """Record a lot drawn by hand for the open tie among `tied` (B1 1.1: "ties that remain are decided by
    lot, recorded"); it is stored as a `Lot` with the seat it decided and replayed in order."""
    if chosen not in tied:
        raise RuleViolation("Vælg den liste, lodtrækningen faldt på.", rule="B1 1.1")
    ElectionResultSet.objects.select_for_update().filter(pk=result_set.pk).exists()  # one lot at a time
    if CompositionSnapshot.objects.filter(result_set=result_set).exists():
        raise RuleViolation("Sammensætningen er bekræftet; der kan ikke trækkes lod om den igen.", rule="B1 1.1")
    tie = _open_tie(result_set)
    if tie is None or tuple(tie.tied) != tuple(tied):
        raise RuleViolation("Lodtrækningen passer ikke til den aktuelle stemmelighed; hent siden igen.")
    result_set.lots = [*result_set.lots, Lot(tied=tie.tied, chosen=chosen, seat=tie.seat).to_json()]
    return _save(result_set, actor, f"Lodtrækning mellem {', '.join(tie.tied)}: {chosen} (B1 1.1)")


def _open_tie(result_set: ElectionResultSet) -> TieError | None:
    """The tie the calculation stops at with the lots drawn so far, or None."""
    try:
        calculate(result_set)
    except TieError as tie:
        return tie
    return None


@transaction.atomic
def confirm_composition(result_set: ElectionResultSet, *, actor) -> CompositionSnapshot:
    """Store the computed composition and set the council's seat entitlements for the period from it.

    Every unit gets a `SeatEntitlement` (source computed); a party with an entitlement from an earlier
    confirmation that is no unit now is set to 0 seats. An open tie or results that can't be composed are
    refused before anything changes."""
    result_set = ElectionResultSet.objects.select_for_update().select_related("period__rule_set").get(pk=result_set.pk)
    if CompositionSnapshot.objects.filter(result_set=result_set).exists():
        raise RuleViolation("Denne sammensætning er allerede bekræftet.")
    try:
        calc = calculate(result_set)
    except TieError as tie:
        raise RuleViolation(str(tie), rule="B1 1.1") from tie
    snapshot = _save(_snapshot(calc, actor), actor, "Sammensætning bekræftet (B1 1.0-1.1)")
    lines = [
        CompositionLine(
            snapshot=snapshot,
            party=calc.parties[unit.id],
            is_entitled=unit.entitled,
            votes=unit.votes,
            mayors=unit.mayors,
            seats=unit.seats,
            bound_by=unit.bound_by,
        )
        for unit in calc.composition.units.values()
    ]
    bulk_create_with_history(lines, CompositionLine, default_user=actor)
    _set_entitlements(calc, actor)
    return snapshot


def _snapshot(calc: Calculation, actor) -> CompositionSnapshot:
    c = calc.composition
    return CompositionSnapshot(
        result_set=calc.result_set,
        municipalities=calc.municipalities,
        valid_votes=calc.valid_votes,
        threshold_pct=calc.result_set.period.rule_set.entitlement_threshold_pct,
        total=c.total,
        entitled_seats=c.entitled_seats,
        uncapped_total=c.uncapped_total,
        cap=c.cap if calc.has_cap else None,
        is_capped=c.capped and calc.has_cap,
        is_cap_exceeded=c.cap_exceeded and calc.has_cap,
        lots=[lot.to_json() for lot in c.lots],
        confirmed_by=actor,
    )


def _set_entitlements(calc: Calculation, actor) -> None:
    council, period = calc.result_set.council, calc.result_set.period
    existing = {e.party_id: e for e in SeatEntitlement.objects.filter(council=council, period=period)}
    reason = "Beregnet sammensætning bekræftet (B1 1.0-1.1)"
    for unit in calc.composition.units.values():
        party = calc.parties[unit.id]
        entitlement = existing.pop(party.pk, None) or SeatEntitlement(council=council, period=period, party=party)
        entitlement.is_entitled, entitlement.seats, entitlement.mayors = unit.entitled, unit.seats, unit.mayors
        entitlement.source, entitlement.note = SeatEntitlement.Source.COMPUTED, ""
        _save(entitlement, actor, reason)
    for entitlement in existing.values():
        entitlement.is_entitled, entitlement.seats, entitlement.mayors = False, 0, 0
        entitlement.source, entitlement.note = SeatEntitlement.Source.COMPUTED, ""  # no unit in the newest calculation
        _save(entitlement, actor, reason)


@transaction.atomic
def record_official_numbers(snapshot: CompositionSnapshot, *, seats: dict[int, int | None], note: str, actor):
    """Enter KL's announced seats per party (line pk → seats, None = not entered) beside the computed ones."""
    lines = list(snapshot.lines.select_for_update())
    if set(seats) - {line.pk for line in lines}:
        raise RuleViolation("Ukendt parti i KL's tal.")
    differs = False
    for line in lines:
        value = seats.get(line.pk, line.official_seats)
        if value is not None and value < 0:
            raise RuleViolation(f"{line.party}: antallet af pladser kan ikke være negativt.")
        differs |= value is not None and value != line.seats
        if value != line.official_seats:
            line.official_seats = value
            _save(line, actor, "KL's officielle tal")
    if differs and not note.strip():
        raise RuleViolation("Skriv en bemærkning, der forklarer forskellen mellem KL's tal og de beregnede.")
    snapshot.official_note = note
    return _save(snapshot, actor, "KL's officielle tal")
