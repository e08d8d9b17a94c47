"""The members' e-mail of a ready publication (FO 3.3, FO 3.4): a link to their version, never the file, one
message per recipient, each recorded as sent (``Delivery``) in its own commit, so that a retry sends only to
those not yet sent.
"""

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Delivery, Publication
from ..queries import meeting_roster


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


def recipient_count(meeting) -> int:
    """How many addresses the members' e-mail goes to (members and substitutes), for the confirmation."""
    return len(_member_addresses(meeting))
