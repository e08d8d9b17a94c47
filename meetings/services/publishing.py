"""Publishing agendas (FO 3.3), supplementary agendas (Tillæg) and minutes (FO 3.4) as versioned PDFs
rendered by Celery.

``publish_*`` locks the meeting row, records the request (a ``Publication`` per audience with the content
snapshot) and every side effect it owes in one transaction, and queues the renders on commit: the request
returns at once. What is owed stays in the database until done: a render is owed while the row is not
ready, the members' e-mail while ``notify_owed`` is set and ``notified_at`` is empty, and it is sent only
when the members' PDF is ready, one message per recipient, each recorded as sent (``Delivery``) in its own
commit. ``requeue_owed`` (celery beat, ``tasks.requeue_publications``) sends again whatever is still owed:
renders the broker refused (at once) or lost (after the queued grace), renders whose lease ran out (a killed
worker), and e-mails to recipients not yet sent. A render holds a lease with a deadline; a ready
publication's file never changes. A publish names the version its page was opened on: a stale or
simultaneous one is refused under the meeting's row lock.
"""

import errno
import functools
import logging
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date

from .. import documents
from ..models import Delivery, ItemProposal, Meeting, Publication
from ..queries import at_item, attendance_marks_and_notices, attendance_sheet, meeting_roster, movements
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


def queued_grace() -> timedelta:
    """A queued render not started after this long was lost by the broker (or it was down): send again."""
    return timedelta(seconds=settings.PUBLICATION_QUEUED_GRACE_SECONDS)


def agenda_contents(meeting, *, late_reason="", audiences=tuple(Publication.Audience)) -> dict:
    return {
        audience: documents.agenda_content(
            meeting, public=audience == Publication.Audience.PUBLIC, late_reason=late_reason
        )
        for audience in audiences
    }


def minutes_contents(meeting, *, audiences=tuple(Publication.Audience)) -> dict:
    """FO 3.4/3.9: both versions of the minutes from one reading of the attendance; who was present at an item,
    who led and who held the casting vote come from ``queries.at_item``, as they did for the votes."""
    seats = meeting_roster(meeting)
    presence, notices = attendance_marks_and_notices(meeting)
    sitting = documents.Sitting(
        sheet=attendance_sheet(meeting, seats, presence, notices),
        presence=presence,
        at=functools.cache(lambda position: at_item(meeting, position, seats=seats, presence=presence)),
        notes=dict(meeting.absence_notices.values_list("membership_id", "note")),
        on_leave=tuple(seat.membership for seat in seats.seats if seat.voter is None),  # in the quorum base, absent
        movements=movements,
        chairs={
            membership.pk: role
            for membership, role in ((seats.chair, "formand"), (seats.vice_chair, "næstformand"))
            if membership is not None
        },
    )
    return {
        audience: documents.minutes_content(meeting, public=audience == Publication.Audience.PUBLIC, sitting=sitting)
        for audience in audiences
    }


def supplement_contents(meeting, *, audiences=tuple(Publication.Audience)) -> dict:
    agenda_version = meeting.publications.filter(kind=Publication.Kind.AGENDA).aggregate(last=Max("version"))["last"]
    return {
        audience: documents.supplement_content(
            meeting, public=audience == Publication.Audience.PUBLIC, agenda_version=agenda_version or 0
        )
        for audience in audiences
    }


CONTENTS = {
    Publication.Kind.AGENDA: agenda_contents,
    Publication.Kind.MINUTES: minutes_contents,
    Publication.Kind.SUPPLEMENT: supplement_contents,
}


