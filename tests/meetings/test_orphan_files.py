"""Files on the media storage that no row names (``manage.py orphan_files``, and beat's daily listing): a
bilag or PDF named by a row, or only by the history (a replaced or removed bilag), is never one."""

import logging
import os
import time
from io import StringIO

import pytest
from django.core.management import call_command

from kkr import orphans, tasks
from meetings import documents, services
from meetings.models import Publication
from tests.builders import at, pdf_file

pytestmark = pytest.mark.django_db

HOUR = 60 * 60


@pytest.fixture
def media(meeting, staff_user, members, media_root, monkeypatch, django_capture_on_commit_callbacks):
    """A rendered agenda (two PDFs), a bilag in use, a replaced bilag's old file and a removed bilag's file
    (both named only by the history), an orphan from before and one written just now (a render in
    progress). Every file is two hours old but the last."""
    monkeypatch.setattr(documents, "render_pdf", lambda publication: b"%PDF-1.7 test")
    item = services.add_item(meeting, actor=staff_user, title="Trafikplan", case_presentation="Busser")
    kept = services.add_attachment(item, actor=staff_user, title="Plan", file=pdf_file())
    replaced = services.add_attachment(item, actor=staff_user, title="Gammel", file=pdf_file())
    old_name = replaced.file.name
    services.replace_attachment(replaced, actor=staff_user, file=pdf_file())
    removed = services.add_attachment(item, actor=staff_user, title="Fjernet", file=pdf_file())
    services.remove_attachment(removed, actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):  # rendered at once (eager Celery)
        services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    for name in ("publikationer/2026/forladt.pdf", "bilag/2026/forladt.pdf"):
        (media_root / name).parent.mkdir(parents=True, exist_ok=True)
        (media_root / name).write_bytes(b"%PDF-1.7 delvis")
    two_hours_ago = time.time() - 2 * HOUR
    for path in media_root.rglob("*"):
        if path.is_file():
            os.utime(path, (two_hours_ago, two_hours_ago))
    (media_root / "publikationer/2026/dannes-nu.pdf").write_bytes(b"%PDF-1.7 under")
    named = {kept.file.name, replaced.file.name, old_name, removed.file.name}
    named |= set(Publication.objects.values_list("file", flat=True))
    assert len(named) == 6 and all((media_root / name).is_file() for name in named)
    return named


def on_disk(media_root) -> set[str]:
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def test_the_command_lists_the_files_no_row_names_that_are_older_than_an_hour(media, media_root):
    out = StringIO()
    call_command("orphan_files", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split("\t")[0] for line in lines[:-1]] == ["bilag/2026/forladt.pdf", "publikationer/2026/forladt.pdf"]
    assert lines[-1] == "2 filer på lageret nævnes ikke af nogen række (30 byte). Intet er slettet; brug --delete."
    assert on_disk(media_root) == media | {
        "bilag/2026/forladt.pdf",
        "publikationer/2026/forladt.pdf",
        "publikationer/2026/dannes-nu.pdf",
    }


def test_delete_removes_only_the_orphans_older_than_the_limit(media, media_root):
    out = StringIO()
    call_command("orphan_files", "--delete", stdout=out)
    assert out.getvalue().splitlines()[-1] == "2 filer på lageret nævnes ikke af nogen række (30 byte). Slettet."
    # Every named file stays, the render in progress too.
    assert on_disk(media_root) == media | {"publikationer/2026/dannes-nu.pdf"}


def test_the_age_limit_can_be_given_in_minutes(media, media_root):
    call_command("orphan_files", "--delete", "--min-age-minutes", "0", stdout=StringIO())
    assert on_disk(media_root) == media


def test_every_file_field_is_found_and_so_is_the_history_of_each():
    fields = {(model._meta.label, name) for model, name in orphans.file_fields()}
    assert fields == {
        ("meetings.Attachment", "file"),
        ("meetings.HistoricalAttachment", "file"),
        ("meetings.Publication", "file"),
        ("meetings.HistoricalPublication", "file"),
        ("members.DocumentJob", "file"),
    }


def test_beat_lists_the_orphans_daily_in_the_log_and_deletes_nothing(media, media_root, settings, caplog):
    [entry] = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == tasks.orphan_files.name]
    assert entry["schedule"].hour == {4}  # once a day, at night
    with caplog.at_level(logging.WARNING, logger="kkr.tasks"):
        assert tasks.orphan_files() == 2
    assert "2 filer på lageret nævnes ikke af nogen række" in caplog.text and "bilag/2026/forladt.pdf" in caplog.text
    assert len(on_disk(media_root)) == len(media) + 3


def test_a_media_folder_not_made_yet_holds_no_orphans(media_root):
    out = StringIO()
    call_command("orphan_files", stdout=out)
    assert not media_root.exists()
    assert (
        out.getvalue() == "0 filer på lageret nævnes ikke af nogen række (0 byte). Intet er slettet; brug --delete.\n"
    )
