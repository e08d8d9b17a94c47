"""Reading back the PDFs we produce, with pypdf, and making small real PDFs to attach as bilag."""

from io import BytesIO

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, in page order."""
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """The text the whole PDF shows."""
    return "\n".join(pdf_pages(pdf))


def pdf_bookmarks(pdf: bytes) -> list[str]:
    """The titles of the top-level bookmarks (the outline)."""
    return [entry.title for entry in PdfReader(BytesIO(pdf)).outline if not isinstance(entry, list)]


def sample_pdf(*pages: str) -> bytes:
    """A real PDF (WeasyPrint) with one page per text given."""
    import weasyprint

    body = "".join(f'<p style="break-after: page">{text}</p>' for text in pages)
    return weasyprint.HTML(string=f'<html lang="da"><body>{body}</body></html>').write_pdf()
