"""The members' agenda PDF of a big meeting (40 items, 60 bilag, 58 members) against raw WeasyPrint on the same
HTML: ``documents.render_pdf`` and WeasyPrint's ``write_pdf`` tagged and untagged, interleaved in each round.

Run: ``KKR_DEV=1 .venv/bin/python benchmarks/pdf_tagging.py [rounds]`` (default 15). Prints the median wall-clock
seconds of each and the median of the per-round ratios. The same script runs on an older checkout (it only
calls ``render_pdf`` and ``render_html``), which is how docs/performance.md compares before and after.
"""

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


def rounds_of(publication, rounds: int) -> dict[str, list[float]]:
    import weasyprint

    from meetings import documents

    html = documents.render_html(publication, separators=True)

    def raw(tags: bool):
        return lambda: weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=tags)

    calls = {"ours": lambda: documents.render_pdf(publication), "raw tagged": raw(True), "raw untagged": raw(False)}
    for call in calls.values():
        call()  # fonts and imports
    times = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return times


def main(rounds: int = 15) -> None:
    setup_test_environment()
    with TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
        try:
            times = rounds_of(build("nordjylland", 40, 60, 58), rounds)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    for name, values in times.items():
        print(f"{name:14} {statistics.median(values):.3f} s (median of {rounds})")
    for other in ("raw tagged", "raw untagged"):
        ratios = [ours / raw for ours, raw in zip(times["ours"], times[other], strict=True)]
        print(f"ours / {other:12} {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
