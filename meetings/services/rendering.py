"""Rendering a publication's PDF (FO 3.3, FO 3.4) under a lease, and staff's retry of a failed or stuck render.

A render holds a lease with a deadline that a thread renews while it runs: a killed worker loses it one lease
later and the requeue (``outbox``) takes it over. A ready publication's file never changes. A document that
can't be rendered, or a PDF that can't be stored (a full disk), marks the publication failed with a Danish
cause; the members' e-mail (``delivery``) is queued when their version is ready.
"""

import errno
import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from kkr.errors import RuleViolation

from .. import documents
from ..models import Publication
from . import outbox
from .common import save

log = logging.getLogger(__name__)


def render_lease() -> timedelta:
    """How long a render holds a publication without renewing it before the requeue takes it over (a killed
    worker stops renewing)."""
    return timedelta(seconds=settings.PUBLICATION_RENDER_LEASE_SECONDS)


@contextmanager
def _renewing_lease(publication_pk: int, attempt: int):
    """While the block runs, a thread moves this render's lease forward every third of the lease: a render
    longer than the lease keeps it, and a killed worker (whose thread dies with it) loses it one lease
    later. Only this attempt's lease is renewed: a render that was taken over renews nothing."""
    stop = threading.Event()

    def renew():
        while not stop.wait(render_lease().total_seconds() / 3):
            try:
                Publication.objects.filter(
                    pk=publication_pk, state=Publication.State.RENDERING, attempts=attempt
                ).update(lease_until=timezone.now() + render_lease())
            except Exception:  # a database blip: try again at the next turn (the lease has two more)
                log.warning("Kunne ikke forny dannelsen af offentliggørelse %s", publication_pk, exc_info=True)
                db_connection.close()
        db_connection.close()  # this thread's own connection

    thread = threading.Thread(target=renew, name=f"lease-{publication_pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@transaction.atomic
def retry_publication(publication, *, actor, now=None) -> Publication:
    """A failed or stuck render (queued too long, or its lease ran out) is queued again with the same content."""
    now = now or timezone.now()
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.state == Publication.State.READY:
        raise RuleViolation("Dokumentet er allerede dannet.")
    if publication.state == Publication.State.RENDERING and not publication.is_stuck(now):
        raise RuleViolation("Dokumentet dannes netop nu. Prøv igen om lidt, hvis det ikke bliver klart.")
    publication.state, publication.error, publication.lease_until = Publication.State.QUEUED, "", None
    publication.requested_at, publication.lease_holder, publication.enqueue_failed = now, "", False
    save(publication, actor)
    transaction.on_commit(lambda: outbox.queue_render(publication))
    return publication


def render_publication(publication_pk: int, *, now=None, holder: str = "") -> Publication:
    """Render one publication's PDF under a lease. A ready one is left alone (its file never changes); one
    whose lease another render holds is left to it; an expired lease is taken over, and so is the lease of
    ``holder`` (the Celery task id) itself: a task retried after a database error resumes its own render.
    Database errors propagate so that the task retries; a document that can't be rendered, or whose PDF can't
    be stored (a full disk), is marked failed for staff with the cause and a retry button, never left
    rendering. The file is written only while the row can be saved: a write or save that fails removes it
    again."""
    now = now or timezone.now()
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication_pk)
        if publication.state in (Publication.State.READY, Publication.State.FAILED):
            return publication
        held_by_other = not holder or publication.lease_holder != holder
        if publication.state == Publication.State.RENDERING and not publication.is_stuck(now) and held_by_other:
            return publication
        publication.state, publication.lease_until = Publication.State.RENDERING, now + render_lease()
        publication.lease_holder, publication.enqueue_failed = holder, False
        publication.attempts += 1
        publication.save(update_fields=["state", "lease_until", "lease_holder", "attempts", "enqueue_failed"])
    attempt = publication.attempts
    with _renewing_lease(publication_pk, attempt):
        try:
            pdf = documents.render_pdf(publication)
        except documents.UnreadableAttachment as exc:
            return _fail(publication_pk, attempt, str(exc))
        except Exception as exc:
            if _is_transient(exc):
                raise
            log.exception("PDF-dannelse fejlede for offentliggørelse %s", publication_pk)
            return _fail(publication_pk, attempt, f"{type(exc).__name__}: {exc}")
        _pause_for_fault_tests(publication_pk)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication_pk)
        if publication.state != Publication.State.RENDERING or publication.attempts != attempt:
            return publication  # another render took over (or finished): its file stands, this one is dropped
        try:
            publication.file = _store(publication, pdf)
        except Exception as exc:  # a full disk or another storage error: marked failed, for staff to retry
            log.exception("PDF'en til offentliggørelse %s kunne ikke gemmes", publication_pk)
            cause = storage_cause(exc)
        else:
            _mark_ready(publication)
            return publication
    return _fail(publication_pk, attempt, cause)


