"""Celery tasks: they take primary keys, are idempotent and call a service.

A database or broker error (PostgreSQL restarting, Redis gone for a moment) retries the task with
exponential backoff; whatever is still owed after that is sent again by ``requeue_publications``, which
celery beat runs every few minutes (``CELERY_BEAT_SCHEDULE``).
"""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from .services import delivery, outbox, rendering

TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError)
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": settings.TASK_RETRY_BACKOFF,
    "retry_backoff_max": settings.TASK_RETRY_BACKOFF_MAX,
    "retry_jitter": settings.TASK_RETRY_JITTER,
    "max_retries": 8,
}


@shared_task(bind=True, name="meetings.render_publication", **RETRY)
def render_publication(self, publication_pk: int) -> str:
    """The task id holds the render's lease: a retry (same id) resumes the render it started."""
    return rendering.render_publication(publication_pk, holder=self.request.id or "").state


@shared_task(name="meetings.notify_members", **RETRY)
def notify_members(publication_pk: int) -> int:
    return delivery.notify_members(publication_pk)


@shared_task(name="meetings.requeue_publications", **RETRY)
def requeue_publications() -> int:
    """Send again every render and e-mail a publication still owes (see ``outbox.owed``)."""
    return outbox.requeue_owed()
