"""Finding things: search across items and people, and each council's archive of past meetings."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.permissions import get_council

from ..archive import archive_page
from ..forms import SearchForm
from ..roles import roles
from ..search import beside, items

PER_PAGE = 20


@require_GET
def search_page(request):
    """Ranked hits with highlighted snippets (meetings, items, people, appointments); closed items and unpublished
    meetings only for the council's members and staff."""
    form, mine = SearchForm(request.GET or None), roles(request)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    number = request.GET.get("side")
    found = items.search_items(query, request.user, window=window(number))
    page = Paginator(found, PER_PAGE).get_page(number)
    first = beside.search_beside(query, mine, on=timezone.localdate()) if page.number == 1 else beside.NOTHING
    context = {
        "form": form,
        "query": query,
        "extra": "&" + urlencode({"q": query}),
        "page": page,
        "hits": items.hits(page.object_list, query, request.user),
        "meeting_hits": first.meetings,
        "people": first.people,
        "appointments": first.appointments,
    }
    return render(request, "portal/search.html", context)


def window(number) -> tuple[int, int]:
    """The rows of the page ``number`` asks for, read with the count (a number that isn't one: the first page)."""
    try:
        start = (max(int(number), 1) - 1) * PER_PAGE
    except (TypeError, ValueError):
        start = 0
    return start, start + PER_PAGE


@require_GET
def archive(request, slug):
    """Past meetings newest first with their documents: the members' version (closed items included) for the
    council's members and staff, the public version for everyone else. Each meeting's items as the user's pages
    show them (SPEC §6): the live items for the council's staff, else the items of the versions the meeting's
    page shows (``meetings.permissions.shown_publications``, as search reads them); ``portal.archive``."""
    council, mine = get_council(slug, request.user), roles(request)
    staff = mine.manages(council)
    members = staff or mine.sits_in(council)
    page = archive_page(council, request.user, staff=staff, members=members, number=request.GET.get("side"))
    context = {"council": council, "page": page, "members": members}
    return render(request, "portal/archive.html", context)
