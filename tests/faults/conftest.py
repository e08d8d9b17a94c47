"""One PostgreSQL cluster of our own for the fault tests that need a whole stack, made once per session: a
template database, migrated and with the demo data (history rows, published PDFs, bilag, KKR Nordjylland's
44 recipients), and its media folder. Each test copies both (``CREATE DATABASE … TEMPLATE``: well under a
second) and may stop the cluster; it starts it again before it ends."""

import itertools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.servers import Postgres

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


# ``manage.py migrate`` and ``manage.py load_demo_data`` in one process (one Django start-up less).
BUILD_TEMPLATE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kkr.settings'; django.setup(); "
    "from django.core.management import call_command; "
    "call_command('migrate', interactive=False, verbosity=0); call_command('load_demo_data', verbosity=0)"
)


@pytest.fixture(scope="session")
def demo_cluster(tmp_path_factory):
    postgres = Postgres().start()
    try:
        media = tmp_path_factory.mktemp("demo-media")
        env = app_env(postgres.create_database(TEMPLATE), media)
        run([sys.executable, "-c", BUILD_TEMPLATE], env)
        yield DemoCluster(postgres, media)
    finally:
        postgres.remove()
