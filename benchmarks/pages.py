"""Pages and PDFs on the realistic data set, each as a ratio to a baseline measured in the same run.

Run from the repository root on the database ``benchmarks/generate.py`` filled::

    KKR_DEV=1 DJANGO_DEBUG=0 DATABASE_URL=postgres://postgres@127.0.0.1:5432/kkr_bench \\
        MEDIA_ROOT=/tmp/kkr-bench-media .venv/bin/python benchmarks/pages.py [--rounds 30] [--seconds 10]

- page times: the Django test client in this process, DEBUG off, median of ``--rounds`` interleaved
  rounds; baseline the login page (GET ``/konto/login/``), ``/healthz`` shown beside it;
- req/s: a live gunicorn (2 sync workers) and 8 client threads (urllib) for ``--seconds``; baseline
  ``/healthz`` and the login page measured the same way;
- HTML size: bytes of the page (the 40-item meeting; the largest over all meetings); the goal is 100 KB;
- PDF: ``documents.render_pdf`` of the members' agenda (40 items, 60 bilag); baseline raw WeasyPrint on
  the same HTML, back to back in each round; wall-clock and CPU time, the ratio the median of the rounds'.

In each round every page and the baselines are requested once, one after the other (interleaved), so a busy
neighbour slows all of them alike; the ratio is the page's median ÷ the baseline's median. The client
threads of the req/s figure run on the same two cores as gunicorn. ``--profile PAGE`` prints a cProfile
of one page instead (``sitting``, ``dashboard``, ...), ``--queries`` the query count of every page;
``--only-pdf`` only the PDF figure (``--pdf-rounds`` interleaved renders); ``--cpu`` adds each page's least CPU
time in this process against the login page's (what a busy neighbour's scheduling and PostgreSQL's own time do
not blur).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr.settings")
os.environ.setdefault("KKR_DEV", "1")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("MEDIA_ROOT", "/tmp/kkr-bench-media")
# Redis as the cache, as production has it (the per-process memory cache flattered the cached public pages);
# ``make bench`` passes its own Redis database (BENCH_CACHE), emptied before the run.
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/14")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache as django_cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.gunicorn_rps import requests_per_second  # noqa: E402
from benchmarks.pdf_figure import pdf_row  # noqa: E402
from benchmarks.table import ms, row  # noqa: E402
from meetings.models import AgendaItem, Meeting, Publication  # noqa: E402

GOALS = {
    "sitting": "≤ 10× login",
    "roster": "≤ 8× login",
    "directory": "≤ 8× login",
    "agenda (staff)": "≤ 8× login",
    "agenda (member)": "≤ 8× login",
    "dashboard": "≤ 5× login",
    "dashboard (after a write)": "— (values worked out)",
    "public agenda": "—",
    "public minutes": "—",
    "archive (staff)": "≤ 8× login",
    "archive (member)": "≤ 8× login",
    "archive (public)": "≤ 8× login",
    "appointments register": "≤ 8× login",
    "person page (staff)": "≤ 8× login",
}
BENCH_LOCATION = "Benchmark: Hovedstaden, 40 punkter"


def bench_meeting() -> Meeting:
    meeting = Meeting.objects.filter(location=BENCH_LOCATION).select_related("council").first()
    if meeting is None:
        sys.exit("No benchmark meeting: run benchmarks/generate.py into this database first.")
    return meeting


def bench_person(council) -> int:
    """The person page's person: the council's first appointee to a political seat (history, memberships and
    appointments), else its first current member."""
    from appointments.models import Appointment

    first = Appointment.objects.filter(seat__council=council, seat__is_political=True).order_by("pk").first()
    if first is not None:
        return first.person_id
    return council.memberships.current(timezone.localdate()).order_by("pk").first().person_id


def next_public_agenda(council) -> Meeting:
    """The council's next meeting with a published agenda and no minutes (the public agenda page)."""
    minutes = Publication.objects.filter(kind=Publication.Kind.MINUTES).values("meeting")
    return council.meetings.with_published_agenda().exclude(pk__in=minutes).order_by("starts_at").first()


