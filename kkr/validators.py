"""Validators shared by the apps' forms."""

from datetime import date, datetime

from django.core.exceptions import ValidationError

FIRST_YEAR, LAST_YEAR = 1900, 2199


def plausible_date(value: date | datetime | None) -> None:
    """A date a council's business can have: 9999-12-31 or 0001-01-01 would overflow the date arithmetic of the
    rules (the day after, the period around it) and mean nothing anyway (no 500 on any input)."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"Datoen skal ligge mellem år {FIRST_YEAR} og {LAST_YEAR}.", code="implausible_date")
