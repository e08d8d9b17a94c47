"""A GIN index for the full-text search of agenda items in the Danish configuration. The expression is
``portal.search.vector_sql("")`` frozen here (the query uses the same one, so PostgreSQL uses the index);
SQLite (dev mode) has no full-text search and gets nothing."""

from django.db import migrations

INDEX = "portal_agendaitem_search_da"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON meetings_agendaitem USING GIN ((
    to_tsvector('danish'::regconfig, COALESCE("title", '') || ' ' || COALESCE("case_presentation", '') || ' ' ||
                COALESCE("recommendation", '') || ' ' || COALESCE("decision", ''))
))
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
