"""Pages put into a PDF while WeasyPrint writes it (``write_pdf(finisher=...)``, pydyf objects): the pages of
a bilag read by pypdf (``CopiedPages``); the footer stamped on them is ``pdffooter``. The separator page
before each bilag is laid out by WeasyPrint (``templates/pdf/_separators.html``): tagged, in the document's
embedded font.

A bilag file is parsed once by pypdf and each of its objects is copied once, as it is: streams keep their
encoded bytes and filters (nothing is decoded or compressed again), strings their bytes; only the object
numbers change. The agenda itself is never parsed back (what ``PdfWriter(clone_from=...)`` would do).

Only what the pages need is copied: the page dictionaries (with what they inherit from their page tree:
``reader.pages`` fills that in), their content, resources and annotations, and whatever those refer to. Not
the bilag's outline, forms dictionary, structure tree or article threads (as ``PdfWriter.append`` with
``import_outline=False`` leaves them too). Active content is never copied, wherever a page reaches it
(``activecontent``: scripts, actions other than links, embedded files): a bilag stored before the upload
check, or one the check missed, is made safe here too.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pydyf
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .activecontent import is_active, is_active_entry

if TYPE_CHECKING:
    from pypdf import PdfReader

# Page entries not copied: the parent is the new document's page tree; beads and structure keys refer to
# catalog-level trees that are not copied (a bilag arrives untagged: staff are told at upload).
DROPPED_PAGE_KEYS = {"/Parent", "/B", "/StructParents"}


@lru_cache(maxsize=4096)
def _name(name: NameObject) -> bytes:
    """``/Name`` with PDF's escapes (pypdf's ``renumber`` is slow enough to matter for font dictionaries)."""
    return NameObject(name).renumber()


def _string(value) -> bytes:
    raw = value.original_bytes if isinstance(value, TextStringObject) else bytes(value)  # as read, not re-encoded
    return b"<" + raw.hex().encode() + b">"


# How each pypdf scalar is written, by exact type (subclasses are looked up in order).
SCALARS = {
    NumberObject: lambda value: b"%d" % value,
    NameObject: _name,
    FloatObject: lambda value: value.myrepr().encode(),
    TextStringObject: _string,
    ByteStringObject: _string,
    BooleanObject: lambda value: b"true" if value.value else b"false",
    NullObject: lambda value: b"null",
}


class Reference(pydyf.Object):
    """An indirect reference to a pydyf object, written as ``n 0 R`` with the number it has when the PDF is
    written (the copied objects get their numbers only when they are added to WeasyPrint's PDF)."""

    def __init__(self, target: pydyf.Object):
        super().__init__()
        self.target = target

    @property
    def data(self) -> bytes:
        return self.target.reference


class CopiedPages:
    """A PDF's pages as pydyf objects, ready to be added to another document: ``objects`` (every indirect
    object, pages included) and ``pages`` (the page dictionaries in order)."""

    def __init__(self, reader: PdfReader):
        self.objects: list[pydyf.Object] = []
        self.pages: list[pydyf.Dictionary] = []
        self._copies: dict[tuple[int, int], pydyf.Object] = {}
        self._todo: list[tuple[pydyf.Object, object]] = []
        #: Each page's visible box (x0, y0, x1, y1) and rotation, where ``pdffooter.Stamp`` writes its footer.
        self.boxes: list[tuple[float, float, float, float, int]] = []
        for page in reader.pages:  # flattened: inherited resources, boxes and rotation are on the page
            copy = pydyf.Dictionary()
            if page.indirect_reference is not None:  # links and annotations pointing at the page find this copy
                self._copies[(page.indirect_reference.idnum, page.indirect_reference.generation)] = copy
            self.objects.append(copy)
            self.pages.append(copy)
            self._todo.append((copy, page))
            box = page.cropbox
            self.boxes.append((*(float(v) for v in (box.left, box.bottom, box.right, box.top)), page.rotation % 360))
        while self._todo:
            copy, source = self._todo.pop()
            self._fill(copy, source)

    def add_to(self, pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
        """Number the objects in ``pdf`` and hang the pages on its page tree (the caller puts them in ``Kids``)."""
        for obj in self.objects:
            pdf.add_object(obj)
        for page in self.pages:
            page["Parent"] = pdf.pages.reference
        return self.pages

    def _fill(self, copy: pydyf.Object, source) -> None:
        if isinstance(copy, pydyf.Stream):
            data = source.get_data() if isinstance(source, DecodedStreamObject) else source._data
            copy.stream = [data]
            copy.extra = self._dictionary(source, skip={"/Length"})
        elif isinstance(copy, pydyf.Dictionary):
            is_page = source.get("/Type") == "/Page"
            copy.update(self._dictionary(source, skip=DROPPED_PAGE_KEYS if is_page else ()))
        else:
            copy.extend(self._value(value) for value in source)

    def _dictionary(self, source: DictionaryObject, skip=()) -> pydyf.Dictionary:
        return pydyf.Dictionary(
            {
                _name(key)[1:]: self._value(value)
                for key, value in source.items()
                if key not in skip and not is_active_entry(key, value)
            }
        )

    def _value(self, value):
        """A direct value as pydyf writes it (bytes or a direct container), an indirect one as a Reference."""
        write = SCALARS.get(type(value))
        if write is not None:
            return write(value)
        if isinstance(value, IndirectObject):
            return self._indirect(value)
        if isinstance(value, StreamObject):  # a stream must be indirect; a broken file may have it inline
            return Reference(self._new_indirect(value))
        if isinstance(value, DictionaryObject):
            return self._dictionary(value)
        if isinstance(value, ArrayObject):
            items = [self._value(item) for item in value if not is_active(item)]
            if all(type(item) is bytes for item in items):  # no reference inside: written once, now
                return b"[" + b" ".join(items) + b"]"
            return pydyf.Array(items)
        for kind, write in SCALARS.items():  # subclasses
            if isinstance(value, kind):
                return write(value)
        if value is None:
            return b"null"
        raise TypeError(f"ukendt PDF-objekt {type(value).__name__}")

    def _indirect(self, reference: IndirectObject):
        key = (reference.idnum, reference.generation)
        copy = self._copies.get(key)
        if copy is None:
            target = reference.get_object()
            if target is None or isinstance(target, NullObject):
                return b"null"
            if not isinstance(target, DictionaryObject | ArrayObject):
                return self._value(target)  # an indirect number or string: written in place
            copy = self._new_indirect(target, key)
        return Reference(copy)

    def _new_indirect(self, target, key=None) -> pydyf.Object:
        if isinstance(target, StreamObject):
            copy = pydyf.Stream(compress=False)
        elif isinstance(target, DictionaryObject):
            copy = pydyf.Dictionary()
        else:
            copy = pydyf.Array()
        if key is not None:
            self._copies[key] = copy
        self.objects.append(copy)
        self._todo.append((copy, target))
        return copy


# --- What staff are told at upload -------------------------------------------------------------------------

TAGGED_NOT_CARRIED = (
    "Bilaget er tagget, men dets tags følger ikke med ind i den samlede PDF med dagsorden eller referat: dér "
    "læser skærmlæsere det uden struktur (overskrifter, lister, tabeller)."
)
UNTAGGED = "Bilaget er ikke tagget: skærmlæsere læser det uden struktur (overskrifter, lister, tabeller)."
NO_TEXT = (
    "Bilaget har ingen tekst – det ligner en scanning. Skærmlæsere og søgning kan ikke læse det. Læg om muligt "
    "en PDF med tekst op (fx efter tekstgenkendelse)."
)


def upload_notes(reader: PdfReader) -> list[str]:
    """What staff should know about a bilag's accessibility: the bundle copies its pages without their
    structure tree (``DROPPED_PAGE_KEYS``), and a scan with no text layer is unreadable to a screen reader."""
    notes = [TAGGED_NOT_CARRIED if "/StructTreeRoot" in reader.trailer["/Root"] else UNTAGGED]
    if not any(page.extract_text().strip() for page in reader.pages):
        notes.append(NO_TEXT)
    return notes
