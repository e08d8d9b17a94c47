"""Agenda and minutes documents: the snapshot published (FO 3.3, FO 3.4) and its WeasyPrint rendering.

A publication stores its content as plain JSON when it is requested, so the PDF, the public pages and a
retried render all show exactly what was published. The public version never carries a closed item's
content: only its number, title and "Lukket punkt" (SPEC §3).
"""

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.template.loader import render_to_string

from members.models import Membership

from . import numbering
from .models import AgendaItem, Attachment, Meeting, Publication, Vote
from .queries import vote_result

if TYPE_CHECKING:
    from .pdfpages import CopiedPages

CLOSED_LABEL = "Lukket punkt"
log = logging.getLogger(__name__)


def agenda_content(meeting: Meeting, *, public: bool, late_reason: str = "") -> dict:
    """The agenda as published. Two queries: items, their attachments (``meeting.council`` preloaded)."""
    deadline = meeting.agenda_deadline
    items = list(_items(meeting))
    labels = _labels(items)
    return {
        **_heading(meeting, "Dagsorden", public),
        "late_reason": late_reason,
        "agenda_deadline_on": deadline.on.isoformat() if deadline else None,
        "items": [_item(item, labels, public=public) for item in items],
    }


def supplement_content(meeting: Meeting, *, public: bool, agenda_version: int) -> dict:
    """The supplementary agenda (Tillæg): only the items added after the agenda was sent, with their frozen
    numbers (after the others) and their bilag. Three queries: ``agenda_content``'s and the numbering."""
    labels = numbering.labels(
        numbering.Row(position, is_section, standing is not None)
        for position, is_section, standing in meeting.items.values_list("position", "is_section", "standing_item")
    )
    return {
        **_heading(meeting, "Tillæg til dagsorden", public),
        "supplement_to": agenda_version,
        "items": [_item(item, labels, public=public) for item in _items(meeting).filter(is_supplementary=True)],
    }


@dataclass(frozen=True)
class Sitting:
    """What the minutes need to know of the meeting's attendance (``services.publishing.minutes_contents``): the
    sheet, the presence (``meetings.presence``), ``at``: position → ``queries.AtItem`` (the one answer to who was
    present at an item, who led and who held the casting vote), the afbud notes by membership, the members on
    leave with no substitute (their memberships: their seats count in the quorum base, so they are absent), and
    the memberships of
    the chair and the vice-chair on the day (the Deltagerfortegnelse marks them)."""

    sheet: list
    presence: object
    at: Callable
    notes: dict = field(default_factory=dict)
    on_leave: tuple = ()
    movements: Callable = lambda mark, label=str: []
    chairs: dict = field(default_factory=dict)  # membership id -> "formand" / "næstformand"


def minutes_content(meeting: Meeting, *, public: bool, sitting: Sitting) -> dict:
    """The decision minutes (FO 3.4) with the attendance (FO 3.9): who led, and at each item who was present when
    anyone arrived late or left early; every vote stated from those present at its item, so a statement and the
    attendance beside it can't disagree. Two queries: items, their votes."""
    items = list(_items(meeting, Prefetch("votes", queryset=Vote.objects.order_by("recorded_at"))))
    labels = _labels(items)
    leaders = _leaders([sitting.at(item.position) for item in items] or [sitting.at(1)])
    return {
        **_heading(meeting, "Referat", public),
        "leader": leaders[0][1],
        "leader_changes": [
            f"fra punkt {labels.get(position, position)}: {name or 'ingen'}" for position, name in leaders[1:]
        ],
        "attendance": _attendance(sitting, public=public, label=lambda position: labels.get(position, str(position))),
        "staff": [line.strip() for line in meeting.staff_present.splitlines() if line.strip()],
        "items": [_item(item, labels, public=public, minutes=True, sitting=sitting) for item in items],
    }


def _labels(items) -> dict[int, str]:
    return numbering.labels(
        numbering.Row(item.position, item.is_section, item.standing_item_id is not None) for item in items
    )


def _leaders(ats) -> list[tuple[int, str]]:
    """FO 3.5: who led from which item: the first item's leader, then each change."""
    leaders: list[tuple[int, str]] = []
    for at in ats:
        name = str(at.leader) if at.leader else ""
        if not leaders or leaders[-1][1] != name:
            leaders.append((at.position, name))
    return leaders


