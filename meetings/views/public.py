"""Public pages per council: published agendas and minutes, newest first, PDFs, Atom feed and iCalendar.
Only public versions are shown: closed items appear as their title and "Lukket punkt" (FO 3.0, 3.3, 3.4)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kkr import pagecache
from kkr.middleware import stored_file_response

from .. import permissions, queries
from ..models import Publication

PER_PAGE = 25  # meetings per page of the public list (five years of five meetings a year: 25 a page)


@require_GET
def public_meeting_list(request, slug):
    """Every meeting with a published agenda, newest first, 25 to a page (the list grew without end)."""
    council = permissions.get_council(slug, request.user)
    public_pdfs = Publication.objects.ready().filter(audience=Publication.Audience.PUBLIC).defer("content")
    meetings = council.meetings.with_published_agenda().prefetch_related(
        Prefetch("publications", queryset=public_pdfs.order_by("kind", "-version"), to_attr="public_pdfs")
    )
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "meetings/public_meeting_list.html", {"council": council, "page": page})


@require_GET
def public_meeting(request, slug, pk, *, agenda_page=False):
    """The newest public minutes in full with the agenda linked (the agenda in full until the minutes are out);
    ``agenda_page``: the agenda in full. An anonymous visitor gets the page from the cache while nothing on it
    has changed (``kkr.pagecache``, keyed on the publications' versions and states)."""
    stamp = queries.public_page_stamp(slug, pk)
    key = pagecache.page_key("public-meeting", slug, pk, agenda_page, stamp) if stamp else None
    return pagecache.anonymous_page(request, key, lambda: _render_public_meeting(request, slug, pk, agenda_page))


def _render_public_meeting(request, slug, pk, agenda_page):
    meeting = permissions.get_public_meeting(slug, pk)
    latest = queries.latest_documents(meeting, Publication.Audience.PUBLIC)
    context = {
        "meeting": meeting,
        "council": meeting.council,
        **queries.shown_documents(latest, agenda_page=agenda_page),
        "versions": meeting.publications.ready()
        .filter(audience=Publication.Audience.PUBLIC)
        .defer("content")
        .order_by("-version", "kind"),
        "previous": queries.documents_minutes_link(meeting, latest, Publication.Audience.PUBLIC),
        "previous_page": "meetings:public-meeting",
        "previous_public": True,
    }
    return render(request, "meetings/public_meeting.html", context)


@require_GET
def publication_pdf(request, pk):
    """The PDF file: the public version for anyone, the members' version inside the council (else 404)."""
    publication = permissions.get_publication_for_download(request.user, pk)
    meeting = publication.meeting
    name = f"{meeting.council.slug}-{publication.kind}-{meeting.meets_on:%Y-%m-%d}-v{publication.version}"
    suffix = "" if publication.is_public else "-medlemmer"
    return stored_file_response(
        request,
        lambda: publication.file.open("rb"),
        filename=f"{name}{suffix}.pdf",
        missing="PDF'en findes ikke på lageret. Kontakt sekretariatet.",
        what=f"Offentliggørelse {publication.pk}",
        private=not publication.is_public,
    )


@require_GET
def attachment_file(request, pk):
    """One bilag on its own, as the version the user's pages show it (``permissions.get_attachment_for_download``);
    private unless it came from a public version. When the file as sent is gone from storage, the bilag's file
    now: the recovery staff use for a render that failed on it (replace the file, retry) puts that one in the
    version's PDF too (docs/meetings.md). No file at all is a 404 in Danish, never a 500."""
    bilag = permissions.get_attachment_for_download(request.user, pk)
    return stored_file_response(
        request,
        lambda: _open_first(bilag.attachment.file.storage, bilag.name, bilag.attachment.file.name),
        filename=f"bilag-{bilag.attachment.pk}.pdf",
        missing="Bilagets fil findes ikke længere. Kontakt sekretariatet.",
        what=f"Bilag {bilag.attachment.pk}",
        private=not bilag.is_public,
        as_attachment=False,
    )


def _open_first(storage, *names: str):
    """The first of ``names`` that the storage holds, opened for reading; ``FileNotFoundError`` when none is."""
    for name in names[:-1]:
        try:
            return storage.open(name, "rb")
        except FileNotFoundError:
            continue
    return storage.open(names[-1], "rb")
