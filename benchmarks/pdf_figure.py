"""The PDF figure of ``benchmarks/pages.py``: ``documents.render_pdf`` of the members' agenda against raw
WeasyPrint on the same HTML, back to back in each round. Imported once Django is set up."""

from __future__ import annotations

import statistics
import time

from django.conf import settings

from benchmarks.table import row
from meetings.models import Publication


def pdf_times(meeting, rounds: int) -> dict:
    """``render_pdf`` of the members' agenda and raw WeasyPrint on the same HTML, back to back in each round:
    wall-clock and CPU seconds (medians) and the median of the per-round ratios; items and bilag."""
    import weasyprint

    from meetings import documents

    publication = meeting.publications.filter(
        kind=Publication.Kind.AGENDA, audience=Publication.Audience.MEMBERS
    ).latest("version")
    items = publication.content["items"]
    bilag = sum(len(item.get("attachments", [])) for item in items)

    def raw():
        html = documents.render_html(publication)
        weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

    raw()  # fonts and imports
    samples = {clock: {"ours": [], "raw": []} for clock in ("wall", "cpu")}
    for _ in range(rounds):
        for name, call in (("raw", raw), ("ours", lambda: documents.render_pdf(publication))):
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            samples["wall"][name].append(time.perf_counter() - wall)
            samples["cpu"][name].append(time.process_time() - cpu)
    result = {"items": len(items), "bilag": bilag}
    for clock, times in samples.items():
        ratios = [ours / raw for ours, raw in zip(times["ours"], times["raw"], strict=True)]
        result[clock] = (statistics.median(times["ours"]), statistics.median(times["raw"]), statistics.median(ratios))
    return result


def pdf_row(meeting, rounds: int) -> None:
    """Two rows: wall-clock (what ``make bench`` has always shown) and CPU time of this process, which a busy
    neighbour disturbs much less. The ratio is the median of the per-round ratios (subject ÷ baseline)."""
    times = pdf_times(meeting, rounds)
    for clock, label in (("wall", ""), ("cpu", ", CPU time")):
        ours, raw, ratio = times[clock]
        row(
            f"publish agenda PDF, {times['items']} items, {times['bilag']} bilag{label}",
            f"{ours:.2f} s",
            f"raw WeasyPrint {raw:.2f} s",
            f"**{ratio:.2f}×**",
            "≤ 1.15×",
        )
