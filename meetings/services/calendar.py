"""The personal calendar address (a secret token per person); ``queries.personal_meetings`` lists its meetings."""

import secrets

from django.db import transaction
from django.utils import timezone

from ..models import CalendarFeed


@transaction.atomic
def renew_calendar_feed(person) -> CalendarFeed:
    """Create the person's secret calendar address, or replace it (the old address stops working at once)."""
    feed = CalendarFeed.objects.select_for_update().filter(person=person).first() or CalendarFeed(person=person)
    feed.token, feed.created_at = secrets.token_urlsafe(32), timezone.now()
    feed.save()
    return feed
