"""Emptying the database after a transactional test (browser, live server, worker) without ``TRUNCATE``.

Django's ``TransactionTestCase`` ends each test with ``manage.py flush``: on PostgreSQL one ``TRUNCATE`` of
every table, which makes new files for each table and index (seconds for a hundred tables), then
``post_migrate`` makes the content types and permissions again under new ids, and the ``reference_data``
fixture loads the data migration's rows again. Here the end of such a test restores the state the migrations
left instead: ``DELETE`` from every table the flush would empty (with triggers off, foreign keys' included,
so in any order) and copy back the rows the migrations made (content types, permissions, the reference data, with
their ids), kept right after the test database was made (``django_db_setup`` in tests/conftest.py) in a
schema of its own. Every test starts from exactly the migrated state. Other databases (SQLite), a database user
that is no superuser and the flush's special cases (``available_apps``, serialized rollback, sequence resets) keep
Django's flush."""

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.test import TestCase, TransactionTestCase

PRISTINE = "kkr_pristine"  # not on the search path: Django's introspection never lists it
_kept: dict[str, list[str]] = {}  # database name -> the tables copied to PRISTINE


def keep_all() -> None:
    """The pristine copy of every test database (called once they are made and migrated)."""
    for connection in connections.all():
        keep_pristine(connection)


def _fast(case) -> bool:
    return (
        not isinstance(case, TestCase)
        and case.available_apps is None
        and not case.serialized_rollback
        and not case.reset_sequences
        and all(connections[alias].settings_dict["NAME"] in _kept for alias in case._databases_names(False))
    )


def _tables(connection) -> list[str]:
    """The tables ``flush`` empties (``sql_flush``'s list)."""
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def keep_pristine(connection) -> None:
    """Copy every table that has rows into PRISTINE, once per test database (a database reused from an earlier
    run gets a fresh copy, as its migrations may have changed)."""
    name = connection.settings_dict["NAME"]
    if name in _kept or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return  # the restore switches triggers off, which only a superuser may: Django's flush instead
    _kept[name] = keep(connection, PRISTINE)


def keep(connection, schema: str) -> list[str]:
    """Copy every table that has rows into ``schema`` (made anew); returns those tables."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
        kept = []
        for table in _tables(connection):
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")
            if cursor.fetchone()[0]:
                cursor.execute(f"CREATE TABLE {schema}.{quote(table)} AS SELECT * FROM {quote(table)}")
                kept.append(table)
    return kept


def can_keep(connection) -> bool:
    """Whether this database's rows can be kept and restored here (PostgreSQL as a superuser)."""
    return connection.settings_dict["NAME"] in _kept


def restore_pristine(connection) -> None:
    restore(connection, PRISTINE, _kept[connection.settings_dict["NAME"]])


def restore(connection, schema: str, kept: list[str]) -> None:
    """Every table as kept in ``schema`` (``kept``: its tables; every other table empty). Inside a test's
    transaction too: the triggers are switched on again at the end, not when that transaction ends."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # No trigger fires (the foreign keys' included): the rows come back exactly as kept, and no trigger
        # writes rows of its own meanwhile (api_change's write counts, the live search vectors).
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("; ".join(f"DELETE FROM {quote(table)}" for table in _tables(connection)))
        if kept:
            cursor.execute(
                "; ".join(f"INSERT INTO {quote(table)} SELECT * FROM {schema}.{quote(table)}" for table in kept)
            )
        cursor.execute("SET LOCAL session_replication_role = origin")
    ContentType.objects.clear_cache()  # the ids are the kept ones again, whatever a test made in between


def install() -> None:
    """Wrap ``TransactionTestCase``'s tear-down (pytest-django's ``transactional_db`` uses it)."""
    teardown = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        if not _fast(self):
            return teardown(self)
        for alias in self._databases_names(include_mirrors=False):
            restore_pristine(connections[alias])

    TransactionTestCase._fixture_teardown = _fixture_teardown
