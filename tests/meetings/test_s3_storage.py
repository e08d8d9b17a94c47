"""Media on S3 storage (``MEDIA_STORAGE=s3``, docs/scaling.md) against a real S3-protocol server process that
the tests start (moto's standalone server on a free port): a bilag uploaded through the page, an agenda
rendered with it, both downloaded through the permission-checked views, the orphan listing and its deletion,
and /healthz. The host's own media folder is never used."""

from io import StringIO
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from kkr.settings import s3_media_backend
from meetings import services
from meetings.models import Attachment, Meeting, Publication
from tests.builders import at
from tests.faults.servers import S3Server
from tests.meetings.pdftext import pdf_text, sample_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server().start()
    yield server
    server.kill()


@pytest.fixture
def bucket(s3_server, settings, media_root):
    """A new bucket as the media storage; afterwards, the local media folder must never have been made."""
    name = s3_server.create_bucket(f"kkr-{uuid4().hex[:12]}")
    backend = s3_media_backend(s3_server.url, name, S3Server.KEY, S3Server.SECRET, S3Server.REGION)
    settings.STORAGES = {**settings.STORAGES, "default": backend}
    settings.MEDIA_STORAGE = "s3"
    yield name
    assert not media_root.exists(), "the local media folder was used"


@pytest.fixture
def item(nordjylland, period, members, staff_user):
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="Aars")
    return services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser")


def upload_bilag(client, staff_user, item) -> Attachment:
    client.force_login(staff_user)
    url = reverse("meetings:attachment-create", args=["nordjylland", item.pk])
    sent = SimpleUploadedFile("køreplan.pdf", sample_pdf("KØREPLAN FRA S3"), "application/pdf")
    assert client.post(url, {"title": "Køreplan", "file": sent}).status_code == 302
    return item.attachments.get()


def publish(item, staff_user, django_capture_on_commit_callbacks) -> dict[str, Publication]:
    with django_capture_on_commit_callbacks(execute=True):  # rendered at once (eager Celery), as in production
        services.publish_agenda(item.meeting, actor=staff_user, now=at(2027, 2, 1, 12))
    return {p.audience: p for p in Publication.objects.filter(meeting=item.meeting)}


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_s3_a_bilag_uploaded_rendered_into_the_agenda_and_downloaded_through_the_checked_views(
    client, item, staff_user, member_user, bucket, s3_server, django_capture_on_commit_callbacks
):
    bilag = upload_bilag(client, staff_user, item)
    assert bilag.file.name in s3_server.keys(bucket) and bilag.size > 0
    published = publish(item, staff_user, django_capture_on_commit_callbacks)
    assert {p.state for p in published.values()} == {Publication.State.READY}
    assert {p.file.name for p in published.values()} <= s3_server.keys(bucket)

    client.logout()
    public = client.get(reverse("meetings:publication-pdf", args=[published["public"].pk]))
    assert public.status_code == 200 and "KØREPLAN FRA S3" in pdf_text(body(public))
    members_version = reverse("meetings:publication-pdf", args=[published["members"].pk])
    assert client.get(members_version).status_code == 404  # the members' version, to a visitor
    client.force_login(member_user)
    private = client.get(members_version)
    assert private.status_code == 200 and "private" in private["Cache-Control"]
    assert "KØREPLAN FRA S3" in pdf_text(body(private))
    downloaded = client.get(reverse("meetings:attachment-file", args=[bilag.pk]))
    assert downloaded.status_code == 200 and pdf_text(body(downloaded)).strip() == "KØREPLAN FRA S3"


def test_s3_a_bilag_gone_from_the_bucket_is_a_danish_404(client, item, staff_user, bucket, s3_server):
    bilag = upload_bilag(client, staff_user, item)
    s3_server.client().delete_object(Bucket=bucket, Key=bilag.file.name)
    response = client.get(reverse("meetings:attachment-file", args=[bilag.pk]))
    assert response.status_code == 404


