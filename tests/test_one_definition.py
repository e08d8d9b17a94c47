"""One definition per fact: "current on a day" (and "not ended before a day") is written once, in
``members/models/people.py`` (``current_on``, ``open_on``); the querysets, the subqueries and the plain SQL of the
fast paths (``current_sql``, ``open_sql``, compiled from it) reuse it. A new condition (a suspension, a voided
row) then reaches every copy. These tests find a condition written again in the Python code."""

import re
from datetime import date

from members.models import Membership, SubstituteAssignment, current_on, current_sql, open_sql
from tests.test_date_style import python_files

HOME = "members/models/people.py"
# The ORM's spelling: an open end or an end on/after a day (a constraint's ``ends_on >= starts_on`` is not a day).
ORM_OPEN = re.compile(r"ends_on__isnull=True\)\s*\|\s*Q\(ends_on__gte=(?!models\.F)")
# Plain SQL's spelling, however it is aliased or quoted.
SQL_OPEN = re.compile(r"ends_on\"?\s+IS\s+NULL", re.IGNORECASE)
# Python's spelling over a loaded row, and the ORM's "open after a day" (``ends_on__gt``) beside an open end.
PY_OPEN = re.compile(r"ends_on is None or [\w.]*ends_on >=|ends_on__isnull=True\)\s*\|\s*Q\(ends_on__gt=")
# Modules owned by work in progress elsewhere; this list only shrinks.
PY_NOT_YET: set[str] = set()


def occurrences(pattern):
    return [
        f"{name}:{n}: {line.strip()[:100]}"
        for path, name in python_files()
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]


def test_current_on_a_day_is_written_once_in_the_orm():
    found = occurrences(ORM_OPEN)
    assert len(found) == 1 and found[0].startswith(f"{HOME}:"), found


def test_no_plain_sql_writes_the_current_condition_again():
    assert occurrences(SQL_OPEN) == []


def test_current_on_a_day_is_written_once_in_python_too():
    found = occurrences(PY_OPEN)
    home = [line for line in found if line.startswith(f"{HOME}:")]
    elsewhere = {line.split(":")[0] for line in found} - {HOME}
    assert len(home) == 1 and elsewhere == PY_NOT_YET, found


def test_the_sql_of_the_fast_paths_is_compiled_from_the_one_condition(db):
    sql = current_sql(Membership, "m")
    assert "%(on)s" in sql and "%s" not in sql.replace("%(on)s", "")
    assert "m." in sql and Membership._meta.db_table not in sql
    assert "IS NULL" in open_sql(SubstituteAssignment, "s") and "starts_on" not in open_sql(SubstituteAssignment, "s")
    # The SQL selects what the queryset does.
    from django.db import connection

    day = date(2026, 3, 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT m.id FROM {Membership._meta.db_table} m WHERE {sql}", {"on": day})
        raw = sorted(row[0] for row in cursor.fetchall())
    assert raw == sorted(Membership.objects.filter(current_on(day)).values_list("pk", flat=True))
