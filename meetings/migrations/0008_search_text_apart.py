"""The index rows' text in a table of its own (``searchindex.SearchText``): a search walks and rechecks the narrow
rows of ``SearchEntry`` and reads the text only for the page's snippets. Dropping a column leaves its bytes in
every row until the row is written again, so the index is written anew: emptied (on PostgreSQL by TRUNCATE, which
gives the table new, empty files) and rebuilt from the publications, as ``rebuild_search_index`` does. Backwards,
run ``rebuild_search_index`` after migrating back to fill the text again."""

import django.db.models.deletion
from django.db import migrations, models

from meetings import searchindex


def rewrite(apps, schema_editor):
    entry_model, text_model = apps.get_model("meetings", "SearchEntry"), apps.get_model("meetings", "SearchText")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"TRUNCATE {text_model._meta.db_table}, {entry_model._meta.db_table}")
    searchindex.rebuild(
        publication_model=apps.get_model("meetings", "Publication"), entry_model=entry_model, text_model=text_model
    )
    if schema_editor.connection.vendor == "postgresql":  # the planner's statistics of the new files
        schema_editor.execute(f"ANALYZE {entry_model._meta.db_table}, {text_model._meta.db_table}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_search_index_direct_writes")]

    operations = [
        migrations.CreateModel(
            name="SearchText",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="content",
                        serialize=False,
                        to="meetings.searchentry",
                        verbose_name="søgeindeks-række",
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="tekst (ren tekst)")),
            ],
            options={"verbose_name": "søgeindeks-tekst", "verbose_name_plural": "søgeindeks-tekster"},
        ),
        migrations.RemoveField(model_name="searchentry", name="text"),
        migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=False),
    ]