def _heading(meeting, title, public):
    return {
        "title": title,
        "council": meeting.council.name,
        "kind": meeting.get_kind_display(),
        "starts_at": meeting.starts_at.astimezone(UTC).isoformat(),
        "ends_at": meeting.end.astimezone(UTC).isoformat(),
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
    return item.title if item.meeting.rule_set.closed_item_titles_public else CLOSED_LABEL


def _item(
    item: AgendaItem, labels: dict, *, public: bool, minutes: bool = False, sitting: Sitting | None = None
) -> dict:
    """An item as the snapshot keeps it: ``number`` is its position (what anchors, links and attendance refer
    to), ``label`` the number it prints ("3.1" under a block, ``numbering``)."""
    label = labels.get(item.position, str(item.position))
    data = {
        "number": item.position,
        "label": label,
        "title": item.title,
        "kind": item.get_kind_display(),
        "is_closed": item.is_closed,
    }
    if item.is_section:
        data["is_section"] = True
    if item.is_supplementary:  # Tillæg: added after the agenda was sent
        data["is_supplementary"] = True
    if not item.is_active:  # udsat / udgået
        data["status_label"] = item.get_status_display()
    if item.is_closed and public:
        return {**data, "title": public_title(item)}
    data.update(
        case_number=item.case_number,
        case_presentation=item.case_presentation,
        recommendation=item.recommendation,
        attachments=[
            {"pk": a.pk, "number": f"{label}.{n}", "title": shown_title(a.title), "file": a.file.name}
            for n, a in enumerate(item.attachments.all(), start=1)
        ],
    )
    if minutes:
        votes = list(item.votes.all())
        data.update(decision=item.decision, votes=[v.minutes_sentence for v in votes])
        if sitting is not None:
            data.update(_at_item(sitting, item, votes))
    return data


def _at_item(sitting: Sitting, item, votes) -> dict:
    """FO 3.5/3.7 at one item of the minutes: each vote stated from those present there (``queries.vote_result``),
    who was present and led when presence changed during the meeting, and who held the casting vote on a vote."""
    at = sitting.at(item.position)
    data = {
        "votes": [
            vote_result((v.votes_for, v.votes_against, v.abstentions), v.casting_vote, at).minutes_sentence(v.subject)
            for v in votes
        ]
    }
    if at.quorum is not None and (votes or not sitting.presence.is_uniform):
        data["presence"] = at.summary
    if votes:
        data["casting"] = at.casting_sentence()
    return data


BILAG_PREFIX = re.compile(r"^\s*bilag\s*(?:[\d.]+\s*)?[:\-–]\s*|^\s*bilag\s+[\d.]+\s+", re.IGNORECASE)
NUMBER_ONLY = re.compile(r"^\s*bilag\s*[\d.]*\s*[:\-–]?\s*$", re.IGNORECASE)


def bare_title(title: str) -> str:
    """The bilag's own title: a typed "Bilag 3.1: " prefix is dropped, as the agenda numbers bilag itself."""
    return BILAG_PREFIX.sub("", title).strip() or title.strip()


def shown_title(title: str) -> str:
    """A bilag's title as the documents print it after their own number ("Bilag 3.1: <title>"): without a
    typed "Bilag 2: " prefix (the admin saves titles as typed), and empty when it was only "Bilag 2"."""
    return "" if NUMBER_ONLY.match(title) else bare_title(title)


def _attendance(sitting: Sitting, *, public: bool, label: Callable = str) -> dict:
    """FO 3.9, the Deltagerfortegnelse as councils write it: one person a line, "Navn, Kommune (Parti)", the chair
    and vice-chair marked and first, then the mayors, then the other members; who attended as substitute for
    whom; the afbud (the reason only in the members' version: it may be personal) apart from those absent without
    afbud; the observers; who arrived or left at which item (``label``: an item's printed number). Everything
    from the sheet and its marks (``meetings.presence``): nothing here decides who was present."""
    result = {
        "present": [],
        "substitutes": [],
        "absent_notice": [],
        "absent": [],
        "observers": [],
        "movements": [],
        "by_notice": True,  # absent with and without afbud apart (snapshots before this kept one list)
        "one_per_line": True,  # "Navn, Kommune (Parti)" lines (snapshots before this printed a comma-run)
    }
    marks = sitting.presence.marks
    present, absent_notice, absent = [], [], []
    for row in sitting.sheet:
        if row.is_present:
            moves = sitting.movements(marks.get(row.person.pk), label)
            result["movements"].extend(f"{row.person} {line}" for line in moves)
        if row.capacity == "observer":
            if row.is_present:
                result["observers"].append(str(row.person))
            continue
        line = _line(row, sitting.chairs)
        if row.is_present and row.capacity == "substitute":
            result["substitutes"].append(
                f"{_person_line(row.person)} deltog som stedfortræder for {row.membership.person}"
            )
        elif row.is_present:
            present.append((_rank(row, sitting.chairs), line))
        elif row.holds_seat and row.has_notice:
            note = "" if public else _plain(sitting.notes.get(row.membership.pk, ""))
            absent_notice.append((_rank(row, sitting.chairs), f"{line}{f' – {note}' if note else ''}"))
        elif row.holds_seat:
            absent.append((_rank(row, sitting.chairs), line))
    result["present"] = [line for _, line in sorted(present)]
    result["absent_notice"] = [line for _, line in sorted(absent_notice)]
    result["absent"] = [line for _, line in sorted(absent)]
    result["absent"].extend(
        f"{_person_line(seat.person, municipality=seat.municipality)} – orlov uden stedfortræder"
        for seat in sitting.on_leave
    )
    return result


CHAIR_ORDER = {"formand": 0, "næstformand": 1}


def _rank(row, chairs: dict) -> tuple:
    """Chair, vice-chair, the mayors, then the other members; by name within each."""
    membership = row.membership
    role = chairs.get(membership.pk) if row.capacity == "member" else None
    return (CHAIR_ORDER.get(role, 2), 0 if membership.kind == Membership.Kind.MAYOR else 1, row.person.name)


def _line(row, chairs: dict) -> str:
    """ "Henrik Brix, Aalborg (V), formand": a member as the seat has them (its municipality, their party)."""
    membership = row.membership
    role = chairs.get(membership.pk) if row.capacity == "member" else None
    person = row.person
    text = _person_line(person, municipality=membership.municipality if row.capacity == "member" else None)
    return f"{text}, {role}" if role else text


def _person_line(person, *, municipality=None) -> str:
    """ "Navn, Kommune (Parti)", leaving out what is not recorded."""
    municipality = municipality or person.municipality
    party = person.party
    letter = (party.letter or party.name) if party is not None else ""
    text = person.name
    if municipality is not None:
        text = f"{text}, {municipality.name}"
    return f"{text} ({letter})" if letter else text


def _plain(note: str) -> str:
    """An afbud note (sanitised HTML) as one line of text."""
    return " ".join(re.sub(r"<[^>]+>", " ", note).split())


# --- Rendering ---------------------------------------------------------------------------------------

TEMPLATES = {
    Publication.Kind.AGENDA: "pdf/agenda.html",
    Publication.Kind.MINUTES: "pdf/minutes.html",
    Publication.Kind.SUPPLEMENT: "pdf/agenda.html",
}
SCALE = 0.75  # PDF points per CSS pixel (WeasyPrint's zoom 1)


class UnreadableAttachment(Exception):
    """A bilag listed in the snapshot can't be appended (gone, unreadable, password-protected). The render
    fails with this Danish message, shown to the staff beside the retry button."""


@dataclass(frozen=True)
class Bilag:
    """A bilag as the bundle holds it: its pages (``None`` when the same file is already in the bundle as
    ``same_as``, an earlier bilag's number: a file attached twice is stored once)."""

    number: str
    title: str
    item: str  # "3. <title>"
    pages: "CopiedPages | None"
    closed: bool = False
    same_as: str = ""

    @property
    def label(self) -> str:
        return bilag_label(self.number, self.title)

    @property
    def subtitle(self) -> str:
        return f"Til punkt {self.item}"

    @property
    def page_count(self) -> int:
        return len(self.pages.pages) if self.pages is not None else 0


def bilag_label(number: str, title: str) -> str:
    """A bilag as separators and bookmarks name it: "Bilag 3.1: Budget", or "Bilag 3.1" when the title was
    only a number."""
    return f"Bilag {number}: {title}" if title else f"Bilag {number}"


def render_html(publication: Publication, *, separators: bool = False, bilag: list[Bilag] | None = None) -> str:
    """The document's HTML; ``separators``: with the bilag part at the end (what the PDF gets): the bilag index
    and a separator page per bilag, each a named page whose page counters step over the bilag pages put in
    before it (``bilag``: read from the files when not given), so "Side n af N", the contents and the bilag
    index count the whole bundle."""
    if separators and bilag is None:
        bilag = _read_bilag(publication.content)
    return render_to_string(
        TEMPLATES[publication.kind],
        {
            "doc": displayed(publication.content),
            "version": publication.version,
            "separators": separators,
            "closed_label": CLOSED_LABEL,
            "bundle": bundle_parts(bilag or []) if separators else [],
        },
    )


def bundle_parts(bilag: list[Bilag]) -> list[dict]:
    """What ``templates/pdf/_separators.html`` needs of each bilag. ``page_step``: how far the page counter moves
    on its separator page (the separator, and the pages of the bilag before it); ``bundle_step``: how far the
    ``bundle`` counter moves (the separator and its own bilag's pages), so that on the last separator it holds
    the number of pages of the whole bundle (the N of "Side n af N")."""
    parts, before = [], 0
    for one in bilag:
        parts.append(
            {
                "number": one.number,
                "label": one.label,
                "item": one.item,
                "closed": one.closed,
                "same_as": one.same_as,
                "page_step": 1 + before,
                "bundle_step": 1 + one.page_count,
            }
        )
        before = one.page_count
    return parts


def displayed(content: dict) -> dict:
    """The snapshot with its stored ISO dates as date values, for the format filters in the PDF templates, and each
    item's printed number ("3." or "3.1", ``numbering``; the position for snapshots from before the numbering)."""
    deadline_on = content.get("agenda_deadline_on")
    ends_at = content.get("ends_at")
    return {
        **content,
        "starts_at": datetime.fromisoformat(content["starts_at"]),
        "ends_at": datetime.fromisoformat(ends_at) if ends_at else None,
        "agenda_deadline_on": date.fromisoformat(deadline_on) if deadline_on else None,
        "has_closed": any(item.get("is_closed") for item in content["items"]),
        "items": [shown_item(item) for item in content["items"]],
    }


def shown_item(item: dict) -> dict:
    """An item of a snapshot with ``label`` (its printed number), ``numbered`` ("3." or "3.1", as headings and
    contents print it) and ``in_section`` (under a block: indented, one heading level down)."""
    label = str(item.get("label") or item["number"])
    in_section = "." in label
    return {**item, "label": label, "numbered": label if in_section else f"{label}.", "in_section": in_section}


def render_pdf(publication: Publication) -> bytes:
    """The PDF in one WeasyPrint pass (``kkr.pdf``): the document, then the bilag index and a separator page per
    bilag ("Bilag 3.1: <title>", in the numbered order, laid out by WeasyPrint at the end of the document:
    tagged, in the document's embedded font), each bilag's own pages put in after its separator while
    WeasyPrint writes the file (``_Assembly``), with the running footer and "Side n af N" over the whole
    bundle stamped on them; a bookmark per item with its bilag under it. One query (attachments). Each bilag
    file is read and parsed once, before WeasyPrint runs (a file attached twice once): one that can't be read
    fails the render.

    A document without bilag is PDF/A-2a and PDF/UA-1. A bundle with bilag is tagged but claims neither: a
    bilag's pages are copied without their structure tree and keep whatever fonts and colours their
    program wrote (docs/meetings.md, "Tilgængelige og arkivbare PDF'er")."""
    from kkr import pdf

    bilag = _read_bilag(publication.content)
    html = render_html(publication, separators=bool(bilag), bilag=bilag)
    return pdf.render_pdf(html, finisher=_Assembly(publication.content, bilag), archival=not bilag)


def _read_bilag(content: dict) -> list[Bilag]:
    """Each listed bilag, its file read and parsed once; a file whose bytes are already in the bundle (the same
    PDF attached to two items) is not parsed again: the later bilag points at the earlier one."""
    listed = [(item, a) for item in content["items"] for a in item.get("attachments", [])]
    files = {a.pk: a.file for a in Attachment.objects.filter(pk__in=[a["pk"] for _, a in listed])}
    seen: dict[bytes, str] = {}
    return [_bilag(files.get(a["pk"]) or _as_sent(a), a, item, seen) for item, a in listed]


def _as_sent(attachment: dict):
    """A bilag removed after this version was published (``services.bilag``): its file as the snapshot recorded it
    (removal never deletes the stored file), so the version still renders what it was published with."""
    if not attachment.get("file"):
        return None
    field = Attachment._meta.get_field("file")
    return field.attr_class(None, field, attachment["file"])


def _bilag(file, attachment: dict, item: dict, seen: dict) -> Bilag:
    from kkr.files import EncryptedPdf, read_pdf

    from .pdfpages import CopiedPages

    name = f"Bilag {attachment['number']} «{attachment['title']}»"
    about = {"item": f"{shown_item(item)['numbered']} {item['title']}", "closed": bool(item.get("is_closed"))}
    if file is None:
        raise UnreadableAttachment(f"{name} er slettet efter offentliggørelsen. Offentliggør en ny version.")
    if file.instance is None and not file.storage.exists(file.name):
        raise UnreadableAttachment(f"{name} er slettet efter offentliggørelsen, og filen findes ikke længere.")
    try:
        with file.open("rb") as stream:
            data = stream.read()
    except FileNotFoundError as exc:
        raise UnreadableAttachment(f"{name}: filen findes ikke længere. Erstat filen, og prøv igen.") from exc
    except Exception as exc:  # the storage (an S3 server, a disk) did not answer: the file itself may be fine
        log.warning("Bilag %s kunne ikke hentes: %s: %s", attachment["pk"], type(exc).__name__, exc)
        raise UnreadableAttachment(
            f"{name} kunne ikke hentes fra lageret ({type(exc).__name__}). Prøv igen om lidt; kontakt driften, "
            "hvis det bliver ved."
        ) from exc
    digest = hashlib.sha256(data).digest()
    if digest in seen:
        return Bilag(attachment["number"], attachment["title"], pages=None, same_as=seen[digest], **about)
    try:
        reader = read_pdf(data)  # one with only an owner password (print/edit restrictions) opens
        pages = CopiedPages(reader)  # every object the pages use: a damaged file fails here, before WeasyPrint
    except EncryptedPdf as exc:
        raise UnreadableAttachment(
            f"{name} er krypteret eller beskyttet med adgangskode. Erstat filen med en ubeskyttet PDF, og prøv igen."
        ) from exc
    except Exception as exc:  # pypdf raises many kinds on a damaged file; any of them means "not readable"
        log.warning("Bilag %s kan ikke læses: %s: %s", attachment["pk"], type(exc).__name__, exc)
        raise UnreadableAttachment(
            f"{name} kan ikke læses som PDF (filen er beskadiget eller ikke en PDF). Erstat filen, og prøv igen."
        ) from exc
    seen[digest] = attachment["number"]
    return Bilag(attachment["number"], attachment["title"], pages=pages, **about)


class _Assembly:
    """WeasyPrint's finisher: called with the laid-out document and its PDF objects just before the file is
    written. Puts each bilag's pages after its separator page (laid out by WeasyPrint at the end of the
    document with the anchor ``bilag-<n.m>``) and makes the outline: a bookmark per item (to its heading,
    anchor ``punkt-<n>``) with a bookmark per bilag under it (to its separator). The CSS turns WeasyPrint's
    own heading bookmarks off."""

    def __init__(self, content: dict, bilag: list[Bilag]):
        self.content, self.bilag = content, bilag

    def __call__(self, document, pdf) -> None:
        import pydyf

        targets = {}  # anchor -> (page reference, x, y)
        pages = list(pdf.pages["Kids"][::3])  # WeasyPrint's page objects, by number
        page_of = {}
        for index, page in enumerate(document.pages):
            for name, (x, y, *_) in page.anchors.items():
                targets[name] = (f"{pages[index]} 0 R", x * SCALE, (page.height - y) * SCALE)
                page_of[name] = index
        after: dict[int, list] = {}  # page index -> the bilag whose pages go in after it
        for one in self.bilag:
            if one.pages is not None:
                one.pages.add_to(pdf)
                after.setdefault(page_of[f"bilag-{one.number}"], []).append(one)
        kids, stamped = pydyf.Array(), []  # stamped: (page, box, closed, its number in the bundle)
        for index, number in enumerate(pages):
            kids.extend([number, 0, "R"])
            for one in after.get(index, ()):
                for page, box in zip(one.pages.pages, one.pages.boxes, strict=True):
                    kids.extend([page.number, 0, "R"])
                    stamped.append((page, box, one.closed, len(kids) // 3))
        pdf.pages["Kids"], pdf.pages["Count"] = kids, len(kids) // 3
        if stamped:
            _stamp_footers(document, pdf, stamped, len(kids) // 3)
        _add_outline(pdf, self._bookmarks(targets))

    def _bookmarks(self, anchors) -> list[tuple[str, tuple, list]]:
        titles = {one.number: one.label for one in self.bilag}
        tree = []
        for item in self.content["items"]:
            target = anchors.get(f"punkt-{item['number']}")
            if target is None:
                continue
            children = [
                (titles[a["number"]], anchors[f"bilag-{a['number']}"], [])
                for a in item.get("attachments", [])
                if a["number"] in titles
            ]
            tree.append((item_label(item), target, children))
        return tree


def _stamp_footers(document, pdf, stamped: list, total: int) -> None:
    """The running footer and "Side n af N" on every bilag page, as the document's own pages have them: the
    footer's text as WeasyPrint laid it out on the first page, in the document's font; "Lukket punkt" before
    it on the pages of a closed item's bilag (only the members' version has those)."""
    from weasyprint.text.fonts import get_hb_object_data  # the whole font: WeasyPrint has subset file_content

    from .pdfpages import Stamp, font_program

    footer = running_footer(document)
    closed_footer = f"{CLOSED_LABEL} · {footer}"
    lines = [(closed_footer if closed else footer, f"Side {n} af {total}") for _, _, closed, n in stamped]
    font = _body_font(document)
    characters = frozenset("".join(left + right for left, right in lines))
    stamp = Stamp(pdf, font_program(font.hash, lambda: get_hb_object_data(font.hb_face), characters))
    for (page, box, _, _), (left, right) in zip(stamped, lines, strict=True):
        stamp.on(page, box, left, right)


def running_footer(document) -> str:
    """The text of the first page's bottom-left margin box (the running footer of ``templates/pdf/_base.html``)."""
    from weasyprint.formatting_structure import boxes

    for margin in document.pages[0]._page_box.children:
        if isinstance(margin, boxes.MarginBox) and margin.at_keyword == "@bottom-left":
            return " ".join(
                " ".join(box.text.split()) for box in margin.descendants() if isinstance(box, boxes.TextBox)
            ).strip()
    return ""


def _body_font(document):
    """The regular face of the fonts WeasyPrint embedded (the body text's), else the first."""
    fonts = list(document.fonts.values())
    return next((font for font in fonts if font.weight == 400 and font.style == 0), fonts[0])


def item_label(item: dict) -> str:
    """An item as its bookmark says it: "Tillæg – 41. Hastesag – Udsat" ("3.1 Praktikpladser" under a block)."""
    label = f"{shown_item(item)['numbered']} {item['title']}"
    if item.get("is_supplementary"):
        label = f"Tillæg – {label}"
    if item.get("status_label"):
        label = f"{label} – {item['status_label']}"
    return label


def _add_outline(pdf, bookmarks: list, parent=None) -> int:
    """The PDF outline (bookmarks) from ``(title, (page reference, x, y), children)``; all open."""
    import pydyf

    if not bookmarks:
        return 0
    if parent is None:
        parent = pydyf.Dictionary({"Type": "/Outlines"})
        pdf.add_object(parent)
        pdf.catalog["Outlines"] = parent.reference
        pdf.catalog["PageMode"] = "/UseOutlines"
    entries, count = [], len(bookmarks)
    for title, (page, x, y), children in bookmarks:
        entry = pydyf.Dictionary(
            {"Title": pydyf.String(title), "Parent": parent.reference, "Dest": pydyf.Array([page, "/XYZ", x, y, 0])}
        )
        pdf.add_object(entry)
        if entries:
            entry["Prev"], entries[-1]["Next"] = entries[-1].reference, entry.reference
        entries.append(entry)
        count += _add_outline(pdf, children, entry)
    parent["First"], parent["Last"], parent["Count"] = entries[0].reference, entries[-1].reference, count
    return count
