"""Finding things: search across items and people, and each council's archive of past meetings."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

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
    council's members and staff, the public version for everyone else."""
    council, mine = get_council(slug, request.user), roles(request)
    members = mine.manages(council) or mine.sits_in(council)
    audience = Publication.Audience.MEMBERS if members else Publication.Audience.PUBLIC
    items = AgendaItem.objects.order_by("position") if members else AgendaItem.objects.filter(is_closed=False)
    documents = Publication.objects.ready().filter(audience=audience).defer("content").order_by("kind", "-version")
    meetings = search.archive(council, members=members).prefetch_related(
        Prefetch("items", queryset=items.order_by("position"), to_attr="shown_items"),
        Prefetch("publications", queryset=documents, to_attr="documents"),
    )
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("side"))
    for meeting in page.object_list:
        newest = {}
        for document in meeting.documents:
            newest.setdefault(document.kind, document)
        meeting.newest_documents = list(newest.values())
        meeting.show_decisions = members or Publication.Kind.MINUTES in newest
    context = {"council": council, "page": page, "members": members}
    return render(request, "portal/archive.html", context)