def _locked(meeting) -> Meeting:
    """Lock the meeting row: simultaneous publishes of one meeting run one after the other."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def published_by(token) -> list[Publication] | None:
    """The versions an earlier request with this form token made (a double click, a resent form), members'
    first; None when the token is new."""
    if token is None:
        return None
    done = list(Publication.objects.filter(request_token=token).order_by("audience"))
    return sorted(done, key=lambda p: p.audience != Publication.Audience.MEMBERS) or None


@transaction.atomic
def publish_agenda(
    meeting,
    *,
    actor,
    late_reason="",
    now=None,
    draft=False,
    change_note="",
    token=None,
    version=None,
    correction=False,
    members_only=False,
) -> list[Publication]:
    """FO 3.3: publish the agenda. Refused while a proposal in time is missing (FO 3.2), and refused after
    the deadline unless a reason is given; the reason is recorded and printed on the agenda. A draft goes to
    the members only (SPEC §6) and is marked as a draft on every page; no deadline check for a draft.
    ``version`` is the version the staff page was opened on (see ``_check_version``). A ``correction`` (a bilag
    changed after sending, ``services.bilag``) is no new sending: the deadline was judged on the version it
    corrects, whose reason it keeps; ``members_only``: the public version would not change."""
    now = now or timezone.now()
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
    _check_version(meeting, Publication.Kind.AGENDA, version)
    if meeting.status != Meeting.Status.PLANNED:
        raise RuleViolation(f"Mødet er {meeting.get_status_display().lower()}.")
    if not meeting.items.exists():
        raise RuleViolation("Dagsordenen har ingen punkter.")
    if not draft:
        missing = meeting.proposals.filter(is_in_time=True, status=ItemProposal.Status.RECEIVED).select_related(
            "proposer"
        )
        if missing:
            names = "; ".join(f"«{p.title}» fra {p.proposer}" for p in missing)
            raise RuleViolation(f"Rettidige medlemsforslag mangler på dagsordenen: {names}.", rule="FO 3.2")
    deadline = meeting.agenda_deadline
    is_late = not draft and not correction and deadline is not None and not deadline.is_met_by(now)
    late_reason = late_reason.strip() if is_late else _sent_late_reason(meeting) if correction else ""
    if is_late and not late_reason:
        raise RuleViolation(
            f"Fristen for udsendelse var {format_date(deadline.on)}. Angiv hvorfor dagsordenen udsendes senere.",
            rule="FO 3.3",
        )
    contents = agenda_contents(meeting, late_reason=late_reason, audiences=_audiences(draft or members_only))
    return _publish(
        meeting,
        Publication.Kind.AGENDA,
        contents,
        actor=actor,
        now=now,
        late_reason=late_reason,
        draft=draft,
        change_note=change_note,
        token=token,
        version=version,
    )


def _sent_late_reason(meeting) -> str:
    """The FO 3.3 reason of the newest agenda version sent to all, kept by a version that corrects it."""
    sent = meeting.publications.filter(kind=Publication.Kind.AGENDA, is_draft=False).order_by("-version").first()
    return sent.late_reason if sent else ""


@transaction.atomic
def publish_supplement(
    meeting, *, actor, now=None, token=None, version=None, change_note="", members_only=False
) -> list[Publication]:
    """The supplementary agenda (Tillæg): the items added after the agenda was sent (numbered after the
    others), with their bilag, as a PDF of its own; the members get the supplementary e-mail with the links
    when their version is ready. Each new Tillæg version holds every supplementary item so far. Public as
    the agenda is: a Tillæg to an agenda released only as a draft goes to the members only. ``change_note``
    and ``members_only``: a bilag of a supplementary item changed after the Tillæg went out (``services.bilag``)."""
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
    _check_version(meeting, Publication.Kind.SUPPLEMENT, version)
    if meeting.status != Meeting.Status.PLANNED:
        raise RuleViolation(f"Mødet er {meeting.get_status_display().lower()}.")
    agendas = meeting.publications.filter(kind=Publication.Kind.AGENDA)
    if not agendas.exists():
        raise RuleViolation("Dagsordenen er ikke udsendt; nye punkter kommer med på den, når den udsendes.")
    if not meeting.items.filter(is_supplementary=True).exists():
        raise RuleViolation("Der er ingen tillægspunkter: tilføj først punktet til dagsordenen.")
    draft_only = not agendas.filter(is_draft=False).exists()
    contents = supplement_contents(meeting, audiences=_audiences(draft_only or members_only))
    return _publish(
        meeting,
        Publication.Kind.SUPPLEMENT,
        contents,
        actor=actor,
        now=now or timezone.now(),
        change_note=change_note,
        token=token,
        version=version,
    )


@transaction.atomic
def publish_minutes(
    meeting, *, actor, now=None, draft=False, change_note="", token=None, version=None
) -> list[Publication]:
    """FO 3.4: publish the approved decision minutes, with the attendance (FO 3.9). A draft (members only,
    marked as such) may be released before the approval."""
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
    _check_version(meeting, Publication.Kind.MINUTES, version)
    if meeting.minutes_approved_at is None and not draft:
        raise RuleViolation("Referatet skal godkendes, før det offentliggøres.")
    contents = minutes_contents(meeting, audiences=_audiences(draft))
    return _publish(
        meeting,
        Publication.Kind.MINUTES,
        contents,
        actor=actor,
        now=now or timezone.now(),
        draft=draft,
        change_note=change_note,
        token=token,
        version=version,
    )


def _audiences(draft: bool) -> tuple:
    return (Publication.Audience.MEMBERS,) if draft else tuple(Publication.Audience)


def next_version(meeting, kind) -> int:
    return (meeting.publications.filter(kind=kind).aggregate(last=Max("version"))["last"] or 0) + 1


THE = {
    Publication.Kind.AGENDA: "dagsordenen",
    Publication.Kind.MINUTES: "referatet",
    Publication.Kind.SUPPLEMENT: "tillægget",
}


def stale_message(kind, current: int) -> str:
    """The refusal of a publish form opened before version ``current`` was published by someone else."""
    return (
        f"{THE[kind].capitalize()} er offentliggjort af en anden (nu version {current}), mens siden var åben. "
        "Genindlæs siden, og se den nye version, før du offentliggør igen."
    )


def _check_version(meeting, kind, version: int | None) -> None:
    """A publish sent from a page opened on ``version`` is refused once another version was published
    meanwhile: a stale page, or a colleague's simultaneous publish that took the row lock first (under the
    lock, this reads what that one committed). Staff would otherwise publish over a version they never saw,
    without a change note, and the members would get a second e-mail. ``None``: no page (scripts, demo)."""
    if version is None:
        return
    current = next_version(meeting, kind)
    if version < current:
        raise RuleViolation(stale_message(kind, current - 1))
    if version > current:
        raise RuleViolation("Formularen hører ikke til den nuværende version.")


def _publish(
    meeting, kind, contents, *, actor, now, late_reason="", draft=False, change_note="", token=None, version=None
):
    """A new version (members first); older versions stay (and stay downloadable). A new version of an
    agenda or minutes says what changed (printed on it and in the e-mail); each Tillæg lists its items.
    ``version``, when given, was checked under the lock to be the next one (``_check_version``)."""
    version, change_note = version or next_version(meeting, kind), change_note.strip()
    if version > 1 and kind != Publication.Kind.SUPPLEMENT and not change_note:
        raise RuleViolation("Skriv kort, hvad der er ændret siden forrige version.")
    publications = []
    try:
        with transaction.atomic():
            for audience, content in contents.items():
                content = {**content, "is_draft": draft, "change_note": change_note if version > 1 else ""}
                publication = Publication(
                    meeting=meeting,
                    kind=kind,
                    audience=audience,
                    version=version,
                    content=content,
                    requested_at=now,
                    requested_by=actor,
                    late_reason=late_reason,
                    is_draft=draft,
                    change_note=content["change_note"],
                    request_token=token,
                    notify_owed=audience == Publication.Audience.MEMBERS,
                )
                publications.append(save(publication, actor))
    except IntegrityError as error:  # a simultaneous publish got there first (without the row lock: SQLite)
        raise RuleViolation("Dokumentet offentliggøres netop nu fra en anden side. Genindlæs siden.") from error
    for publication in publications:
        transaction.on_commit(lambda publication=publication: _queue_render(publication))
    return publications


def _queue_render(publication) -> None:
    """Queue the render; when the broker refused it, the returned publication says so too (the view tells
    staff it waits for the background queue)."""
    publication.enqueue_failed = not enqueue("render_publication", publication.pk)


def recipient_count(meeting) -> int:
    """How many addresses the members' e-mail goes to (members and substitutes), for the confirmation."""
    return len(_member_addresses(meeting))


