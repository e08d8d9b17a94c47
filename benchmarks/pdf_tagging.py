"""The members' agenda PDF of a big meeting (40 items, 60 bilag, 58 members) against raw WeasyPrint on the same
HTML: ``documents.render_pdf`` and WeasyPrint's ``write_pdf`` tagged and untagged, interleaved in each round;
then the same with real-looking bilag (``--realistic``: a 20-page scan, a 200-page report and a form among the
60). The worker's memory over many renders is ``benchmarks/worker_memory.py``.

Run: ``KKR_DEV=1 .venv/bin/python benchmarks/pdf_tagging.py [--rounds 15] [--realistic]``.
Prints the load average, the median wall-clock and CPU seconds of each and the ratio of the medians (issue
24: "the median of times over ≥ 15 interleaved rounds"), with the median of the per-round ratios beside it.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr.settings")
os.environ.setdefault("KKR_DEV", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from benchmarks.agenda_pdf import build  # noqa: E402


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def rounds_of(publication, rounds: int) -> dict[str, dict[str, list[float]]]:
    import weasyprint

    from meetings import documents

    html = documents.render_html(publication, separators=True)

    def raw(tags: bool):
        return lambda: weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=tags)

    calls = {"ours": lambda: documents.render_pdf(publication), "raw tagged": raw(True), "raw untagged": raw(False)}
    for call in calls.values():
        call()  # fonts and imports
    times = {clock: {name: [] for name in calls} for clock in ("wall", "CPU")}
    for _ in range(rounds):
        for name, call in calls.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            times["CPU"][name].append(time.process_time() - start_cpu)
            times["wall"][name].append(time.perf_counter() - start)
    return times


def report(title: str, times: dict[str, dict[str, list[float]]], rounds: int) -> None:
    """Wall-clock and this process's CPU time (which a busy neighbour on a shared machine disturbs much less)."""
    print(f"{title} (load average {load()})")
    for clock, by_name in times.items():
        print("  " + ", ".join(f"{name} {statistics.median(v):.3f} s" for name, v in by_name.items()) + f" ({clock})")
        for other in ("raw tagged", "raw untagged"):
            medians = statistics.median(by_name["ours"]) / statistics.median(by_name[other])
            per_round = statistics.median(o / r for o, r in zip(by_name["ours"], by_name[other], strict=True))
            print(
                f"  {clock:4} ours / {other:12} {medians:.2f}x "
                f"(ratio of the medians of {rounds}; median of the rounds' ratios {per_round:.2f}x)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--realistic", action="store_true", help="also the bundle with a scan, a report, a form")
    args = parser.parse_args()
    setup_test_environment()
    with TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.DEBUG = False  # as a production worker: no query log growing with every render
        old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
        try:
            big = build("nordjylland", 40, 60, 58)
            report("40 items, 60 bilag of 3 pages", rounds_of(big, args.rounds), args.rounds)
            if args.realistic:
                real = build("syddanmark", 40, 60, 58, realistic=True)
                report(
                    "40 items, 57 bilag + scan 20 p. + report 200 p. + form", rounds_of(real, args.rounds), args.rounds
                )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
