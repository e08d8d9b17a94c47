"""Published documents: snapshots, the Celery render (WeasyPrint), retries, e-mail notices (FO 3.3, FO 3.4)."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from kombu.exceptions import OperationalError
from pypdf import PdfWriter

from meetings import documents, services, tasks
from meetings.models import Attachment, Publication
from tests.builders import at
from tests.meetings.pdftext import handwritten_pdf, pdf_outline, pdf_pages, pdf_text, sample_pdf

pytestmark = pytest.mark.django_db


def upload(*pages: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("bilag.pdf", sample_pdf(*pages), content_type="application/pdf")


def replace_file(attachment: Attachment, content: bytes) -> None:
    """What an administrator does in the admin: a new file on the same bilag."""
    attachment.file.save("bilag.pdf", ContentFile(content))


@pytest.fixture
def agenda(meeting, staff_user, members):
    """Bilag 1.1 (two pages) and 1.2 on the open item, 2.1 on the closed one, which is uploaded first: the bilag
    order is the agenda's numbering, not the upload (pk) order."""
    open_item = services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser og tog")
    closed_item = services.add_item(
        meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIGT INDHOLD", is_closed=True
    )
    services.add_attachment(closed_item, actor=staff_user, title="Lægeerklæring", file=upload("FORTROLIGT BILAG"))
    services.add_attachment(
        open_item, actor=staff_user, title="Køreplan", file=upload("Køreplan s. 1", "Køreplan s. 2")
    )
    services.add_attachment(open_item, actor=staff_user, title="Kort", file=upload("Kort over ruterne"))
    return meeting


def bilag_pages(pdf: bytes) -> list[str]:
    """The pages after the agenda, each by its first line: a separator's is "Bilag n: title"."""
    pages = [page.splitlines()[0] for page in pdf_pages(pdf)]
    first = next((n for n, line in enumerate(pages) if line.startswith("Bilag ")), len(pages))
    return pages[first:]


