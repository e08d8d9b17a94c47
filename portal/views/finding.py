"""Finding things: search across items and people, and each council's archive of past meetings."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from meetings import permissions
from meetings.models import AgendaItem, Publication
from members.permissions import get_council

from .. import search
from ..forms import SearchForm
from ..roles import roles

PER_PAGE = 20


@require_GET
def search_page(request):
    """Ranked hits with highlighted snippets (meetings, items, people, appointments); closed items and unpublished
    meetings only for the council's members and staff."""
    form, mine = SearchForm(request.GET or None), roles(request)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(search.search_items(query, request.user), PER_PAGE).get_page(request.GET.get("side"))
    context = {
        "form": form,
        "query": query,
        "extra": "&" + urlencode({"q": query}),
        "page": page,
        "hits": search.hits(page.object_list, query, request.user),
        "meeting_hits": search.search_meetings(query, mine) if page.number == 1 else [],
        "people": search.search_people(query, mine) if page.number == 1 else [],
        "appointments": search.search_appointments(query, mine, on=timezone.localdate()) if page.number == 1 else [],
    }
    return render(request, "portal/search.html", context)


@require_GET
def archive(request, slug):
    """Past meetings newest first with their documents: the members' version (closed items included) for the
    council's members and staff, the public version for everyone else. Each meeting's items as the user's pages
    show them (SPEC §6): the live items for the council's staff, else the items of the versions the meeting's
    page shows (``meetings.permissions.shown_publications``, as search reads them)."""
    council, mine = get_council(slug, request.user), roles(request)
    staff = mine.manages(council)
    members = staff or mine.sits_in(council)
    audience = Publication.Audience.MEMBERS if members else Publication.Audience.PUBLIC
    documents = Publication.objects.ready().filter(audience=audience).defer("content").order_by("kind", "-version")
    if staff:
        shown = Prefetch("items", queryset=AgendaItem.objects.order_by("position"), to_attr="live_items")
    else:
        on_page = Publication.objects.filter(pk__in=permissions.shown_publications(request.user)).order_by("kind")
        shown = Prefetch("publications", queryset=on_page, to_attr="on_page")
    meetings = search.archive(council, members=members).prefetch_related(
        shown, Prefetch("publications", queryset=documents, to_attr="documents")
    )
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("side"))
    for meeting in page.object_list:
        newest = {}
        for document in meeting.documents:
            newest.setdefault(document.kind, document)
        meeting.newest_documents = list(newest.values())
        if staff:
            meeting.shown_items = [_item_row(item.__dict__) for item in meeting.live_items]
        else:
            rows = [item for version in meeting.on_page for item in version.content.get("items", ())]
            meeting.shown_items = sorted((_item_row(item, number="number") for item in rows), key=_by_number)
    context = {"council": council, "page": page, "members": members}
    return render(request, "portal/archive.html", context)


def _item_row(item: dict, *, number: str = "position") -> dict:
    """An item as the archive lists it: a live item's fields, or an item of a published version's snapshot (its
    decision only in the minutes; a closed item of a public version only its public title)."""
    return {
        "number": item[number],
        "title": item.get("title", ""),
        "is_closed": bool(item.get("is_closed")),
        "decision": item.get("decision", ""),
    }


def _by_number(item: dict) -> int:
    return item["number"]
