"""One Danish date style: running text, headings and messages "4. december 2026"; tables and forms "04.12.2026"
and "04.12.2026 kl. 18.29". Both are written only by ``kkr/formats.py`` (and its template filters); these tests
find any other date pattern in the templates and the Python code."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template import Context, Template

from kkr import formats

ROOT = Path(__file__).resolve().parent.parent
APPS = ("kkr", "members", "meetings", "elections", "appointments", "portal")
# Machine formats, not shown as dates to a reader: <input type="date">/"datetime-local" values, ISO file names
# and upload folders, and parsing what a user typed (search accepts "04.12.2026").
MACHINE = ("%Y-%m-%dT%H:%M", "%Y-%m-%d", ":%Y}")
# Where the short form is the right one: the roster's and the register's table cells, the feed's entry titles and
# the admin's lists.
SHORT_FORM_MODULES = {
    "kkr/formats.py",
    "members/rostertable.py",
    "appointments/registerrows.py",
    "meetings/feeds.py",
    "meetings/models/meeting.py",
}
# Two date directives in a row ("%d.%m", "%H:%M") or a year or month name; a lone "%d" formats a number.
STRFTIME_PATTERN = re.compile(r"%[aAbBdmyYHMS][.\-/ :T]?%[aAbBdmyYHMS]|%[YbB]")
TEMPLATE_DATE_FILTER = re.compile(r"\|\s*(date|time)\b(?!:'Y-m-d')|\{%\s*now\b")


def python_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path, path.relative_to(ROOT).as_posix()


def test_templates_use_only_the_danish_date_filters():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for path in (ROOT / "templates").rglob("*.*")
        if path.suffix in (".html", ".txt")
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if TEMPLATE_DATE_FILTER.search(line)
    ]
    assert found == []


def test_python_code_formats_dates_only_in_kkr_formats():
    found = []
    for path, name in python_files():
        if name == "kkr/formats.py":
            continue
        for n, line in enumerate(path.read_text().splitlines(), start=1):
            if "strptime(" in line or "input_formats" in line:  # reading what a user typed, not writing a date
                continue
            rest = line
            for machine in MACHINE:
                rest = rest.replace(machine, "")
            if "strftime(" in line or STRFTIME_PATTERN.search(rest):
                found.append(f"{name}:{n}: {line.strip()[:100]}")
    assert found == []


def test_messages_write_dates_in_the_long_form():
    """A message, a refusal or a record's resolution is running text: ``format_date``, never the table form."""
    found = [
        f"{name}:{n}: {line.strip()[:100]}"
        for path, name in python_files()
        if name not in SHORT_FORM_MODULES
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"format_short_date(time)?\(", line)
    ]
    assert found == []


def test_the_two_forms_and_the_datetime_forms():
    evening = datetime(2026, 12, 4, 17, 29, tzinfo=ZoneInfo("UTC"))  # 18.29 in Copenhagen
    assert formats.format_date(date(2026, 12, 4)) == "4. december 2026"
    assert formats.format_short_date(date(2026, 12, 4)) == "04.12.2026"
    assert formats.format_short_datetime(evening) == "04.12.2026 kl. 18.29"
    assert formats.format_datetime(evening) == "4. december 2026 kl. 18.29"
    assert formats.format_clock(evening) == "18.29"
    assert formats.format_short_datetime(None) == formats.format_clock(None) == ""


def test_the_template_filters_write_the_same_forms():
    evening = datetime(2026, 12, 4, 17, 29, tzinfo=ZoneInfo("UTC"))
    rendered = Template("{{ d|dato }}|{{ d|dato_kort }}|{{ d|dato_tid_kort }}|{{ d|klokkeslet }}").render(
        Context({"d": evening})
    )
    assert rendered == "4. december 2026|04.12.2026|04.12.2026 kl. 18.29|18.29"
