"""What a tagged, archivable PDF carries, read with pypdf (veraPDF isn't available here): the checks behind
``kkr.pdf``'s claims."""

import re
from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import ContentStream

TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}


def catalog(pdf: bytes) -> dict:
    return PdfReader(BytesIO(pdf)).trailer["/Root"]


def xmp(pdf: bytes) -> str:
    root = catalog(pdf)
    return root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""


def identification(pdf: bytes) -> dict:
    """The conformance the XMP claims: {"pdfaid:part": "2", "pdfaid:conformance": "A", "pdfuaid:part": "1"}."""
    found = {}
    for key in ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part"):
        match = re.search(rf'{key}="([^"]+)"|<{key}>([^<]+)</{key}>', xmp(pdf))
        if match:
            found[key] = match.group(1) or match.group(2)
    return found


def is_tagged(pdf: bytes) -> bool:
    """A structure tree, ``/MarkInfo /Marked true``, the language and the title shown as the window's."""
    root = catalog(pdf)
    return (
        "/StructTreeRoot" in root
        and bool(root["/MarkInfo"]["/Marked"])
        and root.get("/Lang") == "da"
        and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    )


def unembedded_fonts(pdf: bytes) -> list[str]:
    """Every font on any page (and in the page's form XObjects) without its program in the file."""
    missing = []
    seen = set()

    def check(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            if font.get("/Subtype") == "/Type3":
                check(font.get("/Resources"))
                continue
            described = font["/DescendantFonts"][0].get_object() if font.get("/Subtype") == "/Type0" else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                check(xobject.get("/Resources"))

    for page in PdfReader(BytesIO(pdf)).pages:
        check(page.get("/Resources"))
    return missing


def untagged_text_pages(pdf: bytes) -> list[int]:
    """The tagged pages (those with ``/StructParents``) where some text is shown outside marked content, or in
    marked content the structure tree does not own (neither an artifact nor a structure element's)."""
    reader = PdfReader(BytesIO(pdf))
    parent_tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"].get_object()["/Nums"]
    owners = {parent_tree[n]: parent_tree[n + 1] for n in range(0, len(parent_tree), 2)}
    in_tree = _elements(reader.trailer["/Root"]["/StructTreeRoot"])
    bad = []
    for index, page in enumerate(reader.pages):
        if "/StructParents" not in page:
            continue
        mcids = owners[page["/StructParents"]]
        stack, ok = [], True
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BMC":
                stack.append(operands[0] == "/Artifact")
            elif operator == b"BDC":
                mcid = operands[1].get("/MCID") if hasattr(operands[1], "get") else None
                owner = mcids[mcid] if mcid is not None and mcid < len(mcids) else None
                stack.append(operands[0] == "/Artifact" or getattr(owner, "idnum", None) in in_tree)
            elif operator == b"EMC":
                stack.pop()
            elif operator in TEXT_OPERATORS and not (stack and any(stack)):
                ok = False
        if not ok:
            bad.append(index)
    return bad


def _elements(root) -> set[int]:
    """The object numbers of the structure elements reachable from the root (not ones no parent lists)."""
    found, todo = set(), [root.get_object()["/K"]]
    while todo:
        kids = todo.pop()
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            if hasattr(kid, "idnum") and kid.idnum not in found:
                found.add(kid.idnum)
                element = kid.get_object()
                if hasattr(element, "get") and "/K" in element:
                    todo.append(element["/K"])
    return found


def has_artifacts(pdf: bytes, page: int = 0) -> bool:
    reader = PdfReader(BytesIO(pdf))
    return any(
        operator == b"BMC" and operands[0] == "/Artifact"
        for operands, operator in ContentStream(reader.pages[page].get_contents(), reader).operations
    )