def _mark_ready(publication) -> None:
    """In the render's transaction, holding the row lock: the row names the stored file and is ready."""
    publication.state, publication.error = Publication.State.READY, ""
    publication.rendered_at, publication.lease_until = timezone.now(), None
    try:
        publication.save(update_fields=["file", "state", "error", "rendered_at", "lease_until"])
    except Exception:
        publication.file.storage.delete(publication.file.name)  # no row names it: leave no orphan file
        raise
    if publication.notify_owed and publication.notified_at is None:
        transaction.on_commit(lambda: outbox.enqueue("notify_members", publication.pk))


DISK_FULL = "Der er ikke plads på lageret til PDF'en. Kontakt driften; prøv igen, når der er plads."


def storage_cause(exc: Exception) -> str:
    """What staff read on a publication whose PDF could not be stored: a full disk (or quota) in plain
    Danish, any other storage error with its technical text for the operators."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    return f"PDF'en kunne ikke gemmes på lageret ({type(exc).__name__}: {exc}). Kontakt driften, og prøv igen."


def _store(publication, pdf: bytes) -> str:
    """Store the PDF under a new name and return the name. A store that fails part-way (a full disk leaves
    the bytes written so far) deletes what it wrote: no file is left that no row names. The name is free
    before the write (random, and checked), so what is deleted is only ever this write's own file."""
    storage = publication.file.storage
    name = f"{publication.meeting_id}-{publication.kind}-v{publication.version}-{publication.audience}.pdf"
    field = publication.file.field
    name = storage.get_available_name(field.generate_filename(publication, name), max_length=field.max_length)
    try:
        return storage.save(name, ContentFile(pdf), max_length=field.max_length)
    except BaseException:
        try:
            storage.delete(name)
        except Exception:  # the error being raised says more; the orphan listing finds a file left behind
            log.warning("Kunne ikke slette den delvise fil %s", name, exc_info=True)
        raise


def _pause_for_fault_tests(publication_pk: int) -> None:
    """tests/faults only: with ``PUBLICATION_RENDER_PAUSE_FILE`` set (dev mode only; never in production) a
    render whose PDF is finished writes its id to ``<file>.reached`` and waits while ``<file>`` exists, so a
    test kills the worker or stops the database at exactly this point, with a real render."""
    flag = settings.PUBLICATION_RENDER_PAUSE_FILE
    if not flag:
        return
    Path(f"{flag}.reached").write_text(str(publication_pk))
    while Path(flag).exists():
        time.sleep(0.05)


def _is_transient(exc: Exception) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)


def _fail(publication_pk: int, attempt: int, message: str) -> Publication:
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication_pk)
        if publication.state == Publication.State.RENDERING and publication.attempts == attempt:
            publication.state, publication.error, publication.lease_until = Publication.State.FAILED, message, None
            publication.save(update_fields=["state", "error", "lease_until"])
    return publication
