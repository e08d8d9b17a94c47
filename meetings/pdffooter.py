"""The running footer and "Side n af N" stamped on a bilag's own pages (``Stamp``), in a subset of the
document's font made once per worker (``font_program``)."""

from __future__ import annotations

import hashlib
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

import pydyf

from .pdfpages import Reference

# Characters every footer may use, so one subset of the font serves every bundle of a council (the cache key
# is only what a footer adds beyond these).
FOOTER_CHARACTERS = frozenset(
    " !\"#%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyzÆØÅæøåÉéÜüÖöÄä·–—«»§"
)
FOOTER_SIZE = 9  # pt, as the document's margin boxes (static/css/pdf.css)
FOOTER_MARGIN = 2 * 72 / 2.54  # the document's left and right page margin, 2 cm
FOOTER_BASELINE = 1.1 * 72 / 2.54 - 3  # the middle of the document's 2.2 cm bottom margin, less half a line


@dataclass(frozen=True)
class FontProgram:
    """A subset of the document's font (TrueType): the program and its ToUnicode map (both Flate-compressed, once),
    each character's glyph and every glyph's width (1/1000 em), the metrics a PDF font descriptor needs."""

    name: str
    data: bytes
    length: int
    to_unicode: bytes
    glyphs: dict
    widths: tuple
    bbox: tuple
    ascent: int
    descent: int
    cap_height: int


_programs: OrderedDict[tuple, FontProgram] = OrderedDict()
PROGRAMS_KEPT = 4  # one per font and character set in use; a worker keeps at most these few


def font_program(key: str, data: Callable[[], bytes], characters: frozenset) -> FontProgram:
    """The subset for ``characters`` of the font whose whole program ``data()`` gives (named ``key``, stable
    across renders): made once per worker process and kept (a bounded cache, so the memory of a long-running
    worker stays flat)."""
    cache_key = (key, characters - FOOTER_CHARACTERS)
    program = _programs.get(cache_key)
    if program is None:
        program = _subset(key, data(), FOOTER_CHARACTERS | characters)
        _programs[cache_key] = program
        while len(_programs) > PROGRAMS_KEPT:
            _programs.popitem(last=False)
    else:
        _programs.move_to_end(cache_key)
    return program


def _subset(key: str, data: bytes, characters: frozenset) -> FontProgram:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(data), fontNumber=0, lazy=False)
    family = font["name"].getDebugName(6) if "name" in font else None  # the PostScript name, before subsetting
    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline = [], [], True
    options.hinting, options.glyph_names = False, False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    subsetter.subset(font)
    cmap, order = font.getBestCmap(), font.getGlyphOrder()
    ids = {name: n for n, name in enumerate(order)}
    glyphs = {c: ids[cmap[ord(c)]] for c in characters if ord(c) in cmap}
    scale = 1000 / font["head"].unitsPerEm
    head, hhea = font["head"], font["hhea"]
    out = BytesIO()
    font.save(out)
    tag = "".join(chr(65 + b % 26) for b in hashlib.md5(key.encode(), usedforsecurity=False).digest()[:6])
    return FontProgram(
        name=f"{tag}+{(family or 'Font').replace(' ', '-')}",
        data=zlib.compress(out.getvalue(), 9),
        length=len(out.getvalue()),
        to_unicode=zlib.compress(_to_unicode(glyphs), 9),
        glyphs=glyphs,
        widths=tuple(round(font["hmtx"][name][0] * scale) for name in order),
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(font["OS/2"], "sCapHeight", 0) * scale) or round(hhea.ascent * scale),
    )


