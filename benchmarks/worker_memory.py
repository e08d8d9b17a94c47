"""The render worker's memory over many renders: the resident set size after each run of the Celery task's
function (``tasks.render_publication``, the code path of a worker process between recycles) on the members'
agenda of a 10-item meeting with 12 bilag, and the growth per render as a least-squares slope.

Run: ``KKR_DEV=1 nice .venv/bin/python benchmarks/worker_memory.py [--renders 200] [--skip 10]``.
Prints a line every ``--every`` renders and a summary with the load average: the RSS after ``--skip`` renders
and at the end, the slope of the RSS in MB per render over the renders after ``--skip``, and the same for the C
allocator's bytes in use and its free bytes (glibc ``mallinfo2``; fragmentation shows as free bytes growing,
a leak in C as bytes in use growing, Python objects as neither when they are in pymalloc's arenas).
``--trim`` gives the allocator's free pages back to the system after each render (``malloc_trim``), to tell
memory held by the allocator from memory in use. ``--what weasyprint`` renders only the bundle's HTML with WeasyPrint
(``kkr.pdf``, no bilag pages, no database), ``--what layout`` only lays it out (no PDF written), ``--what bilag``
only reads the bilag files: where a growth comes from.
"""

import argparse
import gc
import os
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
from benchmarks.heap import heap_mb, libc, slope  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def render_call(publication, what: str):
    from meetings import documents, tasks
    from meetings.models import Publication

    if what in ("weasyprint", "layout"):
        import weasyprint

        from kkr import pdf

        html = documents.render_html(publication, separators=True)
        if what == "layout":
            return lambda: weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(
                font_config=pdf.font_config()
            )
        return lambda: pdf.render_pdf(html, archival=False)
    if what == "bilag":
        return lambda: documents.render._read_bilag(publication.content)

    def task():
        Publication.objects.filter(pk=publication.pk).update(state=Publication.State.QUEUED, file="")
        tasks.render_publication.run(publication.pk)

    return task


def measure(publication, renders: int, skip: int, every: int, what: str, trim: bool) -> None:
    lib = libc()
    call = render_call(publication, what)
    rss, used, free = [], [], []
    started, load_before = time.perf_counter(), load()
    for n in range(1, renders + 1):
        call()
        gc.collect()
        if trim and lib is not None:
            lib.malloc_trim(0)
        rss.append(rss_mb())
        if lib is not None:
            in_use, kept = heap_mb(lib)
            used.append(in_use)
            free.append(kept)
        if n % every == 0:
            heap = f", malloc in use {used[-1]:.1f} MB, free {free[-1]:.1f} MB" if used else ""
            print(f"  {n:4d} renders: RSS {rss[-1]:.1f} MB{heap} ({time.perf_counter() - started:.0f} s)", flush=True)
    mode = "malloc_trim after each, " if trim else ""
    print(
        f"{what} ({mode}DEBUG off), {renders} renders: RSS {rss[skip - 1]:.1f} MB "
        f"after {skip}, {rss[-1]:.1f} MB after {renders}; slope after {skip}: RSS {slope(rss[skip:]):+.4f} MB/render"
        + (
            f", malloc in use {slope(used[skip:]):+.4f}, malloc free {slope(free[skip:]):+.4f} MB/render"
            if used
            else ""
        )
        + f"; {time.perf_counter() - started:.0f} s; load average {load_before} at the start, {load()} at the end"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--skip", type=int, default=10, help="renders before the slope starts (fonts, imports)")
    parser.add_argument("--every", type=int, default=25, help="print a line every N renders")
    parser.add_argument("--what", choices=("task", "weasyprint", "layout", "bilag"), default="task")
    parser.add_argument("--trim", action="store_true", help="malloc_trim(0) after each render")
    args = parser.parse_args()
    if args.renders < args.skip + 10:
        sys.exit("--renders must be at least --skip + 10.")
    setup_test_environment()
    with TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.DEBUG = False  # as a production worker: no query log
        old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
        try:
            measure(build("hovedstaden", 10, 12, 20), args.renders, args.skip, args.every, args.what, args.trim)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