def pages(meeting) -> dict[str, tuple[str, str]]:
    """name -> (who, url); who is "staff", "member" or "anon"."""
    slug, pk = meeting.council.slug, meeting.pk
    upcoming = next_public_agenda(meeting.council)
    return {
        "login": ("anon", "/konto/login/"),
        "healthz": ("anon", "/healthz"),
        "sitting": ("staff", f"/kkr/{slug}/sekretariat/moeder/{pk}/moedet/"),
        "roster": ("staff", f"/kkr/{slug}/medlemmer/"),
        "directory": ("staff", f"/kkr/{slug}/blaa-bog/"),
        "agenda (staff)": ("staff", f"/kkr/{slug}/sekretariat/moeder/{pk}/"),
        "agenda (member)": ("member", f"/kkr/{slug}/medlem/moeder/{pk}/"),
        "dashboard": ("staff", f"/kkr/{slug}/sekretariat/"),
        # the first request after a write: the panels' values are worked out again (``portal.dashboard``)
        AFTER_A_WRITE: ("staff", f"/kkr/{slug}/sekretariat/"),
        "public agenda": ("anon", f"/kkr/{slug}/moeder/{upcoming.pk}/"),
        "public minutes": ("anon", f"/kkr/{slug}/moeder/{pk}/"),
        "archive (staff)": ("staff", f"/kkr/{slug}/arkiv/"),
        "archive (member)": ("member", f"/kkr/{slug}/arkiv/"),
        "archive (public)": ("anon", f"/kkr/{slug}/arkiv/"),
        "appointments register": ("staff", f"/kkr/{slug}/sekretariat/udpegninger/2026-2030/"),
        "person page (staff)": ("staff", f"/kkr/{slug}/personer/{bench_person(meeting.council)}/"),
    }


# Search: each role × a word in every item, a rare word, a phrase and a date; the goal is ≤ 10× the
# login page at 10× data and at most 2× slower than on the base set.
SEARCHES = {
    "common word": "sagen",
    "rare word": "vandløbsregulativ",
    "phrase": '"sagen om klima"',
    "date": "september 2026",
}
SEARCH_GOAL = "≤ 10× login at 10×"


def search_pages(meeting) -> dict[str, tuple[str, str, str]]:
    """name -> (who, url, goal): the search page for each role and query."""
    from urllib.parse import urlencode

    return {
        f"search, {who_label}, {what}": (who, "/soeg/?" + urlencode({"q": query}), SEARCH_GOAL)
        for who, who_label in (("staff", "staff"), ("member", "member"), ("anon", "anonymous"))
        for what, query in SEARCHES.items()
    }


# More rows: functions of the benchmark meeting returning name -> (who, url, goal), timed with the pages above
# in the same interleaved rounds and shown after them (``--only ROWS`` keeps the rows whose name contains ROWS).
ROW_SETS = [search_pages]


def extra_rows(meeting) -> dict[str, tuple[str, str, str]]:
    rows = {}
    for row_set in ROW_SETS:
        rows.update(row_set(meeting))
    return rows


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def clients(slug: str) -> dict[str, Client]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    staff, member = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    staff.force_login(users.get(username=f"sekretariat-{slug}"))
    member.force_login(users.get(username=f"medlem-{slug}"))
    return {"staff": staff, "member": member, "anon": Client(HTTP_HOST="localhost")}


AFTER_A_WRITE = "dashboard (after a write)"


def forget_if_after_a_write(name: str) -> None:
    """Drop the dashboard's values from the cache before the ``AFTER_A_WRITE`` page (outside its timing), as a
    write would: they are worked out anew (the cached public pages stay)."""
    if name == AFTER_A_WRITE:
        from portal.dashboard import dashboard_key

        meeting = bench_meeting()
        django_cache.delete(dashboard_key(meeting.council, today=timezone.localdate()))


def get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code}")
    return response


CPU: dict[str, float] = {}  # page -> the least CPU time of this process over the rounds (``--cpu``)


