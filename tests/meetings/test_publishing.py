"""Publishing that never loses or doubles anything and the secretariat's publish flow:
owed side effects retried until done, render leases, one version per click, drafts, change notes, previews."""

import errno
import time
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from kkr.errors import RuleViolation
from meetings import documents, services, tasks
from meetings.models import Delivery, Publication
from meetings.services import delivery, outbox, publishing, rendering
from tests.builders import at
from tests.meetings.pdftext import pdf_text

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 test"


@pytest.fixture
def agenda(meeting, staff_user, members):
    services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser og tog")
    services.add_item(meeting, actor=staff_user, title="Personsag", case_presentation="FORTROLIGT", is_closed=True)
    return meeting


@pytest.fixture
def fake_render(monkeypatch):
    calls = []
    monkeypatch.setattr(documents, "render_pdf", lambda publication: calls.append(publication.pk) or FAKE_PDF)
    return calls


def publish(meeting, user, **kwargs):
    return services.publish_agenda(meeting, actor=user, now=at(2026, 5, 1, 12), **kwargs)


# --- 1. Every owed side effect is recorded and retried until done -------------------------------------


def test_the_members_e_mail_is_owed_in_the_database_and_sent_only_when_their_pdf_is_ready(
    agenda, staff_user, fake_render, mailoutbox, django_capture_on_commit_callbacks
):
    members_version, public = publish(agenda, staff_user)
    assert members_version.notify_owed and not public.notify_owed
    assert tasks.notify_members(members_version.pk) == 0 and not mailoutbox  # no PDF yet: nothing sent
    with django_capture_on_commit_callbacks(execute=True):
        tasks.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.notified_at is not None and len(mailoutbox) == 4  # one per recipient


