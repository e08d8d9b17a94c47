"""The agenda and minutes PDFs as the archives and screen readers receive them (kkr.pdf): tagged, Danish, titled,
fonts embedded, footers as artifacts; PDF/A-2a and PDF/UA-1 claimed only by a document without bilag."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from meetings import documents, services
from meetings.models import Publication
from tests.builders import at
from tests.meetings.pdftext import sample_pdf
from tests.pdfstructure import has_artifacts, identification, is_tagged, unembedded_fonts, untagged_text_pages

pytestmark = pytest.mark.django_db

ARCHIVAL = {"pdfaid:part": "2", "pdfaid:conformance": "A", "pdfuaid:part": "1"}


def build(meeting, staff_user, *, bilag: bool):
    item = services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser og tog")
    closed = services.add_item(
        meeting, actor=staff_user, title="Personsag", case_presentation="Fortroligt", is_closed=True
    )
    if bilag:
        for one, title in ((item, "Køreplan"), (closed, "Lægeerklæring")):
            upload = SimpleUploadedFile("bilag.pdf", sample_pdf(f"{title} s. 1"), content_type="application/pdf")
            services.add_attachment(one, actor=staff_user, title=title, file=upload)
    return meeting


def rendered(meeting, staff_user, kind: str) -> dict[str, bytes]:
    if kind == "agenda":
        services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    else:
        services.approve_minutes(meeting, actor=staff_user)
        services.publish_minutes(meeting, actor=staff_user)
    return {
        publication.audience: documents.render_pdf(publication)
        for publication in meeting.publications.filter(kind=getattr(Publication.Kind, kind.upper()))
    }


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_a_document_without_bilag_is_tagged_pdf_a_2a_and_pdf_ua_1_with_embedded_fonts(
    meeting, staff_user, members, kind
):
    pdfs = rendered(build(meeting, staff_user, bilag=False), staff_user, kind)
    assert set(pdfs) == {Publication.Audience.MEMBERS, Publication.Audience.PUBLIC}
    for pdf in pdfs.values():
        assert is_tagged(pdf)
        assert identification(pdf) == ARCHIVAL
        assert unembedded_fonts(pdf) == []
        assert untagged_text_pages(pdf) == []
        assert has_artifacts(pdf)  # the running footer and "Side n af N"


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_a_bundle_with_bilag_is_tagged_but_claims_neither_pdf_a_nor_pdf_ua(meeting, staff_user, members, kind):
    """The bilag pages are copied without their structure tree, so the bundle says only what holds: the
    document and its separators are tagged, every font is embedded, and the XMP names no conformance."""
    pdfs = rendered(build(meeting, staff_user, bilag=True), staff_user, kind)
    for audience, pdf in pdfs.items():
        assert is_tagged(pdf)
        assert identification(pdf) == {}
        assert unembedded_fonts(pdf) == []
        assert untagged_text_pages(pdf) == []
        reader = PdfReader(BytesIO(pdf))
        tagged = [n for n, page in enumerate(reader.pages) if "/StructParents" in page]
        bilag = 2 if audience == Publication.Audience.MEMBERS else 1  # the closed item's bilag: members only
        assert len(reader.pages) - len(tagged) == bilag  # the separators are tagged; the bilag pages are not


def test_the_separator_pages_are_laid_out_in_the_documents_embedded_font(meeting, staff_user, members):
    pdfs = rendered(build(meeting, staff_user, bilag=True), staff_user, "agenda")
    reader = PdfReader(BytesIO(pdfs[Publication.Audience.MEMBERS]))
    separator = next(page for page in reader.pages if "Bilag 1.1: Køreplan" in page.extract_text())
    fonts = [font.get_object()["/BaseFont"] for font in separator["/Resources"]["/Font"].values()]
    assert fonts and all("DejaVu" in font for font in fonts)
    assert "/StructParents" in separator
