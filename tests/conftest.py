"""Shared fixtures: reference data comes from the data migration; users per role are made here."""

import importlib
import os

import pytest

from kkr.celery import app as celery_app
from members.models import Council, ElectionPeriod, Municipality, Party, RuleSet
from tests.builders import make_member, make_staff, make_user

# The frozen reference data of the data migration (a module name that starts with a digit needs importlib).
load_reference_data = importlib.import_module("members.migrations.0002_reference_data").load_reference_data

# Playwright's sync API runs an event loop in the test thread; the ORM calls in fixtures are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def skip_or_fail(require_env: str, reason: str):
    """Skip a test that needs a part this machine lacks, unless CI demands the part (``.ci/run`` sets it)."""
    if os.environ.get(require_env):
        pytest.fail(f"{reason}, men {require_env} kræver den")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process unless a test asks for the real worker (tests/test_celery_worker.py)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (kkr/pagecache.py): a page kept by an earlier test, whose rows
    were rolled back, must not answer for this one's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def reference_data(db):
    """The data migration's rows. A transactional test (browser, worker) flushes the tables afterwards (Django
    then recreates content types and permissions, not data migrations' rows), so load them again when they
    are gone: one query when they are there. (pytest-django's serialized rollback did not reliably restore
    them with Playwright in the same session.)"""
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
