"""The API instance, its errors (JSON, Danish), paging and the parameters the operations share."""

import re
from datetime import date
from typing import Annotated

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404 as _get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from members.models import Council, ElectionPeriod

from .. import schemas
from ..throttle import RATE

DESCRIPTION = """Åbne data fra KL's fem kommunekontaktråd (KKR): råd, valgperioder, offentliggjorte møder med
dagsordenspunkter og beslutninger, og de offentlige udpegninger til regionale organer.

API'et viser præcis det, de offentlige sider viser: kun møder med en offentliggjort dagsorden, kun de offentlige
udgaver (lukkede punkter alene med nummer og offentlig titel eller »Lukket punkt«), og kun udpegninger der er
offentlige efter SPEC §4. Det er anonymt og kun til læsning. Se docs/api.md for eksempler."""


api = NinjaAPI(
    title="KKR-sekretariat – åbne data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # Swagger UI loads its scripts from a CDN, which the site's CSP (rightly) refuses
    throttle=[RATE],
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


def page(request, queryset, number: int, per_page: int, shape) -> dict:
    paginator = Paginator(queryset, per_page)
    if number > max(paginator.num_pages, 1):
        raise Http404
    shown = paginator.page(number) if paginator.count else None

    def link(n):
        query = request.GET.copy()
        query["side"] = n
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages if paginator.count else 0,
        "per_page": per_page,
        "next": link(number + 1) if shown and shown.has_next() else None,
        "previous": link(number - 1) if shown and shown.has_previous() else None,
        "results": [shape(request, row) for row in (shown.object_list if shown else [])],
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


def filtered(queryset, period_field: str, *, raad, periode, fra, til):
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