def test_FO_3_3_the_public_pdf_shows_a_closed_item_only_as_lukket_punkt(
    agenda, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    """One real render of each version (WeasyPrint + pypdf), read back with pypdf (pdftext.py)."""
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    members_version = Publication.objects.get(audience="members")
    public = Publication.objects.get(audience="public")
    assert members_version.state == public.state == Publication.State.READY
    public_text = pdf_text(public.file.read())
    members_text = pdf_text(members_version.file.read())
    assert "Busser og tog" in public_text and "Lukket punkt" in public_text
    assert "Personsag" not in public_text and "Personsag" in members_text  # the title may itself be confidential
    assert "FORTROLIGT" not in public_text
    assert "FORTROLIGT INDHOLD" in members_text
    assert "FORTROLIGT BILAG" not in public_text and "Lægeerklæring" not in public_text
    assert "FORTROLIGT BILAG" in members_text
    assert "KKR Nordjylland · Dagsorden · version 1" in public_text  # the running footer (static/css/pdf.css)
    assert "Dato tirsdag den 12. maj 2026\nTidspunkt kl. 10.00–12.00\nSted" in public_text  # kkr.formats
    assert len(mailoutbox) == 4 and all(len(mail.to) == 1 and not mail.bcc for mail in mailoutbox)  # each their own
    assert all("/kkr/nordjylland/medlem/moeder/" in mail.body and not mail.attachments for mail in mailoutbox)


def test_FO_3_3_a_late_agenda_prints_its_reason_and_deadline_and_the_snapshot_stores_plain_dates(agenda, staff_user):
    [members_version, _] = services.publish_agenda(
        agenda, actor=staff_user, late_reason="Sagen kom sent fra regionen", now=at(2026, 5, 8, 12)
    )

    assert members_version.content["starts_at"] == "2026-05-12T08:00:00+00:00"
    assert members_version.content["agenda_deadline_on"] == "2026-05-05"
    html = documents.render_html(members_version)
    assert "Udsendt efter fristen (5. maj 2026):</strong> Sagen kom sent fra regionen" in html
    assert '<th scope="row">Dato</th><td>tirsdag den 12. maj 2026</td>' in html


def test_the_snapshot_is_built_in_constant_queries(agenda, django_assert_num_queries):
    agenda = type(agenda).objects.select_related("council", "period__rule_set").get(pk=agenda.pk)
    with django_assert_num_queries(2):  # items, attachments
        content = documents.agenda_content(agenda, public=False)
    assert [a["number"] for a in content["items"][0]["attachments"]] == ["1.1", "1.2"]


def test_the_members_pdf_has_every_bilag_appended_in_numbered_order_after_a_separator(agenda, staff_user):
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    pdf = documents.render_pdf(members_version)
    assert bilag_pages(pdf) == [
        "Bilag 1.1: Køreplan",
        "Køreplan s. 1",
        "Køreplan s. 2",
        "Bilag 1.2: Kort",
        "Kort over ruterne",
        "Bilag 2.1: Lægeerklæring",
        "FORTROLIGT BILAG",
    ]
    assert "Til punkt 2. Personsag" in pdf_pages(pdf)[-2]
    assert b"/EmbeddedFile" not in pdf  # appended as pages, no longer embedded as files


def test_the_members_pdf_has_a_bookmark_per_item_with_a_bookmark_per_bilag_under_it(agenda, staff_user):
    """the item's bookmark goes to its heading, a bilag's to its separator page."""
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    pdf = documents.render_pdf(members_version)
    pages = pdf_pages(pdf)
    outline = pdf_outline(pdf)
    assert [(title, [child for child, _, _ in children]) for title, _, children in outline] == [
        ("1. Trafikplan", ["Bilag 1.1: Køreplan", "Bilag 1.2: Kort"]),
        ("2. Personsag", ["Bilag 2.1: Lægeerklæring"]),
    ]
    for title, page, children in outline:
        assert title in pages[page]
        for label, separator, _ in children:
            assert pages[separator].startswith(label)
    assert pages[outline[0][2][1][1] + 1].startswith("Kort over ruterne")  # the bilag follows its separator


def test_the_public_pdf_bookmarks_a_closed_item_by_its_public_title_without_its_bilag(agenda, staff_user):
    [_, public] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    outline = pdf_outline(documents.render_pdf(public))
    assert [(title, len(children)) for title, _, children in outline] == [("1. Trafikplan", 2), ("2. Lukket punkt", 0)]


def test_the_page_numbers_count_the_whole_bundle_bilag_pages_included(agenda, staff_user):
    """Every page, the document's, the bilag index, the separators and the bilag's own, says "Side n af N"
    over the whole bundle (before, the count stopped at the document and the bilag pages had none)."""
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    pages = pdf_pages(documents.render_pdf(members_version))
    assert [page.count(f"Side {n} af {len(pages)}") for n, page in enumerate(pages, start=1)] == [1] * len(pages)


def test_weasyprint_runs_once_and_each_bilag_file_is_read_once(agenda, staff_user, monkeypatch):
    """the separator pages are in the one WeasyPrint document; no second pass, no re-reads."""
    import weasyprint
    from django.db.models.fields.files import FieldFile

    calls = {"render": 0, "open": 0}
    render, open_file = weasyprint.HTML.render, FieldFile.open

    def counting_render(self, *args, **kwargs):
        calls["render"] += 1
        return render(self, *args, **kwargs)

    def counting_open(self, *args, **kwargs):
        calls["open"] += 1
        return open_file(self, *args, **kwargs)

    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    monkeypatch.setattr(weasyprint.HTML, "render", counting_render)
    monkeypatch.setattr(FieldFile, "open", counting_open)
    pdf = documents.render_pdf(members_version)
    assert calls == {"render": 1, "open": 3}
    assert len(pdf_pages(pdf)) == len(pdf_pages(documents.render_pdf(members_version)))


def test_bilag_numbering_restarts_per_item_and_a_typed_prefix_is_not_printed_twice(meeting, staff_user, members):
    """ "Bilag 3.1", "Bilag 3.2"; a title saved with its own prefix (the admin saves it as typed) is
    printed once, and one that was only a number is printed as the number alone."""
    items = [services.add_item(meeting, actor=staff_user, title=f"Sag {n}") for n in (1, 2, 3)]
    services.add_attachment(items[0], actor=staff_user, title="Notat", file=upload("Notat"))
    for title in ("Budget", "Tidsplan"):
        services.add_attachment(items[2], actor=staff_user, title=title, file=upload(title))
    Attachment.objects.filter(title="Budget").update(title="Bilag 7: Budget")
    Attachment.objects.filter(title="Tidsplan").update(title="Bilag 8")
    [members_version, _] = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    pdf = documents.render_pdf(members_version)
    assert bilag_pages(pdf) == ["Bilag 1.1: Notat", "Notat", "Bilag 3.1: Budget", "Budget", "Bilag 3.2", "Tidsplan"]
    text = pdf_text(pdf)
    assert "Bilag 3.1: Budget" in text and "Bilag 7" not in text and "Bilag 8" not in text
    assert [child for _, _, children in pdf_outline(pdf) for child, _, _ in children] == [
        "Bilag 1.1: Notat",
        "Bilag 3.1: Budget",
        "Bilag 3.2",
    ]


def test_the_public_pdf_never_carries_a_closed_items_bilag(agenda, staff_user):
    [_, public] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    pdf = documents.render_pdf(public)
    assert bilag_pages(pdf) == [
        "Bilag 1.1: Køreplan",
        "Køreplan s. 1",
        "Køreplan s. 2",
        "Bilag 1.2: Kort",
        "Kort over ruterne",
    ]
    assert "Lægeerklæring" not in pdf_text(pdf) and "FORTROLIGT" not in pdf_text(pdf)


def test_the_pdf_is_rendered_in_one_query(agenda, staff_user, django_assert_num_queries):
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    with django_assert_num_queries(1):  # the attachments (their files are read from storage)
        documents.render_pdf(members_version)


def truncated() -> bytes:
    return b"%PDF-1.4\n%%EOF\n"  # a header and an end: nothing in between


def garbage() -> bytes:
    return b"%PDF-1.7\n" + b"\x00" * 2000


def password_protected() -> bytes:
    writer = PdfWriter(clone_from=BytesIO(sample_pdf("Hemmeligt")))
    writer.encrypt(user_password="hemmelig", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (truncated, "Bilag 1.1 «Køreplan» kan ikke læses som PDF"),
        (garbage, "Bilag 1.1 «Køreplan» kan ikke læses som PDF"),
        (password_protected, "Bilag 1.1 «Køreplan» er krypteret eller beskyttet med adgangskode"),
    ],
    ids=["truncated", "garbage", "password"],
)
def test_an_unreadable_bilag_fails_the_render_with_a_danish_error(agenda, staff_user, content, message):
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    replace_file(Attachment.objects.get(title="Køreplan"), content())
    tasks.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.FAILED and not members_version.file
    assert members_version.error.startswith(message)  # the Danish text alone, as staff see it
    assert "Erstat filen" in members_version.error


