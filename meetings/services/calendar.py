"""The personal calendar address (a secret token per person) and the meetings it lists."""

import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from members.models import Membership, SubstituteAssignment

from ..models import CalendarFeed, Meeting


@transaction.atomic
def renew_calendar_feed(person) -> CalendarFeed:
    """Create the person's secret calendar address, or replace it (the old address stops working at once)."""
    feed = CalendarFeed.objects.select_for_update().filter(person=person).first() or CalendarFeed(person=person)
    feed.token, feed.created_at = secrets.token_urlsafe(32), timezone.now()
    feed.save()
    return feed


def personal_meetings(person, *, on):
    """The meetings of every council the person sits in on ``on`` as member or personal substitute,
    cancelled ones included (calendars must learn of a cancellation). One query."""
    as_member = Membership.objects.current(on).filter(person=person).values("council")
    as_substitute = SubstituteAssignment.objects.current(on).filter(person=person).values("membership__council")
    return (
        Meeting.objects.filter(Q(council__in=as_member) | Q(council__in=as_substitute))
        .select_related("council")
        .order_by("starts_at")
    )
