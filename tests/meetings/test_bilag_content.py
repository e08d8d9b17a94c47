"""What a bilag may carry into the agenda (docs/security.md): no active content reaches the combined PDF, and a
file that isn't a readable PDF is refused at upload, or, when it is already stored, named on the preview and in
the failed publication instead of answering 500. Every PDF here is rendered for real (WeasyPrint + merge)."""

from io import BytesIO, StringIO
from pathlib import Path
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from meetings import documents, services
from meetings.models import Attachment, Meeting, Publication
from tests.builders import at
from tests.meetings.activepdf import KINDS, PAGE_TEXT, Crafted, active_content, crafted_pdf, javascript_link
from tests.meetings.pdftext import pdf_text, sample_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def future_meeting(nordjylland, period, members):
    """A meeting after today's date (the suite's clock is real), so the real publish view accepts it."""
    return Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="Aalborg")


@pytest.fixture
def item(future_meeting, staff_user):
    return services.add_item(future_meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser")


def upload(client, staff_user, item, content: bytes, title="Bilaget", name="bilag.pdf"):
    client.force_login(staff_user)
    url = reverse("meetings:attachment-create", args=["nordjylland", item.pk])
    return client.post(url, {"title": title, "file": SimpleUploadedFile(name, content, "application/pdf")})


def overwrite_stored(attachment: Attachment, content: bytes) -> None:
    """The bytes on disk changed behind the application's back (restored backup, a script, a disk fault)."""
    Path(attachment.file.path).write_bytes(content)


def rendered(meeting, staff_user) -> dict[str, bytes]:
    """The members' and the public agenda PDF, rendered for real."""
    publications = services.publish_agenda(meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    return {p.audience: documents.render_pdf(p) for p in publications}


# --- Active content -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_active_content_in_an_uploaded_bilag_reaches_neither_the_members_nor_the_public_agenda_pdf(
    client, item, staff_user, kind
):
    assert active_content(crafted_pdf(kind))  # the crafted file carries it
    assert upload(client, staff_user, item, crafted_pdf(kind)).status_code == 302
    stored = Attachment.objects.get().file.read()  # what a member downloads on its own
    assert active_content(stored) == [] and PAGE_TEXT in pdf_text(stored)
    for audience, pdf in rendered(item.meeting, staff_user).items():
        assert active_content(pdf) == [], audience
        assert PAGE_TEXT in pdf_text(pdf)  # the bilag's page itself is there


def test_a_bilag_without_active_content_is_stored_as_it_was_uploaded(client, item, staff_user):
    content = sample_pdf("Helt almindeligt")
    assert upload(client, staff_user, item, content).status_code == 302
    assert Attachment.objects.get().file.read() == content


def test_a_bilag_stripped_at_upload_keeps_its_bookmarks_and_page_links(client, item, staff_user):
    pdf = Crafted()
    pdf.writer.add_blank_page(300, 300)
    pdf.writer.add_outline_item(title="Afsnit to", page_number=1)
    second = pdf.writer.pages[1].indirect_reference
    pdf.link(DictionaryObject({NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject([second])}))
    javascript_link(pdf)
    assert upload(client, staff_user, item, pdf.bytes()).status_code == 302
    stored = Attachment.objects.get().file.read()
    assert active_content(stored) == []
    reader = PdfReader(BytesIO(stored))
    [bookmark] = reader.outline
    assert bookmark.title == "Afsnit to" and reader.get_destination_page_number(bookmark) == 1
    [link, script] = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert "/A" not in script  # the link's script is gone; the link itself does nothing now
    assert link["/A"]["/D"][0].get_object().indirect_reference == reader.pages[1].indirect_reference


def test_a_replaced_bilag_is_stored_without_its_active_content(client, item, staff_user):
    assert upload(client, staff_user, item, sample_pdf("Først")).status_code == 302
    attachment = Attachment.objects.get()
    url = reverse("meetings:attachment-replace", args=["nordjylland", attachment.pk])
    file = SimpleUploadedFile("ny.pdf", crafted_pdf("javascript-link"), "application/pdf")
    assert client.post(url, {"title": "Nyt", "file": file}).status_code == 302
    attachment.refresh_from_db()
    stored = attachment.file.read()
    assert active_content(stored) == [] and PAGE_TEXT in pdf_text(stored)
    assert attachment.size == len(stored)


@pytest.mark.parametrize("kind", list(KINDS))
def test_active_content_in_a_bilag_stored_before_the_upload_check_is_stripped_at_merge(client, item, staff_user, kind):
    assert upload(client, staff_user, item, sample_pdf("Uskyldigt")).status_code == 302
    overwrite_stored(Attachment.objects.get(), crafted_pdf(kind))
    for audience, pdf in rendered(item.meeting, staff_user).items():
        assert active_content(pdf) == [], audience
        assert PAGE_TEXT in pdf_text(pdf)


def test_a_bilag_keeps_its_web_links_and_its_links_between_its_own_pages(client, item, staff_user):
    pdf = Crafted()
    pdf.writer.add_blank_page(300, 300)
    second = pdf.writer.pages[1].indirect_reference
    pdf.link(
        DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://kl.dk/")})
    )
    pdf.link(
        DictionaryObject(
            {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject([second, NameObject("/Fit")])}
        )
    )
    assert upload(client, staff_user, item, pdf.bytes()).status_code == 302
    reader = PdfReader(BytesIO(rendered(item.meeting, staff_user)["members"]))
    page = next(p for p in reader.pages if PAGE_TEXT in p.extract_text())
    web, inside = (annotation.get_object()["/A"] for annotation in page["/Annots"])
    assert web["/S"] == "/URI" and web["/URI"] == "https://kl.dk/"
    assert inside["/S"] == "/GoTo"
    assert inside["/D"][0].get_object().indirect_reference == reader.pages[page.page_number + 1].indirect_reference


# --- Unreadable files -----------------------------------------------------------------------------------


def garbage() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 8


def truncated() -> bytes:
    whole = sample_pdf("Afkortet")
    return whole[: len(whole) // 2]


def huge_xref() -> bytes:
    """A cross-reference table that claims objects numbered up to 10^11, a catalog among them, and nothing else."""
    return (
        b"%PDF-1.4\nxref\n99999999990 2\n0000000009 00000 n \n0000000009 00000 n \n"
        b"trailer << /Size 99999999999 /Root 99999999991 0 R /Prev 99999999999999 >>\nstartxref\n9\n%%EOF\n"
    )


def huge_numbers() -> bytes:
    """Readable objects under a cross-reference table and trailer full of huge numbers: pypdf finds the
    objects by scanning the file (a damaged file's usual repair), so the file is readable."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
        b"xref\n999999999990 3\n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
        b"trailer << /Size 999999999999 /Root 1 0 R /Prev 99999999999999 >>\nstartxref\n99999999999999\n%%EOF\n"
    )


def no_pages() -> bytes:
    writer = PdfWriter()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def password_protected() -> bytes:
    writer = PdfWriter(clone_from=BytesIO(sample_pdf("Hemmeligt")))
    writer.encrypt(user_password="hemmelig", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


UNREADABLE = {
    "garbage": (garbage, "Bilaget kan ikke læses som PDF"),
    "truncated": (truncated, "Bilaget kan ikke læses som PDF"),
    "zero-bytes": (lambda: b"", "Bilaget er tomt"),
    "not-a-pdf": (lambda: b"MZ\x90\x00 en programfil", "Bilaget skal være en PDF-fil"),
    "header-only": (lambda: b"%PDF-1.4\n%%EOF\n", "Bilaget kan ikke læses som PDF"),
    "huge-xref": (huge_xref, "Bilaget kan ikke læses som PDF"),
    "no-pages": (no_pages, "Bilaget har ingen sider"),
    "password": (password_protected, "Bilaget er beskyttet med adgangskode"),
}


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_a_file_that_is_not_a_readable_pdf_is_refused_at_upload_in_danish(client, item, staff_user, kind):
    content, message = UNREADABLE[kind]
    refused = upload(client, staff_user, item, content())
    assert refused.status_code == 400
    assert message in refused.content.decode()
    assert not Attachment.objects.exists()


def test_a_damaged_file_pypdf_can_repair_is_accepted_and_renders(client, item, staff_user):
    assert upload(client, staff_user, item, huge_numbers()).status_code == 302
    assert all(pdf.startswith(b"%PDF") for pdf in rendered(item.meeting, staff_user).values())


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_replacing_a_bilag_with_a_file_that_is_not_a_readable_pdf_is_refused_in_danish(client, item, staff_user, kind):
    content, message = UNREADABLE[kind]
    assert upload(client, staff_user, item, sample_pdf("Det rigtige")).status_code == 302
    attachment = Attachment.objects.get()
    url = reverse("meetings:attachment-replace", args=["nordjylland", attachment.pk])
    file = SimpleUploadedFile("ny.pdf", content(), "application/pdf")
    response = client.post(url, {"title": "Nyt", "file": file})  # the page again, with the typed title
    page = response.content.decode()
    assert response.status_code == 400 and message in page and 'value="Nyt"' in page
    attachment.refresh_from_db()
    assert attachment.title == "Bilaget" and "Det rigtige" in pdf_text(attachment.file.read())


@pytest.mark.parametrize("audience", ["members", "public"])
def test_a_stored_bilag_that_cannot_be_read_is_named_on_the_preview_not_answered_with_500(
    client, item, staff_user, audience
):
    assert upload(client, staff_user, item, sample_pdf("Fint"), title="Køreplan").status_code == 302
    overwrite_stored(Attachment.objects.get(), garbage())
    url = reverse("meetings:publication-preview", args=["nordjylland", item.meeting.pk, "agenda", audience])
    response = client.get(url)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bilag 1.1 «Køreplan» kan ikke læses som PDF" in page and "Erstat filen" in page


def test_a_stored_bilag_that_cannot_be_read_fails_the_publication_with_a_danish_cause(
    client, item, staff_user, django_capture_on_commit_callbacks
):
    assert upload(client, staff_user, item, sample_pdf("Fint"), title="Køreplan").status_code == 302
    overwrite_stored(Attachment.objects.get(), garbage())
    url = reverse("meetings:agenda-publish", args=["nordjylland", item.meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"token": uuid4(), "version": 1}).status_code == 302
    members_version = Publication.objects.get(audience="members")
    assert members_version.state == Publication.State.FAILED
    cause = "Bilag 1.1 «Køreplan» kan ikke læses som PDF (filen er beskadiget eller ikke en PDF). Erstat filen"
    assert members_version.error.startswith(cause)
    assert cause in client.get(item.meeting.get_absolute_url()).content.decode()


def test_a_readable_pdf_with_only_an_owner_password_is_accepted_at_upload(client, item, staff_user):
    writer = PdfWriter(clone_from=BytesIO(sample_pdf("Skrivebeskyttet")))
    writer.encrypt(user_password="", owner_password="ejer", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    assert upload(client, staff_user, item, out.getvalue()).status_code == 302
    assert "Skrivebeskyttet" in pdf_text(rendered(item.meeting, staff_user)["members"])


def test_a_bilag_file_changed_in_the_admin_is_stored_without_its_active_content(
    client, item, staff_user, admin_user_kl
):
    assert upload(client, staff_user, item, sample_pdf("Først")).status_code == 302
    attachment = Attachment.objects.get()
    client.force_login(admin_user_kl)
    change = reverse("admin:meetings_attachment_change", args=[attachment.pk])
    file = SimpleUploadedFile("ny.pdf", crafted_pdf("page-aa"), "application/pdf")
    response = client.post(change, {"item": item.pk, "title": "Nyt", "file": file, "size": 0})
    assert response.status_code == 302
    attachment.refresh_from_db()
    stored = attachment.file.read()
    assert active_content(stored) == [] and PAGE_TEXT in pdf_text(stored)
    assert attachment.size == len(stored)


def test_no_damaged_variant_of_a_real_pdf_answers_the_upload_with_a_server_error(client, item, staff_user):
    """Generated damage to a real PDF (cut short, bytes overwritten, a span repeated or removed): the upload
    answers with a stored bilag or a Danish refusal that stores nothing, never a 500."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st

    original = crafted_pdf("javascript-link")
    client.force_login(staff_user)
    client.raise_request_exception = False
    url = reverse("meetings:attachment-create", args=["nordjylland", item.pk])
    problems = []

    @given(st.data())
    @hypothesis_settings(
        max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def upload_damaged(data):
        start = data.draw(st.integers(0, len(original)))
        end = data.draw(st.integers(start, min(len(original), start + 400)))
        damage = data.draw(st.sampled_from(["cut", "overwrite", "repeat", "remove"]))
        noise = data.draw(st.binary(min_size=1, max_size=40))
        damaged = {
            "cut": original[:start],
            "overwrite": original[:start] + noise + original[start + len(noise) :],
            "repeat": original[:end] + original[start:end] + original[end:],
            "remove": original[:start] + original[end:],
        }[damage]
        before = Attachment.objects.count()
        file = SimpleUploadedFile("bilag.pdf", damaged, "application/pdf")
        response = client.post(url, {"title": "Beskadiget", "file": file})
        stored = Attachment.objects.count() - before
        if response.status_code >= 500 or (response.status_code == 400) != (stored == 0):
            problems.append(f"{damage} {start}:{end}: {response.status_code}, {stored} gemt")

    upload_damaged()
    assert problems == [], "\n".join(problems[:10])
    for attachment in Attachment.objects.all():  # whatever was accepted has no active content left
        assert active_content(attachment.file.read()) == []


# --- Read once ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["openaction", None])
def test_an_uploaded_bilag_is_parsed_once_for_the_check_the_cleaning_and_the_notes(
    client, item, staff_user, monkeypatch, kind
):
    """The form's check, the active content taken out and the accessibility notes share one pypdf reader: the
    upload used to be parsed four times (form, model validator, cleaning, the view's notes)."""
    import pypdf

    made = []
    real_init = pypdf.PdfReader.__init__

    def counting_init(self, *args, **kwargs):
        made.append(1)
        real_init(self, *args, **kwargs)

    content = crafted_pdf(kind) if kind else sample_pdf("Helt almindeligt")
    monkeypatch.setattr(pypdf.PdfReader, "__init__", counting_init)
    response = upload(client, staff_user, item, content)
    monkeypatch.undo()
    assert response.status_code == 302 and len(made) == 1
    stored = Attachment.objects.get().file.read()
    assert active_content(stored) == [] and (kind or stored == content)


# --- Bilag stored before the upload took active content out ---------------------------------------------


def test_clean_bilag_cleans_a_stored_bilag_so_its_download_is_clean_and_a_second_run_changes_nothing(
    client, item, staff_user, member_user
):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    dirty = crafted_pdf("openaction")
    old = Attachment.objects.create(item=item, title="Gammel", file=ContentFile(dirty, name="gammel.pdf"), size=1)
    plain = sample_pdf("Almindelig")
    kept = Attachment.objects.create(item=item, title="Ren", file=ContentFile(plain, name="ren.pdf"), size=len(plain))
    services.publish_agenda(item.meeting, actor=staff_user, now=at(2027, 2, 1, 12))  # the snapshot names the file
    assert active_content(dirty)

    out = StringIO()
    call_command("clean_bilag", "--dry-run", stdout=out)
    assert "1 bilag med aktivt indhold. Intet er ændret" in out.getvalue() and old.file.name in out.getvalue()
    assert Path(old.file.path).read_bytes() == dirty

    out = StringIO()
    call_command("clean_bilag", stdout=out)
    assert "1 bilag med aktivt indhold. Renset." in out.getvalue()
    client.force_login(member_user)
    served = client.get(reverse("meetings:attachment-file", args=[old.pk]))
    data = b"".join(served.streaming_content)
    assert served.status_code == 200 and active_content(data) == [] and PAGE_TEXT in pdf_text(data)
    old.refresh_from_db()
    assert old.size == len(data) and old.history.first().history_change_reason.startswith("Aktivt indhold fjernet")
    assert Path(kept.file.path).read_bytes() == plain

    out = StringIO()
    call_command("clean_bilag", stdout=out)  # idempotent
    assert "0 bilag med aktivt indhold. Intet at gøre." in out.getvalue()
