"""The meeting cycle's e-mails to members and substitutes: cancellation, supplementary agenda (Tillæg), the
substitute's summons on an afbud and its withdrawal. Sent after the change is committed; the recipients in BCC."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from ..queries import meeting_roster


def council_addresses(meeting) -> list[str]:
    """The members and personal substitutes on the meeting day (one roster: five queries)."""
    people = [p for seat in meeting_roster(meeting).seats for p in (seat.member, seat.substitute) if p is not None]
    return sorted({p.email for p in people if p.email})


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/") + path


def member_meeting_url(meeting) -> str:
    return site_url(reverse("meetings:member-meeting", args=[meeting.council.slug, meeting.pk]))


def send_on_commit(template: str, context: dict, recipients: list[str]) -> None:
    """Render ``emails/<template>_subject.txt`` and ``emails/<template>.txt`` and send once the change is saved."""
    if not recipients:
        return
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"emails/{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[settings.DEFAULT_FROM_EMAIL], bcc=recipients)
    transaction.on_commit(message.send)
