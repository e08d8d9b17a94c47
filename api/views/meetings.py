"""Published meetings (the list and one meeting with its items) and the items' full-text search."""

from django.db.models import Prefetch
from django.urls import reverse
from ninja import Query

from meetings import queries as meeting_queries
from meetings.models import Meeting, Publication
from meetings.searchindex import public_entries

from .. import cache, schemas
from .base import ANTAL, ERRORS, FRA, PERIODE, RAAD, SIDE, TIL, Day, api, filtered, get_object_or_404, page


def _public_meetings():
    """The public meeting list's rule and shape (``meetings.views.public.public_meeting_list``)."""
    public_pdfs = Publication.objects.ready().filter(audience=Publication.Audience.PUBLIC).defer("content")
    return (
        Meeting.objects.with_published_agenda()
        .select_related("council", "period")
        .prefetch_related(
            Prefetch("publications", queryset=public_pdfs.order_by("kind", "-version"), to_attr="public_pdfs")
        )
    )


def _meeting(request, meeting: Meeting) -> dict:
    absolute = request.build_absolute_uri
    return {
        "id": meeting.pk,
        "council": meeting.council.slug,
        "period": meeting.period.name,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.end,
        "location": meeting.location,
        "url": absolute(reverse("meetings:public-meeting", args=[meeting.council.slug, meeting.pk])),
        "documents": [
            {
                "id": p.pk,
                "kind": p.kind,
                "kind_label": p.get_kind_display(),
                "version": p.version,
                "rendered_at": p.rendered_at,
                "pdf_url": absolute(p.get_absolute_url()),
            }
            for p in meeting.public_pdfs
        ],
    }


@api.get(
    "/moeder/",
    response={200: schemas.MeetingPage, **ERRORS},
    url_name="meetings",
    tags=["Møder"],
    summary="Offentliggjorte møder",
)
def meetings(
    request,
    raad: str | None = RAAD,
    periode: str | None = PERIODE,
    fra: Day | None = FRA,
    til: Day | None = TIL,
    side: int = SIDE,
    antal: int = ANTAL,
):
    """Møder hvis dagsorden er offentliggjort, nyeste først, med links til de offentlige PDF'er. Et møde, hvis
    dagsorden endnu ikke er udsendt, findes ikke her (som på de offentlige sider)."""
    cache.keep(request)
    queryset = filtered(_public_meetings(), "period", raad=raad, periode=periode, fra=fra, til=til)
    return page(request, queryset.order_by("-starts_at", "-pk"), side, antal, _meeting)


@api.get(
    "/moeder/{meeting_id}/",
    response={200: schemas.MeetingDetail, **ERRORS},
    url_name="meeting",
    tags=["Møder"],
    summary="Ét møde med punkter",
)
def meeting(request, meeting_id: int):
    """Ét offentliggjort møde med dagsordenens punkter og, når referatet er offentliggjort, beslutningerne.
    Punkterne kommer fra de seneste offentlige dokumenter (det udsendte øjebliksbillede, ikke senere
    rettelser); et lukket punkt har kun nummer og titel (offentlig titel eller »Lukket punkt«)."""
    cache.keep(request)
    found = get_object_or_404(_public_meetings(), pk=meeting_id)
    latest = meeting_queries.latest_documents(found, Publication.Audience.PUBLIC)
    return {
        **_meeting(request, found),
        "agenda_version": latest["agenda"].version if latest["agenda"] else None,
        "minutes_version": latest["minutes"].version if latest["minutes"] else None,
        "items": _items(request, latest),
    }


def _items(request, latest: dict) -> list[dict]:
    """The agenda's items (with a newer Tillæg's), each with its decision from the public minutes. Once the minutes
    are out their items are the list, as the public page then shows the minutes in full."""
    agenda, supplement, minutes = latest["agenda"], latest["supplement"], latest["minutes"]
    if minutes is not None:
        rows = minutes.content.get("items", [])
    else:
        rows = [*agenda.content.get("items", []), *(supplement.content.get("items", []) if supplement else [])]
    return [_item(request, row, with_decision=minutes is not None) for row in rows]


def _item(request, row: dict, *, with_decision: bool) -> dict:
    return {
        "number": row["number"],
        "title": row["title"],
        "kind": row.get("kind", ""),
        "is_closed": bool(row.get("is_closed")),
        "is_supplementary": bool(row.get("is_supplementary")),
        "status_label": row.get("status_label", ""),
        "case_presentation": row.get("case_presentation", ""),
        "recommendation": row.get("recommendation", ""),
        "decision": row.get("decision", "") if with_decision else "",
        "votes": list(row.get("votes", ())) if with_decision else [],
        "attachments": [
            {
                "number": a["number"],
                "title": a["title"],
                "url": request.build_absolute_uri(reverse("meetings:attachment-file", args=[a["pk"]])),
            }
            for a in row.get("attachments", ())
        ],
    }


SOEG = Query(
    None,
    max_length=200,
    description="Fritekstsøgning i punkternes titel og tekst (dansk bøjning: »kommunerne« finder »kommune«; "
    '"ord i citationstegn" søger en frase). Tom: alle punkter.',
)


@api.get(
    "/punkter/",
    response={200: schemas.FoundItemPage, **ERRORS},
    url_name="items",
    tags=["Møder"],
    summary="Offentliggjorte dagsordenspunkter, med fritekstsøgning",
)
def items(
    request,
    q: str | None = SOEG,
    raad: str | None = RAAD,
    periode: str | None = PERIODE,
    fra: Day | None = FRA,
    til: Day | None = TIL,
    side: int = SIDE,
    antal: int = ANTAL,
):
    """Punkterne i de offentlige dokumenter møderne viser (dagsorden og tillæg, efter referatet referatets),
    nyeste møde først. Teksten er den udsendte, ikke senere rettelser; et lukket punkt har kun nummer og titel.
    Læses fra søgeindekset, der skrives når et dokument offentliggøres (som søgesiden)."""
    entries = filtered(public_entries(q), "meeting__period", raad=raad, periode=periode, fra=fra, til=til)
    return page(request, entries.order_by("-starts_at", "meeting_id", "number"), side, antal, _found_item)


def _found_item(request, entry) -> dict:
    return {
        "meeting": entry.meeting_id,
        "council": entry.council_slug,
        "starts_at": entry.starts_at,
        "document": entry.document,
        "number": entry.number,
        "title": entry.title,
        "is_closed": entry.is_closed,
        "text": entry.text,
        "url": request.build_absolute_uri(
            reverse("meetings:public-meeting", args=[entry.council_slug, entry.meeting_id])
        ),
    }
