"""An Atom feed of a council's published agendas and minutes, and an iCalendar feed of its meetings."""

from datetime import timedelta

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from kkr.formats import format_short_date

from . import permissions, queries
from .models import Meeting, Publication


class TextAtomFeed(Atom1Feed):
    """Atom whose summaries are ``type="text"``: the staff-entered text in them (a meeting's location) is shown
    as text by every reader, never interpreted as HTML (Django's Atom writer declares ``type="html"``)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description") is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PublicationFeed(Feed):
    """Public versions only, newest first (FO 3.3, FO 3.4)."""

    feed_type = TextAtomFeed

    def get_object(self, request, slug):
        return permissions.get_council(slug)

    def title(self, council):
        return f"{council.name}: dagsordener og referater"

    def link(self, council):
        return reverse("meetings:public-meeting-list", args=[council.slug])

    def subtitle(self, council):
        return f"Offentliggjorte dagsordener og referater fra {council.name}. Lukkede punkter offentliggøres ikke."

    def items(self, council):
        return (
            Publication.objects.ready()
            .filter(meeting__council=council, audience=Publication.Audience.PUBLIC)
            .select_related("meeting__council")
            .defer("content")
            .order_by("-rendered_at")[:50]
        )

    def item_title(self, publication):
        meeting = publication.meeting
        when = format_short_date(meeting.starts_at)
        return f"{publication.get_kind_display()}: {meeting.get_kind_display().lower()} {when} (v{publication.version})"

    def item_description(self, publication):
        return f"{publication.meeting.location}. PDF: {publication.get_absolute_url()}"

    def item_link(self, publication):
        return reverse("meetings:public-meeting", args=[publication.meeting.council.slug, publication.meeting_id])

    def item_guid(self, publication):
        return f"kkr-publication-{publication.pk}"

    def item_updateddate(self, publication):
        return publication.rendered_at

    def item_pubdate(self, publication):
        return publication.rendered_at


def meeting_event(meeting, *, host: str, url: str = "", tentative: bool = False) -> Event:
    """A VEVENT with a stable UID; SEQUENCE rises with every change; a cancellation is STATUS:CANCELLED. A
    ``tentative`` one (public feed, agenda not yet published) is STATUS:TENTATIVE without a location."""
    event = Event()
    if url:
        event.add("url", url)
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("sequence", meeting.sequence)
    event.add("summary", f"{meeting.council.name}: {meeting.get_kind_display().lower()}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.end)
    event.add("dtstamp", timezone.now())
    status = {True: "TENTATIVE", False: "CONFIRMED"}[tentative]
    if meeting.status == Meeting.Status.CANCELLED:
        status = "CANCELLED"
    if not tentative:
        event.add("location", meeting.location)
    event.add("status", status)
    if meeting.cancel_reason:
        event.add("description", f"Aflyst: {meeting.cancel_reason}")
    return event


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//KL//KKR-sekretariat//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def calendar_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# The public calendar's window (it held every meeting ever): a year back and everything planned ahead.
# A calendar app keeps the events it already has; a subscriber only stops getting updates of older ones.
CALENDAR_PAST = timedelta(days=366)


@require_GET
def meeting_calendar(request, slug):
    """The council's meeting plan as iCalendar (public: the dates of meetings are not secret), from 12 months back
    (``CALENDAR_PAST``) and onwards. A meeting whose agenda is not yet published is TENTATIVE and without its
    location (docs/security.md)."""
    council = permissions.get_council(slug, request.user)
    calendar = new_calendar(f"{council.name} – møder")
    host = request.get_host().split(":")[0]
    meetings = council.meetings.filter(starts_at__gte=timezone.now() - CALENDAR_PAST)
    published = set(meetings.with_published_agenda().values_list("pk", flat=True))
    for meeting in meetings.select_related("council").order_by("starts_at"):
        calendar.add_component(meeting_event(meeting, host=host, tentative=meeting.pk not in published))
    return calendar_response(calendar, f"{council.slug}-moeder.ics")


@require_GET
def personal_calendar(request, token):
    """The secret-URL feed of one member or substitute: their councils' meetings, with a link to the member
    page. The same UIDs as the public feed, so a calendar holding both shows each meeting once. Two queries."""
    feed = permissions.get_calendar_feed(token)
    calendar = new_calendar("KKR – mine møder")
    host = request.get_host().split(":")[0]
    for meeting in queries.personal_meetings(feed.person, on=timezone.localdate()):
        url = request.build_absolute_uri(reverse("meetings:member-meeting", args=[meeting.council.slug, meeting.pk]))
        calendar.add_component(meeting_event(meeting, host=host, url=url))
    response = calendar_response(calendar, "kkr-moeder.ics")
    response["Cache-Control"] = "private, no-store"
    return response
