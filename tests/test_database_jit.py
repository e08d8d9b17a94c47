"""PostgreSQL's JIT is off for the application's connections: it compiles a query whose estimated cost passes
``jit_above_cost`` before running it, and for the short queries of a page that compilation is most of the time
(the members' archive at ten times the data spent 50 of its 63 ms compiling). Nothing here runs long analytic
queries that JIT would pay off for."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_applications_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
