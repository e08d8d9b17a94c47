"""The bundle put together while WeasyPrint writes the PDF: each bilag's pages after its separator page, the
footer stamped on them and the outline (bookmarks)."""

from typing import TYPE_CHECKING

from .content import CLOSED_LABEL, shown_item

if TYPE_CHECKING:
    from .render import Bilag


SCALE = 0.75  # PDF points per CSS pixel (WeasyPrint's zoom 1)


class Assembly:
    """WeasyPrint's finisher: called with the laid-out document and its PDF objects just before the file is
    written. Puts each bilag's pages after its separator page (laid out by WeasyPrint at the end of the
    document with the anchor ``bilag-<n.m>``) and makes the outline: a bookmark per item (to its heading,
    anchor ``punkt-<n>``) with a bookmark per bilag under it (to its separator). The CSS turns WeasyPrint's
    own heading bookmarks off."""

    def __init__(self, content: dict, bilag: "list[Bilag]"):
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

    from ..pdffooter import Stamp, font_program

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
