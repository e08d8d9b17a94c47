"""A real Celery worker on the real broker (Redis in CI) round-trips a task (``real_worker``: tests/conftest.py).
No mocks."""

import pytest

from kkr.celery import ping


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_the_broker_and_a_real_worker(real_worker):
    result = ping.delay("hej fra testen")
    assert result.get(timeout=20) == "hej fra testen"
