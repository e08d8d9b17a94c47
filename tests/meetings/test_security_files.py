"""Files only to those allowed (docs/security.md): no /media/, random names on disk, a permission-checked
bilag download, private cache headers, and the bilag page limit at upload."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from pypdf import PdfWriter

from meetings import services
from meetings.models import Attachment, Meeting
from tests.conftest import make_member, make_staff
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(100, 100)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(pages: int = 1, name: str = "Personsag Jensen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, blank_pdf(pages), content_type="application/pdf")


@pytest.fixture
def item(nordjylland, period, staff_user):
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="X")
    return services.add_item(meeting, actor=staff_user, title="Personsag", is_closed=True)


@pytest.fixture
def bilag(item, staff_user):
    return services.add_attachment(item, actor=staff_user, title="Lægeerklæring", file=upload())


def test_uploaded_files_are_not_served_under_media_in_any_mode(settings):
    assert settings.DEV_MODE  # dev mode (DEBUG on) is the mode that served them before; the URLs are the same
    with pytest.raises(Resolver404):
        resolve("/media/bilag/2026/Personsag.pdf")


def test_a_bilag_is_stored_under_a_random_name_not_its_own(bilag):
    name = bilag.file.name
    assert name.startswith("bilag/") and name.endswith(".pdf")
    assert "Personsag" not in name and "Jensen" not in name
    assert len(name.rsplit("/", 1)[1]) >= 22  # 128 random bits


def download(client, user, bilag):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("meetings:attachment-file", args=[bilag.pk]))


def test_the_councils_staff_and_members_download_a_bilag_privately(client, bilag, staff_user, member_user):
    services.publish_agenda(bilag.item.meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    for user in (staff_user, member_user):
        response = download(client, user, bilag)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert 'filename="bilag-' in response["Content-Disposition"]


def test_nobody_else_gets_a_bilag(client, bilag, staff_user, hovedstaden, period):
    services.publish_agenda(bilag.item.meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    client.logout()
    assert download(client, None, bilag).status_code == 404  # a closed item's bilag: the URL tells nothing
    assert download(client, make_staff(hovedstaden), bilag).status_code == 404
    assert download(client, make_member(hovedstaden, period), bilag).status_code == 404


def test_a_bilag_over_the_page_limit_is_refused_at_upload_in_danish(client, item, staff_user, settings):
    settings.KKR_MAX_BILAG_PAGES = 3
    client.force_login(staff_user)
    url = reverse("meetings:attachment-create", args=["nordjylland", item.pk])
    refused = client.post(url, {"title": "Stor", "file": upload(4)})
    assert refused.status_code == 400
    assert "Bilaget har 4 sider; højst 3 sider er tilladt" in refused.content.decode()
    assert not Attachment.objects.exists()
    assert client.post(url, {"title": "Passer", "file": upload(3)}).status_code == 302
    assert Attachment.objects.count() == 1


def test_a_20000_page_bilag_is_refused_from_its_page_tree_without_walking_it(item, staff_user):
    from django.core.exceptions import ValidationError

    from meetings.models import validate_pdf

    with pytest.raises(ValidationError, match="20000 sider; højst 500"):
        validate_pdf(upload(20000))


# A bilag is read as the version a user's pages show lists it (SPEC §6, FO 3.3): not before it is sent, not in a
# file swapped in afterwards. Staff of the council read the live bilag.


def sent(meeting, staff_user, **kwargs):
    return services.publish_agenda(meeting, actor=staff_user, now=at(2027, 2, 1, 12), **kwargs)


def file_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_spec_6_a_member_gets_no_bilag_of_an_item_added_after_sending_until_its_tillaeg_is_out(
    client, item, staff_user, member_user
):
    sent(item.meeting, staff_user)
    later = services.add_item(item.meeting, actor=staff_user, title="Tilføjet efter udsendelsen", is_closed=True)
    late_bilag = services.add_attachment(later, actor=staff_user, title="Nyt bilag", file=upload())
    assert download(client, member_user, late_bilag).status_code == 404  # in no version sent to the members
    assert download(client, staff_user, late_bilag).status_code == 200  # the secretariat reads the live bilag
    services.publish_supplement(item.meeting, actor=staff_user, now=at(2027, 2, 2, 12))
    assert download(client, member_user, late_bilag).status_code == 200


def test_spec_6_a_bilag_replaced_after_sending_gives_members_the_file_as_sent(client, bilag, staff_user, member_user):
    sent(bilag.item.meeting, staff_user)
    as_sent = bilag.file.open("rb").read()
    bilag.file.save("ny.pdf", upload(2), save=True)  # as the admin's change form replaces it, past the item page
    assert file_of(download(client, member_user, bilag)) == as_sent
    assert file_of(download(client, staff_user, bilag)) != as_sent  # the secretariat works on the live one


def test_spec_6_the_public_gets_only_an_open_items_bilag_of_a_published_public_version(client, item, staff_user):
    open_item = services.add_item(item.meeting, actor=staff_user, title="Åbent punkt")
    open_bilag = services.add_attachment(open_item, actor=staff_user, title="Notat", file=upload())
    closed_bilag = services.add_attachment(item, actor=staff_user, title="Lægeerklæring", file=upload())
    client.logout()
    sent(item.meeting, staff_user, draft=True)  # a draft goes to the members only
    assert download(client, None, open_bilag).status_code == 404
    sent(item.meeting, staff_user, change_note="Udsendt til alle")
    assert download(client, None, open_bilag).status_code == 200
    assert download(client, None, closed_bilag).status_code == 404
    later = services.add_item(item.meeting, actor=staff_user, title="Tilføjet efter udsendelsen")
    late_bilag = services.add_attachment(later, actor=staff_user, title="Nyt notat", file=upload())
    assert download(client, None, late_bilag).status_code == 404
    services.publish_supplement(item.meeting, actor=staff_user, now=at(2027, 2, 2, 12))
    assert download(client, None, late_bilag).status_code == 200


def test_a_bilag_whose_file_as_sent_is_gone_serves_its_file_now_and_with_no_file_a_404(
    client, bilag, staff_user, member_user
):
    """The recovery for a render that failed on a lost file: staff replace it on the same bilag and retry."""
    sent(bilag.item.meeting, staff_user)
    storage, as_sent = bilag.file.storage, bilag.file.name
    bilag.file.save("ny.pdf", upload(2), save=True)
    now = bilag.file.open("rb").read()
    storage.delete(as_sent)
    assert file_of(download(client, member_user, bilag)) == now
    storage.delete(bilag.file.name)
    assert download(client, member_user, bilag).status_code == 404
    assert download(client, staff_user, bilag).status_code == 404
