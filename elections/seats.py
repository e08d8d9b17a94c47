"""JSON in, JSON out for the two seat engines, without Django.

    python -m elections.seats allocate FILE|-      # d'Hondt (B1 1.4, § 24 stk. 3), as manage.py allocate_seats
    python -m elections.seats composition FILE|-   # KKR size and split (B1 1.0-1.1), as manage.py kkr_composition

The schemas are in docs/elections-engines.md. This module is the one place that reads, checks and
answers that JSON: the management commands `allocate_seats` and `kkr_composition` call `allocate` and
`composition` too, so both ways give the same output and the same Danish errors. It imports only the
pure engines and the standard library, so a call costs a Python start-up, not a Django set-up.

Every malformed input raises `InputError` with a Danish message; nothing is printed before the whole
input is checked and the calculation has succeeded. On the command line that is "Fejl: …" on stderr
and exit code 1 (2 for a wrong command line).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Set as AbstractSet
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from elections.composition import (
    Composition,
    CompositionError,
    CompositionRules,
    Region,
    UnitResult,
    UnitSeats,
    council_composition,
)
from elections.dhondt import Allocation, DhondtError, Unit, allocate_seats
from elections.ties import Lot, TieBreak, TieError, seeded_lots, strict_ties

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a few ms of every call
if TYPE_CHECKING:
    from typing import IO, Any

MAX_SEATS = 1_000_000
"""The most seats (`seats`) and municipalities (`municipalities`) the JSON may ask for: far above any
real election, low enough that a typo can't keep the engine busy for hours."""

MAX_DECIMALS = 30
"""The most decimals `threshold_pct` may have (a longer one is a typo, or an attempt at a huge number)."""

COMPOSITION_OPTIONAL = frozenset({"valid_votes", "other_mayors", "threshold_pct", "cap_factor", "ties", "seed"})


class InputError(ValueError):
    """Input that can't be read or calculated (message in Danish, for the user)."""


# --- reading ------------------------------------------------------------------------------------------


def read_text(path: str, stdin: IO[str] | IO[bytes]) -> str:
    """The text of file `path` (UTF-8), or of `stdin` for "-" (a text stream, or bytes read as UTF-8)."""
    try:
        if path != "-":
            with open(path, encoding="utf-8") as file:
                return file.read()
        text = stdin.read()
        return text.decode("utf-8") if isinstance(text, bytes) else text
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"Kan ikke læse {path}: {error}") from None


