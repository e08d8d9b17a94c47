"""docs/operations.md's backup and restore, as a round trip: demo data (with history rows, published PDFs and
bilag) in our own PostgreSQL cluster (``demo_cluster``), ``scripts/backup.sh``, ``scripts/restore.sh`` into
an empty database and an empty media folder, then every table (history included) and every file compared."""

import hashlib
from pathlib import Path

import psycopg
import pytest

from tests.faults.conftest import app_env, run

pytestmark = pytest.mark.faults


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


def test_backup_and_restore_round_trip_keeps_every_table_and_file(demo_cluster, tmp_path):
    original = demo_cluster.copy(tmp_path / "media")
    restored = demo_cluster.postgres.create_database("kkr_restore")
    env = app_env(original, tmp_path / "media")
    run(["bash", "scripts/backup.sh", str(tmp_path / "backup")], env)
    run(["bash", "scripts/restore.sh", str(tmp_path / "backup")], app_env(restored, tmp_path / "restored-media"))

    before, after = tables(original), tables(restored)
    assert before.keys() == after.keys()
    assert any(name.endswith("historicalpublication") and rows for name, rows in before.items())
    for name in before:
        assert before[name] == after[name], name
    media = files(tmp_path / "media")
    assert any(name.endswith(".pdf") for name in media)  # published PDFs and bilag
    assert media == files(tmp_path / "restored-media")