def test_after_a_broker_outage_the_requeue_sends_the_renders_and_then_the_e_mail(
    agenda, staff_user, fake_render, mailoutbox, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """before, the e-mail task was lost with the broker and never sent again."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(outbox, "enqueue", lambda name, pk: sent.append((name, pk)) and False)
    with django_capture_on_commit_callbacks(execute=True):
        members_version, public = publish(agenda, staff_user)  # the broker is down: nothing arrives
    monkeypatch.undo()
    later = timezone.now() + timedelta(minutes=11)
    assert outbox.owed(later) == {"render_publication": [members_version.pk, public.pk], "notify_members": []}
    for pk in outbox.owed(later)["render_publication"]:
        rendering.render_publication(pk)  # the worker renders; the e-mail is queued on commit (lost again)
    assert outbox.owed(later) == {"render_publication": [], "notify_members": [members_version.pk]}
    assert outbox.requeue_owed(later) == 1  # beat: the e-mail (eager here)
    assert len(mailoutbox) == 4 and outbox.owed(later) == {"render_publication": [], "notify_members": []}


def test_each_recipient_gets_an_e_mail_of_their_own_and_the_log_records_when(
    agenda, staff_user, fake_render, mailoutbox, django_capture_on_commit_callbacks
):
    members_version, _ = publish(agenda, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.render_publication(members_version.pk)
    deliveries = list(Delivery.objects.filter(publication=members_version))
    assert len(deliveries) == 4 and all(delivery.sent_at for delivery in deliveries)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(delivery.email for delivery in deliveries)
    assert all(len(message.to) == 1 and not message.bcc for message in mailoutbox)  # no one sees the others
    assert tasks.notify_members(members_version.pk) == 0 and len(mailoutbox) == 4


def test_a_commit_that_fails_after_some_e_mails_resends_only_to_those_not_yet_sent(
    agenda, staff_user, fake_render, mailoutbox, monkeypatch
):
    """Before: one e-mail to all, sent before ``notified_at`` was committed; a failed commit and the retry
    sent it to everyone again. Now only the message in flight when it failed can go twice."""
    members_version, _ = publish(agenda, staff_user)
    rendering.render_publication(members_version.pk)
    commit_sent = Delivery.save

    def database_gone_at_the_third(delivery, *args, **kwargs):
        if Delivery.objects.filter(sent_at__isnull=False).count() == 2:
            raise OperationalError("server closed the connection unexpectedly")
        commit_sent(delivery, *args, **kwargs)

    with monkeypatch.context() as down:
        down.setattr(Delivery, "save", database_gone_at_the_third)
        with pytest.raises(OperationalError):
            tasks.notify_members(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.notified_at is None and len(mailoutbox) == 3  # the third went, its record did not
    assert outbox.owed()["notify_members"] == [members_version.pk]
    assert tasks.notify_members(members_version.pk) == 2  # the retry: the third again and the fourth
    received = [message.to[0] for message in mailoutbox]
    assert sorted(received.count(address) for address in set(received)) == [1, 1, 1, 2]
    members_version.refresh_from_db()
    assert members_version.notified_at and not Delivery.objects.filter(sent_at=None).exists()


def test_staff_see_each_versions_e_mail_per_recipient_sent_or_not(client, agenda, staff_user, fake_render, mailoutbox):
    members_version, _ = publish(agenda, staff_user)
    rendering.render_publication(members_version.pk)
    delivery._record_recipients(members_version.pk)
    first, *others = Delivery.objects.filter(publication=members_version).order_by("email")
    Delivery.objects.filter(pk=first.pk).update(sent_at=at(2026, 5, 1, 12, 5))
    client.force_login(staff_user)
    meeting_page = client.get(reverse("meetings:meeting-detail", args=["nordjylland", agenda.pk])).content.decode()
    log_url = reverse("meetings:publication-deliveries", args=["nordjylland", members_version.pk])
    assert "E-mail: 1 af 4 sendt" in meeting_page and log_url in meeting_page
    log = client.get(log_url).content.decode()
    assert first.email in log and "1. maj 2026 kl. 12.05" in log
    assert all(other.email in log for other in others) and log.count("Ikke sendt") == 3
    assert "1 af 4 sendt" in log


def test_a_just_queued_render_is_not_sent_twice_by_the_requeue(agenda, staff_user):
    publish(agenda, staff_user)  # requested at 12.00
    assert outbox.owed(at(2026, 5, 1, 12, 9))["render_publication"] == []
    assert len(outbox.owed(at(2026, 5, 1, 12, 11))["render_publication"]) == 2


# --- 2. A render holds a lease; an expired lease is taken over ----------------------------------------


@pytest.mark.django_db(transaction=True)  # the request's own commit runs the enqueue, as in production
def test_a_render_the_broker_refused_waits_for_the_background_queue_and_is_sent_at_the_next_requeue(
    client, agenda, staff_user, fake_render, mailoutbox, monkeypatch, settings
):
    """Before: the failed enqueue was only logged; the render waited out the 10-minute queued grace and staff
    saw "I kø" with nothing queued."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client.force_login(staff_user)
    url = reverse("meetings:agenda-publish", args=["nordjylland", agenda.pk])

    def broker_down(*args, **kwargs):
        raise BrokerError("Error 111 connecting to redis")

    with monkeypatch.context() as down:
        down.setattr(tasks.render_publication, "delay", broker_down)
        response = client.post(url, {"token": uuid4(), "version": 1, "late_reason": "Sen sag"}, follow=True)
    assert "PDF&#x27;en venter på baggrundskøen" in response.content.decode()
    members_version, public = Publication.objects.filter(version=1).order_by("audience")
    assert members_version.enqueue_failed and public.enqueue_failed
    meeting_page = client.get(reverse("meetings:meeting-detail", args=["nordjylland", agenda.pk])).content.decode()
    assert meeting_page.count("Venter på baggrundskøen") == 2
    assert outbox.owed()["render_publication"] == [members_version.pk, public.pk]  # at once, not in 10 min
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the broker is back: beat's requeue sends them
    assert outbox.requeue_owed() == 2
    assert not Publication.objects.filter(enqueue_failed=True).exists()
    assert set(Publication.objects.values_list("state", flat=True)) == {Publication.State.READY}
    assert len(mailoutbox) == 4


def test_a_killed_render_is_taken_over_when_its_lease_runs_out(agenda, staff_user, fake_render):
    members_version, _ = publish(agenda, staff_user)
    now = timezone.now()
    Publication.objects.filter(pk=members_version.pk).update(  # a worker took it and was killed
        state=Publication.State.RENDERING, lease_until=now + timedelta(minutes=10), attempts=1
    )
    rendering.render_publication(members_version.pk, now=now)
    assert fake_render == []  # the lease is held: left to its holder
    later = now + timedelta(minutes=11)
    assert members_version.pk in outbox.owed(later)["render_publication"]
    rendering.render_publication(members_version.pk, now=later)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY and members_version.attempts == 2
    assert members_version.lease_until is None


@pytest.mark.django_db(transaction=True)  # the renewing thread has a database connection of its own
def test_a_render_longer_than_its_short_lease_keeps_it_by_renewing_it(agenda, staff_user, monkeypatch, settings):
    """Before: a fixed 600 s lease (longer than any render), so a killed worker cost 10 minutes. Now the lease
    is short and renewed while the render runs: a long render is not taken over, a dead one soon is."""
    settings.PUBLICATION_RENDER_LEASE_SECONDS = 1
    monkeypatch.setattr(outbox, "enqueue", lambda name, pk: True)  # the worker is this test
    members_version, _ = publish(agenda, staff_user)
    seen = {}

    def longer_than_the_lease(publication):
        time.sleep(1.8)
        seen["owed"] = outbox.owed()["render_publication"]
        seen["lease_until"] = Publication.objects.get(pk=publication.pk).lease_until
        return FAKE_PDF

    monkeypatch.setattr(documents, "render_pdf", longer_than_the_lease)
    started = timezone.now()
    rendering.render_publication(members_version.pk)
    assert members_version.pk not in seen["owed"] and seen["lease_until"] > started + timedelta(seconds=1)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY and members_version.attempts == 1


def test_a_database_error_during_a_render_propagates_so_the_task_retries_and_the_lease_expires(
    agenda, staff_user, monkeypatch
):
    members_version, _ = publish(agenda, staff_user)

    def database_gone(publication):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(documents, "render_pdf", database_gone)
    with pytest.raises(OperationalError):
        rendering.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.RENDERING and members_version.error == ""
    assert OperationalError in tasks.render_publication.autoretry_for  # Celery retries with backoff
    assert members_version.pk in outbox.owed(members_version.lease_until + timedelta(seconds=1))["render_publication"]


def test_every_publishing_task_retries_on_database_and_broker_errors_with_backoff():
    for task in (tasks.render_publication, tasks.notify_members, tasks.requeue_publications):
        assert {OperationalError, BrokerError} <= set(task.autoretry_for), task.name
        assert task.retry_backoff and task.retry_backoff_max and task.max_retries and task.acks_late


def test_a_task_retried_after_a_database_error_resumes_its_own_render_at_once(agenda, staff_user, monkeypatch):
    """Before: the retry found the row "rendering" under its own lease and left it, for the lease's 10 minutes.
    The real drop (a worker, our own PostgreSQL stopped) is tests/faults/test_worker.py."""
    members_version, _ = publish(agenda, staff_user)

    def database_gone(publication):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(documents, "render_pdf", database_gone)
    with pytest.raises(OperationalError):
        rendering.render_publication(members_version.pk, holder="task-1")
    monkeypatch.setattr(documents, "render_pdf", lambda publication: FAKE_PDF)
    assert rendering.render_publication(members_version.pk, holder="task-2").state == Publication.State.RENDERING
    resumed = rendering.render_publication(members_version.pk, holder="task-1")  # the retry: same task id
    assert resumed.state == Publication.State.READY and resumed.attempts == 2


def test_a_final_save_that_fails_leaves_no_orphan_file(agenda, staff_user, fake_render, monkeypatch, media_root):
    members_version, _ = publish(agenda, staff_user)
    original = Publication.save

    def connection_lost(self, *args, **kwargs):
        if "file" in kwargs.get("update_fields", ()):
            raise OperationalError("server closed the connection unexpectedly")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Publication, "save", connection_lost)
    with pytest.raises(OperationalError):
        rendering.render_publication(members_version.pk)
    assert list(media_root.rglob("*.pdf")) == []


