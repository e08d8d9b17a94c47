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
