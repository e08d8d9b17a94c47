"""Danish display formatting in one place: dates, times, numbers and vote counts.

Domain code returns plain values (dates, ints, Fractions); templates format them with the filters in
``kkr/templatetags/danish.py`` and Python code (PDF contexts, e-mails, CSV) calls these functions.
Style: running text and headings ``4. december 2026`` (messages too); tables and forms ``04.12.2026`` and
``04.12.2026 kl. 18.29``; ``kl. 13.00``, ``12.345``, ``33,3 %``. No other date pattern is written anywhere
(``tests/test_date_style.py`` scans the templates and the Python code for one).
"""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def _local(value):
    """An aware datetime in Europe/Copenhagen (naive ones are taken as local already)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value: date | datetime | None, *, weekday: bool = False) -> str:
    """``4. december 2026``; with ``weekday``: ``fredag den 4. december 2026``. Empty for None."""
    if value is None:
        return ""
    value = _local(value)
    text = f"{value.day}. {MONTHS[value.month - 1]} {value.year}"
    return f"{WEEKDAYS[value.weekday()]} den {text}" if weekday else text


def format_short_date(value: date | datetime | None) -> str:
    """``04.12.2026`` for tables and CSV. Empty for None."""
    if value is None:
        return ""
    return f"{_local(value):%d.%m.%Y}"


def format_short_datetime(value: datetime | None) -> str:
    """``04.12.2026 kl. 18.29`` for tables and forms (local time). Empty for None."""
    if value is None:
        return ""
    return f"{format_short_date(value)} {format_time(value)}"


def format_clock(value: time | datetime | None) -> str:
    """``13.00`` without "kl.", after a range's dash: ``kl. 10.00–12.00``. Empty for None."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.hour:02d}.{value.minute:02d}"


def format_time(value: time | datetime | None) -> str:
    """``kl. 13.00``. Empty for None."""
    if value is None:
        return ""
    value = _local(value)
    return f"kl. {value.hour:02d}.{value.minute:02d}"


def format_datetime(value: datetime | None, *, weekday: bool = False) -> str:
    """``4. december 2026 kl. 13.00`` (local time). Empty for None."""
    if value is None:
        return ""
    return f"{format_date(value, weekday=weekday)} {format_time(value)}"


def format_int(value: int | None) -> str:
    """``12.345`` (thousands separated by a dot). Empty for None."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_decimal(value: int | float | Decimal | Fraction | None, places: int = 1) -> str:
    """``33,3`` (comma as decimal mark, dots between thousands, rounded half up). Empty for None."""
    if value is None:
        return ""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = format_int(int(whole)) + ("," + fraction if fraction else "")
    return ("-" if rounded < 0 else "") + text


def format_percent(value: int | float | Decimal | Fraction | None, places: int = 1) -> str:
    """A share (0..1) as ``33,3 %``. Empty for None."""
    if value is None:
        return ""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{format_decimal(Decimal(str(value)) * 100, places)} %"


def format_votes(value: int | None) -> str:
    """``1 stemme`` / ``12.345 stemmer``."""
    if value is None:
        return ""
    return f"{format_int(value)} {'stemme' if value == 1 else 'stemmer'}"


def join_names(names) -> str:
    """``A``, ``A og B``, ``A, B og C``."""
    names = [str(name) for name in names]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def format_size(size: int) -> str:
    """A file size as Django's ``filesizeformat`` writes it in Danish (``5,5 KB``, ``1023 bytes``; a non-breaking
    space), without its translation lookups: the agenda page shows one per bilag."""
    if size < 1024:
        return f"{size}\xa0{'byte' if size == 1 else 'bytes'}"
    value, unit = size / 1024, "KB"
    for bigger in ("MB", "GB", "TB", "PB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{round(value, 1):.1f}".replace(".", ",") + f"\xa0{unit}"
