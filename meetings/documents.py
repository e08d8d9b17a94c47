"""Agenda and minutes documents: the snapshot published (FO 3.3, FO 3.4) and its WeasyPrint rendering.

A publication stores its content as plain JSON when it is requested, so the PDF, the public pages and a
retried render all show exactly what was published. The public version never carries a closed item's
content: only its number, title and "Lukket punkt" (SPEC §3).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string

from .models import AgendaItem, Attachment, Meeting, Publication, Vote

if TYPE_CHECKING:
    from pypdf import PdfReader

CLOSED_LABEL = "Lukket punkt"


def agenda_content(meeting: Meeting, *, public: bool, late_reason: str = "") -> dict:
    """The agenda as published. Two queries: items, their attachments (``meeting.council`` preloaded)."""
    deadline = meeting.agenda_deadline
    return {
        **_heading(meeting, "Dagsorden", public),
        "late_reason": late_reason,
        "agenda_deadline_on": deadline.on.isoformat() if deadline else None,
        "items": [_item(item, public=public) for item in _items(meeting)],
    }


def minutes_content(meeting: Meeting, *, public: bool, sheet, leader, on_leave=()) -> dict:
    """The decision minutes (FO 3.4) with the attendance (FO 3.9). Two queries: items, their votes.
    ``on_leave``: members on leave with no substitute; their seats count in the quorum base, so they are absent."""
    items = _items(meeting, Prefetch("votes", queryset=Vote.objects.order_by("recorded_at")))
    return {
        **_heading(meeting, "Referat", public),
        "leader": str(leader) if leader else "",
        "attendance": _attendance(sheet, on_leave),
        "items": [_item(item, public=public, minutes=True) for item in items],
    }


def _heading(meeting, title, public):
    return {
        "title": title,
        "council": meeting.council.name,
        "kind": meeting.get_kind_display(),
        "starts_at": meeting.starts_at.astimezone(UTC).isoformat(),
        "location": meeting.location,
        "is_public": public,
    }


def _items(meeting, *prefetch):
    return meeting.items.order_by("position").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk")), *prefetch
    )


def public_title(item: AgendaItem) -> str:
    """A closed item's title in the public versions: its public title, else the real title only when the rule
    set's policy publishes closed titles, else the neutral "Lukket punkt" (the rule set is read only then)."""
    if item.public_title:
        return item.public_title
    return item.title if item.meeting.period.rule_set.closed_item_titles_public else CLOSED_LABEL


def _item(item: AgendaItem, *, public: bool, minutes: bool = False) -> dict:
    data = {"number": item.position, "title": item.title, "kind": item.get_kind_display(), "is_closed": item.is_closed}
    if item.is_supplementary:  # Tillæg: added after the agenda was sent
        data["is_supplementary"] = True
    if not item.is_active:  # udsat / udgået
        data["status_label"] = item.get_status_display()
    if item.is_closed and public:
        return {**data, "title": public_title(item)}
    data.update(
        case_presentation=item.case_presentation,
        recommendation=item.recommendation,
        attachments=[
            {"pk": a.pk, "number": f"{item.position}.{n}", "title": a.title}
            for n, a in enumerate(item.attachments.all(), start=1)
        ],
    )
    if minutes:
        data.update(decision=item.decision, votes=[v.minutes_sentence for v in item.votes.all()])
    return data


def _attendance(sheet, on_leave=()) -> dict:
    """FO 3.9: who was present, who attended as substitute for whom, who was absent (and whether notified)."""
    result = {"present": [], "substitutes": [], "absent": [], "observers": []}
    for row in sheet:
        name = str(row.person)
        if row.capacity == "substitute":
            name = f"{row.person} (stedfortræder for {row.membership.person})"
        if row.capacity == "observer":
            if row.is_present:
                result["observers"].append(name)
        elif row.is_present:
            result["substitutes" if row.capacity == "substitute" else "present"].append(name)
        elif row.holds_seat:
            result["absent"].append(f"{name}{' – meldt afbud' if row.has_notice else ''}")
    result["absent"].extend(f"{person} – orlov uden stedfortræder" for person in on_leave)
    return result


# --- Rendering ---------------------------------------------------------------------------------------