class Stamp:
    """Footer lines on pages WeasyPrint did not lay out (a bilag's own pages): in the document's font (a subset
    embedded once in the bundle, with a ``ToUnicode`` map so the text can be searched and read aloud), as an
    ``/Artifact`` (PDF/UA: page numbers and running footers are not content), on a white ground so a scanned
    page does not hide it. Written after the page's own content, which is wrapped in ``q``/``Q`` so whatever
    state it leaves does not move the footer."""

    NAME = "KKRFooter"

    def __init__(self, pdf: pydyf.PDF, program: FontProgram):
        self.program = program
        font_file = pydyf.Stream([program.data], {"Length1": program.length, "Filter": "/FlateDecode"})
        pdf.add_object(font_file)
        descriptor = pydyf.Dictionary(
            {
                "Type": "/FontDescriptor",
                "FontName": "/" + program.name,
                "Flags": 32,
                "FontBBox": pydyf.Array(program.bbox),
                "ItalicAngle": 0,
                "Ascent": program.ascent,
                "Descent": program.descent,
                "CapHeight": program.cap_height,
                "StemV": 80,
                "FontFile2": font_file.reference,
            }
        )
        pdf.add_object(descriptor)
        cid_font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": "/" + program.name,
                "CIDSystemInfo": pydyf.Dictionary(
                    {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
                ),
                "FontDescriptor": descriptor.reference,
                "W": pydyf.Array([0, pydyf.Array(program.widths)]),
                "CIDToGIDMap": "/Identity",
            }
        )
        pdf.add_object(cid_font)
        to_unicode = pydyf.Stream([program.to_unicode], {"Filter": "/FlateDecode"})
        pdf.add_object(to_unicode)
        self.font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": "/" + program.name,
                "Encoding": "/Identity-H",
                "DescendantFonts": pydyf.Array([cid_font.reference]),
                "ToUnicode": to_unicode.reference,
            }
        )
        pdf.add_object(self.font)
        self.save = pydyf.Stream([b"q"])
        pdf.add_object(self.save)
        self.pdf = pdf

    def text(self, line: str) -> tuple[bytes, float]:
        """The line as glyph ids (hex, two bytes each) and its width in points."""
        missing = self.program.glyphs.get("?", 0)
        glyphs = [self.program.glyphs.get(c, missing) for c in line]
        width = sum(self.program.widths[g] for g in glyphs) * FOOTER_SIZE / 1000
        return b"<" + "".join(f"{g:04x}" for g in glyphs).encode() + b">", width

    def on(self, page: pydyf.Dictionary, box: tuple, left: str, right: str) -> None:
        x0, y0, x1, y1, rotation = box
        width = x1 - x0 if rotation in (0, 180) else y1 - y0
        matrix = {
            0: (1, 0, 0, 1, x0, y0),
            90: (0, 1, -1, 0, x1, y0),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, -1, 1, 0, x0, y1),
        }[rotation]
        ops = [b"Q", b"/Artifact BMC", b"q", b"%g %g %g %g %g %g cm" % matrix]
        for line, x_of in ((left, lambda w: FOOTER_MARGIN), (right, lambda w: width - FOOTER_MARGIN - w)):
            if not line:
                continue
            glyphs, line_width = self.text(line)
            x, y = x_of(line_width), FOOTER_BASELINE
            ops.append(b"1 1 1 rg %.2f %.2f %.2f %.2f re f" % (x - 2, y - 3, line_width + 4, FOOTER_SIZE + 3))
            ops.append(
                b"0.067 0.067 0.067 rg BT /%s %d Tf %.2f %.2f Td %s Tj ET"
                % (self.NAME.encode(), FOOTER_SIZE, x, y, glyphs)
            )
        ops += [b"Q", b"EMC"]
        footer = pydyf.Stream(ops, compress=True)
        self.pdf.add_object(footer)
        contents = _pop(page, "Contents")
        before = list(contents) if isinstance(contents, pydyf.Array) else [contents] if contents is not None else []
        before = [stream for stream in before if stream != b"null"]
        page["Contents"] = pydyf.Array([self.save.reference, *before, footer.reference])
        fonts = _dictionary_in(_dictionary_in(page, "Resources"), "Font")
        fonts[self.NAME] = self.font.reference


def _dictionary_in(parent: pydyf.Dictionary, key: str) -> pydyf.Dictionary:
    """``parent[key]`` as the dictionary to change (the copied one a reference points at), made when missing."""
    value = _pop(parent, key)
    if isinstance(value, Reference):
        parent[key], value = value, value.target
    elif isinstance(value, pydyf.Dictionary):
        parent[key] = value
    else:
        value = parent[key] = pydyf.Dictionary()
    return value


def _pop(dictionary: pydyf.Dictionary, key: str):
    """The entry ``key`` taken out of a dictionary (a copied one has its keys as bytes, pydyf's own as text)."""
    value = dictionary.pop(key, None)
    return dictionary.pop(key.encode(), value)


def _to_unicode(glyphs: dict) -> bytes:
    """The CMap from glyph id to the character it shows (text extraction, screen readers)."""
    by_glyph = {}
    for character, glyph in sorted(glyphs.items()):
        by_glyph.setdefault(glyph, character)
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <ffff> endcodespacerange",
    ]
    items = sorted(by_glyph.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines += [b"<%04x> <%s>" % (g, c.encode("utf-16-be").hex().encode()) for g, c in chunk]
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines)
