"""The rendering of a publication: its HTML, and the PDF with each bilag's own pages after its separator page
(one WeasyPrint pass, ``kkr.pdf``); a bilag file that can't be read fails the render in Danish."""

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from ..models import Attachment, Publication
from .assembly import Assembly
from .content import CLOSED_LABEL, displayed, shown_item

if TYPE_CHECKING:
    from ..pdfpages import CopiedPages

log = logging.getLogger(__name__)


TEMPLATES = {
    Publication.Kind.AGENDA: "pdf/agenda.html",
    Publication.Kind.MINUTES: "pdf/minutes.html",
    Publication.Kind.SUPPLEMENT: "pdf/agenda.html",
}


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


def render_pdf(publication: Publication) -> bytes:
    """The PDF in one WeasyPrint pass (``kkr.pdf``): the document, then the bilag index and a separator page per
    bilag ("Bilag 3.1: <title>", in the numbered order, laid out by WeasyPrint at the end of the document:
    tagged, in the document's embedded font), each bilag's own pages put in after its separator while
    WeasyPrint writes the file (``Assembly``), with the running footer and "Side n af N" over the whole
    bundle stamped on them; a bookmark per item with its bilag under it. One query (attachments). Each bilag
    file is read and parsed once, before WeasyPrint runs (a file attached twice once): one that can't be read
    fails the render.

    A document without bilag is PDF/A-2a and PDF/UA-1. A bundle with bilag is tagged but claims neither: a
    bilag's pages are copied without their structure tree and keep whatever fonts and colours their
    program wrote (docs/meetings.md, "Tilgængelige og arkivbare PDF'er")."""
    from kkr import pdf

    bilag = _read_bilag(publication.content)
    html = render_html(publication, separators=bool(bilag), bilag=bilag)
    return pdf.render_pdf(html, finisher=Assembly(publication.content, bilag), archival=not bilag)


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

    from ..pdfpages import CopiedPages

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
