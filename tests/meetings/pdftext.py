"""Reading back the PDFs we produce, with pypdf, and making small real PDFs to attach as bilag."""

from io import BytesIO

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, in page order."""
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """The text the whole PDF shows."""
    return "\n".join(pdf_pages(pdf))


def pdf_outline(pdf: bytes) -> list[tuple[str, int, list]]:
    """The outline as ``(title, page index, children)``, children the same way (pypdf's ``outline``)."""
    reader = PdfReader(BytesIO(pdf))

    def entries(outline) -> list:
        result = []
        for entry in outline:
            if isinstance(entry, list):  # the children of the entry before it
                title, page, _ = result[-1]
                result[-1] = (title, page, entries(entry))
            else:
                result.append((entry.title, reader.get_destination_page_number(entry), []))
        return result

    return entries(reader.outline)


def sample_pdf(*pages: str) -> bytes:
    """A real PDF (WeasyPrint) with one page per text given."""
    import weasyprint

    body = "".join(f'<p style="break-after: page">{text}</p>' for text in pages)
    return weasyprint.HTML(string=f'<html lang="da"><body>{body}</body></html>').write_pdf()


def handwritten_pdf() -> bytes:
    """A PDF as another program might write it: a classic xref table, page attributes inherited from the page
    tree (resources, media box 500 × 400, rotation 90), an indirect stream length, a link from page 1 to 2."""
    first = b"BT /F1 18 Tf 72 300 Td (Side et fra et andet program) Tj ET"
    second = b"BT /F1 18 Tf 72 300 Td (Side to) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 500 400] /Rotate 90"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Annots [8 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length 9 0 R >>\nstream\n" + first + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(second) + second + b"\nendstream",
        b"<< /Type /Annot /Subtype /Link /Rect [72 290 300 320] /P 3 0 R /Dest [4 0 R /Fit] >>",
        b"%d" % len(first),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
