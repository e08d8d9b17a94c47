"""Bilag: an upload read once and stored without active content, and a bilag added, replaced or removed after the
agenda (or a Tillæg) is out, which makes a new version of that document with a change note, e-mailed to the
members once (FO 3.3; docs/meetings.md "Corrections after sending")."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction

from kkr.errors import RuleViolation

from ..documents import bare_title, shown_title
from ..models import Attachment, Publication, read_checked_pdf
from .agenda import require_unlocked
from .common import save
from .publishing import publish_agenda, publish_supplement

log = logging.getLogger(__name__)

CHANGE_NOTE_MISSING = "Skriv kort, hvad der er ændret siden forrige version (det står i den nye version og i e-mailen)."
DONE = {"add": "tilføjet", "replace": "udskiftet", "remove": "fjernet"}


@dataclass(frozen=True)
class CheckedPdf:
    """An upload read once (``check_upload``): the file to store (a clean copy, or the upload byte for byte when it
    has no active content) and what staff should know about its accessibility (``pdfpages.upload_notes``)."""

    file: File
    notes: tuple[str, ...] = ()


def check_upload(file) -> CheckedPdf:
    """Read the upload once: the checks of ``models.validate_pdf``, the active content taken out
    (``activecontent``) and the accessibility notes, all from the one pypdf reader. ``ValidationError`` in
    Danish when it is refused. A ``CheckedPdf`` is returned as it is (the form has checked it)."""
    if isinstance(file, CheckedPdf):
        return file
    from ..activecontent import strip_active_content  # pypdf: slow to import; only uploads need it
    from ..pdfpages import upload_notes

    data, reader = read_checked_pdf(file)
    try:
        notes = tuple(upload_notes(reader))
    except Exception:  # pypdf raises many kinds; a note is not worth a refused upload
        notes = ()
    try:
        cleaned = strip_active_content(data, reader)
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        log.warning("Aktivt indhold kunne ikke fjernes fra et bilag: %s: %s", type(exc).__name__, exc)
        raise ValidationError(
            "Bilaget indeholder scripts, handlinger eller vedhæftede filer, som ikke kan fjernes. "
            "Gem det som PDF igen (fx med «Udskriv som PDF»), og prøv igen."
        ) from exc
    return CheckedPdf(file if cleaned is None else ContentFile(cleaned, name=file.name), notes)


def _checked(file) -> CheckedPdf:
    try:
        return check_upload(file)
    except ValidationError as error:
        raise RuleViolation(" ".join(error.messages)) from error


def sent_document(item) -> Publication | None:
    """The newest members' agenda or Tillæg that lists the item (by its number, frozen once sent), or None: the
    item is in no document sent yet (the agenda isn't out, or a supplementary item waits for its Tillæg)."""
    newest = (
        item.meeting.publications.filter(audience=Publication.Audience.MEMBERS, kind=kind).order_by("-version").first()
        for kind in (Publication.Kind.AGENDA, Publication.Kind.SUPPLEMENT)
    )
    listing = [p for p in newest if p and any(i["number"] == item.position for i in p.content.get("items", []))]
    return max(listing, key=lambda p: p.requested_at, default=None)


def refusal(meeting) -> str:
    """Why no bilag of the meeting can be added, replaced or removed now ("" when they can): the pages show the
    buttons disabled with this reason."""
    if meeting.is_cancelled:
        return "Mødet er aflyst; bilag kan ikke ændres."
    try:
        require_unlocked(meeting)
    except RuleViolation as error:
        return str(error)
    return ""


@transaction.atomic
def add_attachment(item, *, actor, title, file, change_note="") -> Attachment:
    """A bilag (PDF) on an item, stored without active content. When the item is in a document sent to the
    members, a new version of it goes out with ``change_note`` (required then)."""
    _require_changeable(item, change_note)
    checked = _checked(file)
    attachment = Attachment(item=item, title=bare_title(title), file=checked.file, size=checked.file.size)
    attachment.full_clean(exclude=["file"])  # the file was checked by ``check_upload``
    attachment.notes = checked.notes  # with ``published`` (the versions made): for the page that tells staff
    save(attachment, actor)
    attachment.published = _republish(item, attachment, "add", change_note, actor)
    return attachment


@transaction.atomic
def replace_attachment(attachment, *, actor, file, title="", change_note="") -> Attachment:
    """Replace a bilag's file (and title); the history keeps the old one. After sending, a new version of the
    document that lists it goes out with ``change_note``; members who opened the old version keep that file."""
    _require_changeable(attachment.item, change_note)
    checked = _checked(file)
    attachment.file, attachment.size = checked.file, checked.file.size
    attachment.title = bare_title(title) if title else attachment.title
    attachment.full_clean(exclude=["file"])
    attachment.notes = checked.notes
    save(attachment, actor)
    attachment.published = _republish(attachment.item, attachment, "replace", change_note, actor)
    return attachment


@transaction.atomic
def remove_attachment(attachment, *, actor, change_note="") -> list[Publication]:
    """Remove a bilag; the item's other bilag are numbered again. After sending, a new version of the document
    that listed it goes out with ``change_note`` (the old version and its file stay for those who have it); the
    versions made are returned (none before sending)."""
    item = attachment.item
    _require_changeable(item, change_note)
    number = _number(attachment)
    attachment._history_user = actor
    attachment.delete()
    return _republish(item, attachment, "remove", change_note, actor, number=number)


def _require_changeable(item, change_note: str) -> None:
    """Refused before anything changes: the meeting is locked or cancelled, or the item is in a sent document and
    no change note is given."""
    if reason := refusal(item.meeting):
        raise RuleViolation(reason)  # the reason names its rule already
    if not change_note.strip() and sent_document(item) is not None:
        raise RuleViolation(CHANGE_NOTE_MISSING)


def _number(attachment) -> str:
    pks = list(attachment.item.attachments.order_by("pk").values_list("pk", flat=True))
    return f"{attachment.item.position}.{pks.index(attachment.pk) + 1}"


def _republish(item, attachment, what: str, change_note: str, actor, *, number: str = "") -> list[Publication]:
    """The new version of the document sent with the item, when there is one, its change note saying which bilag
    changed. A closed item's bilag is in the members' version only, so only they get a new version (the public
    one would not change, and its change note would name a closed item's bilag)."""
    sent = sent_document(item)
    if sent is None:
        return []
    bilag = f"Bilag {number or _number(attachment)} «{shown_title(attachment.title)}»"
    note = f"{bilag} er {DONE[what]}. {change_note.strip()}"
    if sent.kind == Publication.Kind.SUPPLEMENT:
        return publish_supplement(item.meeting, actor=actor, change_note=note, members_only=item.is_closed)
    return publish_agenda(
        item.meeting, actor=actor, draft=sent.is_draft, change_note=note, correction=True, members_only=item.is_closed
    )


@dataclass(frozen=True)
class CleanedFile:
    """A stored bilag file with active content (``clean_stored_bilag``): its name and size before and after."""

    name: str
    before: int
    after: int


def clean_stored_bilag(*, dry_run=False) -> tuple[list[CleanedFile], list[str]]:
    """Take the active content out of bilag stored before the upload did (``activecontent``): every file a bilag
    row or its history names, rewritten under the same name, so a download of any version (which serves the file
    its snapshot names) is clean. Files without active content are left byte for byte: a second run changes
    nothing. All files are read and cleaned before anything is written; the sizes are saved in one transaction
    with the writes (a failed write rolls them back, and the files written so far are clean copies a rerun
    skips). Returns the cleaned files and the names that could not be read (left as they are)."""
    from ..activecontent import strip_active_content

    storage = Attachment._meta.get_field("file").storage
    names = set(Attachment.objects.values_list("file", flat=True)) | set(
        Attachment.history.values_list("file", flat=True)
    )
    cleaned, unreadable = {}, []
    for name in sorted(names - {""}):
        try:
            with storage.open(name, "rb") as stream:
                data = stream.read()
            clean = strip_active_content(data)
        except FileNotFoundError:
            continue  # gone from storage: ``orphan_files`` and the render say so
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            log.warning("Bilaget %s kan ikke læses: %s: %s", name, type(exc).__name__, exc)
            unreadable.append(name)
            continue
        if clean is not None:
            cleaned[name] = (len(data), clean)
    report = [CleanedFile(name, before, len(clean)) for name, (before, clean) in cleaned.items()]
    if not dry_run:
        _rewrite(storage, cleaned)
    return report, unreadable


@transaction.atomic
def _rewrite(storage, cleaned: dict) -> None:
    for name, (_, clean) in cleaned.items():
        for attachment in Attachment.objects.filter(file=name):
            attachment.size = len(clean)
            save(attachment, None, "Aktivt indhold fjernet (clean_bilag)", update_fields=["size"])
        storage.delete(name)
        if storage.save(name, ContentFile(clean)) != name:
            raise RuntimeError(f"{name} blev gemt under et andet navn")
