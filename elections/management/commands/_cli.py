"""Strict JSON input and output shared by the `allocate_seats` and `kkr_composition` commands.

Every malformed input raises `CommandError` with a Danish message (Django prints it on stderr and exits
non-zero); nothing is printed before the whole input is checked and the calculation has succeeded.
"""

from __future__ import annotations

import json
import math
from collections.abc import Set as AbstractSet
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import IO, Any

from django.core.management.base import CommandError

from elections._ties import Lot, TieBreak, seeded_lots, strict_ties


def read_object(path: str, stdin: IO[str]) -> dict[str, Any]:
    """The JSON object in file `path` ("-" = stdin); floats are read exactly, as `Decimal`."""
    try:
        text = stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Kan ikke læse {path}: {error}") from None
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise CommandError(f"Ugyldig JSON: {error.msg} (linje {error.lineno}, kolonne {error.colno}).") from None
    if not isinstance(data, dict):
        raise CommandError("Inddata skal være et JSON-objekt ({...}).")
    return data


def check_keys(
    obj: object, where: str, *, required: AbstractSet[str], optional: AbstractSet[str] = frozenset()
) -> dict:
    """`obj` is an object with all of `required`, and nothing but `required` and `optional`."""
    if not isinstance(obj, dict):
        raise CommandError(f"{where} skal være et JSON-objekt.")
    missing = sorted(required - obj.keys())
    if missing:
        raise CommandError(f"{where} mangler feltet {', '.join(missing)}.")
    unknown = sorted(obj.keys() - required - optional)
    if unknown:
        raise CommandError(f"{where} har et ukendt felt: {', '.join(unknown)}.")
    return obj


def count(obj: dict, key: str, where: str, *, minimum: int = 0) -> int:
    """`obj[key]` as a whole number ≥ `minimum` (JSON true/false and 5.0 are refused)."""
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise CommandError(f"{where}: {key} skal være et helt tal på mindst {minimum}.")
    return value


def optional_count(obj: dict, key: str, where: str) -> int | None:
    return None if obj.get(key) is None else count(obj, key, where)


def text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise CommandError(f"{where} skal være en ikke-tom tekst.")
    return value


def tie_break(data: dict) -> TieBreak:
    """`ties`: "error" (default: a tie stops with the tied names) or "lot" (drawn, `seed` optional)."""
    ties = data.get("ties", "error")
    if ties not in ("error", "lot"):
        raise CommandError('ties skal være "error" eller "lot".')
    seed = data.get("seed")
    if ties == "error":
        if seed is not None:
            raise CommandError('seed bruges kun sammen med ties = "lot".')
        return strict_ties
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | str)):
        raise CommandError("seed skal være et helt tal eller en tekst.")
    return seeded_lots(seed)


def lot_json(lot: Lot) -> dict[str, Any]:
    return {"tied": list(lot.tied), "chosen": lot.chosen, "seat": lot.seat}


def decimal4(value: Fraction | None) -> str | None:
    """A non-negative fraction as a string with 4 decimals, rounded half up from the exact value."""
    if value is None:
        return None
    units = math.floor(value * 10_000 + Fraction(1, 2))
    return f"{units // 10_000}.{units % 10_000:04d}"


def dump(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _reject_constant(name: str) -> None:
    raise CommandError(f"Ugyldig JSON: {name} er ikke et tal.")
