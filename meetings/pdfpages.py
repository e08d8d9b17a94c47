"""Pages put into a PDF while WeasyPrint writes it (``write_pdf(finisher=...)``, pydyf objects): the pages of
a bilag read by pypdf (``CopiedPages``) and the separator page before each bilag (``SeparatorPages``).

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
from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS  # the standard fonts' widths (Adobe's AFM files)
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
# catalog-level trees that are not copied.
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
        for page in reader.pages:  # flattened: inherited resources, boxes and rotation are on the page
            copy = pydyf.Dictionary()
            if page.indirect_reference is not None:  # links and annotations pointing at the page find this copy
                self._copies[(page.indirect_reference.idnum, page.indirect_reference.generation)] = copy
            self.objects.append(copy)
            self.pages.append(copy)
            self._todo.append((copy, page))
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


# --- Separator pages -----------------------------------------------------------------------------------

CM = 72 / 2.54  # points


class SeparatorPages:
    """Separator pages drawn directly as PDF ("Bilag 3.1: <title>", "Til punkt 3. <title>"), laid out as the
    CSS separator (``static/css/pdf.css``: 2 cm margins, the title 8 cm down) in Helvetica, one of the
    standard fonts every PDF reader has (nothing is embedded), in WinAnsiEncoding. A page WeasyPrint lays out
    costs 3-6 ms even when it is nearly empty; 60 of them were a quarter of the agenda's render. Text WinAnsi
    can't write (``drawable`` False) goes through WeasyPrint's separator pages instead (``documents``)."""

    FONTS = {"F1": "Helvetica-Bold", "F2": "Helvetica"}
    LINES = (("F1", 22, 22 * 1.3, "0 g"), ("F2", 12, 12 * 1.4, "0.2 g"))  # font, size, line height, colour

    def __init__(self, pdf: pydyf.PDF, media_box, *, mark: str = ""):
        """``mark``: the draft or preview mark every page of the document carries (``.draft-mark`` in the CSS:
        9 pt bold capitals in red, 0.6 cm from the top, flush with the right margin)."""
        self.pdf, self.mark = pdf, mark.upper()
        self.left, self.bottom, self.right, self.top = (float(n) for n in media_box)
        fonts = {}
        for key, name in self.FONTS.items():
            font = pydyf.Dictionary(
                {"Type": "/Font", "Subtype": "/Type1", "BaseFont": f"/{name}", "Encoding": "/WinAnsiEncoding"}
            )
            pdf.add_object(font)
            fonts[key] = font.reference
        self.resources = pydyf.Dictionary({"Font": pydyf.Dictionary(fonts)})
        pdf.add_object(self.resources)

    @staticmethod
    def drawable(*texts: str) -> bool:
        try:
            for text in texts:
                text.encode("cp1252")  # WinAnsiEncoding is Windows-1252
        except UnicodeEncodeError:
            return False
        return True

    def page(self, title: str, subtitle: str) -> pydyf.Dictionary:
        """A separator page (not yet in the page tree: the caller puts it in ``Kids``)."""
        x, y, width = self.left + 2 * CM, self.top - 10 * CM, self.right - self.left - 4 * CM
        ops = [b"BT"]
        for (font, size, height, colour), text, gap in zip(self.LINES, (title, subtitle), (0.4 * 22, 0), strict=True):
            ops.append(f"/{font} {size} Tf {colour}".encode())
            for line in wrap(text, self.FONTS[font], size, width):
                y -= height
                ops.append(f"1 0 0 1 {x:.2f} {y + (height - size) / 2 + 0.2 * size:.2f} Tm ".encode() + literal(line))
                ops.append(b"Tj")
            y -= gap
        if self.mark:
            size, spacing = 9, 0.05 * 9
            wide = (
                sum(CORE_FONT_METRICS["Helvetica-Bold"].character_widths.get(c, 556) for c in self.mark) * size / 1000
            )
            wide += spacing * len(self.mark)
            x, y = self.right - 2 * CM - wide, self.top - 0.6 * CM - 0.8 * size
            ops.append(f"/F1 {size} Tf {spacing:.2f} Tc 0.643 0.086 0.102 rg".encode())
            ops += [f"1 0 0 1 {x:.2f} {y:.2f} Tm ".encode() + literal(self.mark), b"Tj"]
        ops.append(b"ET")
        content = pydyf.Stream(ops, compress=True)
        self.pdf.add_object(content)
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": self.pdf.pages.reference,
                "MediaBox": pydyf.Array([self.left, self.bottom, self.right, self.top]),
                "Contents": content.reference,
                "Resources": self.resources.reference,
            }
        )
        self.pdf.add_object(page)
        return page


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` points, broken at spaces (inside a word too long for a line)."""
    widths = CORE_FONT_METRICS[font].character_widths
    default, room = widths["default"], width * 1000 / size  # in the font's units
    space = widths.get(" ", default)
    lines, line, used = [], [], 0.0
    for word in text.split():
        wide = sum(widths.get(char, default) for char in word)
        if line and used + space + wide <= room:
            line.append(word)
            used += space + wide
            continue
        if line:
            lines.append(" ".join(line))
        line, used = [], 0.0
        if wide > room:  # a word alone is too wide: break it where it must
            part = ""
            for char in word:
                if part and used + widths.get(char, default) > room:
                    lines.append(part)
                    part, used = "", 0.0
                part += char
                used += widths.get(char, default)
            word = part
        line = [word]
        used = sum(widths.get(char, default) for char in word)
    if line:
        lines.append(" ".join(line))
    return lines


def literal(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b"\\r") + b")"
