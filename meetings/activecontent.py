"""Active content a bilag must not carry into the agenda (docs/security.md): scripts, actions that start programs,
send or fetch data or open other files, and embedded files. The copy of a bilag's pages (``pdfpages``) leaves
out every dictionary entry and array item these functions name, wherever it is in the objects the pages use.

What is kept is a short list of harmless actions: a go-to inside the document, a web or mail link (``http``,
``https``, ``mailto``), and the four page-turning named actions. Everything else is left out: JavaScript,
Launch, SubmitForm, ImportData, ResetForm, remote and embedded go-tos (GoToR, GoToE: they open other files, a
network share among them), sound, movie, rendition, 3D and rich-media actions, and any action type not known.
"""

from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, IndirectObject, TextStringObject

# Entries left out wherever they appear: additional actions (page open/close, form field keystroke and format
# scripts, document will-print ...), the document's open action, scripts and the name trees of scripts and
# embedded files, a file specification's embedded file, XFA forms (their scripts), rich-media content.
ACTIVE_KEYS = frozenset(
    {"/AA", "/OpenAction", "/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
)
ACTIONS = frozenset(
    {
        "/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI", "/Sound", "/Movie", "/Hide",
        "/Named", "/SubmitForm", "/ResetForm", "/ImportData", "/SetOCGState", "/Rendition", "/Trans",
        "/GoTo3DView", "/JavaScript", "/RichMediaExecute",
    }
)  # fmt: skip
PAGE_TURNS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
WEB_SCHEMES = ("http://", "https://", "mailto:")
# Annotations that play or hold something: an attached file, sound, movie, screen (renditions and their
# scripts), rich media (Flash) and 3D (scripts).
ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"})
# Whole objects a page never needs: the document catalog (its open action, forms, name trees: reached only by a
# stray reference) and an embedded file's stream.
DOCUMENT_ONLY = frozenset({"/Catalog", "/EmbeddedFile"})


def is_active_entry(key: str, value) -> bool:
    """Whether the dictionary entry ``key value`` is active content (``value`` as read: maybe a reference)."""
    return key in ACTIVE_KEYS or is_active(value)


def is_active(value) -> bool:
    """Whether ``value`` (an array item or an entry's value, maybe a reference) is an active object: an action
    not on the harmless list, an annotation that plays or holds something, the catalog, an embedded file."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if not isinstance(value, DictionaryObject):
        return False
    kind = value.get("/Type")
    if kind in DOCUMENT_ONLY or value.get("/Subtype") in ACTIVE_ANNOTATIONS:
        return True
    action = value.get("/S")
    if kind == "/Action" or action in ACTIONS:
        return not _harmless(action, value)
    return False


def _harmless(action, value: DictionaryObject) -> bool:
    if action == "/GoTo":
        return True  # its /Next, if any, is checked as an entry of its own
    if action == "/Named":
        return value.get("/N") in PAGE_TURNS
    if action == "/URI":
        return _text(value.get("/URI")).strip().lower().startswith(WEB_SCHEMES)
    return False


def _text(value) -> str:
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if isinstance(value, TextStringObject):
        return str(value)
    if isinstance(value, ByteStringObject | bytes):
        return bytes(value).decode("latin-1")
    return ""


def strip_active_content(data: bytes, reader=None) -> bytes | None:
    """``data`` (a readable PDF, ``kkr.files.read_pdf``) without its active content, as a new file, or None
    when it has none (the file is kept as it is, byte for byte). The whole document is kept otherwise: its
    outline, structure tree, forms' fields and metadata. Objects nothing refers to any more are not written.
    ``reader``: pypdf's reader over ``data`` when the caller has one (the upload parses a file once)."""
    from io import BytesIO

    from pypdf import PdfWriter

    from kkr.files import read_pdf

    reader = reader if reader is not None else read_pdf(data)
    if not _has_active_content(reader):
        return None
    writer = PdfWriter(clone_from=reader)
    _visit(writer.root_object.indirect_reference, remove=True)
    # Each pass drops the objects nothing refers to; what only those referred to goes in the next pass (a
    # script under a removed name tree).
    left = None
    while left != (left := sum(obj is not None for obj in writer._objects)):
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _has_active_content(reader) -> bool:
    """Whether any object of the file has active content: those the document uses, and every other object its
    cross-reference tables list (a damaged file that another reader repairs differently may use them)."""
    listed = [IndirectObject(n, generation, reader) for generation, ns in reader.xref.items() for n in ns]
    listed += [IndirectObject(n, 0, reader) for n in reader.xref_objStm]
    seen: set = set()  # each object is looked at once, whichever way it is reached
    try:
        if _visit(reader.trailer.raw_get("/Root"), remove=False, seen=seen):
            return True
        for reference in listed:
            obj = reference.get_object()
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/XRef":
                continue  # a cross-reference stream: its /Root names the catalog, as the trailer does
            if _visit(reference, remove=False, seen=seen):
                return True
    except Exception:  # an object pypdf can't read: the clean copy is written from what it can
        return True
    return False


def _visit(root, *, remove: bool, seen: set | None = None) -> int:
    """The number of active entries and array items in every object reachable from ``root`` (and not in
    ``seen``: the references already looked at); ``remove``: and take them out."""
    found, seen, todo = 0, set() if seen is None else seen, [root]
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in list(obj.items()):
                if is_active_entry(key, value):
                    found += 1
                    if remove:
                        del obj[key]
                else:
                    todo.append(value)
        elif isinstance(obj, ArrayObject):
            kept = [item for item in obj if not is_active(item)]
            found += len(obj) - len(kept)
            if remove and len(kept) != len(obj):
                obj[:] = kept
            todo.extend(kept)
    return found
