"""The agenda or minutes PDF with its bilag as one navigable bundle ("A navigable bundle"): every page
carries the meeting and "Side n af N" over the whole bundle, the bilag index gives each bilag's page, a file
attached twice is stored once, and closed material says so. Real WeasyPrint and pypdf renders, read back."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader
from pypdf.generic import ContentStream

from meetings import services
from meetings.models import Publication
from tests.meetings.pdftext import pdf_outline, pdf_pages, sample_pdf
from tests.meetings.test_tagged_pdf import rendered
from tests.pdfstructure import is_tagged, unembedded_fonts, untagged_text_pages

pytestmark = pytest.mark.django_db

SHARED = sample_pdf("Fælles notat s. 1", "Fælles notat s. 2")


def attach(item, staff_user, title: str, data: bytes) -> None:
    upload = SimpleUploadedFile("bilag.pdf", data, content_type="application/pdf")
    services.add_attachment(item, actor=staff_user, title=title, file=upload)


@pytest.fixture
def bundle(meeting, staff_user, members):
    """Bilag 1.1 (3 pages) and 1.2 (2 pages), 2.1 on the closed item, 3.1 the same file as 1.2."""
    traffic = services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser og tog")
    closed = services.add_item(
        meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIGT INDHOLD", is_closed=True
    )
    budget = services.add_item(meeting, actor=staff_user, title="Budget", case_presentation="Penge til veje")
    attach(traffic, staff_user, "Køreplan", sample_pdf("Køreplan s. 1", "Køreplan s. 2", "Køreplan s. 3"))
    attach(traffic, staff_user, "Notat", SHARED)
    attach(closed, staff_user, "Lægeerklæring", sample_pdf("FORTROLIGT BILAG"))
    attach(budget, staff_user, "Notat igen", SHARED)
    return meeting


def first_lines(pages: list[str]) -> list[str]:
    return [page.splitlines()[0] if page.strip() else "" for page in pages]


def separator_page(pages: list[str], label: str) -> int:
    """The bundle page number (from 1) of the separator whose heading is ``label``."""
    return first_lines(pages).index(label) + 1


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_every_page_of_the_bundle_carries_the_meeting_and_side_n_af_n_counted_over_the_whole_bundle(
    bundle, staff_user, kind
):
    pdf = rendered(bundle, staff_user, kind)[Publication.Audience.MEMBERS]
    pages = pdf_pages(pdf)
    title = "Dagsorden" if kind == "agenda" else "Referat"
    assert len(pages) > 3 + 2 + 1 + 4  # the document, the bilag index, four separators, six bilag pages
    for number, page in enumerate(pages, start=1):
        assert page.count(f"Side {number} af {len(pages)}") == 1, (number, page)
        assert f"KKR Nordjylland · {title} · version 1" in page, (number, page)


def test_the_footer_on_a_bilag_page_is_an_artifact_in_the_documents_embedded_font(bundle, staff_user):
    pdf = rendered(bundle, staff_user, "agenda")[Publication.Audience.MEMBERS]
    reader = PdfReader(BytesIO(pdf))
    page = next(page for page in reader.pages if page.extract_text().startswith("Køreplan s. 2"))
    fonts = {name: font.get_object()["/BaseFont"] for name, font in page["/Resources"]["/Font"].items()}
    assert "DejaVuSans" in fonts["/KKRFooter"]
    assert unembedded_fonts(pdf) == []
    marked, footer_shown = [], False
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator in (b"BMC", b"BDC"):
            marked.append(operands[0])
        elif operator == b"EMC":
            marked.pop()
        elif operator == b"Tf" and operands[0] == "/KKRFooter":
            footer_shown = marked == ["/Artifact"]
    assert footer_shown
    assert is_tagged(pdf) and untagged_text_pages(pdf) == []


def test_the_bilag_index_lists_each_bilag_with_the_page_of_the_bundle_where_it_begins(bundle, staff_user):
    pages = pdf_pages(rendered(bundle, staff_user, "agenda")[Publication.Audience.MEMBERS])
    [index] = [page for page in pages if page.startswith("Indholdsfortegnelse – Bilag")]
    listed = dict(re.findall(r"(Bilag \d\.\d: [^.\n]+?) [. ]+(\d+)", index))
    assert listed == {
        "Bilag 1.1: Køreplan": str(separator_page(pages, "Bilag 1.1: Køreplan")),
        "Bilag 1.2: Notat": str(separator_page(pages, "Bilag 1.2: Notat")),
        "Bilag 2.1: Lægeerklæring": str(separator_page(pages, "Bilag 2.1: Lægeerklæring")),
        "Bilag 3.1: Notat igen": str(separator_page(pages, "Bilag 1.2: Notat")),  # where the file stands
    }
    assert first_lines(pages)[separator_page(pages, "Bilag 1.1: Køreplan")] == "Køreplan s. 1"


def test_the_agenda_contents_give_each_items_page_in_the_bundle(bundle, staff_user):
    pages = pdf_pages(rendered(bundle, staff_user, "agenda")[Publication.Audience.MEMBERS])
    contents = next(page for page in pages if "Indhold" in page)
    for title, text in (("Trafikplan", "Busser og tog"), ("Personsag", "FORTROLIGT INDHOLD"), ("Budget", "Penge")):
        [number] = re.findall(rf"{title}[^\n]*?[ .]+(\d+)$", contents, re.M)  # a closed item: "… – Lukket punkt"
        assert text in pages[int(number) - 1]


def test_a_bilag_attached_twice_is_stored_once_and_its_second_separator_points_to_it(bundle, staff_user):
    pdf = rendered(bundle, staff_user, "agenda")[Publication.Audience.MEMBERS]
    pages = pdf_pages(pdf)
    assert [first_lines(pages).count(f"Fælles notat s. {n}") for n in (1, 2)] == [1, 1]
    first, second = separator_page(pages, "Bilag 1.2: Notat"), separator_page(pages, "Bilag 3.1: Notat igen")
    assert f"Samme fil som Bilag 1.2, side {first}" in pages[second - 1]
    assert first_lines(pages)[second:] == []  # nothing follows the second separator: it is the last page
    assert len(pages) == second
    outline = pdf_outline(pdf)
    assert [child[:2] for child in outline[2][2]] == [("Bilag 3.1: Notat igen", second - 1)]


def test_a_closed_items_separator_and_bilag_pages_say_lukket_punkt_in_the_members_version_only(bundle, staff_user):
    pdfs = rendered(bundle, staff_user, "agenda")
    pages = pdf_pages(pdfs[Publication.Audience.MEMBERS])
    separator = separator_page(pages, "Bilag 2.1: Lægeerklæring")
    assert "Lukket punkt" in pages[separator - 1]
    assert pages[separator].startswith("FORTROLIGT BILAG")
    assert "Lukket punkt · KKR Nordjylland · Dagsorden" in pages[separator]
    bilag_part = range(separator_page(pages, "Bilag 1.1: Køreplan") - 1, len(pages))
    others = [pages[n] for n in bilag_part if n not in (separator - 1, separator)]
    assert not any("Lukket punkt" in page for page in others)
    public = pdf_pages(pdfs[Publication.Audience.PUBLIC])
    assert not any("FORTROLIGT" in page or "Lægeerklæring" in page for page in public)
    assert [page.count(f"Side {n} af {len(public)}") for n, page in enumerate(public, start=1)] == [1] * len(public)


def test_a_rotated_bilag_page_gets_its_footer_upright_inside_its_visible_box(meeting, staff_user, members):
    """A landscape page stored as a portrait page turned by /Rotate: the footer is drawn turned with it."""
    from pypdf import PdfWriter

    reader = PdfReader(BytesIO(sample_pdf("Liggende side")))
    writer = PdfWriter()
    writer.add_page(reader.pages[0]).rotate(90)
    out = BytesIO()
    writer.write(out)
    item = services.add_item(meeting, actor=staff_user, title="Kort", case_presentation="Et kort")
    attach(item, staff_user, "Kort", out.getvalue())
    pdf = rendered(meeting, staff_user, "agenda")[Publication.Audience.MEMBERS]
    reader = PdfReader(BytesIO(pdf))
    page = reader.pages[-1]
    assert page.rotation == 90
    footer = page["/Contents"][-1].get_object().get_data()
    x1, y0 = float(page.cropbox.right), float(page.cropbox.bottom)
    assert f"0 1 -1 0 {x1:g} {y0:g} cm".encode() in footer
    assert f"Side {len(reader.pages)} af {len(reader.pages)}" in page.extract_text()


def test_every_render_in_a_process_shares_one_font_configuration():
    """A WeasyPrint font configuration made per render is never given back: a worker grew with each render."""
    import weasyprint

    from kkr.pdf import render_pdf

    seen = []
    render = weasyprint.HTML.render

    def recording(self, *args, **kwargs):
        seen.append(kwargs.get("font_config"))
        return render(self, *args, **kwargs)

    weasyprint.HTML.render = recording
    try:
        for _ in range(2):
            render_pdf('<html lang="da"><head><title>T</title></head><body><p>Tekst</p></body></html>')
    finally:
        weasyprint.HTML.render = render
    assert seen[0] is not None and seen[0] is seen[1]