def parse_object(text: str) -> dict[str, Any]:
    """The JSON object in `text`; floats are read exactly, as `Decimal`."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise InputError(f"Ugyldig JSON: {error.msg} (linje {error.lineno}, kolonne {error.colno}).") from None
    except RecursionError:
        raise InputError("Ugyldig JSON: lister og objekter er indlejret for dybt.") from None
    except InputError:
        raise
    except ValueError:  # the one other ValueError: an integer of more than 4,300 digits
        raise InputError("Ugyldig JSON: et tal har flere end 4.300 cifre.") from None
    if not isinstance(data, dict):
        raise InputError("Inddata skal være et JSON-objekt ({...}).")
    return data


def read_object(path: str, stdin: IO[str] | IO[bytes]) -> dict[str, Any]:
    """The JSON object in file `path` ("-" = stdin)."""
    return parse_object(read_text(path, stdin))


def _reject_constant(name: str) -> None:
    raise InputError(f"Ugyldig JSON: {name} er ikke et tal.")


# --- checking -----------------------------------------------------------------------------------------


def check_keys(
    obj: object, where: str, *, required: AbstractSet[str], optional: AbstractSet[str] = frozenset()
) -> dict:
    """`obj` is an object with all of `required`, and nothing but `required` and `optional`."""
    if not isinstance(obj, dict):
        raise InputError(f"{where} skal være et JSON-objekt.")
    missing = sorted(required - obj.keys())
    if missing:
        raise InputError(f"{where} mangler feltet {', '.join(missing)}.")
    unknown = sorted(obj.keys() - required - optional)
    if unknown:
        raise InputError(f"{where} har et ukendt felt: {', '.join(unknown)}.")
    return obj


def count(obj: dict, key: str, where: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """`obj[key]` as a whole number ≥ `minimum` (JSON true/false and 5.0 are refused)."""
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{where}: {key} skal være et helt tal på mindst {minimum}.")
    if maximum is not None and value > maximum:
        raise InputError(f"{where}: {key} må højst være {maximum:,}.".replace(",", "."))
    return value


def optional_count(obj: dict, key: str, where: str) -> int | None:
    return None if obj.get(key) is None else count(obj, key, where)


def text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(f"{where} skal være en ikke-tom tekst.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (JSON "\ud800") can't be printed back
        raise InputError(f"{where} indeholder et ugyldigt tegn.") from None
    return value


def shown(value: object) -> str:
    """`value` for an error message: short, and never a whole nested structure."""
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "et objekt"
    written = repr(value)
    return written if len(written) <= 40 else f"{written[:39]}…"


def tie_break(data: dict) -> TieBreak:
    """`ties`: "error" (default: a tie stops with the tied names) or "lot" (drawn, `seed` optional)."""
    ties = data.get("ties", "error")
    if ties not in ("error", "lot"):
        raise InputError('ties skal være "error" eller "lot".')
    seed = data.get("seed")
    if ties == "error":
        if seed is not None:
            raise InputError('seed bruges kun sammen med ties = "lot".')
        return strict_ties
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | str)):
        raise InputError("seed skal være et helt tal eller en tekst.")
    return seeded_lots(seed)


# --- writing ------------------------------------------------------------------------------------------


def lot_json(lot: Lot) -> dict[str, Any]:
    return lot.to_json()


def decimal4(value: Fraction | None) -> str | None:
    """A non-negative fraction as a string with 4 decimals, rounded half up from the exact value."""
    if value is None:
        return None
    units = math.floor(value * 10_000 + Fraction(1, 2))
    return f"{units // 10_000}.{units % 10_000:04d}"


def dump(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)


# --- allocate (d'Hondt) -------------------------------------------------------------------------------


def allocate(data: dict[str, Any]) -> dict[str, Any]:
    """The `allocate_seats` answer for its input (B1 1.4, § 24 stk. 3); `InputError` if it has none."""
    check_keys(data, "Inddata", required={"seats", "lists"}, optional={"alliances", "ties", "seed"})
    seats = count(data, "seats", "Inddata", maximum=MAX_SEATS)
    units = _lists(data["lists"])
    alliances = _alliances(data.get("alliances", []))
    lots = tie_break(data)
    try:
        allocation = allocate_seats(units, seats=seats, alliances=alliances, tie_break=lots)
    except (DhondtError, TieError) as error:
        raise InputError(str(error)) from None
    return allocation_json(allocation)


def _lists(lists: object) -> list[Unit]:
    if not isinstance(lists, list) or not lists:
        raise InputError("lists skal være en ikke-tom liste af lister.")
    units = []
    for number, entry in enumerate(lists, start=1):
        where = f"Liste nr. {number}"
        check_keys(entry, where, required={"id", "votes"}, optional={"candidates", "accepts"})
        unit_id = text(entry["id"], f"{where}: id")
        where = f"Listen {unit_id}"
        units.append(
            Unit(
                id=unit_id,
                votes=count(entry, "votes", where),
                candidates=optional_count(entry, "candidates", where),
                accepts=optional_count(entry, "accepts", where),
            )
        )
    return units


def _alliances(alliances: object) -> list[tuple[str, ...]]:
    if not isinstance(alliances, list) or not all(isinstance(a, list) for a in alliances):
        raise InputError('alliances skal være en liste af valgforbund, fx [["A", "B"]].')
    return [tuple(text(unit_id, "Et valgforbunds liste-id") for unit_id in a) for a in alliances]


def allocation_json(allocation: Allocation) -> dict[str, Any]:
    return {
        "seats": allocation.seats,
        "order": list(allocation.order),
        "lots": [lot_json(lot) for lot in allocation.lots],
    }


# --- composition (KKR size and split) -----------------------------------------------------------------


def composition(data: dict[str, Any]) -> dict[str, Any]:
    """The `kkr_composition` answer for its input (B1 1.0-1.1); `InputError` if it has none."""
    check_keys(data, "Inddata", required={"municipalities", "units"}, optional=COMPOSITION_OPTIONAL)
    region = Region(
        municipalities=count(data, "municipalities", "Inddata", minimum=1, maximum=MAX_SEATS),
        units=_units(data["units"]),
        valid_votes=optional_count(data, "valid_votes", "Inddata"),
        other_mayors=optional_count(data, "other_mayors", "Inddata") or 0,
    )
    rules = _rules(data)
    lots = tie_break(data)
    try:
        result = council_composition(region, rules=rules, tie_break=lots)
    except (CompositionError, TieError) as error:
        raise InputError(str(error)) from None
    return composition_json(result)


def _units(units: object) -> tuple[UnitResult, ...]:
    if not isinstance(units, list) or not units:
        raise InputError("units skal være en ikke-tom liste af enheder (partier og listesamarbejder).")
    results = []
    for number, entry in enumerate(units, start=1):
        where = f"Enhed nr. {number}"
        check_keys(entry, where, required={"id", "votes", "mayors", "council_seats"})
        unit_id = text(entry["id"], f"{where}: id")
        where = f"Enheden {unit_id}"
        counts = {key: count(entry, key, where) for key in ("votes", "mayors", "council_seats")}
        results.append(UnitResult(id=unit_id, **counts))
    return tuple(results)


def _rules(data: dict) -> CompositionRules:
    cap_factor = count(data, "cap_factor", "Inddata", minimum=1) if "cap_factor" in data else 2
    return CompositionRules(threshold_pct=_threshold(data.get("threshold_pct", 2)), cap_factor=cap_factor)


def _threshold(value: object) -> Fraction:
    """`threshold_pct` (a JSON number, or a text like "2.5" or "5/2") as an exact fraction in 0-100.

    A decimal is checked against 0-100 and its number of decimals before it becomes a fraction, so
    "1e999999999" is refused at once instead of building a billion-digit number.
    """
    if isinstance(value, bool) or value is None:
        raise InputError('threshold_pct skal være et tal, fx 2 eller "2.5".')
    number: Fraction | Decimal | int | None = value if isinstance(value, int | Decimal) else None
    if isinstance(value, str):
        try:
            number = Fraction(value) if "/" in value else Decimal(value)
        except (ValueError, ZeroDivisionError, InvalidOperation):
            number = None
    if number is None or (isinstance(number, Decimal) and not number.is_finite()):
        raise InputError(f'threshold_pct skal være et tal, fx 2 eller "2.5" (fik {shown(value)}).')
    if not 0 <= number <= 100:
        raise InputError("threshold_pct skal være mellem 0 og 100.")
    if isinstance(number, Decimal) and number.as_tuple().exponent < -MAX_DECIMALS:
        raise InputError(f"threshold_pct må højst have {MAX_DECIMALS} decimaler.")
    return Fraction(number)


def composition_json(result: Composition) -> dict[str, Any]:
    return {
        "total": result.total,
        "entitled_seats": result.entitled_seats,
        "uncapped_total": result.uncapped_total,
        "cap": result.cap,
        "capped": result.capped,
        "cap_exceeded": result.cap_exceeded,
        "units": {unit_id: _unit_json(line) for unit_id, line in result.units.items()},
        "lots": [lot_json(lot) for lot in result.lots],
    }


def _unit_json(line: UnitSeats) -> dict[str, Any]:
    return {
        "entitled": line.entitled,
        "votes": line.votes,
        "mayors": line.mayors,
        "seats": line.seats,
        "supplementary": line.supplementary,
        "valid_vote_share": decimal4(line.valid_vote_share),
        "vote_share": decimal4(line.vote_share),
        "seat_share": decimal4(line.seat_share),
        "underrepresentation": decimal4(line.underrepresentation),
        "bound_by": line.bound_by,
    }


# --- command line -------------------------------------------------------------------------------------

COMMANDS = {"allocate": allocate, "composition": composition}

USAGE = "Brug: python -m elections.seats {allocate|composition} FIL   (FIL = - læser standard input)"


def main(argv: list[str] | None = None) -> int:
    """Run one command; print its JSON on stdout (exit 0) or the Danish error on stderr (exit 1)."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["-h"], ["--help"]):
        sys.stdout.write(f"{USAGE}\n\nSkemaerne står i docs/elections-engines.md.\n")
        return 0
    if len(args) != 2 or args[0] not in COMMANDS:
        sys.stderr.write(f"{USAGE}\n")
        return 2
    command, path = args
    try:
        payload = COMMANDS[command](read_object(path, sys.stdin.buffer))
    except InputError as error:
        sys.stderr.write(f"Fejl: {error}\n")
        return 1
    sys.stdout.buffer.write(f"{dump(payload)}\n".encode())
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
