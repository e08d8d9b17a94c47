"""The screenshots of the demo's documents in docs/meetings.md ("Layout"): the held meeting's members' agenda and
minutes, rendered by the app, drawn to PNG with PDFium (pypdfium2, a dev dependency).

    make run            # once: the demo database (or: manage.py migrate && manage.py load_demo_data)
    .venv/bin/python manage.py shell < scripts/pdf_screenshots.py

Writes docs/img/layout-front.png, layout-contents.png, layout-separator.png and layout-deltagere.png.
"""

from io import BytesIO
from pathlib import Path

import pypdfium2
from django.conf import settings
from pypdf import PdfReader

from meetings.models import Meeting, Publication

OUT = Path(settings.BASE_DIR) / "docs" / "img"
SCALE = 1.1  # 1 pt → 1.1 px: an A4 page 655 px wide, readable in the docs


def page_png(pdf: bytes, index: int, name: str) -> None:
    document = pypdfium2.PdfDocument(pdf)
    image = document[index].render(scale=SCALE).to_pil()
    image.save(OUT / name, optimize=True)
    print(f"docs/img/{name}: side {index + 1}")


def first_page(pdf: bytes, test) -> int:
    return next(n for n, page in enumerate(PdfReader(BytesIO(pdf)).pages) if test(page.extract_text() or ""))


OUT.mkdir(parents=True, exist_ok=True)
held = Meeting.objects.filter(council__slug="nordjylland", kind="ordinary", status="held").latest("starts_at")
members = Publication.objects.filter(meeting=held, audience=Publication.Audience.MEMBERS, state="ready")
agenda = members.filter(kind=Publication.Kind.AGENDA).latest("version").file.read()
minutes = members.filter(kind=Publication.Kind.MINUTES).latest("version").file.read()
page_png(agenda, 0, "layout-front.png")
page_png(agenda, 1, "layout-contents.png")
page_png(agenda, first_page(agenda, lambda text: text.startswith("Bilag ")), "layout-separator.png")
page_png(minutes, first_page(minutes, lambda text: "Deltagerfortegnelse\n" in text), "layout-deltagere.png")
