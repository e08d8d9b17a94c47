"""Publishing agendas (FO 3.3) and minutes (FO 3.4) as versioned PDFs rendered by Celery.

``publish_*`` records the request (two ``Publication`` rows: members and public, with the content
snapshot) in one transaction and queues the render and the members' e-mail on commit. If the broker is
down the rows stay queued and ``tasks.requeue_publications`` sends them again: nothing is lost.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kkr.errors import RuleViolation

from .. import documents
from ..models import ItemProposal, Meeting, Publication
from ..queries import attendance_sheet, meeting_leader, meeting_roster
from .common import save

log = logging.getLogger(__name__)


@transaction.atomic
def publish_agenda(meeting, *, actor, late_reason="", now=None) -> list[Publication]:
    """FO 3.3: publish the agenda. Refused while a proposal in time is missing (FO 3.2), and refused after
    the deadline unless a reason is given; the reason is recorded and printed on the agenda."""
    now = now or timezone.now()
    if meeting.status != Meeting.Status.PLANNED:
        raise RuleViolation(f"Mødet er {meeting.get_status_display().lower()}.")
    missing = meeting.proposals.filter(is_in_time=True, status=ItemProposal.Status.RECEIVED).select_related("proposer")
    if missing:
        names = "; ".join(f"«{p.title}» fra {p.proposer}" for p in missing)
        raise RuleViolation(f"Rettidige medlemsforslag mangler på dagsordenen: {names}.", rule="FO 3.2")
    if not meeting.items.exists():
        raise RuleViolation("Dagsordenen har ingen punkter.")
    deadline = meeting.agenda_deadline
    is_late = deadline is not None and not deadline.is_met_by(now)
    late_reason = late_reason.strip() if is_late else ""
    if is_late and not late_reason:
        raise RuleViolation(
            f"Fristen for udsendelse var {deadline.on:%d.%m.%Y}. Angiv hvorfor dagsordenen udsendes senere.",
            rule="FO 3.3",
        )
    contents = {
        audience: documents.agenda_content(
            meeting, public=audience == Publication.Audience.PUBLIC, late_reason=late_reason
        )
        for audience in Publication.Audience
    }
    return _publish(meeting, Publication.Kind.AGENDA, contents, actor=actor, now=now, late_reason=late_reason)


@transaction.atomic
def publish_minutes(meeting, *, actor, now=None) -> list[Publication]:
    """FO 3.4: publish the approved decision minutes, with the attendance (FO 3.9)."""
    if meeting.minutes_approved_at is None:
        raise RuleViolation("Referatet skal godkendes, før det offentliggøres.")
    seats = meeting_roster(meeting)
    sheet = attendance_sheet(meeting, seats)
    leader = meeting_leader(meeting, seats, {row.person.pk for row in sheet if row.is_present})
    on_leave = [seat.member for seat in seats.seats if seat.voter is None]  # FO 3.9: in the quorum base, absent
    contents = {
        audience: documents.minutes_content(
            meeting, public=audience == Publication.Audience.PUBLIC, sheet=sheet, leader=leader, on_leave=on_leave
        )
        for audience in Publication.Audience
    }
    return _publish(meeting, Publication.Kind.MINUTES, contents, actor=actor, now=now or timezone.now())


def _publish(meeting, kind, contents, *, actor, now, late_reason="") -> list[Publication]:
    """A new version for members and the public; older versions stay (and stay downloadable)."""
    last = meeting.publications.filter(kind=kind).aggregate(last=Max("version"))["last"] or 0
    publications = [
        save(
            Publication(
                meeting=meeting,
                kind=kind,
                audience=audience,
                version=last + 1,
                content=content,
                requested_at=now,
                requested_by=actor,
                late_reason=late_reason,
            ),
            actor,
        )
        for audience, content in contents.items()
    ]
    for publication in publications:
        transaction.on_commit(lambda pk=publication.pk: enqueue("render_publication", pk))
    members_version = next(p for p in publications if p.audience == Publication.Audience.MEMBERS)
    transaction.on_commit(lambda: enqueue("notify_members", members_version.pk))
    return publications


def enqueue(task_name: str, publication_pk: int) -> None:
    """Send a task; with the broker down, log it and leave the row for ``requeue_publications``."""
    from .. import tasks  # tasks import the services

    try:
        getattr(tasks, task_name).delay(publication_pk)
    except Exception:  # the broker is unreachable: the request is in the database already
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise
        log.exception("Kunne ikke sende %s for offentliggørelse %s; den forsøges igen", task_name, publication_pk)


@transaction.atomic
def retry_publication(publication, *, actor) -> Publication:
    """A failed (or stuck) render is queued again with the same content."""
    if publication.state == Publication.State.READY:
        raise RuleViolation("Dokumentet er allerede dannet.")
    publication.state, publication.error = Publication.State.QUEUED, ""
    save(publication, actor)
    transaction.on_commit(lambda: enqueue("render_publication", publication.pk))
    return publication


def render_publication(publication_pk: int) -> Publication:
    """Render one publication's PDF. Idempotent: a ready one is left alone; a crashed render runs again."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication_pk)
        if publication.state == Publication.State.READY:
            return publication
        publication.state = Publication.State.RENDERING
        publication.save(update_fields=["state"])
    try:
        pdf = documents.render_pdf(publication)
    except Exception as exc:  # shown on the page with a retry button
        log.exception("PDF-dannelse fejlede for offentliggørelse %s", publication_pk)
        message = str(exc) if isinstance(exc, documents.UnreadableAttachment) else f"{type(exc).__name__}: {exc}"
        publication.state, publication.error = Publication.State.FAILED, message
        publication.save(update_fields=["state", "error"])
        return publication
    name = f"{publication.meeting_id}-{publication.kind}-v{publication.version}-{publication.audience}.pdf"
    publication.file.save(name, ContentFile(pdf), save=False)
    publication.state, publication.error, publication.rendered_at = Publication.State.READY, "", timezone.now()
    publication.save(update_fields=["file", "state", "error", "rendered_at"])
    return publication


def notify_members(publication_pk: int) -> int:
    """E-mail the council's members and substitutes a link (never the file). Idempotent via ``notified_at``."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().select_related("meeting__council").get(pk=publication_pk)
        if publication.notified_at:
            return 0
        meeting = publication.meeting
        recipients = sorted(_member_addresses(meeting))
        if recipients:
            base = getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")
            context = {"publication": publication, "meeting": meeting, "url": base + _member_url(meeting)}
            EmailMessage(
                subject=render_to_string("emails/publication_subject.txt", context).strip(),
                body=render_to_string("emails/publication.txt", context),
                to=[settings.DEFAULT_FROM_EMAIL],
                bcc=recipients,
            ).send()
        publication.notified_at = timezone.now()
        publication.save(update_fields=["notified_at"])
    return len(recipients)


def _member_addresses(meeting) -> set[str]:
    seats = meeting_roster(meeting)
    people = [p for seat in seats.seats for p in (seat.member, seat.substitute) if p is not None]
    return {p.email for p in people if p.email}


def _member_url(meeting) -> str:
    return reverse("meetings:member-meeting", args=[meeting.council.slug, meeting.pk])
