"""The search GIN indexes are written directly (``fastupdate`` off): their rows are written when a version is
published or an item saved, and read by every search. With the pending list on, new entries wait in an unsorted
list that every search reads through in full until a vacuum merges it (thousands of entries after a bulk
publication: milliseconds on every search). The lists they have are merged here. SQLite has no GIN index."""

import django.contrib.postgres.indexes
from django.db import migrations

INDEXES = ("meetings_searchentry_vector", "meetings_liveitem_vector")


def direct(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
            schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def pending(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")


def gin(name: str):
    return django.contrib.postgres.indexes.GinIndex(fastupdate=False, fields=["vector"], name=name)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_attendance_chair_role")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(direct, pending, elidable=False)],
            state_operations=[
                migrations.RemoveIndex(model_name="liveitemvector", name="meetings_liveitem_vector"),
                migrations.RemoveIndex(model_name="searchentry", name="meetings_searchentry_vector"),
                migrations.AddIndex(model_name="liveitemvector", index=gin("meetings_liveitem_vector")),
                migrations.AddIndex(model_name="searchentry", index=gin("meetings_searchentry_vector")),
            ],
        )
    ]
