"""A real Celery worker on the real broker (Redis in CI) round-trips a task. No mocks."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from kkr.celery import app, ping
from tests.conftest import skip_or_fail


@pytest.fixture
def real_worker(transactional_db):
    if not settings.CELERY_BROKER_URL:
        skip_or_fail("KKR_REQUIRE_WORKER", "CELERY_BROKER_URL er ikke sat")
    app.conf.task_always_eager = False
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=10):
        yield


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_the_broker_and_a_real_worker(real_worker):
    result = ping.delay("hej fra testen")
    assert result.get(timeout=20) == "hej fra testen"
