"""Real-looking bilag for the benchmarks, made here (WeasyPrint, pypdf, Pillow; nothing downloaded):

- ``scanned_pdf``: a 20-page scan, image only (no text layer), about 5 MB: grey JPEG pages at 150 dpi with
  the noise and the dark line blocks of a scanned letter;
- ``report_pdf``: a 200-page text report (tagged, fonts embedded, headings and tables), as a consultancy or a
  region sends;
- ``form_pdf``: a PDF with form fields (text fields, check boxes), as an application form is;
- ``text_pdf(n)``: the three-page text bilag of ``agenda_pdf.py``, different in every ``n`` (a bundle stores a
  file attached twice once, so identical bilag would measure one).

The slow ones are made once and kept in ``BENCH_BILAG_CACHE`` (default ``/tmp/kkr-bench-bilag``).
"""

from __future__ import annotations

import os
import random
from functools import cache
from io import BytesIO
from pathlib import Path

CACHE = Path(os.environ.get("BENCH_BILAG_CACHE", "/tmp/kkr-bench-bilag"))
SEED = 27


def _cached(name: str, make) -> bytes:
    path = CACHE / name
    if path.exists():
        return path.read_bytes()
    data = make()
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def _weasyprint(html: str, **options) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f'<html lang="da"><head><title>Bilag</title></head>{html}</html>').write_pdf(
        **options
    )


def scanned_pdf(pages: int = 20) -> bytes:
    """About 5 MB for 20 pages (about 250 KB a page, as a 150 dpi grey scan)."""
    return _cached(f"scan-{pages}.pdf", lambda: _scan(pages))


def _scan(pages: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(SEED)
    width, height = 1240, 1754  # A4 at 150 dpi
    images = []
    for _ in range(pages):
        noise = Image.frombytes("L", (width, height), rng.randbytes(width * height)).point(lambda v: 215 + v // 7)
        draw = ImageDraw.Draw(noise)
        y = 160
        while y < height - 200:  # lines of "text": dark blocks of word length
            x = 140
            while x < width - 200:
                word = rng.randint(30, 140)
                draw.rectangle((x, y, x + word, y + 18), fill=rng.randint(20, 70))
                x += word + rng.randint(14, 26)
            y += rng.choice((34, 34, 34, 70))
        images.append(noise.filter(ImageFilter.GaussianBlur(0.6)))
    out = BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=150, quality=62)
    return out.getvalue()


def report_pdf(pages: int = 200) -> bytes:
    return _cached(f"report-{pages}.pdf", lambda: _report(pages))


def _report(pages: int) -> bytes:
    rng = random.Random(SEED)
    words = [
        "kommune",
        "region",
        "trafik",
        "klima",
        "budget",
        "borger",
        "plan",
        "analyse",
        "vækst",
        "uddannelse",
        "sundhed",
        "beskæftigelse",
    ]
    chapters = []
    for chapter in range(1, pages // 4 + 1):
        text = "".join(f"<p>{' '.join(rng.choice(words) for _ in range(110)).capitalize()}.</p>" for _ in range(7))
        rows = "".join(
            f"<tr><td>{rng.choice(words)}</td><td>{rng.randint(100, 99999)}</td><td>{rng.randint(1, 99)} %</td></tr>"
            for _ in range(12)
        )
        chapters.append(
            f'<section style="break-before: page"><h1>{chapter}. Kapitel {chapter}</h1>{text}'
            f"<table><tr><th>Område</th><th>Kr.</th><th>Andel</th></tr>{rows}</table>{text}</section>"
        )
    pdf = _weasyprint(f"<body>{''.join(chapters)}</body>", pdf_tags=True)
    return _exact_pages(pdf, pages)


def _exact_pages(pdf: bytes, pages: int) -> bytes:
    """The first ``pages`` pages (the chapters are laid out to about that many)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(BytesIO(pdf))
    if len(reader.pages) == pages:
        return pdf
    assert len(reader.pages) > pages, f"rapporten blev {len(reader.pages)} sider, ikke {pages}"
    writer = PdfWriter()
    for page in reader.pages[:pages]:
        writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def form_pdf() -> bytes:
    return _cached("form.pdf", _form)


def _form() -> bytes:
    fields = "".join(
        f'<p><label>{label} <input type="text" name="{name}" value=""></label></p>'
        for name, label in (("navn", "Navn"), ("kommune", "Kommune"), ("cvr", "CVR-nr."), ("beloeb", "Beløb"))
    )
    boxes = "".join(
        f'<p><label><input type="checkbox" name="{name}"> {label}</label></p>'
        for name, label in (("vedtaget", "Vedtaget i byrådet"), ("budget", "Indgår i budgettet"))
    )
    return _weasyprint(f"<body><h1>Ansøgningsskema</h1>{fields}{boxes}</body>", pdf_forms=True)


@cache
def _text_base() -> bytes:
    return _weasyprint("".join(f'<p style="break-after: page">{"Bilag med tekst. " * 200}</p>' for _ in range(3)))


def text_pdf(n: int) -> bytes:
    """The three-page text bilag, its document information naming ``n`` (the pages the same, the file not)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(_text_base())))
    writer.add_metadata({"/Title": f"Bilag {n}"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def realistic() -> list[tuple[str, bytes]]:
    """The three real-looking bilag, with the titles the bench gives them."""
    return [
        ("Scannet brev fra regionen (20 sider)", scanned_pdf()),
        ("Analyserapport (200 sider)", report_pdf()),
        ("Ansøgningsskema med felter", form_pdf()),
    ]


def bench_meeting(count: int):
    """The files of the benchmark meeting's ``count`` bilag (``generate.py``), one by one: distinct three-page
    text PDFs, the last three the scan, the report and the form."""
    files = [text_pdf(n) for n in range(count - 3)] + [data for _, data in realistic()]
    return iter(files[-count:])


if __name__ == "__main__":
    for title, data in realistic():
        from pypdf import PdfReader

        reader = PdfReader(BytesIO(data))
        print(
            f"{title:40} {len(reader.pages):4} sider {len(data) / 1e6:6.2f} MB, {len(reader.get_fields() or {})} felter"
        )
