"""``manage.py orphan_files [--delete] [--min-age-minutes 60]``: list (or delete) the files on the media
storage that no row names (``kkr.orphans``). docs/operations.md says when to delete."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from kkr import orphans


class Command(BaseCommand):
    help = "Viser (eller sletter med --delete) filer på lageret, som ingen række nævner."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="slet filerne (tag en sikkerhedskopi først)")
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="kun filer ældre end dette (en dannelse eller upload i gang skrives før sin række)",
        )

    def handle(self, *args, delete=False, min_age_minutes=60, **options):
        found = orphans.find(timedelta(minutes=min_age_minutes))
        for orphan in found:
            self.stdout.write(f"{orphan.name}\t{orphan.size}\t{orphan.modified.isoformat(timespec='minutes')}")
            if delete:
                default_storage.delete(orphan.name)
        done = "Slettet." if delete else "Intet er slettet; brug --delete."
        self.stdout.write(f"{orphans.summary(found)} {done}")
