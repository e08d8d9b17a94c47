"""Reading uploaded CSV files the way Danish secretariats save them from Excel (domain-free; used by the
member import and the election-result import), and writing every CSV export safely."""

import codecs
import csv
import io

from django.http import HttpResponse

SAVE_AS = "Gem filen i Excel som «CSV UTF-8 (kommasepareret)» og vælg den igen."


class CsvFileError(ValueError):
    """The upload is not a readable CSV file; the message is Danish and says what to do."""


def decode_upload(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252 as older Excel saves; spreadsheets, UTF-16 and binary
    files are refused with a message."""
    if data.startswith(b"PK\x03\x04"):
        raise CsvFileError(f"Filen er et Excel-regneark (.xlsx), ikke en CSV-fil. {SAVE_AS}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvFileError(f"Filen er gemt som UTF-16 («Unicode-tekst»). {SAVE_AS}")
    if b"\x00" in data:
        raise CsvFileError(f"Filen er ikke en CSV-fil (den indeholder binære data). {SAVE_AS}")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFileError(f"Filens tegnsæt kan ikke læses (hverken UTF-8 eller Windows-1252). {SAVE_AS}")


def csv_reader(text: str):
    """A csv reader for ``;`` (Danish Excel) or ``,``, whichever the header line uses more."""
    first = text.split("\n", 1)[0]
    return csv.reader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")


# --- Writing: the one way every CSV export is written (docs/security.md, "CSV injection") ----------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(cell) -> str:
    """A cell a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, CR; leading spaces
    do not hide one) starts with an apostrophe instead, so it is shown as text."""
    text = "" if cell is None else str(cell)
    return f"'{text}" if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV download for Danish Excel (UTF-8 with BOM, semicolons), every cell neutralised; it holds
    members' data, so it is ``private, no-store``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response


class PreviewVerdict:
    """What every CSV import's preview answers (members' offices, a new council, election results): it can be
    applied when it has rows and neither the file nor any row has a problem. The dataclass that mixes it in has
    ``rows`` (each with ``problems``) and ``problems``."""

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.problems and not any(row.problems for row in self.rows)

    @property
    def problem_count(self) -> int:
        return len(self.problems) + sum(len(row.problems) for row in self.rows)
