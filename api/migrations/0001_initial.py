from django.db import migrations, models

from api import changes

# The tables the cached answers read (frozen here: a table read later gets its trigger in a new migration;
# tests/api/test_cache.py checks every table the cached operations read is counted).
TABLES = (
    "members_council",
    "members_electionperiod",
    "members_municipality",
    "members_party",
    "members_person",
    "members_municipaloffice",
    "meetings_meeting",
    "meetings_publication",
    "meetings_agendaitem",
    "appointments_body",
    "appointments_seat",
    "appointments_appointment",
    "appointments_election",
)


def count_writes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(changes.FUNCTION)
        schema_editor.execute(changes.count_writes_sql(TABLES))


def stop_counting(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(changes.stop_counting_sql(TABLES))
        schema_editor.execute(changes.DROP_FUNCTION)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0004_rule_set_versions"),
        ("meetings", "0005_search_index"),
        ("appointments", "0008_nominations"),
    ]

    operations = [
        migrations.CreateModel(
            name="Change",
            fields=[
                (
                    "backend",
                    models.IntegerField(primary_key=True, serialize=False, verbose_name="databaseforbindelse"),
                ),
                ("writes", models.BigIntegerField(default=0, verbose_name="skrivninger")),
            ],
            options={"verbose_name": "ændringstæller", "verbose_name_plural": "ændringstællere"},
        ),
        migrations.RunPython(count_writes, stop_counting, elidable=False),
    ]
