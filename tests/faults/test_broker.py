"""Redis down when staff publish, then back: the periodic requeue (what beat runs) sends the renders, and
the members' e-mail follows once their PDF is ready: nothing is lost, nothing is sent twice. Our own
``redis-server`` on a free port and a real Celery worker (in a thread); never the machine's Redis. A worker
killed mid-render and a Redis restart: tests/faults/test_worker.py (a worker process, real renders)."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from kkr.celery import app
from meetings import documents, services
from meetings.models import Meeting, Publication
from meetings.services import outbox
from members.models import Council, ElectionPeriod
from tests.builders import at, make_staff, seat_members
from tests.faults.servers import Redis

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_broker(settings, monkeypatch, reference_data):
    """Celery pointed at our own redis-server (not started yet): the test starts and kills it."""
    redis = Redis()
    previous = app.conf.broker_url, app.conf.task_always_eager
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = redis.url, False
    # Celery prefers the environment's CELERY_BROKER_URL (CI sets it to the machine's Redis) to app.conf.
    monkeypatch.setenv("CELERY_BROKER_URL", redis.url)
    app.conf.broker_url, app.conf.task_always_eager = redis.url, False
    app.conf.broker_connection_timeout, app.conf.broker_connection_max_retries = 1, 1
    app.conf.task_publish_retry = False
    reset_connections()
    monkeypatch.setattr(documents, "render_pdf", lambda publication: b"%PDF-1.7 fault test")
    yield redis
    redis.kill()
    app.conf.broker_url, app.conf.task_always_eager = previous
    app.conf.task_publish_retry = True
    reset_connections()


def reset_connections():
    """Celery keeps its broker connections and producers in pools: drop them so the new URL is used."""
    app.pool  # noqa: B018 - make sure a pool exists before dropping it
    app._pool = None
    app.amqp._producer_pool = None


def a_meeting():
    council = Council.objects.get(slug="nordjylland")
    period = ElectionPeriod.objects.get(name="2026-2030")
    seat_members(council, period, 3)
    meeting = Meeting.objects.create(council=council, period=period, starts_at=at(2027, 3, 2, 10), location="Aalborg")
    staff = make_staff(council, "sekretariat-fejltest")
    services.add_item(meeting, actor=staff, title="Punkt")
    return meeting, staff


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not holds(condition) and time.monotonic() < deadline:
        time.sleep(0.1)
    return holds(condition)


def holds(condition) -> bool:
    """SQLite's shared in-memory test database locks a table while the worker thread writes: ask again."""
    try:
        return condition()
    except OperationalError:
        return False


@pytest.mark.postgresql("a real worker writes beside the test: SQLite's shared in-memory test database locks the table")
def test_members_e_mail_is_sent_after_a_broker_outage(own_broker):
    meeting, staff = a_meeting()
    members_version, public = services.publish_agenda(meeting, actor=staff)  # Redis down
    assert set(Publication.objects.values_list("state", flat=True)) == {Publication.State.QUEUED}
    own_broker.start()
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=10):
        assert outbox.requeue_owed(timezone.now() + timedelta(minutes=11)) == 2  # beat, 11 minutes on
        assert wait_until(lambda: Publication.objects.filter(notified_at__isnull=False).exists())
    assert set(Publication.objects.values_list("state", flat=True)) == {Publication.State.READY}
    assert outbox.owed(timezone.now() + timedelta(minutes=30)) == {"render_publication": [], "notify_members": []}
    assert len(mail.outbox) == 3  # one per recipient (3 seated members)


@pytest.mark.postgresql("a real worker writes beside the test: SQLite's shared in-memory test database locks the table")
def test_renders_the_broker_refused_are_sent_at_the_first_requeue_after_it_returns(own_broker):
    """Before: the refused enqueue was only logged, and the renders waited out the 10-minute queued grace
    (11 minutes to the e-mail). Now the publication records it: staff see it waiting for the background
    queue, and beat's next requeue (every minute) sends it as soon as Redis answers."""
    meeting, staff = a_meeting()
    services.publish_agenda(meeting, actor=staff, version=1)  # Redis down
    assert set(Publication.objects.values_list("state", flat=True)) == {Publication.State.QUEUED}
    assert outbox.requeue_owed() == 0  # still down: nothing sent, still owed
    own_broker.start()
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=10):
        assert outbox.requeue_owed() == 2  # beat's first run after Redis is back, not 10 minutes on
        assert wait_until(lambda: Publication.objects.filter(notified_at__isnull=False).exists())
    assert set(Publication.objects.values_list("state", "enqueue_failed")) == {(Publication.State.READY, False)}
    assert len(mail.outbox) == 3  # one per recipient