def test_after_the_bilag_is_replaced_the_failed_render_is_retried_with_it(
    agenda, staff_user, django_capture_on_commit_callbacks
):
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    kort = Attachment.objects.get(title="Kort")
    replace_file(kort, truncated())
    tasks.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.FAILED and "Bilag 1.2 «Kort»" in members_version.error

    replace_file(kort, sample_pdf("Det rigtige kort"))
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_publication(members_version, actor=staff_user)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY and members_version.error == ""
    assert bilag_pages(members_version.file.read())[3:5] == ["Bilag 1.2: Kort", "Det rigtige kort"]


def test_a_bilag_removed_after_publishing_still_goes_into_that_version_from_its_file_as_sent(agenda, staff_user):
    [members_version, public] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    Attachment.objects.get(title="Lægeerklæring").delete()  # a correction removes the row; the file stays
    tasks.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY


def test_a_bilag_deleted_with_its_file_after_publishing_fails_the_render(agenda, staff_user):
    [members_version, public] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    gone = Attachment.objects.get(title="Lægeerklæring")
    gone.file.storage.delete(gone.file.name)
    gone.delete()
    tasks.render_publication(members_version.pk)
    tasks.render_publication(public.pk)
    members_version.refresh_from_db()
    public.refresh_from_db()
    assert members_version.state == Publication.State.FAILED
    assert "Bilag 2.1 «Lægeerklæring» er slettet efter offentliggørelsen" in members_version.error
    assert public.state == Publication.State.READY  # the public version never listed it


