"""The public appointments register: the councils' political appointees in regional bodies on a date."""

from django.utils import timezone

from appointments.queries import public_appointees
from members.models import Council

from .. import cache, schemas
from .base import ANTAL, DATO, ERRORS, RAAD, SIDE, Day, api, get_object_or_404, page


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
    cache.keep(request)
    on = dato or timezone.localdate()
    chosen = [get_object_or_404(Council, slug=raad)] if raad is not None else list(Council.objects.order_by("name"))
    rows = [row for council in chosen for row in public_appointees(council, today=on)]
    for row in rows:  # the list's own query reads the council through the seat only for its filter
        row.seat.council = next(c for c in chosen if c.pk == row.seat.council_id)
    return page(request, rows, side, antal, _appointment)
