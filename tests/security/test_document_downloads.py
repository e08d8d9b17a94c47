"""Attacks on the PDFs the worker renders for a council's pages (the composition, the register): a finished
file is read only through its page's own permission check, never by guessing its number under another
council, period or page, never from the media URL, and never kept by a shared cache."""

import pytest
from django.urls import reverse

from members.models import DocumentJob
from tests.security.world import one_page_pdf

pytestmark = pytest.mark.django_db

PAGES = {
    DocumentJob.Kind.COMPOSITION: "elections:composition-pdf",
    DocumentJob.Kind.REGISTER: "appointments:register-pdf",
}


def finished(council, period, kind):
    job = DocumentJob(kind=kind, council=council, period=period, day="2027-01-04", filename="a.pdf", state="ready")
    job.file.save("a.pdf", one_page_pdf("Hemmeligt udkast"), save=True)
    return job


def urls(kind, slug, job_pk, period="2026-2030"):
    page = PAGES[kind]
    return [reverse(f"{page}-job", args=[slug, period, job_pk]), reverse(f"{page}-file", args=[slug, period, job_pk])]


@pytest.fixture(params=list(DocumentJob.Kind))
def job(request, nordjylland, period):
    return finished(nordjylland, period, request.param)


def test_the_councils_staff_and_a_kl_admin_read_it_privately(client, job, staff_user, admin_user_kl):
    for user in (staff_user, admin_user_kl):
        client.force_login(user)
        page, file = urls(job.kind, "nordjylland", job.pk)
        assert client.get(page).status_code == 200
        response = client.get(file)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_another_councils_staff_get_404_under_either_councils_address(client, job, hovedstaden, other_staff_user):
    client.force_login(other_staff_user)
    for slug in ("nordjylland", "hovedstaden"):  # A's address: not their council; their own: not their job
        for url in urls(job.kind, slug, job.pk):
            assert client.get(url).status_code == 404, url


def test_the_councils_members_get_403_and_the_anonymous_the_login(client, job, member_user):
    for url in urls(job.kind, "nordjylland", job.pk):
        assert reverse("login") in client.get(url).url
    client.force_login(member_user)
    for url in urls(job.kind, "nordjylland", job.pk):
        assert client.get(url).status_code == 403, url


def test_a_job_is_not_read_through_another_page_or_period(client, job, staff_user):
    other = next(kind for kind in DocumentJob.Kind if kind != job.kind)
    client.force_login(staff_user)
    for url in [*urls(other, "nordjylland", job.pk), *urls(job.kind, "nordjylland", job.pk, "2022-2026")]:
        assert client.get(url).status_code == 404, url


def test_the_file_is_not_served_from_the_media_address(client, job, staff_user):
    client.force_login(staff_user)
    assert client.get(f"/media/{job.file.name}").status_code == 404
    assert "Hemmeligt" not in job.file.name and "nordjylland" not in job.file.name  # a name nobody can guess


def test_an_unfinished_job_has_no_file_yet_and_its_page_polls(client, nordjylland, period, staff_user):
    job = DocumentJob.objects.create(
        kind=DocumentJob.Kind.COMPOSITION, council=nordjylland, period=period, day="2027-01-04", filename="a.pdf"
    )
    page, file = urls(job.kind, "nordjylland", job.pk)
    client.force_login(staff_user)
    assert client.get(file).status_code == 404
    full = client.get(page).text
    assert f'hx-get="{page}"' in full and f'<a href="{page}">Opdatér siden</a>' in full  # and by hand without JS
    fragment = client.get(page, headers={"HX-Request": "true"}).text
    assert fragment.startswith('<section id="document-job"') and "<html" not in fragment
    DocumentJob.objects.filter(pk=job.pk).update(state="failed", error="Noget gik galt.")
    failed = client.get(page, headers={"HX-Request": "true"}).text
    assert "hx-get" not in failed and "Noget gik galt." in failed and "Prøv igen" in failed
