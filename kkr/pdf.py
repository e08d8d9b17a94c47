"""One WeasyPrint render for every PDF the apps publish: tagged, with its language and title, fonts embedded.

A document is tagged (a structure tree, ``/MarkInfo``, ``/Lang`` from ``<html lang>``, ``DisplayDocTitle``)
and, when ``archival``, rendered as PDF/A-2a with the PDF/UA-1 identification added to its XMP metadata:
that claim is made only where it holds, so a caller that adds pages WeasyPrint did not lay out (the bilag
in a meeting's bundle) passes ``archival=False`` and the file says it is tagged but claims neither
standard. WeasyPrint puts the page margin boxes (running footer, "Side n af N") in marked content that
no structure element owns; here they become artifacts, as PDF/UA asks of headers, footers and page
numbers.
"""

import threading
from collections.abc import Callable

from django.conf import settings

ARCHIVAL_VARIANT = "pdf/a-2a"
PDFUA_IDENTIFICATION = (
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
    b"<pdfuaid:part>1</pdfuaid:part></rdf:Description>"
)


_local = threading.local()


def font_config():
    """One WeasyPrint font configuration per thread, for every render it does. A new one per render (WeasyPrint's
    default) leaves its fontconfig and Pango font map behind: a worker process grew with every render until it
    was recycled (docs/performance.md, "Worker memory"). Per thread, as Pango's font map is not thread-safe;
    the documents use no ``@font-face``, so nothing is ever added to it."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def render_pdf(html: str, *, finisher: Callable | None = None, archival: bool = True) -> bytes:
    """``html`` (a template under ``templates/pdf/``, its stylesheets relative to ``BASE_DIR``) as a tagged
    PDF. ``finisher(document, pdf)`` runs after the margins are made artifacts, before the file is written."""
    import weasyprint  # slow to import; only the worker and the PDF views need it

    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=font_config())

    def finish(document, pdf) -> None:
        margins_as_artifacts(pdf)
        if archival:
            identify_pdfua(pdf)
        else:
            # XMP with the title and producer, and no conformance identification.
            document.metadata.include_in_pdf(pdf, "a", None, None, compress=True)
        if finisher is not None:
            finisher(document, pdf)

    return document.write_pdf(pdf_variant=ARCHIVAL_VARIANT if archival else None, pdf_tags=True, finisher=finish)


def identify_pdfua(pdf) -> None:
    """The PDF/UA-1 identification in the one ``rdf:RDF`` of the XMP packet WeasyPrint wrote for PDF/A-2a."""
    metadata = pdf.objects[_number(pdf.catalog["Metadata"])]
    packet = b"".join(metadata.stream)
    metadata.stream = [packet.replace(b"</rdf:RDF>", PDFUA_IDENTIFICATION + b"</rdf:RDF>", 1)]


def _is_reference(value) -> bool:
    text = value.decode() if isinstance(value, bytes) else value
    return isinstance(text, str) and text.endswith(" R")


def _number(reference) -> int:
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    return int(text.split()[0])


def margins_as_artifacts(pdf) -> None:
    """Every marked-content sequence whose structure element is not in the document's tree (WeasyPrint's
    margin boxes) becomes an ``/Artifact`` sequence, and its parent-tree entry ``null``."""
    import pydyf

    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    reachable, todo = set(), [_number(reference) for reference in root["K"]]
    while todo:
        number = todo.pop()
        if number in reachable:
            continue
        reachable.add(number)
        kids = pdf.objects[number].get("K", ())
        todo.extend(_number(kid) for kid in kids if _is_reference(kid))
    nums = pdf.objects[_number(root["ParentTree"])]["Nums"]
    pages = [pdf.objects[_number(kid)] for kid in _references(pdf.pages["Kids"])]
    for index in range(0, len(nums), 2):
        if nums[index] >= len(pages):  # a link annotation's entry: one element, not a page's array
            continue
        page, owners = pages[nums[index]], nums[index + 1]
        loose = {mcid for mcid, owner in enumerate(owners) if _number(owner) not in reachable}
        if not loose:
            continue
        for mcid in loose:
            owners[mcid] = "null"
        stream = pdf.objects[_number(page["Contents"])]
        ops = stream.stream
        for position, op in enumerate(ops):
            if isinstance(op, pydyf.Dictionary) and op.get("MCID") in loose and ops[position + 1] == b"BDC":
                ops[position - 1], ops[position], ops[position + 1] = "/Artifact", b"", b"BMC"


def _references(kids) -> list:
    """``Kids`` as pydyf holds it: number, 0, "R" triples."""
    return [f"{kids[n]} 0 R" for n in range(0, len(kids), 3)]
