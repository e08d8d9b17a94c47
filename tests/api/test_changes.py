"""The stamp of the cached API answers (``api.changes``): PostgreSQL triggers count the writes to every table the
cached operations read, however they are made, once per transaction and without a shared counter row."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api import changes
from api.models import Change
from meetings.models import Meeting
from tests.appointments.conftest import bodies  # noqa: F401 - a fixture
from tests.builders import politician

from .test_cache_more import APPOINTMENTS, appoint, seats  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql("the cached answers are keyed on write counts kept by PostgreSQL triggers"),
]

CACHED = ("/api/v1/moeder/?antal=100", "/api/v1/moeder/{pk}/", APPOINTMENTS, "/api/v1/udpegninger/")


def backend() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_every_table_the_cached_operations_read_is_counted(sent, seats, staff_user):  # noqa: F811
    appoint(seats[0], "Anna Aalborg", "Aalborg", actor=staff_user)
    with CaptureQueriesContext(connection) as queries:
        for path in CACHED:
            assert Client().get(path.format(pk=sent.pk)).status_code == 200
    read = {
        table
        for query in queries.captured_queries
        for table in changes.counted_tables() | _all_tables()
        if f'"{table}"' in query["sql"] or f" {table} " in query["sql"]
    }
    assert read - {"api_change"} <= changes.counted_tables()


def _all_tables() -> set[str]:
    return set(connection.introspection.table_names())


def test_any_write_changes_the_stamp_the_orm_update_and_raw_sql_alike(sent):
    stamps = [changes.stamp()]
    Meeting.objects.filter(pk=sent.pk).update(location="Andet sted")
    stamps.append(changes.stamp())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_person SET name = name WHERE false")
    stamps.append(changes.stamp())
    politician("Ny Person", "Aalborg")
    stamps.append(changes.stamp())
    assert len(set(stamps)) == 4


def test_a_transaction_writes_its_counter_row_once_however_many_statements(sent):
    """A bulk transaction would otherwise rewrite one row thousands of times (quadratic in PostgreSQL)."""
    Meeting.objects.filter(pk=sent.pk).update(location="Et")
    before = Change.objects.get(backend=backend()).writes
    for location in ("To", "Tre", "Fire"):
        Meeting.objects.filter(pk=sent.pk).update(location=location)
    assert Change.objects.get(backend=backend()).writes == before


def test_a_connections_first_write_folds_the_rows_of_closed_connections_and_keeps_the_sum(sent):
    Change.objects.filter(backend=backend()).delete()
    Change.objects.create(backend=2_000_000_000, writes=40)  # no such connection
    Change.objects.update_or_create(backend=0, defaults={"writes": 2})
    total = sum(Change.objects.values_list("writes", flat=True))
    with connection.cursor() as cursor:  # a new transaction's first write, as a new connection makes it
        cursor.execute("SELECT set_config('api.writes', '', true)")
    Meeting.objects.filter(pk=sent.pk).update(location="Nyt")
    rows = dict(Change.objects.values_list("backend", "writes"))
    assert rows == {0: 42, backend(): 1} and sum(rows.values()) == total + 1
