"""The realistic data set of the speed goals, built through the services into the database of ``DATABASE_URL``.

Run from the repository root (PostgreSQL, a database of its own; ``make bench`` does this once)::

    createdb -h 127.0.0.1 -U postgres kkr_bench
    KKR_DEV=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/kkr_bench \\
        MEDIA_ROOT=/tmp/kkr-bench-media .venv/bin/python benchmarks/generate.py

What it builds (fixed seed, so every run builds the same rows):

- the five councils at their real sizes, 2 × municipalities: Nordjylland 22, Midtjylland 38, Syddanmark 44,
  Hovedstaden 58, Sjælland 34 — a mayor and a party-elected member per municipality, in two election
  periods (2022-2026 and 2026-2030, different people; the old seats end with the period), each seat added
  with ``members.services.add_member`` against seat entitlements that match, a chair and a vice-chair;
- four years of meetings (2024-2027, five ordinary meetings a year per council: 100 meetings) planned with
  ``meetings.services.plan_meeting``; 28-40 items each (``add_item``), 0-4 bilag per item
  (``add_attachment``: the same small real PDF, made once with WeasyPrint); every held meeting (before
  today) has its agenda published, attendance (``record_attendance``), decisions, a couple of votes,
  approved and published minutes; the next meeting of each council has its agenda published;
- the benchmark meeting: KKR Hovedstaden (58 members), the last held meeting of 2026, exactly 40 items and
  60 bilag, each its own file (``benchmarks/bilag.py``: 57 three-page text PDFs, a 20-page 5 MB scan, a
  200-page report and a form; a bundle stores a file attached twice once); ``benchmarks/pages.py`` looks it
  up by its location.

Publishing is batched: the services record the versions (content snapshots) with the render task switched
off, then every version is marked ready and pointed at one PDF rendered once; only the benchmark meeting's
agenda is rendered for real (``pages.py`` renders it again to time it). ``--if-empty`` does nothing when
meetings exist already.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr.settings")
os.environ.setdefault("KKR_DEV", "1")
os.environ.setdefault("MEDIA_ROOT", "/tmp/kkr-bench-media")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks import bilag  # noqa: E402
from benchmarks.people import LAST, LETTERS, Names, appoint, build_roster, end_period, users  # noqa: E402
from meetings import queries as meeting_queries  # noqa: E402
from meetings import services as meeting_services  # noqa: E402
from meetings.deadlines import COPENHAGEN  # noqa: E402
from meetings.models import AgendaItem, Attachment, Attendance, Meeting, Publication, Vote  # noqa: E402
from meetings.services import outbox, rendering  # noqa: E402
from members.models import Council, ElectionPeriod, Membership, Party  # noqa: E402

SEED = 15
BENCH_LOCATION = "Benchmark: Hovedstaden, 40 punkter"
SIZES = {"nordjylland": 22, "midtjylland": 38, "syddanmark": 44, "hovedstaden": 58, "sjaelland": 34}
PERIODS = {"2022-2026": date(2022, 1, 20), "2026-2030": date(2026, 1, 20)}
YEARS = (2024, 2025, 2026, 2027)
PERIODS_START = 2022  # the periods ``--scale`` adds start 4, 8, … years before it
MONTHS = ((2, 8), (4, 18), (6, 13), (9, 19), (11, 21))  # (month, day) of the five ordinary meetings
TOPICS = ("beskæftigelse", "sundhed", "klima", "infrastruktur", "uddannelse")
RARE = "Vandløbsregulativet for de fælles vandløb indgår i sagen. "  # one item a year per council (search)
TEXT = (
    "Sekretariatet har udarbejdet et oplæg på baggrund af drøftelserne i kommunaldirektørkredsen. "
    "Sagen har været forelagt de faglige netværk, og bemærkningerne er indarbejdet. "
)


def bilag_pdf() -> bytes:
    """A small real PDF (two pages of text), rendered once and reused for every bilag."""
    import weasyprint

    body = "".join(f'<p style="break-after: page">{TEXT * 12}</p>' for _ in range(2))
    return weasyprint.HTML(string=f'<html lang="da"><body>{body}</body></html>').write_pdf()


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN)


def weekday(day: date) -> date:
    """The day, or the Monday after if it falls on a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def period_of(day: date) -> ElectionPeriod:
    """The election period containing ``day``: the reference data's where it has one, else a "Benchmark"
    period (four years from 1 January, in step with 2022-2026) under the oldest rule set."""
    period = ElectionPeriod.objects.containing(day).first()
    if period is None:
        start = day.year - (day.year - PERIODS_START) % 4
        oldest = ElectionPeriod.objects.order_by("starts_on").first()
        period = ElectionPeriod.objects.create(
            name=f"Benchmark {start}-{start + 4}",
            starts_on=date(start, 1, 1),
            ends_on=date(start + 3, 12, 31),
            election_on=date(start - 1, 11, 15),
            rule_set=oldest.rule_set,
        )
    return period