def new_token() -> uuid.UUID:
    return uuid.uuid4()


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
    transaction.on_commit(lambda: _queue_render(publication))
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
        transaction.on_commit(lambda: enqueue("notify_members", publication.pk))


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


def notify_members(publication_pk: int) -> int:
    """E-mail the council's members and substitutes a link (never the file), one message per recipient, each
    recorded as sent (``Delivery.sent_at``) in its own commit right after it went: a retry after any failure
    sends only to those not yet sent, and ``notified_at`` is set when none is left. Returns how many this
    call sent."""
    publication = _record_recipients(publication_pk)
    if publication is None:
        return 0
    unsent = list(publication.deliveries.filter(sent_at=None).values_list("pk", flat=True))
    sent = 0
    if unsent:
        subject, body = _members_e_mail(publication)
        with mail.get_connection() as connection:  # one SMTP session for all the messages
            for delivery_pk in unsent:
                sent += _deliver(delivery_pk, subject, body, connection)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication_pk)
        if publication.notified_at is None and not publication.deliveries.filter(sent_at=None).exists():
            publication.notified_at = timezone.now()
            publication.save(update_fields=["notified_at"])
    return sent


def _record_recipients(publication_pk: int) -> Publication | None:
    """The publication if its e-mail is owed now, with its recipients recorded (once: a retry sends to the
    same people even if the roster changed meanwhile); None if done, not owed, or its PDF isn't ready (the
    render sends it when it is)."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().select_related("meeting__council").get(pk=publication_pk)
        if publication.notified_at or not publication.notify_owed or publication.state != Publication.State.READY:
            return None
        if not publication.deliveries.exists():
            recipients = _member_addresses(publication.meeting)
            Delivery.objects.bulk_create(
                Delivery(publication=publication, email=email, name=name) for email, name in sorted(recipients.items())
            )
    return publication


def _members_e_mail(publication) -> tuple[str, str]:
    meeting = publication.meeting
    base = getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")
    context = {
        "publication": publication,
        "meeting": meeting,
        "url": base + _member_url(meeting),
        "pdf_url": base + publication.get_absolute_url(),
        "items": publication.content.get("items", []),
    }
    template = "supplementary" if publication.kind == Publication.Kind.SUPPLEMENT else "publication"
    return (
        render_to_string(f"emails/{template}_subject.txt", context).strip(),
        render_to_string(f"emails/{template}.txt", context),
    )


def _deliver(delivery_pk: int, subject: str, body: str, connection) -> int:
    """Send one recipient's message and commit its ``sent_at`` at once. The row lock keeps a second task
    (beat's requeue beside the render's) from sending the same message; a failure after the send and before
    the commit is the one message a retry can send twice."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_pk)
        if delivery.sent_at is not None:
            return 0
        EmailMessage(subject=subject, body=body, to=[delivery.email], connection=connection).send()
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
    return 1


def _member_addresses(meeting) -> dict[str, str]:
    """Members and substitutes of the meeting's roster with an e-mail address: address → name."""
    seats = meeting_roster(meeting)
    people = [p for seat in seats.seats for p in (seat.member, seat.substitute) if p is not None]
    return {p.email: p.name for p in people if p.email}


def _member_url(meeting) -> str:
    return reverse("meetings:member-meeting", args=[meeting.council.slug, meeting.pk])


def preview_pdf(meeting, kind, audience, *, draft=False) -> bytes:
    """The PDF this meeting's agenda, Tillæg or minutes would get if published now (nothing is saved): staff check
    the members' and the public version before publishing. Marked as a preview on every page."""
    contents = CONTENTS[kind](meeting, audiences=[audience])
    content = {**contents[audience], "is_draft": draft, "is_preview": True, "change_note": ""}
    publication = Publication(
        meeting=meeting, kind=kind, audience=audience, version=next_version(meeting, kind), content=content
    )
    return documents.render_pdf(publication)
