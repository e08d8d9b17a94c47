"""One PostgreSQL cluster of our own for the fault tests that need a whole stack, made once per session: a
template database, migrated and with the demo data (history rows, published PDFs, bilag, KKR Nordjylland's
44 recipients), and its media folder. Each test copies both (``CREATE DATABASE … TEMPLATE``: well under a
second) and may stop the cluster; it starts it again before it ends.

The migrated state is copied from the suite's own test database (``pg_dump``, which pytest-django has migrated
already) instead of running the migrations a second time; ``migrate`` then finds nothing left to do. Where the
suite's database is not PostgreSQL, the template is migrated as before."""

import itertools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.servers import Postgres, pg_bin

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "kkr_demo"
_names = itertools.count(1)


def app_env(database_url: str, media: Path, **extra) -> dict:
    """The application's environment for a subprocess (manage.py, a worker, a scenario): dev mode (the fixed
    secret key), eager Celery unless ``CELERY_BROKER_URL`` is given in ``extra``."""
    env = {**os.environ, "KKR_DEV": "1", "DJANGO_DEBUG": "0", "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND"):
        env.pop(name, None)
    return {**env, **{key: str(value) for key, value in extra.items()}}


def run(args: list[str], env: dict, timeout: float = 300) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class DemoCluster:
    postgres: Postgres
    media: Path

    def copy(self, media: Path) -> str:
        """A fresh database from the template, and its media folder at ``media``; returns the database URL."""
        shutil.copytree(self.media, media)
        return self.postgres.create_database(f"kkr_{next(_names)}", template=TEMPLATE)


# ``manage.py migrate`` and ``manage.py load_demo_data`` in one process (one Django start-up less). In between,
# the sequences are set as the migrations leave them (after the highest id, or unused): a copied database
# brings the values of the suite's rolled-back rows with it.
BUILD_TEMPLATE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kkr.settings'; django.setup(); "
    "from django.apps import apps; from django.core.management import call_command; "
    "from django.core.management.color import no_style; from django.db import connection; "
    "call_command('migrate', interactive=False, verbosity=0); cursor = connection.cursor(); "
    "[cursor.execute(sql) for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(True))]; "
    "call_command('load_demo_data', verbosity=0)"
)


def copy_migrated(database_url: str) -> None:
    """The suite's test database as the migrations left it into ``database_url`` (its tables, functions,
    triggers, extensions and the migrations' rows; the schemas tests/database.py keeps rows in left out).
    Between tests that database holds the migrated state alone: a test's rows are rolled back or removed."""
    source = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
    address = ["-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432), "-U", source["USER"]]
    dump = subprocess.run(
        [pg_bin("pg_dump"), *address, "--no-owner", "--no-privileges", "--exclude-schema=kkr_*", source["NAME"]],
        env=env,
        capture_output=True,
        check=True,
    )
    load = [pg_bin("psql"), "-q", "-X", "-v", "ON_ERROR_STOP=1", "-d", database_url]
    subprocess.run(load, input=dump.stdout, capture_output=True, check=True)


@pytest.fixture(scope="session")
def demo_cluster(tmp_path_factory, django_db_setup):
    postgres = Postgres().start()
    try:
        media = tmp_path_factory.mktemp("demo-media")
        url = postgres.create_database(TEMPLATE)
        if connection.vendor == "postgresql":
            copy_migrated(url)
        run([sys.executable, "-c", BUILD_TEMPLATE], app_env(url, media))
        yield DemoCluster(postgres, media)
    finally:
        postgres.remove()
