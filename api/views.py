"""The read-only open-data API under ``/api/v1/`` (docs/api.md). Anonymous, and only what the public pages show,
by the rules those pages use: a meeting exists once its agenda is published to the public
(``Meeting.objects.with_published_agenda``), its items come from the newest public documents
(``meetings.queries.latest_documents``: closed items as their public title or "Lukket punkt", FO 3.0, 3.3, 3.4),
and appointments are the public list's (``appointments.queries.public_appointees``: SPEC §4 policy). The API
never looks at who is signed in: everyone gets the public answer."""

import logging
import re
from datetime import date
from typing import Annotated

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404 as _get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import SimpleRateThrottle
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from appointments.queries import public_appointees
from elections.queries import confirmed_composition
from kkr import pagecache
from meetings import queries as meeting_queries
from meetings.models import Meeting, Publication
from meetings.searchindex import public_entries
from members.models import Council, ElectionPeriod
from members.queries import public_roster

from . import schemas

logger = logging.getLogger(__name__)

DESCRIPTION = """Åbne data fra KL's fem kommunekontaktråd (KKR): råd, valgperioder, offentliggjorte møder med
dagsordenspunkter og beslutninger, og de offentlige udpegninger til regionale organer.

API'et viser præcis det, de offentlige sider viser: kun møder med en offentliggjort dagsorden, kun de offentlige
udgaver (lukkede punkter alene med nummer og offentlig titel eller »Lukket punkt«), og kun udpegninger der er
offentlige efter SPEC §4. Det er anonymt og kun til læsning. Se docs/api.md for eksempler."""


class AnonymousRate(SimpleRateThrottle):
    """Requests per client address, counted in Django's cache (``settings.API_RATE_LIMIT``, e.g. "120/m"); the
    rate is read on each request so that a test can lower it."""

    scope = "api"

    def __init__(self):
        super().__init__(rate="1/s")

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(settings.API_RATE_LIMIT)
        try:
            return super().allow_request(request)
        except Exception:  # noqa: BLE001 - a cache outage (Redis) costs the limit, never the API (as the pages)
            logger.warning("Cachen svarer ikke; API'et svarer uden hastighedsgrænse", exc_info=True)
            return True

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


api = NinjaAPI(
    title="KKR-sekretariat – åbne data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # Swagger UI loads its scripts from a CDN, which the site's CSP (rightly) refuses
    throttle=[AnonymousRate()],
)

ERRORS = {404: schemas.Error, 422: schemas.ValidationErrorBody, 429: schemas.Error}

# --- Errors: JSON with Danish messages -------------------------------------------------------------------


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Findes ikke (eller er ikke offentliggjort)."}, status=404)


