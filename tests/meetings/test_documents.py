"""Published documents: snapshots, the Celery render (WeasyPrint), retries, e-mail notices (FO 3.3, FO 3.4)."""

import pytest
from kombu.exceptions import OperationalError

from meetings import documents, services, tasks
from meetings.models import Publication
from tests.meetings.conftest import at, pdf_file
from tests.meetings.pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(meeting, staff_user, members):
    open_item = services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser og tog")
    services.add_attachment(open_item, actor=staff_user, title="Køreplan", file=pdf_file())
    services.add_item(
        meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIGT INDHOLD", is_closed=True
    )
    return meeting


def test_FO_3_3_the_public_pdf_shows_a_closed_item_only_as_its_title(
    agenda, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    """One real render of each version (WeasyPrint), read back with the small extractor in pdftext.py."""
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    members_version = Publication.objects.get(audience="members")
    public = Publication.objects.get(audience="public")
    assert members_version.state == public.state == Publication.State.READY
    public_text = pdf_text(public.file.read())
    members_text = pdf_text(members_version.file.read())
    assert "Busser og tog" in public_text and "Personsag" in public_text and "Lukket punkt" in public_text
    assert "FORTROLIGT" not in public_text
    assert "FORTROLIGT INDHOLD" in members_text
    assert b"/EmbeddedFile" in members_version.file.open("rb").read()  # bilag 1.1 is embedded
    [mail] = mailoutbox
    assert "/kkr/nordjylland/medlem/moeder/" in mail.body and not mail.attachments
    assert len(mail.bcc) == 4


def test_the_snapshot_is_built_in_constant_queries(agenda, django_assert_num_queries):
    agenda = type(agenda).objects.select_related("council").get(pk=agenda.pk)
    agenda.rule_set  # noqa: B018 - loaded once per meeting, outside the count
    with django_assert_num_queries(2):  # items, attachments
        content = documents.agenda_content(agenda, public=False)
    assert [a["number"] for a in content["items"][0]["attachments"]] == ["1.1"]


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
    assert tasks.requeue_publications(older_than_minutes=0) == 2
    assert set(Publication.objects.values_list("state", flat=True)) == {"ready"}


def test_the_e_mail_is_sent_once(agenda, staff_user, mailoutbox, monkeypatch):
    [members_version, _] = services.publish_agenda(agenda, actor=staff_user, now=at(2026, 5, 1, 12))
    assert tasks.notify_members(members_version.pk) == 4
    assert tasks.notify_members(members_version.pk) == 0
    assert len(mailoutbox) == 1
