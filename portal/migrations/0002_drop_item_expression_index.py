"""The items' expression GIN index of ``0001_search_index`` is read by nothing now: staff search matches the
stored vectors of ``meetings.LiveItemVector`` and everyone else the search index (``meetings.searchindex``), so
the index only cost every item write."""

import importlib

from django.db import migrations


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS portal_agendaitem_search_da")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(importlib.import_module("portal.migrations.0001_search_index").CREATE)





class Migration(migrations.Migration):
    dependencies = [("portal", "0001_search_index"), ("meetings", "0005_search_index")]
    operations = [migrations.RunPython(drop, create, elidable=False)]