@api.exception_handler(NinjaValidationError)
def invalid(request, exc):
    errors = [{"field": _field(error), "message": _message(error)} for error in exc.errors]
    body = {"detail": "Ugyldige parametre.", "errors": errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(Throttled)
def throttled(request, exc):
    response = api.create_response(request, {"detail": "For mange forespørgsler. Vent lidt, og prøv igen."}, status=429)
    if exc.wait:
        response["Retry-After"] = str(max(1, round(exc.wait)))
    return response


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _field(error: dict) -> str:
    location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
    return ".".join(location) or "?"


MESSAGES = {
    "missing": "mangler",
    "int_parsing": "skal være et heltal",
    "int_type": "skal være et heltal",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "greater_than_equal": "er for lille",
    "less_than_equal": "er for stor",
    "string_too_long": "er for lang",
}


def _message(error: dict) -> str:
    message = MESSAGES.get(error.get("type", ""), "er ugyldig")
    limit = (error.get("ctx") or {}).get("ge", (error.get("ctx") or {}).get("le"))
    return f"{message} (grænse: {limit})" if limit is not None else message


def get_object_or_404(queryset, **lookup):
    """Django's, but a value with a NUL character (which PostgreSQL text cannot hold) is not found either, rather
    than a server error."""
    if any("\x00" in value for value in lookup.values() if isinstance(value, str)):
        raise Http404
    return _get_object_or_404(queryset, **lookup)


# --- Councils and periods ---------------------------------------------------------------------------------


def _council(request, council: Council) -> dict:
    return {
        "slug": council.slug,
        "name": council.name,
        "region": council.region,
        "url": request.build_absolute_uri(reverse("portal:council-detail", args=[council.slug])),
        "municipalities": [{"code": m.code, "name": m.name} for m in council.municipalities.all()],
    }


def _councils():
    return Council.objects.order_by("name").prefetch_related("municipalities")


@api.get("/raad/", response=list[schemas.Council], url_name="councils", tags=["Råd"], summary="Rådene")
def councils(request):
    """De fem kommunekontaktråd med deres kommuner (som forsiden og rådenes offentlige sider viser dem)."""
    return [_council(request, council) for council in _councils()]


@api.get(
    "/raad/{slug}/",
    response={200: schemas.Council, **ERRORS},
    url_name="council",
    tags=["Råd"],
    summary="Ét råd",
)
def council(request, slug: str):
    """Ét råd efter dets id (`slug`)."""
    return _council(request, get_object_or_404(_councils(), slug=slug))


@api.get("/valgperioder/", response=list[schemas.Period], url_name="periods", tags=["Råd"], summary="Valgperioderne")
def periods(request):
    """Valgperioderne, ældste først. En periode følger den kommunale valgperiode."""
    return list(ElectionPeriod.objects.order_by("starts_on").values("name", "starts_on", "ends_on", "election_on"))


# --- Meetings ----------------------------------------------------------------------------------------------


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


def _page(request, queryset, number: int, per_page: int, shape) -> dict:
    paginator = Paginator(queryset, per_page)
    if number > max(paginator.num_pages, 1):
        raise Http404
    page = paginator.page(number) if paginator.count else None

    def link(n):
        query = request.GET.copy()
        query["side"] = n
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages if paginator.count else 0,
        "per_page": per_page,
        "next": link(number + 1) if page and page.has_next() else None,
        "previous": link(number - 1) if page and page.has_previous() else None,
        "results": [shape(request, row) for row in (page.object_list if page else [])],
    }


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value):
    """Only ÅÅÅÅ-MM-DD: pydantic would otherwise read "0" or "1700000000" as a Unix time."""
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "not an ISO date")
    return value


Day = Annotated[date, BeforeValidator(_iso_date)]

SIDE = Query(1, ge=1, le=100000, description="Sidenummer, fra 1.")
ANTAL = Query(25, ge=1, le=100, description="Antal pr. side (højst 100).")
RAAD = Query(None, max_length=50, description="Kun dette råds (id, fx `nordjylland`).")
PERIODE = Query(None, max_length=20, description="Kun denne valgperiodes (fx `2026-2030`).")
FRA = Query(None, description="Kun møder denne dag eller senere (ÅÅÅÅ-MM-DD).")
TIL = Query(None, description="Kun møder denne dag eller tidligere (ÅÅÅÅ-MM-DD).")
DATO = Query(None, description="Registret som det var denne dag (ÅÅÅÅ-MM-DD); tom: i dag.")


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
    cached = _cached(request, "api-meetings", _meetings_stamp())
    if cached is not None:
        return cached
    queryset = _filtered(_public_meetings(), "period", raad=raad, periode=periode, fra=fra, til=til)
    return _page(request, queryset.order_by("-starts_at", "-pk"), side, antal, _meeting)


def _filtered(queryset, period_field: str, *, raad, periode, fra, til):
    """The council, period and date filters the meetings and the items share (404 for an unknown council or
    period); ``period_field`` is how the rows reach their period."""
    if raad is not None:
        queryset = queryset.filter(council=get_object_or_404(Council, slug=raad))
    if periode is not None:
        queryset = queryset.filter(**{period_field: get_object_or_404(ElectionPeriod, name=periode)})
    if fra is not None:
        queryset = queryset.filter(starts_at__date__gte=fra)
    if til is not None:
        queryset = queryset.filter(starts_at__date__lte=til)
    return queryset


