"""What publications still owe, kept in the database until done, and sending it to the broker (FO 3.3, FO 3.4).

A render is owed while its row is not ready, the members' e-mail while ``notify_owed`` is set and
``notified_at`` is empty. ``enqueue`` sends a task and, with the broker down, records that the render is not
in the queue; ``requeue_owed`` (celery beat, ``tasks.requeue_publications``) sends again whatever is still
owed: renders the broker refused (at once) or lost (after the queued grace), renders whose lease ran out (a
killed worker, ``rendering``), and e-mails to recipients not yet sent (``delivery``).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..models import Publication

log = logging.getLogger(__name__)


def queued_grace() -> timedelta:
    """A queued render not started after this long was lost by the broker (or it was down): send again."""
    return timedelta(seconds=settings.PUBLICATION_QUEUED_GRACE_SECONDS)


def queue_render(publication) -> None:
    """Queue the render; when the broker refused it, the returned publication says so too (the view tells
    staff it waits for the background queue)."""
    publication.enqueue_failed = not enqueue("render_publication", publication.pk)


def enqueue(task_name: str, publication_pk: int) -> bool:
    """Send a task; with the broker down, log it: what is owed is in the database and the requeue sends it."""
    from .. import tasks  # tasks import the services

    try:
        getattr(tasks, task_name).delay(publication_pk)
    except Exception:  # the broker is unreachable: the request is in the database already
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise
        log.exception("Kunne ikke sende %s for offentliggørelse %s; den forsøges igen", task_name, publication_pk)
        if task_name == "render_publication":
            _mark_not_queued(publication_pk)
        return False
    return True


def _mark_not_queued(publication_pk: int) -> None:
    """Record that the render is not in the broker: staff see it waiting for the background queue, and the
    next requeue sends it at once rather than after the queued grace (it is known lost, not just slow)."""
    try:
        Publication.objects.filter(pk=publication_pk, state=Publication.State.QUEUED).update(enqueue_failed=True)
    except Exception:  # the database is gone too: the queued grace still finds it
        log.exception("Kunne ikke markere offentliggørelse %s som ikke sat i kø", publication_pk)


def owed(now=None) -> dict[str, list[int]]:
    """What the publications still owe: renders lost in the queue (never queued because the broker was down,
    or queued longer than the grace) or with an expired lease, unsent e-mails."""
    now = now or timezone.now()
    lost = Publication.objects.filter(
        Q(enqueue_failed=True) | Q(requested_at__lt=now - queued_grace()), state=Publication.State.QUEUED
    )
    expired = Publication.objects.filter(state=Publication.State.RENDERING, lease_until__lt=now)
    unsent = Publication.objects.filter(state=Publication.State.READY, notify_owed=True, notified_at__isnull=True)
    return {
        "render_publication": sorted([*lost.values_list("pk", flat=True), *expired.values_list("pk", flat=True)]),
        "notify_members": sorted(unsent.values_list("pk", flat=True)),
    }


def requeue_owed(now=None) -> int:
    """Send again every side effect still owed (celery beat runs this every few minutes)."""
    sent, queued = 0, []
    for task_name, pks in owed(now).items():
        for pk in pks:
            if enqueue(task_name, pk):
                sent += 1
                queued += [pk] if task_name == "render_publication" else []
    # In the broker now: from here the queued grace (a broker that loses it) applies again.
    Publication.objects.filter(pk__in=queued, enqueue_failed=True).update(enqueue_failed=False)
    return sent
