"""Publishing agendas (FO 3.3), supplementary agendas (Tillæg) and minutes (FO 3.4) as versioned PDFs
rendered by Celery.

``publish_*`` locks the meeting row, records the request (a ``Publication`` per audience with the content
snapshot) and every side effect it owes in one transaction, and queues the renders on commit: the request
returns at once. What is owed stays in the database until done: a render is owed while the row is not
ready, the members' e-mail while ``notify_owed`` is set and ``notified_at`` is empty, and it is sent only
when the members' PDF is ready. ``requeue_owed`` (celery beat, ``tasks.requeue_publications``) sends again
whatever is still owed: queued renders the broker lost, renders whose lease ran out (a killed worker), and
e-mails not yet sent. A render holds a lease with a deadline; a ready publication's file never changes.
"""

import logging
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date

from .. import documents
from ..models import ItemProposal, Meeting, Publication
from ..queries import attendance_sheet, meeting_leader, meeting_roster
from .common import save

log = logging.getLogger(__name__)


def render_lease() -> timedelta:
    """How long a render may hold a publication before the requeue takes it over (a killed worker)."""
    return timedelta(seconds=settings.PUBLICATION_RENDER_LEASE_SECONDS)


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
    seats = meeting_roster(meeting)
    sheet = attendance_sheet(meeting, seats)
    leader = meeting_leader(meeting, seats, {row.person.pk for row in sheet if row.is_present})
    on_leave = [seat.member for seat in seats.seats if seat.voter is None]  # FO 3.9: in the quorum base, absent
    return {
        audience: documents.minutes_content(
            meeting, public=audience == Publication.Audience.PUBLIC, sheet=sheet, leader=leader, on_leave=on_leave
        )
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
    meeting, *, actor, late_reason="", now=None, draft=False, change_note="", token=None
) -> list[Publication]:
    """FO 3.3: publish the agenda. Refused while a proposal in time is missing (FO 3.2), and refused after
    the deadline unless a reason is given; the reason is recorded and printed on the agenda. A draft goes to
    the members only (SPEC §6) and is marked as a draft on every page; no deadline check for a draft."""
    now = now or timezone.now()
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
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
    is_late = not draft and deadline is not None and not deadline.is_met_by(now)
    late_reason = late_reason.strip() if is_late else ""
    if is_late and not late_reason:
        raise RuleViolation(
            f"Fristen for udsendelse var {format_date(deadline.on)}. Angiv hvorfor dagsordenen udsendes senere.",
            rule="FO 3.3",
        )
    contents = agenda_contents(meeting, late_reason=late_reason, audiences=_audiences(draft))
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
    )


@transaction.atomic
def publish_supplement(meeting, *, actor, now=None, token=None) -> list[Publication]:
    """The supplementary agenda (Tillæg): the items added after the agenda was sent (numbered after the
    others), with their bilag, as a PDF of its own; the members get the supplementary e-mail with the links
    when their version is ready. Each new Tillæg version holds every supplementary item so far. Public as
    the agenda is: a Tillæg to an agenda released only as a draft goes to the members only."""
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
    if meeting.status != Meeting.Status.PLANNED:
        raise RuleViolation(f"Mødet er {meeting.get_status_display().lower()}.")
    agendas = meeting.publications.filter(kind=Publication.Kind.AGENDA)
    if not agendas.exists():
        raise RuleViolation("Dagsordenen er ikke udsendt; nye punkter kommer med på den, når den udsendes.")
    if not meeting.items.filter(is_supplementary=True).exists():
        raise RuleViolation("Der er ingen tillægspunkter: tilføj først punktet til dagsordenen.")
    draft_only = not agendas.filter(is_draft=False).exists()
    contents = supplement_contents(meeting, audiences=_audiences(draft_only))
    return _publish(meeting, Publication.Kind.SUPPLEMENT, contents, actor=actor, now=now or timezone.now(), token=token)


@transaction.atomic
def publish_minutes(meeting, *, actor, now=None, draft=False, change_note="", token=None) -> list[Publication]:
    """FO 3.4: publish the approved decision minutes, with the attendance (FO 3.9). A draft (members only,
    marked as such) may be released before the approval."""
    _locked(meeting)
    if (done := published_by(token)) is not None:
        return done
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
    )


def _audiences(draft: bool) -> tuple:
    return (Publication.Audience.MEMBERS,) if draft else tuple(Publication.Audience)


def next_version(meeting, kind) -> int:
    return (meeting.publications.filter(kind=kind).aggregate(last=Max("version"))["last"] or 0) + 1