def page_times(targets, by_who, rounds: int) -> dict[str, float]:
    for who, url in targets.values():  # warm up: templates compiled, connections open
        get(by_who[who], url)
    samples: dict[str, list[float]] = {name: [] for name in targets}
    cpu: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (who, url) in targets.items():
            forget_if_after_a_write(name)
            start, start_cpu = time.perf_counter(), time.process_time()
            get(by_who[who], url)
            samples[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    CPU.update({name: min(times) for name, times in cpu.items()})
    return {name: statistics.median(times) for name, times in samples.items()}


def cpu_table() -> None:
    """The pages' CPU time in this process (the least of the rounds) against the login page's: what a busy
    machine's scheduling and the database's own time do not blur (PostgreSQL's work is not counted)."""
    print()
    row("figure (--cpu)", "least CPU time", "baseline (same run)", "ratio", "goal")
    print("|---|---|---|---|---|")
    login = CPU["login"]
    for name in GOALS:
        row(name, ms(CPU[name]), f"login {ms(login)}", f"{CPU[name] / login:.1f}×", GOALS[name])


def page_queries(targets, by_who) -> dict[str, int]:
    """Each page's queries once warm (the cached pages: a hit); the dashboard after a write: a miss."""
    counts = {}
    for name, (who, url) in targets.items():
        get(by_who[who], url)
        forget_if_after_a_write(name)
        with CaptureQueriesContext(connection) as queries:
            get(by_who[who], url)
        counts[name] = len(queries)
    return counts


def html_sizes(targets, by_who) -> dict[str, int]:
    return {name: len(get(by_who[who], url).content) for name, (who, url) in targets.items()}


def largest_minutes_page(anon: Client) -> tuple[int, int, str]:
    """(bytes, items, url) of the largest public meeting page over every meeting with published minutes."""
    largest = (0, 0, "")
    minutes = Publication.objects.filter(kind=Publication.Kind.MINUTES).values("meeting")
    for meeting in Meeting.objects.filter(pk__in=minutes).select_related("council"):
        url = f"/kkr/{meeting.council.slug}/moeder/{meeting.pk}/"
        size = len(get(anon, url).content)
        largest = max(largest, (size, meeting.items.count(), url))
    return largest


# --- output ------------------------------------------------------------------------------------------------


def profile(targets, by_who, name: str, repeats: int = 20, top: int = 30) -> None:
    who, url = targets[name]
    get(by_who[who], url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        get(by_who[who], url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write("The project's functions by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(r"/(members|meetings|elections|appointments|portal|kkr)/", top)
    out.write("Everything by own time:\n")
    stats.sort_stats("tottime").print_stats(top // 2)
    print(f"cProfile of {name} ({url}), {repeats} requests, by cumulative time:")
    print(out.getvalue())


def main(argv: list[str] | None = None, before: tuple[tuple[str, str, str, str, str], ...] = ()) -> None:
    """Print the table; ``before``: rows measured elsewhere in the same run (``benchmarks/run.py``: engines)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=30, help="interleaved rounds of the page times (30)")
    parser.add_argument("--seconds", type=float, default=5, help="length of one req/s burst (5 s)")
    parser.add_argument("--rps-rounds", type=int, default=3, help="interleaved req/s bursts (3)")
    parser.add_argument("--pdf-rounds", type=int, default=3, help="interleaved PDF renders (3)")
    parser.add_argument("--skip-rps", action="store_true", help="no gunicorn")
    parser.add_argument("--skip-pdf", action="store_true", help="no PDF figure")
    parser.add_argument("--only-pdf", action="store_true", help="only the PDF figure (no pages, no gunicorn)")
    parser.add_argument("--profile", metavar="PAGE", help="only a cProfile of one page (sitting, dashboard, ...)")
    parser.add_argument("--cpu", action="store_true", help="also the pages' least CPU time against the login page's")
    parser.add_argument("--only", metavar="ROWS", help="only the pages whose name contains ROWS (e.g. search)")
    parser.add_argument("--scale", type=int, default=1, help="the data set's scale (make bench SCALE=10): printed")
    args = parser.parse_args(argv)
    if settings.DEBUG:
        sys.exit("DEBUG is on: run with DJANGO_DEBUG=0.")
    if args.rounds < 15:
        sys.exit("At least 15 interleaved rounds (--rounds): fewer give medians a busy machine still moves.")
    django_cache.clear()
    meeting = bench_meeting()
    targets = pages(meeting)
    extra = extra_rows(meeting)
    targets.update({name: (who, url) for name, (who, url, _) in extra.items()})
    goals = {**GOALS, **{name: goal for name, (_, _, goal) in extra.items()}}
    if args.only:
        keep = {"login", "healthz"} | {name for name in targets if args.only in name}
        targets = {name: target for name, target in targets.items() if name in keep}
        goals = {name: goal for name, goal in goals.items() if name in keep}
        args.skip_rps = args.skip_pdf = True
    GOALS.clear()
    GOALS.update(goals)
    by_who = clients(meeting.council.slug)
    if args.profile:
        profile(targets, by_who, args.profile)
        return
    if args.only_pdf:
        print(f"Data: {Meeting.objects.count()} meetings; PDF of {meeting.council.name}'s meeting, {connection.vendor}")
        row("figure", "median", "baseline (same run)", "ratio", "goal")
        print("|---|---|---|---|---|")
        pdf_row(meeting, args.pdf_rounds)
        return
    members = meeting.council.memberships.current(meeting.meets_on).count()
    print(
        f"Data (scale {args.scale}): {Meeting.objects.count()} meetings, {AgendaItem.objects.count()} items; "
        f"page meeting: {meeting.council.name}, {members} members, {meeting.items.count()} items, DEBUG off, "
        f"{connection.vendor}, cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, "
        f"{args.rounds} interleaved rounds; {load_average()}"
    )
    queries = page_queries(targets, by_who)
    sizes = html_sizes(targets, by_who)
    times = page_times(targets, by_who, args.rounds)
    login, healthz = times["login"], times["healthz"]
    print()
    row("figure", "median", "baseline (same run)", "ratio", "goal")
    print("|---|---|---|---|---|")
    for cells in before:
        row(*cells)
    row("login page (baseline)", ms(login), "", "1.0×", "")
    row("/healthz (baseline)", ms(healthz), "", f"{healthz / login:.1f}×", "")
    for name in GOALS:
        label = f"{name} ({queries[name]} queries, {sizes[name] / 1000:.0f} KB)"
        row(label, ms(times[name]), f"login {ms(login)}", f"**{times[name] / login:.1f}×**", GOALS[name])
    if not args.only:
        html_rows(by_who, sizes)
    if not args.skip_rps:
        paths = {"healthz": targets["healthz"][1], "login": targets["login"][1]}
        paths["public agenda"] = targets["public agenda"][1]
        rps = requests_per_second(paths, args.seconds, args.rps_rounds)
        for name in ("login", "public agenda"):
            row(
                f"{name}, req/s on 2 gunicorn workers",
                f"{rps[name]:.0f} req/s",
                f"healthz {rps['healthz']:.0f} req/s",
                f"{rps[name] / rps['healthz']:.2f}×",
                "≥ 300 req/s" if name == "public agenda" else "",
            )
    if not args.skip_pdf:
        pdf_row(meeting, args.pdf_rounds)
    if args.cpu:
        cpu_table()


def html_rows(by_who, sizes) -> None:
    size, items, url = largest_minutes_page(by_who["anon"])
    row(
        "minutes page HTML, 40 items (public)",
        f"{sizes['public minutes'] / 1000:.0f} KB",
        "100 KB",
        f"{sizes['public minutes'] / 100_000:.2f}×",
        "≤ 100 KB",
    )
    row(f"largest public meeting page ({items} items)", f"{size / 1000:.0f} KB", "100 KB", f"{size / 1e5:.2f}×", "")


if __name__ == "__main__":
    main()
