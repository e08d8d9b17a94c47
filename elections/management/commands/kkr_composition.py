"""`manage.py kkr_composition FILE`: a KKR's size and split (B1 1.0, B1 1.1, KL's love § 15 stk. 2).

Input and output are JSON; the schemas are in docs/elections-engines.md. Fractions are printed as
strings with 4 decimals, rounded half up from the exact value.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from elections._ties import TieError
from elections.composition import (
    Composition,
    CompositionError,
    CompositionRules,
    Region,
    UnitResult,
    UnitSeats,
    council_composition,
)
from elections.management.commands import _cli

OPTIONAL = {"valid_votes", "other_mayors", "threshold_pct", "cap_factor", "ties", "seed"}


class Command(BaseCommand):
    help = "Beregn et KKR's størrelse og partifordeling ud fra kommunevalget. Læser JSON, skriver JSON."

    stealth_options = ("stdin",)  # tests pass stdin=StringIO(...) for FILE "-"

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON-fil med inddata, eller "-" for standard input.')

    def handle(self, *args, **options):
        data = _cli.read_object(options["file"], options.get("stdin") or sys.stdin)
        _cli.check_keys(data, "Inddata", required={"municipalities", "units"}, optional=OPTIONAL)
        region = Region(
            municipalities=_cli.count(data, "municipalities", "Inddata", minimum=1),
            units=_units(data["units"]),
            valid_votes=_cli.optional_count(data, "valid_votes", "Inddata"),
            other_mayors=_cli.optional_count(data, "other_mayors", "Inddata") or 0,
        )
        rules = _rules(data)
        tie_break = _cli.tie_break(data)
        try:
            composition = council_composition(region, rules=rules, tie_break=tie_break)
        except (CompositionError, TieError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_cli.dump(_as_json(composition)))


def _units(units: object) -> tuple[UnitResult, ...]:
    if not isinstance(units, list) or not units:
        raise CommandError("units skal være en ikke-tom liste af enheder (partier og listesamarbejder).")
    results = []
    for number, entry in enumerate(units, start=1):
        where = f"Enhed nr. {number}"
        _cli.check_keys(entry, where, required={"id", "votes", "mayors", "council_seats"})
        unit_id = _cli.text(entry["id"], f"{where}: id")
        where = f"Enheden {unit_id}"
        counts = {key: _cli.count(entry, key, where) for key in ("votes", "mayors", "council_seats")}
        results.append(UnitResult(id=unit_id, **counts))
    return tuple(results)


def _rules(data: dict) -> CompositionRules:
    threshold = data.get("threshold_pct", 2)
    if isinstance(threshold, bool) or threshold is None:
        raise CommandError('threshold_pct skal være et tal, fx 2 eller "2.5".')
    try:
        threshold_pct = Fraction(str(threshold))
    except (ValueError, ZeroDivisionError):
        raise CommandError(f'threshold_pct skal være et tal, fx 2 eller "2.5" (fik {threshold!r}).') from None
    if not 0 <= threshold_pct <= 100:
        raise CommandError("threshold_pct skal være mellem 0 og 100.")
    cap_factor = _cli.count(data, "cap_factor", "Inddata", minimum=1) if "cap_factor" in data else 2
    return CompositionRules(threshold_pct=threshold_pct, cap_factor=cap_factor)


def _as_json(composition: Composition) -> dict[str, Any]:
    return {
        "total": composition.total,
        "entitled_seats": composition.entitled_seats,
        "uncapped_total": composition.uncapped_total,
        "cap": composition.cap,
        "capped": composition.capped,
        "cap_exceeded": composition.cap_exceeded,
        "units": {unit_id: _unit_json(line) for unit_id, line in composition.units.items()},
        "lots": [_cli.lot_json(lot) for lot in composition.lots],
    }


def _unit_json(line: UnitSeats) -> dict[str, Any]:
    return {
        "entitled": line.entitled,
        "votes": line.votes,
        "mayors": line.mayors,
        "seats": line.seats,
        "supplementary": line.supplementary,
        "valid_vote_share": _cli.decimal4(line.valid_vote_share),
        "vote_share": _cli.decimal4(line.vote_share),
        "seat_share": _cli.decimal4(line.seat_share),
        "underrepresentation": _cli.decimal4(line.underrepresentation),
        "bound_by": line.bound_by,
    }
