"""Uploaded and generated files (docs/security.md): names on disk nobody can guess, and a PDF's page count
read safely before anything renders it."""

import secrets
from io import BytesIO

from django.utils import timezone


def random_name(folder: str, suffix: str = ".pdf") -> str:
    """``folder/2026/<128 random bits>.pdf``: the name never tells or lets anyone guess what the file is."""
    return f"{folder}/{timezone.now():%Y}/{secrets.token_urlsafe(16)}{suffix}"


def attachment_upload_to(instance, filename: str) -> str:
    return random_name("bilag")


def publication_upload_to(instance, filename: str) -> str:
    return random_name("publikationer")


class UnreadablePdf(ValueError):
    pass


def pdf_page_count(file, *, limit: int) -> int:
    """The number of pages of an uploaded PDF (the file is rewound afterwards), or the page tree's declared
    count as soon as that is over ``limit`` (no need to walk 20,000 pages to refuse them); ``UnreadablePdf``
    when pypdf cannot read its page tree."""
    from pypdf import PdfReader  # slow to import; only uploads need it

    try:
        position = file.tell()
        data = file.read()
        file.seek(position)
        reader = PdfReader(BytesIO(data))
        declared = reader.trailer["/Root"]["/Pages"].get("/Count")
        if isinstance(declared, int) and declared > limit:
            return int(declared)
        return len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on a damaged file; any of them means "not readable"
        raise UnreadablePdf(str(exc)) from exc
