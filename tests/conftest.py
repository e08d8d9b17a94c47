"""Shared fixtures: reference data comes from the data migration; users per role are made here."""

import importlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import pytest

from kkr.celery import app as celery_app
from members.models import Council, ElectionPeriod, Municipality, Party, RuleSet
from tests import database, parallel, snapshots
from tests.builders import make_member, make_staff, make_user

# The frozen reference data of the data migration (a module name that starts with a digit needs importlib).
load_reference_data = importlib.import_module("members.migrations.0002_reference_data").load_reference_data

# A transactional test ends by restoring the migrated state, not by Django's much slower flush (tests/database.py).
database.install()

# Playwright's sync API runs an event loop in the test thread; the ORM calls in fixtures are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def skip_or_fail(require_env: str, reason: str):
    """Skip a test that needs a part this machine lacks, unless CI demands the part (``.ci/run`` sets it)."""
    if os.environ.get(require_env):
        pytest.fail(f"{reason}, men {require_env} kræver den")
    pytest.skip(reason)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (never a downloaded browser), one for the whole session: each test opens a context of
    its own (``page`` in tests/e2e/conftest.py), and two Playwright instances can't run at once."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        skip_or_fail("KKR_REQUIRE_BROWSER", "Chromium er ikke installeret")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process unless a test asks for the real worker (``real_worker``)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def real_worker(transactional_db, settings):
    """A real Celery worker on the broker of ``CELERY_BROKER_URL`` (Redis in CI), in this process: tasks leave
    the request for the broker and come back in the worker's thread, as in production."""
    from celery.contrib.testing.worker import start_worker

    if not settings.CELERY_BROKER_URL:
        skip_or_fail("KKR_REQUIRE_WORKER", "CELERY_BROKER_URL er ikke sat")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=10):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded attachments and rendered PDFs go to a temporary directory, never the checkout's ``media/``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (kkr/pagecache.py): a page kept by an earlier test, whose rows
    were rolled back, must not answer for this one's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and its migrated rows kept for the transactional tests' tear-down."""
    with django_db_blocker.unblock():
        database.keep_all()


@pytest.fixture(scope="session")
def world_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The security matrix's world (tests/security/world.py), built once for every test that asks for it."""
    from tests.security.world import build_world

    with django_db_blocker.unblock():
        return snapshots.take("world", build_world, tmp_path_factory.mktemp("world-media"))


@pytest.fixture
def security_world(world_snapshot, db, settings):
    """The demo with council B, the marker texts and a few finished PDFs (tests/security/world.py): every table
    holds the world's rows alone, so ask for it before any fixture that makes rows."""
    from tests.security.world import build_world, load_world

    settings.DEV_MODE = True
    return load_world(snapshots.use(world_snapshot, build_world, settings.MEDIA_ROOT))


@pytest.fixture
def reference_data(db):
    """The data migration's rows. A transactional test (browser, worker) restores them when it ends
    (tests/database.py); where Django's flush runs instead (SQLite), it recreates content types and permissions
    but not data migrations' rows, so load them again when they are gone: one query when they are there.
    (pytest-django's serialized rollback did not reliably restore them with Playwright in the same session.)"""
    if not Council.objects.exists():
        load_reference_data(Council, Municipality, Party, RuleSet, ElectionPeriod)


@pytest.fixture
def nordjylland(reference_data):
    return Council.objects.get(slug="nordjylland")


@pytest.fixture
def hovedstaden(reference_data):
    return Council.objects.get(slug="hovedstaden")


@pytest.fixture
def period(reference_data):
    return ElectionPeriod.objects.get(name="2026-2030")


@pytest.fixture
def staff_user(nordjylland):
    return make_staff(nordjylland)


@pytest.fixture
def other_staff_user(hovedstaden):
    return make_staff(hovedstaden)


@pytest.fixture
def member_user(nordjylland, period):
    return make_member(nordjylland, period)