def shifted(value, years: int):
    """A date or datetime ``years`` earlier (29 February becomes the 28th)."""
    if value is None:
        return None
    try:
        return value.replace(year=value.year - years)
    except ValueError:
        return value.replace(year=value.year - years, day=28)


def replicate(scale: int) -> int:
    """The ``--scale N`` set: the base set's 100 meetings copied N − 1 times, each copy 4 years further back in
    an older election period (``older_period``), with their items, bilag rows (pointing at the same files: the
    bilag are not copied, no page measured here reads them), attendance, votes and published versions (their
    snapshots as they are). Copied in bulk, not through the services (those would take hours for 900 meetings
    on this machine); the search index is then rebuilt from the publications, as the backfill does. Returns the
    meetings added; a copy already made is not made again."""
    from meetings import searchindex

    base = list(Meeting.objects.filter(starts_at__year__gte=YEARS[0]).order_by("starts_at", "pk"))
    added = 0
    for offset in range(1, scale):
        years = 4 * offset
        if Meeting.objects.filter(council=base[0].council, starts_at=shifted(base[0].starts_at, years)).exists():
            continue
        with transaction.atomic():
            for source in base:
                added += _copy_meeting(source, years)
        print(f"  copy {offset} of {scale - 1}: {YEARS[0] - years}-{YEARS[-1] - years}", flush=True)
    searchindex.rebuild()
    return added


def _copy_meeting(source: Meeting, years: int) -> int:
    meeting = Meeting.objects.get(pk=source.pk)
    meeting.pk = None
    meeting.location = meeting.location if meeting.location != BENCH_LOCATION else "Rådhuset"
    meeting.starts_at, meeting.ends_at = shifted(meeting.starts_at, years), shifted(meeting.ends_at, years)
    meeting.period = period_of(meeting.starts_at.astimezone(COPENHAGEN).date())
    meeting.minutes_approved_at = shifted(meeting.minutes_approved_at, years)
    meeting.save()
    items = list(source.items.order_by("position"))
    old_items = [item.pk for item in items]
    for item in items:
        item.pk, item.meeting, item.carried_from_id = None, meeting, None
    AgendaItem.objects.bulk_create(items)
    new_item = dict(zip(old_items, [item.pk for item in items], strict=True))
    attachments = list(Attachment.objects.filter(item__in=old_items))
    for attachment in attachments:
        attachment.pk, attachment.item_id = None, new_item[attachment.item_id]
    Attachment.objects.bulk_create(attachments)
    votes = list(Vote.objects.filter(item__in=old_items))
    for vote in votes:
        vote.pk, vote.item_id, vote.token = None, new_item[vote.item_id], None
        vote.recorded_at = shifted(vote.recorded_at, years)
    Vote.objects.bulk_create(votes)
    attendance = list(Attendance.objects.filter(meeting=source))
    for row in attendance:
        row.pk, row.meeting = None, meeting
    Attendance.objects.bulk_create(attendance)
    publications = list(Publication.objects.filter(meeting=source))
    for publication in publications:
        publication.pk, publication.meeting, publication.request_token = None, meeting, None
        publication.requested_at = shifted(publication.requested_at, years)
        publication.rendered_at = shifted(publication.rendered_at, years)
        publication.notified_at = shifted(publication.notified_at, years)
    Publication.objects.bulk_create(publications)  # bulk: no index row per save; ``replicate`` rebuilds it
    return 1


