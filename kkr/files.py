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
    """pypdf can't read the file's structure (not a PDF, truncated, damaged)."""


class EncryptedPdf(UnreadablePdf):
    """The file can't be opened without a password (or with the encryption pypdf can open here)."""


def read_pdf(data: bytes):
    """pypdf's reader over a PDF's bytes, opened when it has only an owner password (print or edit
    restrictions, no password to open it). ``EncryptedPdf`` when it needs a password to open,
    ``UnreadablePdf`` when pypdf can't read it."""
    from pypdf import PdfReader  # slow to import; only uploads and the worker need it

    try:
        reader = PdfReader(BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many kinds on a damaged file; any of them means "not readable"
        raise UnreadablePdf(str(exc)) from exc
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # an encryption pypdf can't do without a missing library, or a broken one
            raise EncryptedPdf(str(exc)) from exc
        if not opened:
            raise EncryptedPdf("a password is needed to open it")
    return reader


def pdf_page_count(reader, *, limit: int) -> int:
    """The number of pages of a PDF (``read_pdf``), or the page tree's declared count as soon as that is over
    ``limit`` (no need to walk 20,000 pages to refuse them); ``UnreadablePdf`` when pypdf cannot read its page
    tree."""
    try:
        declared = reader.trailer["/Root"]["/Pages"].get("/Count")
        if isinstance(declared, int) and declared > limit:
            return int(declared)
        return len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on a damaged file; any of them means "not readable"
        raise UnreadablePdf(str(exc)) from exc
