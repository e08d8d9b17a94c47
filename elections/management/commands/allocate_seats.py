"""`manage.py allocate_seats FILE`: d'Hondt with alliances, caps and lots (B1 1.4, § 24 stk. 3).

Input and output are JSON; the schemas are in docs/elections-engines.md.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from elections._ties import TieError
from elections.dhondt import Allocation, DhondtError, Unit, allocate_seats
from elections.management.commands import _cli


class Command(BaseCommand):
    help = "Fordel pladser efter d'Hondt (valgforbund, kandidatlofter, lodtrækning). Læser JSON, skriver JSON."

    stealth_options = ("stdin",)  # tests pass stdin=StringIO(...) for FILE "-"

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON-fil med inddata, eller "-" for standard input.')

    def handle(self, *args, **options):
        data = _cli.read_object(options["file"], options.get("stdin") or sys.stdin)
        _cli.check_keys(data, "Inddata", required={"seats", "lists"}, optional={"alliances", "ties", "seed"})
        seats = _cli.count(data, "seats", "Inddata")
        units = _units(data["lists"])
        alliances = _alliances(data.get("alliances", []))
        tie_break = _cli.tie_break(data)
        try:
            allocation = allocate_seats(units, seats=seats, alliances=alliances, tie_break=tie_break)
        except (DhondtError, TieError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_cli.dump(_as_json(allocation)))


def _units(lists: object) -> list[Unit]:
    if not isinstance(lists, list) or not lists:
        raise CommandError("lists skal være en ikke-tom liste af lister.")
    units = []
    for number, entry in enumerate(lists, start=1):
        where = f"Liste nr. {number}"
        _cli.check_keys(entry, where, required={"id", "votes"}, optional={"candidates", "accepts"})
        unit_id = _cli.text(entry["id"], f"{where}: id")
        where = f"Listen {unit_id}"
        units.append(
            Unit(
                id=unit_id,
                votes=_cli.count(entry, "votes", where),
                candidates=_cli.optional_count(entry, "candidates", where),
                accepts=_cli.optional_count(entry, "accepts", where),
            )
        )
    return units


def _alliances(alliances: object) -> list[tuple[str, ...]]:
    if not isinstance(alliances, list) or not all(isinstance(a, list) for a in alliances):
        raise CommandError('alliances skal være en liste af valgforbund, fx [["A", "B"]].')
    return [tuple(_cli.text(unit_id, "Et valgforbunds liste-id") for unit_id in a) for a in alliances]


def _as_json(allocation: Allocation) -> dict[str, Any]:
    return {
        "seats": allocation.seats,
        "order": list(allocation.order),
        "lots": [_cli.lot_json(lot) for lot in allocation.lots],
    }
