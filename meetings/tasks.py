"""Celery tasks: they take primary keys, are idempotent and call a service."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Publication
from .services.publishing import enqueue
from .services.publishing import notify_members as notify


@shared_task(name="meetings.render_publication", acks_late=True)
def render_publication(publication_pk: int) -> str:
    return services.render_publication(publication_pk).state


@shared_task(name="meetings.notify_members", acks_late=True)
def notify_members(publication_pk: int) -> int:
    return notify(publication_pk)


@shared_task(name="meetings.requeue_publications")
def requeue_publications(older_than_minutes: int = 10) -> int:
    """Send again the renders still queued after a while (the broker was down when they were requested).
    Run it from celery beat; a render that runs twice renders the same snapshot."""
    stale = Publication.objects.filter(
        state=Publication.State.QUEUED, requested_at__lt=timezone.now() - timedelta(minutes=older_than_minutes)
    ).values_list("pk", flat=True)
    for pk in stale:
        enqueue("render_publication", pk)
    return len(stale)