def _publish(meeting, kind, contents, *, actor, now, late_reason="", draft=False, change_note="", token=None):
    """A new version (members first); older versions stay (and stay downloadable)."""
    version, change_note = next_version(meeting, kind), change_note.strip()
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
        transaction.on_commit(lambda pk=publication.pk: enqueue("render_publication", pk))
    return publications


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
        return False
    return True


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
    publication.requested_at, publication.lease_holder = now, ""
    save(publication, actor)
    transaction.on_commit(lambda: enqueue("render_publication", publication.pk))
    return publication


def render_publication(publication_pk: int, *, now=None, holder: str = "") -> Publication:
    """Render one publication's PDF under a lease. A ready one is left alone (its file never changes); one
    whose lease another render holds is left to it; an expired lease is taken over, and so is the lease of
    ``holder`` (the Celery task id) itself: a task retried after a database error resumes its own render.
    Database errors propagate so that the task retries; a document that can't be rendered is marked failed
    for staff. The file is written only while the row can be saved: a save that fails removes it again."""
    now = now or timezone.now()
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication_pk)
        if publication.state in (Publication.State.READY, Publication.State.FAILED):
            return publication
        held_by_other = not holder or publication.lease_holder != holder
        if publication.state == Publication.State.RENDERING and not publication.is_stuck(now) and held_by_other:
            return publication
        publication.state, publication.lease_until = Publication.State.RENDERING, now + render_lease()
        publication.lease_holder = holder
        publication.attempts += 1
        publication.save(update_fields=["state", "lease_until", "lease_holder", "attempts"])
    attempt = publication.attempts
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
        name = f"{publication.meeting_id}-{publication.kind}-v{publication.version}-{publication.audience}.pdf"
        publication.file.save(name, ContentFile(pdf), save=False)
        publication.state, publication.error = Publication.State.READY, ""
        publication.rendered_at, publication.lease_until = timezone.now(), None
        try:
            publication.save(update_fields=["file", "state", "error", "rendered_at", "lease_until"])
        except Exception:
            publication.file.storage.delete(publication.file.name)  # no row names it: leave no orphan file
            raise
        if publication.notify_owed and publication.notified_at is None:
            transaction.on_commit(lambda: enqueue("notify_members", publication_pk))
    return publication


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
    """What the publications still owe: renders lost in the queue or with an expired lease, unsent e-mails."""
    now = now or timezone.now()
    lost = Publication.objects.filter(state=Publication.State.QUEUED, requested_at__lt=now - queued_grace())
    expired = Publication.objects.filter(state=Publication.State.RENDERING, lease_until__lt=now)
    unsent = Publication.objects.filter(state=Publication.State.READY, notify_owed=True, notified_at__isnull=True)
    return {
        "render_publication": sorted([*lost.values_list("pk", flat=True), *expired.values_list("pk", flat=True)]),
        "notify_members": sorted(unsent.values_list("pk", flat=True)),
    }


def requeue_owed(now=None) -> int:
    """Send again every side effect still owed (celery beat runs this every few minutes)."""
    sent = 0
    for task_name, pks in owed(now).items():
        for pk in pks:
            sent += enqueue(task_name, pk)
    return sent


def notify_members(publication_pk: int) -> int:
    """E-mail the council's members and substitutes a link (never the file). Idempotent via ``notified_at``."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().select_related("meeting__council").get(pk=publication_pk)
        if publication.notified_at or not publication.notify_owed or publication.state != Publication.State.READY:
            return 0  # done already, not owed, or its PDF isn't ready (the render sends it when it is)
        meeting = publication.meeting
        recipients = sorted(_member_addresses(meeting))
        if recipients:
            base = getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")
            context = {
                "publication": publication,
                "meeting": meeting,
                "url": base + _member_url(meeting),
                "pdf_url": base + publication.get_absolute_url(),
                "items": publication.content.get("items", []),
            }
            template = "supplementary" if publication.kind == Publication.Kind.SUPPLEMENT else "publication"
            EmailMessage(
                subject=render_to_string(f"emails/{template}_subject.txt", context).strip(),
                body=render_to_string(f"emails/{template}.txt", context),
                to=[settings.DEFAULT_FROM_EMAIL],
                bcc=recipients,
            ).send()
        publication.notified_at = timezone.now()
        publication.save(update_fields=["notified_at"])
    return len(recipients)


def _member_addresses(meeting) -> set[str]:
    """Members and substitutes of the meeting's roster with an e-mail address."""
    seats = meeting_roster(meeting)
    people = [p for seat in seats.seats for p in (seat.member, seat.substitute) if p is not None]
    return {p.email for p in people if p.email}


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
