"""`manage.py allocate_seats FILE`: d'Hondt with alliances, caps and lots (B1 1.4, § 24 stk. 3).

Input and output are JSON; the schemas are in docs/elections-engines.md. The work is done by
`elections.seats.allocate`, which `python -m elections.seats allocate FILE` runs without Django.
"""

from __future__ import annotations

from elections import seats
from elections.management.json_command import JsonCommand


class Command(JsonCommand):
    help = "Fordel pladser efter d'Hondt (valgforbund, kandidatlofter, lodtrækning). Læser JSON, skriver JSON."

    answer = staticmethod(seats.allocate)