@pytest.fixture
def admin_user_kl(db):
    return make_user("kl-admin", is_superuser=True)


@pytest.fixture
def plain_user(db):
    return make_user("borger")


MUTATION_SAMPLE_TEST = "tests/test_mutation_sample.py::test_a_seeded_sample_of_the_rule_modules_mutants_is_killed"
mutation_sample_key = pytest.StashKey[object]()


class MutationSampleRun:
    """The background mutation sample: the driver, started through a shell that writes its exit status beside
    the report when it ends. The test waits for that file, so it may run in another test process (pytest-xdist's
    workers) than the one that started the driver."""

    def __init__(self, report: Path):
        self.report = report
        self.status = report.with_name("status")
        self.leader = report.with_name("pid")  # the shell's process group: the driver and mutmut's children

    @classmethod
    def start(cls, size: str) -> "MutationSampleRun":
        from tests.mutation_driver import ROOT

        seed = (
            os.environ.get("KKR_MUTATION_SEED")
            or subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        )
        run = cls(Path(tempfile.mkdtemp(prefix="kkr-mutation-report-")) / "report.json")
        environment = {
            key: value for key, value in os.environ.items() if key != "DATABASE_URL" and not key.startswith("PYTEST_")
        }
        environment.update(KKR_DEV="1", PYTHONDONTWRITEBYTECODE="1")
        driver = [sys.executable, str(ROOT / "tests" / "mutation_driver.py"), str(run.report), size, seed or "x"]
        script = f"nice -n 10 {shlex.join(driver)}; echo $? > {run.status}.part && mv {run.status}.part {run.status}"
        process = subprocess.Popen(
            ["sh", "-c", script],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        run.leader.write_text(str(process.pid))
        run.process = process  # kept, so that it is not collected while it runs
        return run

    def wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.status.exists():
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("mutation_driver", timeout)
            time.sleep(0.5)

    @property
    def returncode(self) -> int:
        return int(self.status.read_text())

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(int(self.leader.read_text()), signal.SIGKILL)


def _mutation_sample_pointer() -> Path | None:
    """Where the test process that started the sample names its report for the others (pytest-xdist only)."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    return Path(tempfile.gettempdir()) / f"kkr-mutation-{run_id}" if run_id else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """Every test gets a nodeid of its own before anything keys on it (tests/parallel.py). Start the mutation
    sample (tests/test_mutation_sample.py) in the background as soon as its test is collected, at low priority,
    so its set-up overlaps the rest of the suite; with pytest-xdist, the first worker starts it (each worker
    collects every test) and the others find it through a file."""
    parallel.give_each_test_its_own_nodeid(items)
    size = os.environ.get("KKR_MUTATION_SAMPLE", "40")
    if size == "0" or not any(item.nodeid == MUTATION_SAMPLE_TEST for item in items):
        return
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        return
    run = MutationSampleRun.start(size)
    config.stash[mutation_sample_key] = run
    if pointer := _mutation_sample_pointer():
        pointer.write_text(str(run.report))


@pytest.fixture
def mutation_sample_run(request) -> MutationSampleRun | None:
    """The background mutation sample, or None when it is switched off."""
    run = request.config.stash.get(mutation_sample_key, None)
    pointer = _mutation_sample_pointer()
    if run is None and pointer and pointer.exists():
        run = MutationSampleRun(Path(pointer.read_text()))
    return run


def pytest_runtest_setup(item):
    """A test marked ``postgresql`` is skipped on SQLite (``make test`` with nothing configured), with its why."""
    marker = item.get_closest_marker("postgresql")
    if marker is not None:
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip(f"kun PostgreSQL: {marker.args[0] if marker.args else ''}")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` runs each module whole in one process and the fault tests all in one (tests/parallel.py)."""
    return parallel.GroupScheduling(config, log) if config.getvalue("dist") == "loadgroup" else None
