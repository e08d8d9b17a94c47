"""What `allocate_seats` and `kkr_composition` share: run `elections.seats` on FILE and print its JSON.

The reading, checking and answering of the JSON live in `elections/seats.py` (pure, no Django), which
`python -m elections.seats` runs too; here its `InputError` becomes a `CommandError`, which Django
prints on stderr with a non-zero exit. Nothing is printed before the whole input is checked and the
calculation has succeeded.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from elections import seats


class JsonCommand(BaseCommand):
    """A command reading one JSON object from FILE ("-" = stdin) and printing `answer(object)`."""

    answer: Callable[[dict[str, Any]], dict[str, Any]]  # a staticmethod in each command

    stealth_options = ("stdin",)  # tests pass stdin=StringIO(...) for FILE "-"

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON-fil med inddata, eller "-" for standard input.')

    def handle(self, *args, **options):
        try:
            data = seats.read_object(options["file"], options.get("stdin") or sys.stdin)
            payload = self.answer(data)
        except seats.InputError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(seats.dump(payload))
