"""`manage.py seat_overlaps`: the appointments that give a seat two holders, or two personal substitutes, on
one day (SPEC §4). Run it before migrating to the database constraint; exit status 1 when there are any."""

from django.core.management.base import BaseCommand, CommandError

from appointments.checks import describe_overlap
from appointments.queries import seat_overlaps


class Command(BaseCommand):
    help = "List udpegninger, der giver en plads to indehavere (eller to stedfortrædere) samme dag."

    def handle(self, *args, **options):
        pairs = seat_overlaps()
        if not pairs:
            self.stdout.write("Ingen pladser har to indehavere samme dag.")
            return
        for first, second in pairs:
            self.stdout.write(describe_overlap(first, second))
        raise CommandError(f"{len(pairs)} overlap: afslut eller ret den ene udpegning i hvert par.")
