"""A full media disk on a real stack: the media folder on a disk of its own (a tmpfs of a few MB, mounted by
the test; it needs root) that fills up while a Celery worker process (prefork, beat in it) renders the real
PDFs of an agenda published for KKR Nordjylland's demo council on our own PostgreSQL cluster and
``redis-server``. Nothing is mocked: the write of each PDF fails with ENOSPC part-way.

Before: the task gave up with OSError 28, the rows stayed "Dannes" with no cause, a partial PDF that no row
names was left on the disk, and each lease cycle rendered it again and left another."""

import contextlib
import errno
import os
import subprocess
import sys

import psycopg
import pytest

from meetings.services.rendering import DISK_FULL
from tests.conftest import skip_or_fail
from tests.faults.conftest import run
from tests.faults.servers import Redis, SmtpSink, wait_until
from tests.faults.test_worker import Stack

pytestmark = pytest.mark.faults

MB = 2**20
REQUEUE = "Sending due task requeue-publications"


def mount_tmpfs(folder, size_mb: int) -> None:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        skip_or_fail("KKR_REQUIRE_WORKER", f"kan ikke montere en tmpfs (kræver root): {done.stderr.decode()}")


def fill(disk, leave: int) -> None:
    """Fill the disk with one file, then give back ``leave`` bytes: less than a PDF needs."""
    with open(disk / "fyld", "wb", buffering=0) as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * MB)
    os.truncate(disk / "fyld", max(0, (disk / "fyld").stat().st_size - leave))
    assert os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize <= leave + 4096


def files(folder) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def stack(demo_cluster, tmp_path):
    disk = tmp_path / "disk"
    demo_size = sum(path.stat().st_size for path in demo_cluster.media.rglob("*") if path.is_file())
    mount_tmpfs(disk, demo_size // MB + 4)
    redis = None
    try:
        media = disk / "media"
        database = demo_cluster.copy(media)
        redis = Redis().start()
        stack = Stack(tmp_path, media, database, redis, SmtpSink().start())
        try:
            yield stack
        finally:
            for worker in stack.workers:
                worker.kill()
            stack.sink.kill()
    finally:
        if redis:
            redis.kill()
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_media_disk_fails_the_render_with_a_danish_cause_no_partial_file_and_the_retry_works(stack):
    before = files(stack.media)
    fill(stack.media.parent, leave=8 * 1024)
    worker = stack.worker(beat=True, PUBLICATION_REQUEUE_SECONDS=2, PUBLICATION_RENDER_LEASE_SECONDS=3, wait=False)
    published = stack.publish()
    members, public = published["members"], published["public"]

    def failed():
        rows = stack.rows(members, public)
        return all(row["state"] == "failed" for row in rows) and rows

    rows = wait_until(failed, 120, every=0.25, what="both renders failed")
    assert "No space left on device" in worker.log() or f"Errno {errno.ENOSPC}" in worker.log()
    assert files(stack.media) == before  # the partial PDFs are gone
    with psycopg.connect(stack.database) as connection:
        errors = connection.execute("SELECT error FROM meetings_publication WHERE id = ANY(%s)", [[members, public]])
        assert [error for (error,) in errors] == [DISK_FULL, DISK_FULL]  # on the staff page, with "Prøv igen"
    # Beat's requeue (every 2 s, a 3 s lease) leaves a failed render alone: no loop of partial files.
    requeues = worker.log().count(REQUEUE)
    wait_until(lambda: worker.log().count(REQUEUE) >= requeues + 3, 60, what="three more requeues")
    assert [row["attempts"] for row in stack.rows(members, public)] == [row["attempts"] for row in rows] == [1, 1]
    assert not stack.sink.messages

    (stack.media.parent / "fyld").unlink()  # the operators make room; staff press "Prøv igen" on both
    run([sys.executable, "-m", "tests.faults.scenario", "retry", str(members), str(public)], stack.env())
    wait_until(lambda: stack.settled(members, public), 120, every=0.25, what="both PDFs ready, e-mail sent")
    worker.stop()
    assert stack.one_message_each(published["recipients"])
    assert stack.orphan_files() == set()
    listing = run([sys.executable, "manage.py", "orphan_files", "--min-age-minutes", "0"], stack.env())
    assert listing.splitlines()[-1].startswith("0 filer på lageret nævnes ikke af nogen række")
