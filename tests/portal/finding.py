"""Builders for the archive and search tests: held meetings with published agenda and minutes."""

from datetime import datetime

from django.utils import timezone

from meetings.deadlines import COPENHAGEN
from meetings.models import AgendaItem, Meeting, Publication
from members.models import ElectionPeriod


def held_meeting(council, when: datetime, items, *, published=True, minutes=True) -> Meeting:
    """A held meeting at ``when`` with ``items`` = [(title, case, decision, is_closed)] and, when published,
    ready agenda and minutes publications for members and the public."""
    period = ElectionPeriod.objects.filter(starts_on__lte=when.date()).order_by("-starts_on").first()
    meeting = Meeting.objects.create(
        council=council,
        period=period,
        starts_at=when,
        location="Aalborg Rådhus",
        status=Meeting.Status.HELD,
        minutes_approved_at=when if minutes else None,
    )
    for position, (title, case, decision, is_closed) in enumerate(items, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=title,
            case_presentation=case,
            decision=decision,
            is_closed=is_closed,
        )
    kinds = [Publication.Kind.AGENDA] * published + [Publication.Kind.MINUTES] * (published and minutes)
    for kind in kinds:
        for audience in Publication.Audience.values:
            Publication.objects.create(
                meeting=meeting,
                kind=kind,
                audience=audience,
                version=1,
                content=snapshot(meeting, kind=kind, public=audience == Publication.Audience.PUBLIC),
                state=Publication.State.READY,
                requested_at=timezone.now(),
            )
    return meeting


def snapshot(meeting, *, kind, public) -> dict:
    """The items of a publication's content as ``meetings.documents`` stores them (closed items titled "Lukket
    punkt" in the public versions; the decision only in the minutes)."""
    items = []
    for item in meeting.items.order_by("position"):
        if item.is_closed and public:
            items.append({"number": item.position, "title": "Lukket punkt", "is_closed": True})
            continue
        data = {"number": item.position, "title": item.title, "is_closed": item.is_closed}
        data.update(case_presentation=item.case_presentation, recommendation=item.recommendation, attachments=[])
        if kind == Publication.Kind.MINUTES:
            data.update(decision=item.decision, votes=[])
        items.append(data)
    return {"items": items}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=COPENHAGEN)
