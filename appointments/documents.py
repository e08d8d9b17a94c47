"""The register "Udpegninger 2026-2030" as rows for the page, the CSV and the PDF (WeasyPrint)."""

import csv
from datetime import date

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from kkr.formats import format_date

from .queries import SeatLine

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["Organ", "Plads", "Art", "Navn", "Rolle", "Parti", "Kommune", "Fra", "Til", "Stedfortræder", "Opfølgning"]


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would read as a formula starts with an apostrophe instead (CSV injection)."""
    return f"'{cell}" if cell.startswith(DANGEROUS) else cell


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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="udpegninger-{council.slug}-{period.name}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow([neutralise(cell) for cell in register_row(line)])
    return response


def register_pdf(council, period, lines: list[SeatLine], counts, *, today: date) -> bytes:
    import weasyprint  # slow to import; only this view needs it

    doc = {
        "title": f"Udpegninger {period.name}",
        "council": council.name,
        "when": format_date(today),
        "header": HEADER,
        "rows": [register_row(line) for line in lines],
        "counts": counts,
    }
    html = render_to_string("pdf/appointments_register.html", {"doc": doc})
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
