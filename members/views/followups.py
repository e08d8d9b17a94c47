"""The secretariat's list of the council's open follow-ups: all of them, searchable and paginated (the
dashboard shows the newest ten and links here)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kkr.rowurls import RowUrl

from .. import permissions
from ..followups import NextSteps, open_actions

PER_PAGE = 25


@require_GET
@login_required
def action_list(request, slug):
    """Open follow-ups newest first, 25 a page, filtered by ``q`` (title, details or rule). Staff of the council;
    its members 403, others 404. Three queries of its own at most: the count, the page."""
    council = permissions.get_council_for_staff(request.user, slug)
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(open_actions(council, query=query), PER_PAGE).get_page(request.GET.get("side"))
    steps = NextSteps(council.slug)
    context = {
        "council": council,
        "query": query,
        "extra": "&" + urlencode({"q": query}) if query else "",
        "page": page,
        "actions": [steps.row(values) for values in page.object_list],
        "resolve_url": RowUrl("members:action-resolve", council.slug),
    }
    return render(request, "members/action_list.html", context)