def build_meeting(council, starts_at, rng, pdf, staff, *, items=None, bilag=None, location="", files=None) -> Meeting:
    meeting = meeting_services.plan_meeting(
        council, actor=staff, kind=Meeting.Kind.ORDINARY, starts_at=starts_at, location=location or "Rådhuset"
    )
    count = items or rng.randint(28, 40)
    created = []
    for n in range(1, count + 1):
        kind = rng.choice([AgendaItem.Kind.DECISION] * 3 + [AgendaItem.Kind.DISCUSSION, AgendaItem.Kind.ORIENTATION])
        created.append(
            meeting_services.add_item(
                meeting,
                actor=staff,
                kind=kind,
                title=f"Punkt {n}: {rng.choice(LAST)}-sagen om {rng.choice(TOPICS)}",
                case_presentation=TEXT * rng.randint(2, 8) + (RARE if n == count and starts_at.month == 9 else ""),
                recommendation="Det indstilles, at KKR tiltræder oplægget." if kind == AgendaItem.Kind.DECISION else "",
                is_closed=rng.random() < 0.1,
            )
        )
    per_item = [rng.randint(0, 4) for _ in created] if bilag is None else _spread(bilag, len(created))
    for item, many in zip(created, per_item, strict=True):
        for k in range(1, many + 1):
            data = next(files) if files is not None else pdf  # the bench meeting: real-looking, distinct files
            upload = SimpleUploadedFile(f"bilag-{item.pk}-{k}.pdf", data, content_type="application/pdf")
            meeting_services.add_attachment(item, actor=staff, title=f"Bilag {k} til {item.title[:40]}", file=upload)
    return meeting


