"""``manage.py clean_bilag [--dry-run]``: take the active content out of bilag stored before the upload did
(``services.bilag.clean_stored_bilag``); lists each file it changed. docs/operations.md says when to run it."""

from django.core.management.base import BaseCommand

from meetings.services.bilag import clean_stored_bilag


class Command(BaseCommand):
    help = "Fjerner scripts, handlinger og vedhæftede filer fra gemte bilag (som uploaden gør i dag)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="vis kun, hvilke filer der ville blive renset")

    def handle(self, *args, dry_run=False, **options):
        cleaned, unreadable = clean_stored_bilag(dry_run=dry_run)
        for file in cleaned:
            self.stdout.write(f"{file.name}\t{file.before} → {file.after} byte")
        for name in unreadable:
            self.stdout.write(f"{name}\tkan ikke læses som PDF; uændret")
        done = "Intet er ændret (--dry-run)." if dry_run else "Renset."
        self.stdout.write(f"{len(cleaned)} bilag med aktivt indhold. {done if cleaned else 'Intet at gøre.'}")