def test_s3_orphan_files_lists_and_deletes_only_the_files_no_row_names(
    client, item, staff_user, bucket, s3_server, django_capture_on_commit_callbacks
):
    bilag = upload_bilag(client, staff_user, item)
    published = publish(item, staff_user, django_capture_on_commit_callbacks)
    for key in ("publikationer/2027/forladt.pdf", "bilag/2027/forladt.pdf"):
        s3_server.client().put_object(Bucket=bucket, Key=key, Body=b"%PDF-1.7 delvis")
    named = {bilag.file.name, *(p.file.name for p in published.values())}

    out = StringIO()
    call_command("orphan_files", "--min-age-minutes", "0", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split("\t")[0] for line in lines[:-1]] == ["bilag/2027/forladt.pdf", "publikationer/2027/forladt.pdf"]
    assert lines[-1] == "2 filer på lageret nævnes ikke af nogen række (30 byte). Intet er slettet; brug --delete."
    assert s3_server.keys(bucket) == named | {"publikationer/2027/forladt.pdf", "bilag/2027/forladt.pdf"}

    call_command("orphan_files", "--delete", "--min-age-minutes", "0", stdout=StringIO())
    assert s3_server.keys(bucket) == named


def test_s3_a_render_whose_store_fails_deletes_its_partial_object_and_says_why(
    item, staff_user, bucket, s3_server, settings, django_capture_on_commit_callbacks
):
    """A storage that refuses the write (here: the bucket is gone) marks the publication failed with the
    cause for staff, and leaves no object behind."""
    s3_server.client().delete_bucket(Bucket=bucket)
    published = publish(item, staff_user, django_capture_on_commit_callbacks)
    for publication in published.values():
        assert publication.state == Publication.State.FAILED and not publication.file
        assert publication.error.startswith("PDF'en kunne ikke gemmes på lageret (")
    s3_server.create_bucket(bucket)
    assert s3_server.keys(bucket) == set()


def test_s3_health_reports_the_bucket_instead_of_free_disk_space(client, bucket, s3_server):
    assert client.get("/healthz").json() | {"broker": None} == {
        "database": "ok",
        "broker": None,
        "media": "ok",
        "media_storage": "s3",
    }
    s3_server.client().delete_bucket(Bucket=bucket)
    response = client.get("/healthz")
    assert response.status_code == 200  # a restart mends no storage server: pages without files still work
    assert response.json()["media"] == "fejl"
    assert response.json()["warning"] == "S3-lageret svarer ikke: nye PDF'er og bilag kan hverken gemmes eller hentes."
    s3_server.create_bucket(bucket)


def test_s3_a_render_that_cannot_reach_the_storage_says_so_not_that_the_bilag_is_damaged(
    client, item, staff_user, bucket, s3_server, settings, django_capture_on_commit_callbacks
):
    """The bilag is fine; the storage server did not answer. Staff must read that, and retry later."""
    upload_bilag(client, staff_user, item)
    unreachable = s3_media_backend("http://127.0.0.1:9", bucket, S3Server.KEY, S3Server.SECRET, S3Server.REGION)
    settings.STORAGES = {**settings.STORAGES, "default": unreachable}
    published = publish(item, staff_user, django_capture_on_commit_callbacks)
    for publication in published.values():
        assert publication.state == Publication.State.FAILED
        assert "kunne ikke hentes fra lageret" in publication.error and "beskadiget" not in publication.error


def test_s3_a_download_while_the_storage_does_not_answer_is_a_danish_503_not_a_500(
    client, item, staff_user, member_user, bucket, settings, django_capture_on_commit_callbacks
):
    bilag = upload_bilag(client, staff_user, item)
    published = publish(item, staff_user, django_capture_on_commit_callbacks)
    unreachable = s3_media_backend("http://127.0.0.1:9", bucket, S3Server.KEY, S3Server.SECRET, S3Server.REGION)
    settings.STORAGES = {**settings.STORAGES, "default": unreachable}
    client.force_login(member_user)
    for url in (
        reverse("meetings:publication-pdf", args=[published["members"].pk]),
        reverse("meetings:attachment-file", args=[bilag.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 503 and response["Retry-After"]
        assert "Lageret med PDF'er og bilag svarer ikke lige nu" in response.content.decode()