# --- The cache (``kkr.pagecache``): an answer is kept under a key naming everything it shows ---------------

CACHE_KEY = "api_cache_key"  # on the request: ``ApiHttpMiddleware`` stores the answer ninja made under it


def _cached(request, name: str, stamp) -> HttpResponse | None:
    """The answer kept under the key of ``name``, the full address (host, path, filters, page) and ``stamp``; else
    None, and the request carries the key so that ``api.middleware`` keeps the body ninja makes (the very bytes of
    the uncached answer, so the same ETag). The throttle has run before the view, and CORS and the ETag are added
    to the cached answer as to any other, after it."""
    key = pagecache.page_key(name, request.build_absolute_uri(), stamp)
    body = pagecache.cache_get(key, what="API-svaret")
    if body is not None:
        return HttpResponse(body, content_type=api.get_content_type())
    setattr(request, CACHE_KEY, key)
    return None


def _meetings_stamp() -> tuple:
    """Everything the meeting list shows, as one digest computed in PostgreSQL (one query, whatever the number of
    meetings): each meeting with a public agenda, its fields in the list, its council's slug and period's name,
    and each of its public publications' id, kind, version, state and rendering time. A publish adds a
    publication or changes its state, so the next answer has a new key; a published version is never edited."""
    with connection.cursor() as cursor:
        cursor.execute(_meetings_stamp_sql(), _STAMP_PARAMS)
        return cursor.fetchone()


_STAMP_PARAMS = {"public": Publication.Audience.PUBLIC, "agenda": Publication.Kind.AGENDA}


def _meetings_stamp_sql() -> str:
    publication, meeting, council, period = (
        model._meta.db_table for model in (Publication, Meeting, Council, ElectionPeriod)
    )
    return f"""
        SELECT COUNT(*), MD5(STRING_AGG(CONCAT_WS('|', m.id, m.kind, m.status, m.starts_at, m.ends_at, m.location,
               c.slug, e.name, p.id, p.kind, p.version, p.state, p.rendered_at), ',' ORDER BY m.id, p.id))
        FROM {meeting} m JOIN {council} c ON c.id = m.council_id JOIN {period} e ON e.id = m.period_id
             JOIN {publication} p ON p.meeting_id = m.id AND p.audience = %(public)s
        WHERE m.id IN (SELECT a.meeting_id FROM {publication} a WHERE a.kind = %(agenda)s AND a.audience = %(public)s)
    """


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
    entries = _filtered(public_entries(q), "meeting__period", raad=raad, periode=periode, fra=fra, til=til)
    return _page(request, entries.order_by("-starts_at", "meeting_id", "number"), side, antal, _found_item)


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


# --- Members and composition (where the council publishes them) ------------------------------------------

ROSTER_DATE = Query(None, description="Rådet som det var denne dag (ÅÅÅÅ-MM-DD); tom: i dag.")
COMPOSITION_PERIOD = Query(None, max_length=20, description="Valgperioden (fx `2026-2030`); tom: dagens.")


def _publishing_council(slug: str) -> Council:
    """A council whose public page shows its members and composition (``Council.publishes_roster``); else 404,
    as for an unpublished object."""
    return get_object_or_404(Council, slug=slug, publishes_roster=True)


@api.get(
    "/raad/{slug}/medlemmer/",
    response={200: schemas.Roster, **ERRORS},
    url_name="roster",
    tags=["Råd"],
    summary="Rådets medlemmer på en dato",
)
def roster(request, slug: str, dato: Day | None = ROSTER_DATE):
    """Medlemmerne og deres personlige stedfortrædere på en dato, som rådets offentlige side viser dem: navn,
    parti, kommune og rolle (formand og næstformand først). Aldrig kontaktoplysninger. 404 når rådet ikke
    offentliggør sin medlemsliste."""
    council = _publishing_council(slug)
    on = dato or timezone.localdate()
    return {"council": council.slug, "date": on, "members": [vars(line) for line in public_roster(council, on)]}


