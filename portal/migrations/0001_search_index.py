"""GIN indexes for the full-text search of agenda items and meetings in the Danish configuration. The
expressions are ``portal.search.vector_sql("")`` and ``portal.search.meeting_vector_sql("")`` frozen here (the
queries use the same ones, so PostgreSQL uses the indexes; a test compares them); SQLite (dev mode) has no
full-text search and gets nothing."""

from django.db import migrations

INDEX = "portal_agendaitem_search_da"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON meetings_agendaitem USING GIN ((
    to_tsvector('danish'::regconfig, COALESCE("title", '') || ' ' || COALESCE("case_presentation", '') || ' ' ||
                COALESCE("recommendation", '') || ' ' || COALESCE("decision", ''))
))
"""

MEETINGS_INDEX = "portal_meeting_search_da"
# kind, date written out ("torsdag den 15. januar 2026") and short ("15.01.2026"), place; immutable (no to_char)
CREATE_MEETINGS = f"""
CREATE INDEX IF NOT EXISTS {MEETINGS_INDEX} ON meetings_meeting USING GIN ((to_tsvector('danish'::regconfig,
    CASE "kind" WHEN 'ordinary' THEN 'Ordinært møde' WHEN 'extraordinary' THEN 'Ekstraordinært møde' WHEN 'constituent' THEN 'Konstituerende møde' ELSE '' END ||
    ' ' ||
    CASE EXTRACT(ISODOW FROM ("starts_at" AT TIME ZONE 'Europe/Copenhagen'))::int WHEN 1 THEN 'mandag' WHEN 2 THEN 'tirsdag' WHEN 3 THEN 'onsdag' WHEN 4 THEN 'torsdag' WHEN 5 THEN 'fredag' WHEN 6 THEN 'lørdag' WHEN 7 THEN 'søndag' ELSE '' END ||
    ' den ' || EXTRACT(DAY FROM ("starts_at" AT TIME ZONE 'Europe/Copenhagen'))::int::text || '. ' ||
    CASE EXTRACT(MONTH FROM ("starts_at" AT TIME ZONE 'Europe/Copenhagen'))::int WHEN 1 THEN 'januar' WHEN 2 THEN 'februar' WHEN 3 THEN 'marts' WHEN 4 THEN 'april' WHEN 5 THEN 'maj' WHEN 6 THEN 'juni' WHEN 7 THEN 'juli' WHEN 8 THEN 'august' WHEN 9 THEN 'september' WHEN 10 THEN 'oktober' WHEN 11 THEN 'november' WHEN 12 THEN 'december' ELSE '' END ||
    ' ' || EXTRACT(YEAR FROM ("starts_at" AT TIME ZONE 'Europe/Copenhagen'))::int::text || ' ' ||
    lpad(EXTRACT(DAY FROM ("starts_at" AT TIME ZONE 'Europe/Copenhagen'))::int::text, 2, '0') || '.' ||
    lpad(EXTRACT(MONTH FROM ("starts_at" AT TIME ZONE 'Europe/Copenhagen'))::int::text, 2, '0') || '.' ||
    EXTRACT(YEAR FROM ("starts_at" AT TIME ZONE 'Europe/Copenhagen'))::int::text || ' ' ||
    COALESCE("location", '')
)))
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(CREATE_MEETINGS)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {MEETINGS_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
