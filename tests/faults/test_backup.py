"""docs/operations.md's backup and restore, as a round trip: demo data (with history rows, published PDFs and
bilag) in our own PostgreSQL cluster, ``scripts/backup.sh``, ``scripts/restore.sh`` into a scratch database
and an empty media folder, then every table (history included) and every file compared."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.faults.servers import Postgres

pytestmark = pytest.mark.faults
ROOT = Path(__file__).resolve().parents[2]


def run(args, env):
    subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=True)


def tables(url) -> dict[str, list[tuple]]:
    """Every row of every table in the public schema, sorted."""
    with psycopg.connect(url) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))) for name in names}


def files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_backup_and_restore_round_trip_keeps_every_table_and_file(tmp_path):
    postgres = Postgres().start()
    try:
        original = postgres.url.rsplit("/", 1)[0] + "/kkr"
        restored = postgres.url.rsplit("/", 1)[0] + "/kkr_restore"
        with psycopg.connect(postgres.url, autocommit=True) as connection:
            connection.execute("CREATE DATABASE kkr")
            connection.execute("CREATE DATABASE kkr_restore")
        env = {**os.environ, "KKR_DEV": "1", "DATABASE_URL": original, "MEDIA_ROOT": str(tmp_path / "media")}
        env.pop("CELERY_BROKER_URL", None)
        run([sys.executable, "manage.py", "migrate", "--noinput"], env)
        run([sys.executable, "manage.py", "load_demo_data"], env)
        run(["bash", "scripts/backup.sh", str(tmp_path / "backup")], env)
        restore_env = {**env, "DATABASE_URL": restored, "MEDIA_ROOT": str(tmp_path / "restored-media")}
        run(["bash", "scripts/restore.sh", str(tmp_path / "backup")], restore_env)

        before, after = tables(original), tables(restored)
        assert before.keys() == after.keys()
        assert any(name.endswith("historicalpublication") and rows for name, rows in before.items())
        for name in before:
            assert before[name] == after[name], name
        media = files(tmp_path / "media")
        assert any(name.endswith(".pdf") for name in media)  # published PDFs and bilag
        assert media == files(tmp_path / "restored-media")
    finally:
        postgres.remove()
