"""Data sets that several tests start from (the demo, the security matrix's world), built once per session and
copied into each test that asks for one, instead of each test building its own.

A data set is built the way a test would build it: on the migrated state, in dev mode, with tasks run in-process
and those queued on commit dropped (a test's transaction never commits, so they never run there either). Its rows
are then kept in a schema of its own (tests/database.py, like the migrated state) and its files in a folder of
their own, and the database goes back to the migrated state. A test that asks for the data set gets every table
replaced by the kept rows (so ask for it before any fixture that makes rows) and the files copied into its media
folder. Where rows can't be kept (SQLite, a database user that is no superuser), or the day has changed since the
data set was built (the demo's dates follow today), each test builds its own as before."""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from kkr.celery import app as celery_app
from tests import database


@dataclass
class Snapshot:
    schema: str
    tables: list[str]
    media: Path
    made: Any  # what the build returned (ids, never model instances: those belong to one test)
    day: object

    def current(self) -> bool:
        return self.day == timezone.localdate()

    def restore(self, media_root) -> Any:
        """The kept rows and files in this test's database and ``media_root``; returns what the build returned."""
        database.restore(connection, self.schema, self.tables)
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)
        return self.made


def take(name: str, build: Callable[[], Any], media: Path) -> Snapshot | None:
    """Build a data set with ``build`` and keep it as ``name`` (its files in ``media``); None where rows can't be
    kept. Call it with the database unblocked and no test's transaction open (a session fixture)."""
    if not database.can_keep(connection):
        return None
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with override_settings(DEV_MODE=True, MEDIA_ROOT=media), transaction.atomic():
            day = timezone.localdate()
            made = build()
            connection.run_on_commit.clear()  # as in a test: what waits for the commit never runs
            tables = database.keep(connection, f"kkr_snapshot_{name}")
    finally:
        celery_app.conf.task_always_eager = eager
        database.restore_pristine(connection)
    return Snapshot(f"kkr_snapshot_{name}", tables, media, made, day)


def use(snapshot: Snapshot | None, build: Callable[[], Any], media_root) -> Any:
    """The data set in this test: copied from ``snapshot`` when it is there and of today, else built here."""
    if snapshot is not None and snapshot.current():
        return snapshot.restore(media_root)
    return build()
