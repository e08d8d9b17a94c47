"""PDFs asked for on a council's page and rendered by the worker (``DocumentJob``).

``request_document`` records the request and queues the app's task once committed; the request returns at
once. The same request (kind, council, period, day, the page's options) while one is queued or rendering
gets that one back, held by a conditional unique constraint against two clicks at once. ``run_document`` is
what the app's task calls with its render function: it claims the job, renders outside any transaction,
stores the file and marks it ready, or failed with a Danish message. A job the worker lost is failed by the
next request for it. A ready file replaces the older ready files of the same request."""

import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from kkr.errors import RuleViolation

from ..models import DocumentJob
from ..models.documents import ACTIVE

log = logging.getLogger(__name__)

LOST = "Dannelsen blev ikke færdig: baggrundsjobbet stoppede undervejs. Bestil PDF'en igen."
NOT_QUEUED = "Baggrundskøen kunne ikke nås, så PDF'en blev ikke dannet. Prøv igen om lidt."
FAILED = "PDF'en kunne ikke dannes. Prøv igen; sker det igen, så kontakt driften."
NOT_STORED = "PDF'en blev dannet, men kunne ikke gemmes på lageret. Prøv igen; sker det igen, så kontakt driften."


def request_document(*, kind, council, period, day, options="", filename, actor, task, now=None) -> DocumentJob:
    """The queued or rendering job for the same request, else a new one sent to ``task`` (a Celery task taking
    the job's id) when the transaction commits. ``job.reused`` tells which."""
    now = now or timezone.now()
    key = {"kind": kind, "council": council, "period": period, "day": day, "options": options}
    with transaction.atomic():
        running = DocumentJob.objects.select_for_update().filter(state__in=ACTIVE, **key).first()
        if running is not None and not running.is_stuck(now):
            running.reused = True
            return running
        if running is not None:
            _end(running, DocumentJob.State.FAILED, error=LOST, now=now)
        try:
            with transaction.atomic():
                job = DocumentJob.objects.create(**key, filename=filename, requested_by=actor, requested_at=now)
        except IntegrityError:  # a simultaneous click of the same request committed first: that one it is
            job = DocumentJob.objects.get(state__in=ACTIVE, **key)
            job.reused = True
            return job
        transaction.on_commit(lambda: _enqueue(task, job.pk))
    job.reused = False
    return job


def _enqueue(task, job_pk: int) -> None:
    try:
        task.delay(job_pk)
    except Exception:  # the broker is unreachable: say so on the job's page rather than wait for nothing
        if task.app.conf.task_always_eager:  # in-process: the error is the render's own, not the broker's
            raise
        log.exception("PDF-bestilling %s kunne ikke sættes i baggrundskøen", job_pk)
        DocumentJob.objects.filter(pk=job_pk, state=DocumentJob.State.QUEUED).update(
            state=DocumentJob.State.FAILED, error=NOT_QUEUED, finished_at=timezone.now()
        )


def run_document(job_pk: int, render: Callable[[DocumentJob], bytes], *, now=None) -> DocumentJob:
    """Render a queued job with ``render(job)``. A job that is not queued (done, failed, taken by another
    worker, or given up as lost) is left as it is. A refusal (``RuleViolation``: the page's data changed
    since the click) fails the job with its own message; any other error with a general one, logged."""
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().select_related("council", "period").get(pk=job_pk)
        if job.state != DocumentJob.State.QUEUED or job.is_stuck(now):
            return job
        job.state, job.started_at = DocumentJob.State.RENDERING, now or timezone.now()
        job.save(update_fields=["state", "started_at"])
    try:
        pdf = render(job)
    except RuleViolation as error:
        return _finish(job_pk, DocumentJob.State.FAILED, error=str(error))
    except Exception:
        log.exception("PDF-bestilling %s kunne ikke dannes", job_pk)
        return _finish(job_pk, DocumentJob.State.FAILED, error=FAILED)
    return _finish(job_pk, DocumentJob.State.READY, pdf=pdf)


def _finish(job_pk: int, state, *, error: str = "", pdf: bytes | None = None) -> DocumentJob:
    """Under the row lock: only the render that holds the job ends it (a job given up as lost stays failed,
    and the late file is not kept)."""
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().get(pk=job_pk)
        if job.state != DocumentJob.State.RENDERING:
            return job
        if pdf is not None:
            try:
                job.file.save(f"{job.kind}.pdf", ContentFile(pdf), save=False)
            except Exception:
                log.exception("PDF-bestilling %s kunne ikke gemmes", job_pk)
                state, error = DocumentJob.State.FAILED, NOT_STORED
        _end(job, state, error=error)
        if job.is_ready:
            transaction.on_commit(lambda: _drop_older(job))
    return job


def _end(job, state, *, error: str = "", now=None) -> None:
    job.state, job.error, job.finished_at = state, error, now or timezone.now()
    try:
        job.save(update_fields=["state", "error", "finished_at", "file"])
    except Exception:
        if job.file:
            job.file.storage.delete(job.file.name)  # no row names it: leave no orphan file
        raise


def _drop_older(job) -> None:
    """The older ready files of the same request are superseded: their rows and files go."""
    older = DocumentJob.objects.filter(
        kind=job.kind, council_id=job.council_id, period_id=job.period_id, day=job.day, options=job.options
    ).exclude(pk=job.pk)
    for stale in older.filter(requested_at__lte=job.requested_at).exclude(state__in=ACTIVE):
        name = stale.file.name
        stale.delete()
        if name:
            stale.file.storage.delete(name)
