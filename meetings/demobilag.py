"""The demo's bilag, made when the demo is loaded (no file from outside): a text PDF as an office program writes
it (untagged), a scanned page (an image and no text), a tagged PDF, and a confidential one for the closed item.
Each is what a secretariat receives, so the bundle, its bookmarks and the upload warnings can be seen."""

import io
import math
import random

NOTE = """
<h1>{title}</h1>
<p class="meta">KKR Nordjylland · Sekretariatet · Notat</p>
<h2>Baggrund</h2>
<p>De nordjyske kommuner har siden 2024 samarbejdet om at skaffe flere praktikpladser til elever på
erhvervsuddannelserne. Samarbejdet har givet 214 nye pladser, flest i bygge- og anlægsfagene.</p>
<h2>Forslag</h2>
<p>Samarbejdet videreføres i 2027-2028 med en fælles koordinator. Udgiften på 1,2 mio. kr. om året fordeles
mellem kommunerne efter indbyggertal.</p>
<table><tr><th>Kommune</th><th>Andel</th></tr><tr><td>Aalborg</td><td>37 %</td></tr>
<tr><td>Hjørring</td><td>10 %</td></tr><tr><td>Øvrige</td><td>53 %</td></tr></table>
"""
STYLE = """
<style>
@page { size: A4; margin: 2.5cm; }
body { font-family: "DejaVu Serif", serif; font-size: 11pt; line-height: 1.45; }
h1 { font-size: 17pt; } h2 { font-size: 12.5pt; margin-top: 1.4em; } .meta { color: #555; }
table { border-collapse: collapse; } th, td { border: 1px solid #999; padding: .2em .8em; text-align: left; }
</style>
"""


def _weasyprint(body: str, *, tagged: bool) -> bytes:
    import weasyprint  # slow to import; only the demo loader needs it here

    html = f'<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Bilag</title>{STYLE}</head>'
    return weasyprint.HTML(string=f"{html}<body>{body}</body></html>").write_pdf(pdf_tags=tagged)


def text_pdf(title: str) -> bytes:
    """An untagged PDF with a text layer: what a word processor's "Gem som PDF" often gives."""
    return _weasyprint(NOTE.format(title=title), tagged=False)


def tagged_pdf(title: str) -> bytes:
    """A tagged PDF (structure tree, language): what an accessible export gives."""
    body = f"""
    <h1>{title}</h1><p class="meta">Sundhedsklyngerne i Nordjylland · Statusrapport</p>
    <h2>Fremskudte funktioner</h2><p>Alle fire klynger har etableret fremskudte sygeplejefunktioner i
    yderområderne. Ventetiden på opfølgning efter udskrivning er faldet fra 9 til 4 dage.</p>
    <h2>Akutpladser</h2><p>Der er aftalt 46 fælles akutpladser; 12 af dem i Thy-Mors og Vesthimmerland.</p>
    <h2>Rekruttering</h2><ul><li>Fælles rekrutteringskampagne for sygeplejersker</li>
    <li>Flere uddannelsespladser for social- og sundhedsassistenter</li></ul>
    """
    return _weasyprint(body, tagged=True)


def closed_pdf(title: str) -> bytes:
    """The closed item's bilag: personal information, only in the members' version."""
    body = f"""
    <h1>{title}</h1><p class="meta">Fortroligt – lukket punkt</p>
    <h2>Kandidat 1</h2><p>Borgmester, uddannet civiløkonom, tidligere direktør i en nordjysk produktionsvirksomhed.</p>
    <h2>Kandidat 2</h2><p>Byrådsmedlem, formand for erhvervsudvalget, selvstændig i detailhandlen.</p>
    """
    return _weasyprint(body, tagged=False)


def scan_pdf(title: str) -> bytes:
    """A scanned, signed page: one greyish image, slightly askew, and no text layer (the upload warns of it)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    width, height = 1240, 1754  # A4 at 150 dpi
    page = Image.new("L", (width, height), 246)
    draw = ImageDraw.Draw(page)
    heading, body = _font(ImageFont, 44), _font(ImageFont, 28)
    draw.text((150, 180), title, fill=30, font=heading)
    lines = [
        "Samarbejdsaftale om den fælles kommunale praktikpladsindsats",
        "mellem de 11 nordjyske kommuner for perioden 2027-2028.",
        "",
        "Parterne forpligter sig til at finansiere en fælles koordinator",
        "efter indbyggertal og til at stille praktikpladser til rådighed.",
        "",
        "Aalborg, den 14. oktober 2026",
    ]
    for n, line in enumerate(lines):
        draw.text((150, 320 + n * 48), line, fill=40, font=body)
    rng = random.Random(27)  # the same "scan" every time
    draw.line([(n, 1000 + 40 * math.sin(n / 37)) for n in range(160, 620, 4)], fill=20, width=4)
    draw.text((160, 1080), "Formand for KKR Nordjylland", fill=40, font=body)
    for _ in range(2500):  # scanner dust
        x, y = rng.randrange(width), rng.randrange(height)
        draw.point((x, y), fill=rng.randrange(120, 220))
    page = page.rotate(0.6, fillcolor=246, resample=Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    page.convert("RGB").save(out, "PDF", resolution=150.0, quality=70)
    return out.getvalue()


def _font(image_font, size: int):
    try:
        return image_font.truetype("DejaVuSans.ttf", size)
    except OSError:  # no DejaVu on this machine: Pillow's own font
        return image_font.load_default(size=size)
