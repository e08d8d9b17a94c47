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


def uploaded(client, item, name: str, content: bytes) -> list[str]:
    from django.urls import reverse

    url = reverse("meetings:attachment-create", args=[item.meeting.council.slug, item.pk])
    response = client.post(url, {"title": name, "file": SimpleUploadedFile(f"{name}.pdf", content)}, follow=True)
    assert response.redirect_chain[0][1] == 302
    return [str(message) for message in response.context["messages"] if message.level_tag == "warning"]


def scanned_pdf() -> bytes:
    """A page with no text layer, as a scanner makes it (here without even the image)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_staff_are_told_at_upload_that_a_bilag_is_untagged_in_the_bundle_and_warned_of_a_scan(
    client, meeting, staff_user
):
    from kkr.pdf import render_pdf
    from meetings.pdfpages import NO_TEXT, TAGGED_NOT_CARRIED, UNTAGGED

    item = services.add_item(meeting, actor=staff_user, title="Sag")
    client.force_login(staff_user)
    tagged = render_pdf('<html lang="da"><head><title>Notat</title></head><body><p>Notat</p></body></html>')
    assert uploaded(client, item, "Tekst", sample_pdf("Et notat med tekst")) == [UNTAGGED]
    assert uploaded(client, item, "Tagget", tagged) == [TAGGED_NOT_CARRIED]
    assert uploaded(client, item, "Scanning", scanned_pdf()) == [UNTAGGED, NO_TEXT]
    page = client.get(reverse_item(item)).content.decode()
    assert "uden tags" in page


def reverse_item(item) -> str:
    from django.urls import reverse

    return reverse("meetings:item-update", args=[item.meeting.council.slug, item.pk])
