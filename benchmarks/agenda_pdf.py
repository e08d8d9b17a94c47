"""Time to render the members' agenda PDF of a big meeting (40 items, 60 attachments, 58 members).

Run: ``KKR_DEV=1 .venv/bin/python benchmarks/agenda_pdf.py [repeats]``. It builds a throw-away test database,
renders a 1-item agenda as the baseline and then the big one, and prints both times and their ratio (the
ratio is what to compare between machines). Every attachment is a real 3-page text PDF (made with WeasyPrint,
a different file each: ``benchmarks/bilag.py``), appended after a separator page: the big members' PDF has 60
separators and 180 bilag pages.
Before the bilag were appended (they were embedded as files, and a 0-page stub PDF was enough) the figures
were 0.052 s, 1.008 s, 19.5x.
"""

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
from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def build(slug: str, items: int, attachments: int, members: int, *, realistic: bool = False):
    """The meeting and its published members' agenda. Each bilag is its own file (``bilag.text_pdf``: a bundle
    stores a file attached twice once); ``realistic``: the last three are a 20-page scan, a 200-page report and
    a form (``bilag.realistic``)."""
    from benchmarks import bilag
    from meetings import services
    from meetings.models import Attachment, Meeting
    from members.models import Council, ElectionPeriod
    from tests.meetings.conftest import at, seat_members

    council = Council.objects.get(slug=slug)
    seat_members(council, ElectionPeriod.objects.get(name="2026-2030"), members)
    meeting = Meeting.objects.create(
        council=council,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2027, 3, 2, 10),
        location="Aalborg",
    )
    created = [
        services.add_item(
            meeting,
            actor=None,
            title=f"Punkt {n}",
            case_presentation="Sagsfremstilling. " * 80,
            recommendation="Det indstilles, at KKR godkender.",
            is_closed=n % 4 == 0,
        )
        for n in range(1, items + 1)
    ]
    files = [(f"Bilag {n}", bilag.text_pdf(n)) for n in range(attachments)]
    if realistic:
        files[-3:] = bilag.realistic()
    for n, (title, pdf) in enumerate(files):
        Attachment.objects.create(
            item=created[n % items], title=title, file=ContentFile(pdf, f"{n}.pdf"), size=len(pdf)
        )
    [members_version, _] = services.publish_agenda(meeting, actor=None, late_reason="benchmark", now=at(2027, 3, 1, 12))
    return members_version


def timed(publication, repeats: int) -> tuple[float, int]:
    """Best time of ``repeats`` renders, and the PDF's size in bytes."""
    from meetings import documents

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        pdf = documents.render_pdf(publication)
        best = min(best, time.perf_counter() - start)
    return best, len(pdf)


def main(repeats: int = 3) -> None:
    setup_test_environment()
    with TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
        try:
            baseline, big = build("hovedstaden", 1, 0, 1), build("nordjylland", 40, 60, 58)
            timed(baseline, 1)  # warm up fonts and imports
            (base_s, _), (big_s, big_bytes) = timed(baseline, repeats), timed(big, repeats)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"1-item agenda (baseline):                 {base_s:.3f} s")
    print(f"40 items, 60 attachments, 58 members:     {big_s:.3f} s ({big_bytes / 1e6:.1f} MB)")
    print(f"ratio:                                    {big_s / base_s:.1f}x (best of {repeats})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
