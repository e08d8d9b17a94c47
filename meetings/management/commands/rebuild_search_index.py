"""Write the search index anew from the published versions (``meetings.searchindex``)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from meetings import searchindex


class Command(BaseCommand):
    help = "Skriv søgeindekset forfra ud fra de offentliggjorte versioner (dagsordener, tillæg og referater)."

    def handle(self, *args, **options):
        with transaction.atomic():
            written = searchindex.rebuild()
        self.stdout.write(f"Søgeindekset er skrevet forfra: {written} rækker.")