@api.get(
    "/raad/{slug}/sammensaetning/",
    response={200: schemas.Composition, **ERRORS},
    url_name="composition",
    tags=["Råd"],
    summary="Rådets bekræftede sammensætning i en valgperiode",
)
def composition(request, slug: str, periode: str | None = COMPOSITION_PERIOD):
    """Pladserne pr. parti efter den bekræftede beregning (B1 1.0-1.1), med reglen bag hvert tal: borgmestrene,
    mindst én plads, stemmeandelen, eller ikke berettiget (KL's love § 15 stk. 2). 404 før sammensætningen er
    bekræftet, eller når rådet ikke offentliggør sin medlemsliste."""
    council = _publishing_council(slug)
    if periode is None:
        period = get_object_or_404(ElectionPeriod.objects.containing(timezone.localdate()))
    else:
        period = get_object_or_404(ElectionPeriod, name=periode)
    snapshot = confirmed_composition(council, period)
    if snapshot is None:
        raise Http404
    return {
        "council": council.slug,
        "period": period.name,
        "total": snapshot.total,
        "confirmed_at": snapshot.confirmed_at,
        "parties": [
            {
                "letter": line.party.letter,
                "name": line.party.name,
                "votes": line.votes,
                "mayors": line.mayors,
                "seats": line.official_seats if line.official_seats is not None else line.seats,
                "computed_seats": line.seats,
                "rule": line.bound_by,
                "rule_label": line.get_bound_by_display(),
            }
            for line in snapshot.public_lines
        ],
    }


# --- Appointments ------------------------------------------------------------------------------------------


def _appointment(request, appointment) -> dict:
    person = appointment.person
    return {
        "id": appointment.pk,
        "council": appointment.seat.council.slug,
        "body": appointment.seat.body.name,
        "seat": appointment.seat.label,
        "role": appointment.role,
        "role_label": appointment.get_role_display(),
        "name": person.name,
        "party": person.party.name if person.party else "",
        "municipality": person.municipality.name if person.municipality else "",
        "starts_on": appointment.starts_on,
        "ends_on": appointment.ends_on,
    }


@api.get(
    "/udpegninger/",
    response={200: schemas.AppointmentPage, **ERRORS},
    url_name="appointments",
    tags=["Udpegninger"],
    summary="Politiske repræsentanter i regionale organer",
)
def appointments(
    request,
    raad: str | None = RAAD,
    dato: Day | None = DATO,
    side: int = SIDE,
    antal: int = ANTAL,
):
    """Rådenes politiske repræsentanter i regionale organer på en dato, som den offentlige liste viser dem: en
    udpegning besluttet på et møde er offentlig, når mødets offentlige referat er udsendt (SPEC §4)."""
    on = dato or timezone.localdate()
    chosen = [get_object_or_404(Council, slug=raad)] if raad is not None else list(Council.objects.order_by("name"))
    rows = [row for council in chosen for row in public_appointees(council, today=on)]
    for row in rows:  # the list's own query reads the council through the seat only for its filter
        row.seat.council = next(c for c in chosen if c.pk == row.seat.council_id)
    return _page(request, rows, side, antal, _appointment)


def unknown(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 in Danish."""
    return JsonResponse({"detail": "Findes ikke. Se /api/v1/openapi.json for API'ets adresser."}, status=404)


def index(request):
    """/api/v1/ itself: where the operations and their description are (ninja's own root answers an HTML 404)."""
    absolute = request.build_absolute_uri
    links = {
        "openapi": absolute(reverse("api:openapi-json")),
        "councils": absolute(reverse("api:councils")),
        "periods": absolute(reverse("api:periods")),
        "meetings": absolute(reverse("api:meetings")),
        "items": absolute(reverse("api:items")),
        "appointments": absolute(reverse("api:appointments")),
    }
    return JsonResponse({"detail": "KKR-sekretariatets åbne data (kun læsning).", "links": links})
