"""`manage.py kkr_composition FILE`: a KKR's size and split (B1 1.0, B1 1.1, KL's love § 15 stk. 2).

Input and output are JSON; the schemas are in docs/elections-engines.md. Fractions are printed as
strings with 4 decimals, rounded half up from the exact value. The work is done by
`elections.seats.composition`, which `python -m elections.seats composition FILE` runs without Django.
"""

from __future__ import annotations

from elections import seats
from elections.management.json_command import JsonCommand


class Command(JsonCommand):
    help = "Beregn et KKR's størrelse og partifordeling ud fra kommunevalget. Læser JSON, skriver JSON."

    answer = staticmethod(seats.composition)
