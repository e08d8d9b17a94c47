"""A PDF asked for on a page is a ``DocumentJob`` the worker renders: the same request while one runs is that
one, a lost one is given up, a failure says what happened in Danish, a new file replaces the old one."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from kkr.errors import RuleViolation
from members.models import DocumentJob
from members.models.documents import stuck_after
from members.services import documents
from tests.concurrency import at_once
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7 en lille fil"


class Task:
    """Stands in for a Celery task: records what was sent, or refuses like a broker that is down."""

    def __init__(self, *, down=False):
        self.sent, self.down = [], down
        self.app = SimpleNamespace(conf=SimpleNamespace(task_always_eager=False))

    def delay(self, pk):
        if self.down:
            raise BrokerError("Redis svarer ikke")
        self.sent.append(pk)


def order(council, period, task, *, day=date(2027, 1, 4), options="", **fields):
    fields = {"kind": DocumentJob.Kind.REGISTER, "filename": "u.pdf", "actor": None, **fields}
    return documents.request_document(council=council, period=period, day=day, options=options, task=task, **fields)


def test_the_order_is_queued_when_committed_and_rendered_by_the_task(
    nordjylland, period, staff_user, django_capture_on_commit_callbacks
):
    task = Task()
    with django_capture_on_commit_callbacks(execute=True):
        job = order(nordjylland, period, task, actor=staff_user)
        assert task.sent == []  # nothing reaches the broker before the row is committed
    assert task.sent == [job.pk] and not job.reused
    assert (job.state, job.requested_by) == (DocumentJob.State.QUEUED, staff_user)
    done = documents.run_document(job.pk, lambda job: PDF)
    assert done.state == DocumentJob.State.READY and done.finished_at is not None
    assert done.file.read() == PDF
    assert documents.run_document(job.pk, lambda job: pytest.fail("rendered twice")).state == DocumentJob.State.READY


def test_the_same_request_while_one_runs_gets_that_one(nordjylland, period, django_capture_on_commit_callbacks):
    task = Task()
    with django_capture_on_commit_callbacks(execute=True):
        first = order(nordjylland, period, task, options="body=3")
        again = order(nordjylland, period, task, options="body=3")
        other_day = order(nordjylland, period, task, options="body=3", day=date(2027, 1, 5))
        other_filter = order(nordjylland, period, task, options="body=4")
    assert again.pk == first.pk and again.reused
    assert len({first.pk, other_day.pk, other_filter.pk}) == 3
    assert task.sent == [first.pk, other_day.pk, other_filter.pk]
    documents.run_document(first.pk, lambda job: PDF)
    assert order(nordjylland, period, task, options="body=3").pk != first.pk  # a finished one is not reused


def test_another_councils_same_request_is_its_own(nordjylland, hovedstaden, period):
    task = Task()
    assert order(nordjylland, period, task).pk != order(hovedstaden, period, task).pk


def test_a_job_the_worker_lost_is_given_up_and_ordered_anew(nordjylland, period):
    task = Task()
    lost = order(nordjylland, period, task, now=timezone.now() - stuck_after() - timedelta(seconds=1))
    assert lost.is_stuck()
    fresh = order(nordjylland, period, task)
    lost.refresh_from_db()
    assert fresh.pk != lost.pk and (lost.state, lost.error) == (DocumentJob.State.FAILED, documents.LOST)
    # The lost one reaching a worker after all renders nothing.
    assert documents.run_document(lost.pk, lambda job: pytest.fail("rendered")).state == DocumentJob.State.FAILED


def test_a_render_given_up_while_it_ran_keeps_no_file(nordjylland, period, media_root):
    job = order(nordjylland, period, Task())

    def render(job):
        DocumentJob.objects.filter(pk=job.pk).update(state=DocumentJob.State.FAILED, error=documents.LOST)
        return PDF

    assert documents.run_document(job.pk, render).state == DocumentJob.State.FAILED
    job.refresh_from_db()
    assert not job.file and not list(media_root.rglob("*.pdf"))


def test_a_refused_render_fails_with_its_danish_reason(nordjylland, period):
    job = order(nordjylland, period, Task())

    def render(job):
        raise RuleViolation("Der skal trækkes lod.", rule="B1 1.1")

    done = documents.run_document(job.pk, render)
    assert (done.state, done.error) == (DocumentJob.State.FAILED, "Der skal trækkes lod. (B1 1.1)")


def test_a_broken_render_fails_with_a_general_danish_message_and_is_logged(nordjylland, period, caplog):
    job = order(nordjylland, period, Task())
    done = documents.run_document(job.pk, lambda job: 1 / 0)
    assert (done.state, done.error) == (DocumentJob.State.FAILED, documents.FAILED)
    assert "ZeroDivisionError" in caplog.text


def test_a_pdf_that_cannot_be_stored_fails_and_leaves_no_file(nordjylland, period, monkeypatch):
    job = order(nordjylland, period, Task())
    monkeypatch.setattr("django.core.files.storage.FileSystemStorage._save", lambda *a, **k: 1 / 0)
    done = documents.run_document(job.pk, lambda job: PDF)
    assert (done.state, done.error, done.file.name) == (DocumentJob.State.FAILED, documents.NOT_STORED, "")


def test_an_unreachable_broker_fails_the_order_at_once(nordjylland, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = order(nordjylland, period, Task(down=True))
    job.refresh_from_db()
    assert (job.state, job.error) == (DocumentJob.State.FAILED, documents.NOT_QUEUED)
    assert order(nordjylland, period, Task()).pk != job.pk  # and may be ordered again


def test_a_new_file_replaces_the_older_ones_of_the_same_request(
    nordjylland, period, media_root, django_capture_on_commit_callbacks
):
    task = Task()
    with django_capture_on_commit_callbacks(execute=True):
        old = order(nordjylland, period, task)
        documents.run_document(old.pk, lambda job: PDF)
        other = order(nordjylland, period, task, options="body=9")
        documents.run_document(other.pk, lambda job: PDF)
        new = order(nordjylland, period, task)
        documents.run_document(new.pk, lambda job: PDF)
    assert set(DocumentJob.objects.values_list("pk", flat=True)) == {other.pk, new.pk}
    assert len(list(media_root.rglob("*.pdf"))) == 2


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_make_one_job(reference_data):
    if connection.vendor != "postgresql":
        skip_or_fail("KKR_REQUIRE_POSTGRES", "kræver PostgreSQL (DATABASE_URL)")
    from members.models import Council, ElectionPeriod

    council, period = Council.objects.get(slug="nordjylland"), ElectionPeriod.objects.get(name="2026-2030")
    task = Task()
    results = at_once([lambda: order(council, period, task) for _ in range(4)])
    assert all(isinstance(result, DocumentJob) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert DocumentJob.objects.count() == 1 and len(task.sent) == 1
