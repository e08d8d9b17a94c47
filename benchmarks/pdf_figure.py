"""The PDF figure of ``benchmarks/pages.py``: ``documents.render_pdf`` of the members' agenda against raw
WeasyPrint on the same HTML (tagged) and on the document's HTML alone, back to back in each round. Imported once
Django is set up."""

from __future__ import annotations

import statistics
import time

from django.conf import settings

from benchmarks.table import row
from meetings.models import Publication


def pdf_times(meeting, rounds: int) -> dict:
    """``render_pdf`` of the members' agenda and two raw WeasyPrint baselines, back to back in each round:
    "same HTML" lays out what ours lays out (the document, the bilag index and a separator page per bilag), tagged,
    but appends no bilag pages (the goal's baseline, as ``pdf_tagging.py``); "document only" the document's HTML
    untagged (the baseline before the bundle). Wall-clock and CPU seconds (medians), the median of the per-round
    ratios; items and bilag."""
    import weasyprint

    from meetings import documents

    publication = meeting.publications.filter(
        kind=Publication.Kind.AGENDA, audience=Publication.Audience.MEMBERS
    ).latest("version")
    items = publication.content["items"]
    bilag = sum(len(item.get("attachments", [])) for item in items)
    same_html = documents.render_html(publication, separators=True)

    def raw():
        html = documents.render_html(publication)
        weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

    def raw_same():
        weasyprint.HTML(string=same_html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True)

    calls = {"raw": raw, "same": raw_same, "ours": lambda: documents.render_pdf(publication)}
    for call in calls.values():
        call()  # fonts and imports
    samples = {clock: {name: [] for name in calls} for clock in ("wall", "cpu")}
    for _ in range(rounds):
        for name, call in calls.items():
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            samples["wall"][name].append(time.perf_counter() - wall)
            samples["cpu"][name].append(time.process_time() - cpu)
    result = {"items": len(items), "bilag": bilag}
    for clock, times in samples.items():
        for base in ("same", "raw"):
            ratios = [ours / raw for ours, raw in zip(times["ours"], times[base], strict=True)]
            median_ours, median_base = statistics.median(times["ours"]), statistics.median(times[base])
            result[clock, base] = (median_ours, median_base, statistics.median(ratios))
    return result


def pdf_row(meeting, rounds: int) -> None:
    """Wall-clock and CPU time of this process (which a busy neighbour disturbs much less) against each baseline of
    ``pdf_times``. The ratio is that of the medians of the times (the goal's measure), with the median of the
    per-round ratios beside it."""
    times = pdf_times(meeting, rounds)
    baselines = {"same": ("raw WeasyPrint, same HTML, tagged", "≤ 1.15×"), "raw": ("raw WeasyPrint, document", "")}
    for base, (baseline, goal) in baselines.items():
        for clock, label in (("wall", ""), ("cpu", ", CPU time")):
            ours, raw, ratio = times[clock, base]
            row(
                f"publish agenda PDF, {times['items']} items, {times['bilag']} bilag{label}",
                f"{ours:.2f} s",
                f"{baseline} {raw:.2f} s",
                f"**{ours / raw:.2f}×** (median of the rounds' ratios {ratio:.2f}×)",
                goal,
            )
