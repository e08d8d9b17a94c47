"""What the cached API answers are keyed on (``api.cache``): a count of the writes to the tables they read,
kept by PostgreSQL triggers, so that any write shows in the very next answer, however it was made (the ORM,
``update()``, raw SQL, a migration), and reading it is one small query whatever the size of the data.

- Each connection counts in its own row of ``api_change`` (``api.models.Change``): writers never wait for one
  another on a shared counter (a shared row would hold its lock until commit, serialise every writer and could
  deadlock with their row locks). A connection's first write folds the rows of closed connections into row 0.
- A row is written once per transaction (a transaction-local setting remembers it): a bulk transaction
  rewriting one row thousands of times would slow down quadratically. The same setting counts the writes of the
  transaction itself, so a transaction that reads after writing (a test) sees its own writes in the stamp.
- The rows are committed with the data they count: a reader that reads the stamp before the data can at worst
  keep newer data under an older stamp (replaced on the next write), never older data under a newer one.
- ``xmin`` of the rows is part of the stamp: after a restore (new transaction ids) the counts may repeat, the
  stamp does not.

Without PostgreSQL (SQLite in ``make run``) there is no stamp, and the API is not cached.
"""

from django.db import connection

FOLD_LOCK = 262626  # pg_try_advisory_xact_lock: one connection folds the closed connections' rows at a time

FUNCTION = f"""
CREATE OR REPLACE FUNCTION api_count_write() RETURNS trigger AS $$
BEGIN
    IF COALESCE(current_setting('api.writes', true), '') = '' THEN
        UPDATE api_change SET writes = writes + 1 WHERE backend = pg_backend_pid();
        IF NOT FOUND THEN
            IF pg_try_advisory_xact_lock({FOLD_LOCK}) THEN
                WITH closed AS (
                    DELETE FROM api_change WHERE backend <> 0
                        AND backend NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)
                    RETURNING writes)
                INSERT INTO api_change (backend, writes) SELECT 0, SUM(writes) FROM closed HAVING COUNT(*) > 0
                ON CONFLICT (backend) DO UPDATE SET writes = api_change.writes + EXCLUDED.writes;
            END IF;
            INSERT INTO api_change (backend, writes) VALUES (pg_backend_pid(), 1)
            ON CONFLICT (backend) DO UPDATE SET writes = api_change.writes + 1;
        END IF;
        PERFORM set_config('api.writes', '1', true);
    ELSE
        PERFORM set_config('api.writes', (current_setting('api.writes')::bigint + 1)::text, true);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

DROP_FUNCTION = "DROP FUNCTION IF EXISTS api_count_write();"

STAMP = """
    SELECT COALESCE(SUM(writes), 0), MAX(xmin::text::bigint), NULLIF(current_setting('api.writes', true), '')
    FROM api_change
"""


def count_writes_sql(tables) -> str:
    """The triggers that count every statement writing to ``tables`` (insert, update, delete, truncate)."""
    return "\n".join(
        f"DROP TRIGGER IF EXISTS api_count_write ON {table};\n"
        f"CREATE TRIGGER api_count_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION api_count_write();"
        for table in tables
    )


def stop_counting_sql(tables) -> str:
    return "\n".join(f"DROP TRIGGER IF EXISTS api_count_write ON {table};" for table in tables)


def counted_tables() -> set[str]:
    """The tables whose writes are counted (the triggers in the database)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'api_count_write'")
        return {row[0] for row in cursor.fetchall()}


def stamp() -> tuple | None:
    """The state of the counted tables as this transaction sees them (one query); None without PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(STAMP)
        return cursor.fetchone()
