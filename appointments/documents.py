"""The register "Udpegninger 2026-2030" as rows for the page, the CSV and the PDF (WeasyPrint)."""

from datetime import date

from django.http import HttpResponse
from django.template.loader import render_to_string

from kkr import pdf
from kkr.csvfiles import csv_response
from kkr.formats import format_date

from .models import Nomination
from .queries import SeatLine

HEADER = ["Organ", "Plads", "Art", "Navn", "Rolle", "Parti", "Kommune", "Fra", "Til", "Stedfortræder", "Opfølgning"]


def register_row(line: SeatLine) -> list[str]:
    holder, substitute = line.holder, line.substitute
    person = holder.person if holder else None
    return [
        line.seat.body.name,
        line.seat.label,
        line.seat.kind_label,
        person.name + (f" (midlertidigt: {line.stand_in.person.name})" if line.stand_in else "") if person else "",
        holder.get_role_display() if holder else "",
        (person.party.letter or person.party.name) if person and person.party else "",
        person.municipality.name if person and person.municipality else "",
        format_date(holder.starts_on) if holder else "",
        format_date(holder.ends_on) if holder else "",
        substitute.person.name if substitute else "",
        "; ".join(text for text in (line.follow_up, line.substitute_follow_up) if text),
    ]


CSV_HEADER = [
    "Organ", "Organtype", "Plads", "Politisk", "Rolle", "Navn", "Kommune", "Parti", "Gruppe", "Valgmåde", "Fra", "Til",
    "Ophørsgrund", "Møde", "Indstillet af",
]  # fmt: skip


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _meeting_day(appointment) -> str:
    """The meeting it was decided at (its own, its item's or its election's), as an ISO date."""
    for meeting in (
        appointment.meeting,
        appointment.agenda_item.meeting if appointment.agenda_item else None,
        appointment.election.meeting if appointment.election else None,
    ):
        if meeting is not None:
            return _iso(meeting.meets_on)
    return ""


def csv_row(seat, appointment, nominators: dict[int, str], *, until=None) -> list[str]:
    """One appointment (or an empty seat, ``appointment`` None) in the CSV's columns, dates ISO 8601; "Til" is
    ``until`` when given (a year's last day on the seat, ``held_in_year``), else the appointment's end; "nominated
    by" is the organisation that nominated this appointee (``nominators`` by appointment id), else the seat's."""
    person = appointment.person if appointment else None
    party = person.party if person else None
    return [
        seat.body.name,
        seat.body.get_kind_display(),
        seat.label,
        "ja" if seat.is_political else "nej",
        appointment.get_role_display() if appointment else "",
        person.name if person else "",
        person.municipality.name if person and person.municipality else "",
        (party.letter or party.name) if party else "",
        appointment.group if appointment else "",
        appointment.get_method_display() if appointment else "",
        _iso(appointment.starts_on) if appointment else "",
        _iso(until or appointment.ends_on) if appointment else "",
        appointment.get_end_reason_display() if appointment and appointment.end_reason else "",
        _meeting_day(appointment) if appointment else "",
        nominators.get(appointment.pk, seat.nominated_by) if appointment else seat.nominated_by,
    ]


def register_csv(council, name: str, lines: list[SeatLine] = (), *, year_rows=None) -> HttpResponse:
    """UTF-8 with BOM and semicolons (Excel opens it with æ, ø, å); every cell neutralised. On a day: each seat's
    holder and substitute (an empty seat as one row without a person); for a year: every appointment held in it."""
    if year_rows is not None:
        held = [(a.seat, a, a.held_until) for a in year_rows]
    else:
        held = [(line.seat, a, None) for line in lines for a in line.seated or [None]]
    nominators = dict(
        Nomination.objects.filter(appointment__in=[a.pk for _, a, _ in held if a is not None]).values_list(
            "appointment_id", "nominated_by"
        )
    )
    rows = [csv_row(seat, a, nominators, until=until) for seat, a, until in held]
    return csv_response(f"udpegninger-{council.slug}-{name}.csv", CSV_HEADER, rows)


def register_pdf(council, period, lines: list[SeatLine], counts, *, today: date) -> bytes:
    doc = {
        "title": f"Udpegninger {period.name}",
        "council": council.name,
        "when": format_date(today),
        "header": HEADER,
        "rows": [register_row(line) for line in lines],
        "counts": counts,
    }
    return pdf.render_pdf(render_to_string("pdf/appointments_register.html", {"doc": doc}))
