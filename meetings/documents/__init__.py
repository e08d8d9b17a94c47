"""Agenda and minutes documents: the snapshot published (FO 3.3, FO 3.4) and its WeasyPrint rendering.

A publication stores its content as plain JSON when it is requested, so the PDF, the public pages and a
retried render all show exactly what was published. The public version never carries a closed item's
content: only its number, title and "Lukket punkt" (SPEC §3).

A module per step: ``content`` (the snapshot and how its items are shown), ``sitting`` (the attendance the
minutes state), ``render`` (the HTML and the PDF), ``assembly`` (the bilag pages, their footer and the
bookmarks put into the PDF while it is written).
"""

from .assembly import Assembly, item_label, running_footer
from .content import (
    CLOSED_LABEL,
    agenda_content,
    bare_title,
    displayed,
    minutes_content,
    public_title,
    shown_item,
    shown_title,
    supplement_content,
)
from .render import TEMPLATES, Bilag, UnreadableAttachment, bilag_label, bundle_parts, render_html, render_pdf
from .sitting import Sitting, participant_list

__all__ = [
    "Assembly",
    "Bilag",
    "CLOSED_LABEL",
    "Sitting",
    "TEMPLATES",
    "UnreadableAttachment",
    "agenda_content",
    "bare_title",
    "bilag_label",
    "bundle_parts",
    "displayed",
    "item_label",
    "minutes_content",
    "participant_list",
    "public_title",
    "render_html",
    "render_pdf",
    "running_footer",
    "shown_item",
    "shown_title",
    "supplement_content",
]