def test_a_failed_render_is_shown_and_can_be_retried(
    agenda, staff_user, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(publication):
        raise RuntimeError("skrifttype mangler")

    monkeypatch.setattr(documents, "render_pdf", broken)
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    tasks.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.FAILED and "skrifttype mangler" in members_version.error

    monkeypatch.setattr(documents, "render_pdf", lambda publication: b"%PDF-1.7 test")
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_publication(members_version, actor=staff_user)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY and members_version.error == ""


def test_rendering_twice_is_harmless(agenda, staff_user, monkeypatch):
    calls = []
    monkeypatch.setattr(documents, "render_pdf", lambda publication: calls.append(1) or b"%PDF-1.7")
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    tasks.render_publication(members_version.pk)
    tasks.render_publication(members_version.pk)
    assert len(calls) == 1


def test_with_the_broker_down_the_request_is_kept_and_sent_when_it_is_back(
    agenda, staff_user, monkeypatch, settings, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis")

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(documents, "render_pdf", lambda publication: b"%PDF-1.7")
    with monkeypatch.context() as down:
        down.setattr(tasks.render_publication, "delay", unreachable)
        down.setattr(tasks.notify_members, "delay", unreachable)
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    assert set(Publication.objects.values_list("state", flat=True)) == {"queued"}
    assert tasks.requeue_publications() == 2
    assert set(Publication.objects.values_list("state", flat=True)) == {"ready"}


def test_the_e_mail_is_sent_once(agenda, staff_user, mailoutbox, monkeypatch):
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    assert tasks.notify_members(members_version.pk) == 0  # only once the members' PDF is ready
    tasks.render_publication(members_version.pk)
    assert tasks.notify_members(members_version.pk) == 4
    assert tasks.notify_members(members_version.pk) == 0
    assert len(mailoutbox) == 4  # one per recipient, once


def test_a_title_outside_latin_1_keeps_its_letters_on_the_separator_and_in_the_bookmarks(meeting, staff_user, members):
    """The separator pages are laid out by WeasyPrint in the document's font: "Łódź" is written as it is."""
    item = services.add_item(meeting, actor=staff_user, title="Venskabsby")
    services.add_attachment(item, actor=staff_user, title="Brev fra Łódź", file=upload("Brevet"))
    services.add_attachment(item, actor=staff_user, title="Svar", file=upload("Svaret"))
    [members_version, _] = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    pdf = documents.render_pdf(members_version)
    assert bilag_pages(pdf) == ["Bilag 1.1: Brev fra Łódź", "Brevet", "Bilag 1.2: Svar", "Svaret"]
    assert pdf_outline(pdf)[0][0] == "1. Venskabsby"
    assert [title for title, _, _ in pdf_outline(pdf)[0][2]] == ["Bilag 1.1: Brev fra Łódź", "Bilag 1.2: Svar"]


def owner_password_only() -> bytes:
    writer = PdfWriter(clone_from=BytesIO(sample_pdf("Skrivebeskyttet notat")))
    writer.encrypt(user_password="", owner_password="ejer", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_bilag_from_other_programs_keep_their_page_attributes_links_and_text(meeting, staff_user, members):
    """The copy into the agenda (meetings/pdfpages.py) keeps what a page inherits from its page tree, follows
    indirect lengths, points a link at the copied page, and reads a file with only an owner password."""
    from pypdf import PdfReader

    item = services.add_item(meeting, actor=staff_user, title="Sag")
    services.add_attachment(item, actor=staff_user, title="Andet program", file=upload("x"))
    services.add_attachment(item, actor=staff_user, title="Beskyttet", file=upload("x"))
    replace_file(Attachment.objects.get(title="Andet program"), handwritten_pdf())
    replace_file(Attachment.objects.get(title="Beskyttet"), owner_password_only())
    [members_version, _] = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    pdf = documents.render_pdf(members_version)
    assert bilag_pages(pdf) == [
        "Bilag 1.1: Andet program",
        "Side et fra et andet program",
        "Side to",
        "Bilag 1.2: Beskyttet",
        "Skrivebeskyttet notat",
    ]
    reader = PdfReader(BytesIO(pdf))
    first = len(reader.pages) - 4
    page, second = reader.pages[first], reader.pages[first + 1]
    assert [float(n) for n in page.mediabox] == [0, 0, 500, 400] and page.rotation == second.rotation == 90
    [link] = [annotation.get_object() for annotation in page["/Annots"]]
    assert link["/Dest"][0].get_object().indirect_reference == second.indirect_reference
    assert link["/P"].get_object().indirect_reference == page.indirect_reference