TEMPLATES = {Publication.Kind.AGENDA: "pdf/agenda.html", Publication.Kind.MINUTES: "pdf/minutes.html"}
SEPARATORS = "pdf/bilag.html"


class UnreadableAttachment(Exception):
    """A bilag listed in the snapshot can't be appended (gone, unreadable, password-protected). The render
    fails with this Danish message, shown to the staff beside the retry button."""


@dataclass(frozen=True)
class Bilag:
    number: str
    title: str
    item: str
    reader: "PdfReader"


def render_html(publication: Publication) -> str:
    return render_to_string(
        TEMPLATES[publication.kind], {"doc": displayed(publication.content), "version": publication.version}
    )


def displayed(content: dict) -> dict:
    """The snapshot with its stored ISO dates as date values, for the format filters in the PDF templates."""
    deadline_on = content.get("agenda_deadline_on")
    return {
        **content,
        "starts_at": datetime.fromisoformat(content["starts_at"]),
        "agenda_deadline_on": date.fromisoformat(deadline_on) if deadline_on else None,
    }


def render_pdf(publication: Publication) -> bytes:
    """The PDF, then the bilag the snapshot lists, in their numbered order, each after a separator page
    "Bilag 3.1: <title>". One query (attachments). A bilag that can't be read fails the render (before
    WeasyPrint runs)."""
    import weasyprint  # slow to import; only the worker needs it

    bilag = _read_bilag(publication.content)
    document = weasyprint.HTML(string=render_html(publication), base_url=str(settings.BASE_DIR)).write_pdf()
    if not bilag:
        return document
    context = {"doc": displayed(publication.content), "version": publication.version, "bilag": bilag}
    separators = weasyprint.HTML(
        string=render_to_string(SEPARATORS, context), base_url=str(settings.BASE_DIR)
    ).write_pdf()
    return _append_bilag(document, separators, bilag)


def _read_bilag(content: dict) -> list[Bilag]:
    listed = [(item, a) for item in content["items"] for a in item.get("attachments", [])]
    files = {a.pk: a.file for a in Attachment.objects.filter(pk__in=[a["pk"] for _, a in listed])}
    return [
        Bilag(a["number"], a["title"], f"{item['number']}. {item['title']}", _reader(files.get(a["pk"]), a))
        for item, a in listed
    ]


def _reader(file, attachment: dict) -> "PdfReader":
    from pypdf import PdfReader  # slow to import; only the worker needs it

    name, reader = f"Bilag {attachment['number']} «{attachment['title']}»", None
    if file is None:
        raise UnreadableAttachment(f"{name} er slettet efter offentliggørelsen. Offentliggør en ny version.")
    try:
        with file.open("rb") as stream:
            reader = PdfReader(BytesIO(stream.read()))
        if reader.is_encrypted:
            reader.decrypt("")  # opens one with only an owner password (print/edit restrictions)
        len(reader.pages)  # reads the page tree: a broken file fails here, not halfway through the merge
    except Exception as exc:  # pypdf raises many kinds on a damaged file; any of them means "not readable"
        raise UnreadableAttachment(_unreadable(name, exc, reader)) from exc
    return reader


def _unreadable(name: str, exc: Exception, reader=None) -> str:
    if reader is not None and reader.is_encrypted:
        return f"{name} er krypteret eller beskyttet med adgangskode. Erstat filen med en ubeskyttet PDF, og prøv igen."
    return f"{name} kan ikke læses som PDF ({type(exc).__name__}: {exc}). Erstat filen, og prøv igen."


def _append_bilag(document: bytes, separators: bytes, bilag: list[Bilag]) -> bytes:
    """Separator page n, then every page of bilag n; one bookmark per bilag."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=BytesIO(document))
    separator_pages = PdfReader(BytesIO(separators))
    for n, one in enumerate(bilag):
        label = f"Bilag {one.number}: {one.title}"
        writer.append(separator_pages, outline_item=label, pages=[n], import_outline=False)
        try:
            writer.append(one.reader, import_outline=False)
        except Exception as exc:  # a damaged object deeper in the file than the page tree
            raise UnreadableAttachment(_unreadable(f"Bilag {one.number} «{one.title}»", exc, one.reader)) from exc
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
