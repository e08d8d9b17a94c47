"""A small PDF text extractor for WeasyPrint output (no PDF library is installed; pypdf/pdftotext are not).

It reads objects (also inside object streams), the fonts' ToUnicode maps and the text-showing operators
of the content streams. Enough to check what a PDF we produced says; not a general PDF parser.
"""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
STREAM = re.compile(rb"^(.*?)stream\r?\n(.*?)\r?\nendstream", re.S)
FONT_REF = re.compile(rb"/([\w.+-]+) (\d+) 0 R")
TEXT = re.compile(rb"/([\w.+-]+) [\d.]+ Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|(T\*|Td|TD|ET)", re.S)
HEX = re.compile(rb"<([0-9a-fA-F]*)>")


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    objects = {}
    for number, body in OBJECT.findall(pdf):
        match = STREAM.match(body)
        if not match:
            objects[int(number)] = (body, None)
            continue
        head, data = match.groups()
        objects[int(number)] = (head, zlib.decompress(data) if b"FlateDecode" in head else data)
    for head, data in list(objects.values()):
        if data is not None and b"/ObjStm" in head:
            first = int(re.search(rb"/First (\d+)", head).group(1))
            pairs = list(map(int, data[:first].split()))
            offsets = [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]
            for (number, start), following in zip(offsets, offsets[1:] + [(None, len(data) - first)], strict=True):
                objects[number] = (data[first + start : first + following[1]], None)
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2], strict=True):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        codes = HEX.findall(block)
        for lo, hi, dst in zip(codes[::3], codes[1::3], codes[2::3], strict=True):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def pdf_text(pdf: bytes) -> str:
    """The text a WeasyPrint PDF shows, in content-stream order."""
    objects = _objects(pdf)
    fonts = {}
    for head, _ in objects.values():
        for name, ref in FONT_REF.findall(head):
            font_head = objects.get(int(ref), (b"", None))[0]
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font_head)
            if to_unicode:
                fonts[name] = _cmap(objects[int(to_unicode.group(1))][1] or b"")
    out, cmap = [], {}
    for _, data in objects.values():
        if data is None or b"Tf" not in data:
            continue
        for font, array, single, newline in TEXT.findall(data):
            if font:
                cmap = fonts.get(font, {})
            elif newline:
                out.append("\n" if newline != b"ET" else " ")
            else:
                for chunk in [single] if single else HEX.findall(array):
                    raw = bytes.fromhex(chunk.decode())
                    out.extend(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw), 2))
    return "".join(out)
