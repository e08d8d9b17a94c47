"""The register "Udpegninger 2026-2030" as rows for the page, the CSV and the PDF (WeasyPrint)."""

from datetime import date

from django.http import HttpResponse
from django.template.loader import render_to_string

from kkr import pdf
from kkr.csvfiles import csv_response
from kkr.formats import format_date

from .queries import SeatLine

HEADER = ["Organ", "Plads", "Art", "Navn", "Rolle", "Parti", "Kommune", "Fra", "Til", "Stedfortræder", "Opfølgning"]


def register_row(line: SeatLine) -> list[str]:
    holder, substitute = line.holder, line.substitute
    person = holder.person if holder else None
    return [
        line.seat.body.name,
        line.seat.label,
        line.seat.kind_label,
        person.name if person else "",
        holder.get_role_display() if holder else "",
        (person.party.letter or person.party.name) if person and person.party else "",
        person.municipality.name if person and person.municipality else "",
        format_date(holder.starts_on) if holder else "",
        format_date(holder.ends_on) if holder else "",
        substitute.person.name if substitute else "",
        line.follow_up,
    ]


def register_csv(council, period, lines: list[SeatLine]) -> HttpResponse:
    """UTF-8 with BOM and semicolons (Excel opens it with æ, ø, å); every cell neutralised."""
    rows = (register_row(line) for line in lines)
    return csv_response(f"udpegninger-{council.slug}-{period.name}.csv", HEADER, rows)


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
