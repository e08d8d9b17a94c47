"""A transactional test ends with the database as the migrations left it (tests/database.py): every row it
wrote gone, every migrated row it changed or deleted back, with its id. The two tests run in file order: the
first changes things, the second finds none of it."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from members.models import Council, Party
from tests.builders import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql("on SQLite Django's flush empties the tables instead (tests/database.py)"),
]

seen: dict[str, object] = {}


def snapshot() -> dict[str, object]:
    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return {
        "counts": counts,
        "councils": sorted(Council.objects.values_list("pk", "name", "slug")),
        "content_types": sorted(ContentType.objects.values_list("pk", "app_label", "model")),
        "permissions": Permission.objects.count(),
    }


def test_a_transactional_test_writes_changes_and_deletes_migrated_rows():
    seen.update(snapshot())
    assert seen["counts"]["members_council"] == 5 and seen["permissions"] > 0
    make_user("midlertidig")
    Council.objects.filter(slug="nordjylland").update(name="Omdøbt")
    Party.objects.filter(letter="A").delete()
    ContentType.objects.filter(app_label="sessions").delete()


def test_the_next_one_starts_from_the_migrated_rows_again():
    assert seen, "the first test did not run first"
    assert snapshot() == seen