def test_staff_can_retry_a_stuck_render_but_not_one_whose_lease_is_held(
    agenda, staff_user, fake_render, django_capture_on_commit_callbacks
):
    members_version, _ = publish(agenda, staff_user)
    now = timezone.now()
    Publication.objects.filter(pk=members_version.pk).update(
        state=Publication.State.RENDERING, lease_until=now + timedelta(minutes=5)
    )
    members_version.refresh_from_db()
    assert not members_version.can_retry
    with pytest.raises(RuleViolation, match="dannes netop nu"):
        services.retry_publication(members_version, actor=staff_user, now=now)
    Publication.objects.filter(pk=members_version.pk).update(lease_until=now - timedelta(seconds=1))
    members_version.refresh_from_db()
    assert members_version.can_retry
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_publication(members_version, actor=staff_user, now=now)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY


def test_the_staff_page_offers_retry_for_a_stuck_render(client, agenda, staff_user):
    members_version, _ = publish(agenda, staff_user)
    Publication.objects.filter(pk=members_version.pk).update(
        state=Publication.State.RENDERING, lease_until=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(staff_user)
    page = client.get(reverse("meetings:publication-list", args=["nordjylland", agenda.pk])).content.decode()
    assert "Dannelsen er gået i stå" in page and "Prøv igen" in page


# --- 3. One click, one version -------------------------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_version(agenda, staff_user, fake_render):
    token = uuid4()
    first = publish(agenda, staff_user, token=token)
    second = publish(agenda, staff_user, token=token)
    assert [p.pk for p in first] == [p.pk for p in second]
    assert Publication.objects.count() == 2 and set(Publication.objects.values_list("version", flat=True)) == {1}


def test_a_duplicate_version_gives_a_danish_message_not_a_500(agenda, staff_user, monkeypatch):
    """Without the row lock (SQLite) two simultaneous requests can compute the same version number."""
    publish(agenda, staff_user)
    monkeypatch.setattr(publishing, "next_version", lambda meeting, kind: 1)
    with pytest.raises(RuleViolation, match="Genindlæs siden"):
        publish(agenda, staff_user, change_note="Nyt punkt")
    assert Publication.objects.count() == 2


def test_a_stale_publish_form_is_refused_in_danish_with_no_version_and_no_e_mail(
    client, agenda, staff_user, mailoutbox, fake_render, django_capture_on_commit_callbacks
):
    """Before: a form opened on version 1 and sent after a colleague published made version 2 (and e-mails)."""
    client.force_login(staff_user)
    url = reverse("meetings:agenda-publish", args=["nordjylland", agenda.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()  # the page is opened on version 1
    with django_capture_on_commit_callbacks(execute=True):
        publish(agenda, staff_user, late_reason="Sen sag")  # a colleague publishes meanwhile
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"token": uuid4(), "version": 1, "late_reason": "Sen sag", "change_note": "x"})
    assert response.status_code == 400
    assert "Dagsordenen er offentliggjort af en anden (nu version 1)" in response.content.decode()
    assert set(Publication.objects.values_list("version", flat=True)) == {1} and not mailoutbox


def test_the_service_refuses_a_stale_version_and_a_republish_without_a_change_note(agenda, staff_user):
    publish(agenda, staff_user, version=1)
    with pytest.raises(RuleViolation, match="nu version 1"):
        publish(agenda, staff_user, version=1, change_note="Nyt punkt")
    with pytest.raises(RuleViolation, match="hvad der er ændret"):
        publish(agenda, staff_user, version=2)
    assert set(Publication.objects.values_list("version", flat=True)) == {1}


def test_a_double_click_through_the_page_makes_one_version_and_one_e_mail(
    client, agenda, staff_user, mailoutbox, fake_render, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    url = reverse("meetings:agenda-publish", args=["nordjylland", agenda.pk])
    token = uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            response = client.post(url, {"token": token, "version": 1, "late_reason": "Sen sag"})
            assert response.status_code == 302
    assert Publication.objects.count() == 2 and len(mailoutbox) == 4  # one per recipient, once


# --- 6. A ready publication's file never changes --------------------------------------------------------


def test_a_second_render_of_a_ready_publication_is_a_no_op(agenda, staff_user, fake_render):
    members_version, _ = publish(agenda, staff_user)
    rendering.render_publication(members_version.pk)
    members_version.refresh_from_db()
    name = members_version.file.name
    rendering.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.file.name == name and fake_render == [members_version.pk]


def test_a_render_that_lost_its_lease_does_not_replace_the_file_of_the_one_that_took_over(
    agenda, staff_user, monkeypatch
):
    members_version, _ = publish(agenda, staff_user)
    takeover = {}

    def slow_render(publication):  # while this render runs, its lease expires and another finishes first
        if not takeover:
            takeover["done"] = True
            rendering.render_publication(publication.pk, now=timezone.now() + timedelta(hours=1))
        return b"%PDF second"

    monkeypatch.setattr(documents, "render_pdf", slow_render)
    rendering.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY and members_version.attempts == 2
    folder = members_version.file.name.rsplit("/", 1)[0]
    assert len(members_version.file.storage.listdir(folder)[1]) == 1  # no orphan file


# --- publish returns at once, asks first, drafts, change notes, previews ----------------------


@pytest.mark.postgresql("the query count of the search index's PostgreSQL statements")
@pytest.mark.parametrize("extra_items", [0, 30])
def test_publishing_returns_at_once_with_the_render_queued_in_constant_queries(
    client,
    agenda,
    staff_user,
    settings,
    monkeypatch,
    extra_items,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    """the request only records and queues (no render, no e-mail), in the same number of queries
    for 2 or 32 items; the task is asserted as queued, not timed."""
    for n in range(extra_items):
        services.add_item(agenda, actor=staff_user, title=f"Sag {n}")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(tasks.render_publication, "delay", lambda pk: queued.append(pk))
    client.force_login(staff_user)
    url = reverse("meetings:agenda-publish", args=["nordjylland", agenda.pk])
    client.get(url)  # warm the session and caches
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(QUERIES):
        response = client.post(url, {"token": uuid4(), "version": 1, "late_reason": "Sen sag"})
    assert response.status_code == 302
    assert sorted(queued) == sorted(Publication.objects.values_list("pk", flat=True))
    assert set(Publication.objects.values_list("state", flat=True)) == {Publication.State.QUEUED}


QUERIES = 33  # the POST; its access check reads the roles in one query, not council + guardian ×2;
# the roster in two (members.rosterrows), not five


def test_the_confirmation_says_how_many_people_get_an_e_mail(client, agenda, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("meetings:agenda-publish", args=["nordjylland", agenda.pk])).content.decode()
    assert f"{delivery.recipient_count(agenda)} modtagere" in page
    assert reverse("meetings:publication-preview", args=["nordjylland", agenda.pk, "agenda", "public"]) in page


def test_republishing_asks_what_changed_and_prints_it_in_the_pdf_and_the_e_mail(
    client, agenda, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    publish(agenda, staff_user)
    client.force_login(staff_user)
    url = reverse("meetings:agenda-publish", args=["nordjylland", agenda.pk])
    refused = client.post(url, {"token": uuid4(), "version": 2, "late_reason": "Ny sag"})
    assert refused.status_code == 400 and "hvad der er ændret" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"token": uuid4(), "version": 2, "late_reason": "Ny sag", "change_note": "Punkt 2 har fået bilag"}
        )
    members_version = Publication.objects.get(version=2, audience="members")
    assert members_version.change_note == "Punkt 2 har fået bilag"
    assert "Ændret i version 2: Punkt 2 har fået bilag" in pdf_text(members_version.file.read())
    assert "Ændret i denne version: Punkt 2 har fået bilag" in mailoutbox[-1].body


def test_a_draft_goes_to_the_members_only_and_says_so_on_every_page(
    agenda, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(40):  # enough text for several pages
        services.add_item(agenda, actor=staff_user, title=f"Sag {n}", case_presentation="Lang tekst. " * 40)
    with django_capture_on_commit_callbacks(execute=True):
        [draft] = publish(agenda, staff_user, draft=True)
    draft.refresh_from_db()
    assert draft.is_draft and draft.audience == Publication.Audience.MEMBERS and draft.is_ready
    from tests.meetings.pdftext import pdf_pages

    pages = pdf_pages(draft.file.read())
    assert len(pages) > 2 and all("Udkast – kun til medlemmerne".upper() in p.upper() for p in pages)
    assert "udkast" in mailoutbox[0].subject


def test_staff_preview_both_versions_before_publishing_and_nothing_is_saved(client, agenda, staff_user):
    client.force_login(staff_user)
    texts = {}
    for audience in Publication.Audience.values:
        url = reverse("meetings:publication-preview", args=["nordjylland", agenda.pk, "agenda", audience])
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        texts[audience] = pdf_text(response.content)
    assert "FORTROLIGT" in texts["members"] and "FORTROLIGT" not in texts["public"]
    assert "FORHÅNDSVISNING" in texts["public"].upper()
    assert not Publication.objects.exists()
    bad = reverse("meetings:publication-preview", args=["nordjylland", agenda.pk, "agenda", "alle"])
    assert client.get(bad).status_code == 404


def test_an_empty_publish_form_is_refused_in_danish_not_a_server_error(client, agenda, staff_user):
    """Found by the URL x role matrix: an empty POST read the unbound form's cleaned_data (500)."""
    client.force_login(staff_user)
    url = reverse("meetings:agenda-publish", args=["nordjylland", agenda.pk])
    response = client.post(url, {})
    assert response.status_code == 400
    assert not Publication.objects.exists()


# --- A full disk: the render fails with a cause staff can read, and leaves no file ------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """The media disk fills while the PDF is written: the storage writes the first bytes of the file, then
    the write fails with ENOSPC, as ``FileSystemStorage`` does on a full disk (the partial file stays). Set
    ``full_disk.free`` to give the space back."""
    from django.core.files.storage import FileSystemStorage

    class Disk:
        free = False

    original = FileSystemStorage._save

    def save(storage, name, content):
        if Disk.free:
            return original(storage, name, content)
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:4])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return Disk


def test_a_full_disk_marks_the_render_failed_with_a_danish_cause_and_leaves_no_partial_file(
    agenda, staff_user, fake_render, full_disk, media_root, mailoutbox, django_capture_on_commit_callbacks
):
    """Before: the task gave up with OSError 28, the row stayed "Dannes" (then was rendered again every lease,
    each time leaving another partial PDF) and staff saw no cause."""
    members_version, _ = publish(agenda, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        failed = tasks.render_publication(members_version.pk)
    assert failed == Publication.State.FAILED
    members_version.refresh_from_db()
    assert members_version.error == rendering.DISK_FULL and "ikke plads på lageret" in members_version.error
    assert not members_version.file and members_version.lease_until is None and members_version.can_retry
    assert list(media_root.rglob("*.pdf")) == []  # the partial file is gone
    assert outbox.owed(timezone.now() + timedelta(hours=1))["render_publication"] == [_.pk]  # only the other
    assert not mailoutbox

    full_disk.free = True  # the operators made room; staff press "Prøv igen"
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_publication(members_version, actor=staff_user)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.READY and members_version.error == ""
    assert members_version.file.read() == FAKE_PDF and len(mailoutbox) == 4


def test_the_staff_page_shows_the_full_disk_cause_and_the_retry_button(
    client, agenda, staff_user, fake_render, full_disk
):
    members_version, _ = publish(agenda, staff_user)
    rendering.render_publication(members_version.pk)
    client.force_login(staff_user)
    page = client.get(reverse("meetings:publication-list", args=["nordjylland", agenda.pk])).content.decode()
    assert "Der er ikke plads på lageret til PDF&#x27;en" in page and "Prøv igen" in page


def test_any_other_storage_error_marks_the_render_failed_with_its_cause(
    agenda, staff_user, fake_render, monkeypatch, media_root
):
    from django.core.files.storage import FileSystemStorage

    def refused(storage, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", refused)
    members_version, _ = publish(agenda, staff_user)
    rendering.render_publication(members_version.pk)
    members_version.refresh_from_db()
    assert members_version.state == Publication.State.FAILED
    assert members_version.error.startswith("PDF'en kunne ikke gemmes på lageret") and "Permission denied" in (
        members_version.error
    )