def _spread(total: int, slots: int) -> list[int]:
    return [total // slots + (1 if n < total % slots else 0) for n in range(slots)]


def hold(meeting, rng, staff) -> None:
    """Attendance (about nine in ten present), decisions, two votes, approved and published minutes."""
    for row in meeting_queries.attendance_sheet(meeting):
        if row.holds_seat:
            meeting_services.record_attendance(meeting, person=row.person, is_present=rng.random() < 0.9, actor=staff)
    present = meeting_queries.meeting_quorum(meeting, meeting_queries.meeting_roster(meeting)).present
    items = list(meeting.items.order_by("position"))
    for item in items:
        meeting_services.record_decision(item, actor=staff, decision="Indstillingen blev tiltrådt.")
    for item in [i for i in items if i.kind == AgendaItem.Kind.DECISION][:2]:
        against = rng.randint(0, present // 3)
        meeting_services.record_vote(item, actor=staff, votes_for=present - against, votes_against=against)
    meeting_services.approve_minutes(meeting, actor=staff)
    meeting_services.publish_minutes(meeting, actor=staff, now=meeting.starts_at + timedelta(days=3))


def publish(meeting, staff) -> None:
    meeting_services.publish_agenda(meeting, actor=staff, now=meeting.starts_at - timedelta(days=14))


def mark_ready(pdf_name: str) -> int:
    """Batched publishing: every version not rendered is marked ready and points at one rendered PDF."""
    return Publication.objects.exclude(state=Publication.State.READY).update(
        state=Publication.State.READY, file=pdf_name, rendered_at=timezone.now()
    )


def generate() -> dict:
    rng = random.Random(SEED)
    names = Names(rng)
    pdf = bilag_pdf()
    parties = {p.letter: p for p in Party.objects.filter(letter__in=LETTERS)}
    councils = [Council.objects.get(slug=slug) for slug in SIZES]
    today = timezone.localdate()
    real_enqueue, outbox.enqueue = outbox.enqueue, lambda *args, **kwargs: None  # batched below
    try:
        for name, starts_on in PERIODS.items():
            period = ElectionPeriod.objects.get(name=name)
            with transaction.atomic():
                for council in councils:
                    size = len(build_roster(council, period, starts_on, rng, names, parties))
                    assert size == SIZES[council.slug], (council.slug, size)
                if period.ends_on < today:
                    end_period(period)
        users(councils)
        staff = {c.slug: get_user_model().objects.get(username=f"sekretariat-{c.slug}") for c in councils}
        bench = None
        for council in councils:
            upcoming_published = False
            for year in YEARS:
                for month, day in MONTHS:
                    starts_at = at(weekday(date(year, month, day)))
                    is_bench = council.slug == "hovedstaden" and (year, month) == (2026, 9)
                    with transaction.atomic():
                        meeting = build_meeting(
                            council,
                            starts_at,
                            rng,
                            pdf,
                            staff[council.slug],
                            items=40 if is_bench else None,
                            bilag=60 if is_bench else None,
                            location=BENCH_LOCATION if is_bench else "",
                            files=bilag.bench_meeting(60) if is_bench else None,
                        )
                        if starts_at.date() < today:
                            publish(meeting, staff[council.slug])
                            hold(meeting, rng, staff[council.slug])
                        elif not upcoming_published:
                            publish(meeting, staff[council.slug])
                            upcoming_published = True
                    bench = meeting if is_bench else bench
    finally:
        outbox.enqueue = real_enqueue
    appointments_rng = random.Random(SEED + 1)
    with transaction.atomic():
        for council in councils:
            appoint(council, appointments_rng, staff[council.slug])
    agenda = bench.publications.get(kind=Publication.Kind.AGENDA, audience=Publication.Audience.MEMBERS)
    rendering.render_publication(agenda.pk)
    agenda.refresh_from_db()
    minutes = bench.publications.get(kind=Publication.Kind.MINUTES, audience=Publication.Audience.PUBLIC)
    minutes.file.save("bench-minutes.pdf", ContentFile(pdf), save=True)
    ready = mark_ready(minutes.file.name)
    return {"meetings": Meeting.objects.count(), "items": AgendaItem.objects.count(), "ready": ready}


def analyze() -> None:
    """The planner's statistics of every table, as production's autovacuum keeps them: a server with autovacuum
    off (this machine's) leaves a generated set without any, and the planner then guesses a table of 440 people
    at 50 rows (the appointments search joined every seat to every person: 78 ms instead of a few)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--if-empty", action="store_true", help="do nothing when the database has meetings")
    parser.add_argument(
        "--scale", type=int, default=1, help="N: the base set and N − 1 copies of its meetings in older periods"
    )
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    if Meeting.objects.exists():
        if not args.if_empty:
            sys.exit("The database has meetings already: generate into an empty database (dropdb/createdb).")
        if args.scale > 1 and Meeting.objects.count() < 100 * args.scale:
            added = replicate(args.scale)
            print(f"benchmarks/generate.py: {added} meetings copied in {time.perf_counter() - start:.0f} s")
        else:
            print("benchmarks/generate.py: the data set is there already")
        analyze()
        return
    counts = generate()
    if args.scale > 1:
        replicate(args.scale)
        counts.update(meetings=Meeting.objects.count(), items=AgendaItem.objects.count())
    analyze()

    print(
        f"generated in {time.perf_counter() - start:.0f} s: {Membership.objects.count()} memberships, "
        f"{counts['meetings']} meetings, {counts['items']} items, {Attachment.objects.count()} bilag, "
        f"{Attendance.objects.count()} attendance rows, {Vote.objects.count()} votes, "
        f"{Publication.objects.count()} publications"
    )


if __name__ == "__main__":
    main()
