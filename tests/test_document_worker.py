"""The composition's PDF ordered on its page is rendered by a real Celery worker on the real broker (Redis in
CI), while the page answers at once; the file comes through the page's download. No mocks."""

import time

import pytest
from django.urls import reverse

from elections.demo import load_demo_results
from members.models import Council, DocumentJob, ElectionPeriod
from tests.builders import make_staff

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_composition_pdf_is_rendered_by_the_worker_not_the_request(client, real_worker, reference_data):
    council, period = Council.objects.get(slug="nordjylland"), ElectionPeriod.objects.get(name="2026-2030")
    load_demo_results(council, period)
    client.force_login(make_staff(council, "sekretariat-worker-pdf"))
    ordered = client.post(reverse("elections:composition-pdf", args=[council.slug, period.name]))
    assert ordered.status_code == 302
    job = DocumentJob.objects.get()
    assert job.state != DocumentJob.State.READY  # the request rendered nothing; the worker takes seconds
    deadline = time.monotonic() + 60
    while DocumentJob.objects.filter(pk=job.pk, state__in=["queued", "rendering"]).exists():
        assert time.monotonic() < deadline, "the worker did not finish the PDF"
        assert client.get(ordered.url, headers={"HX-Request": "true"}).status_code == 200  # the page polls
        time.sleep(0.3)
    job.refresh_from_db()
    assert job.state == DocumentJob.State.READY, job.error
    response = client.get(reverse("elections:composition-pdf-file", args=[council.slug, period.name, job.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
