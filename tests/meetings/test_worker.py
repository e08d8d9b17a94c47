"""A published agenda is rendered by a real Celery worker on the real broker (Redis in CI; ``real_worker``:
tests/conftest.py). No mocks."""

import time

import pytest

from meetings import services
from meetings.models import Meeting, Publication
from members.models import Council, ElectionPeriod
from tests.builders import at

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_published_agenda_is_rendered_by_the_worker(real_worker, reference_data):
    """Self-contained: the council is its own, and the reference data (the period) is reloaded when an earlier
    transactional test flushed it."""
    council, _ = Council.objects.get_or_create(slug="worker-kkr", defaults={"name": "Worker-KKR", "region": "Test"})
    meeting = Meeting.objects.create(
        council=council,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2027, 3, 2, 10),
        location="Aalborg",
    )
    services.add_item(meeting, actor=None, title="Punkt")
    services.publish_agenda(meeting, actor=None, now=at(2027, 2, 1, 12))  # autocommit: queued at once
    deadline = time.monotonic() + 30
    while Publication.objects.filter(notify_owed=True, notified_at=None).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert set(Publication.objects.values_list("state", flat=True)) == {Publication.State.READY}
    # The render queued the members' notice through the broker once their PDF was ready; nothing is owed.
    assert not Publication.objects.filter(notify_owed=True, notified_at=None).exists()
