"""The meetings' search GIN index of ``0001_search_index`` is written directly (``fastupdate`` off), as the search
index's are (``meetings/0007``): a meeting is written rarely and found by every search, and entries waiting in the
pending list are read through in full by every search until a vacuum merges them. Its pending list is merged here."""

from django.db import migrations

INDEX = "portal_meeting_search_da"


def direct(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")


def pending(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_drop_item_expression_index")]
    operations = [migrations.RunPython(direct, pending, elidable=False)]
