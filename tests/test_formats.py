"""Danish display formats (kkr/formats.py) and their template filters."""

from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.template import Context, Template

from kkr import formats


def test_dates_are_written_the_danish_way():
    assert formats.format_date(date(2026, 12, 4)) == "4. december 2026"
    assert formats.format_date(date(2026, 12, 4), weekday=True) == "fredag den 4. december 2026"
    assert formats.format_short_date(date(2026, 1, 5)) == "05.01.2026"
    assert formats.format_date(None) == ""


def test_times_are_local_with_kl_and_a_dot():
    utc = datetime(2026, 12, 4, 12, 0, tzinfo=ZoneInfo("UTC"))
    assert formats.format_time(utc) == "kl. 13.00"
    assert formats.format_time(time(9, 5)) == "kl. 09.05"
    assert formats.format_datetime(utc) == "4. december 2026 kl. 13.00"


def test_numbers_have_dots_between_thousands_and_a_decimal_comma():
    assert formats.format_int(1234567) == "1.234.567"
    assert formats.format_int(-1200) == "-1.200"
    assert formats.format_decimal(Decimal("1234.55")) == "1.234,6"
    assert formats.format_decimal(Fraction(1, 3), 2) == "0,33"
    assert formats.format_percent(Fraction(1, 3)) == "33,3 %"
    assert formats.format_votes(1) == "1 stemme"
    assert formats.format_votes(12345) == "12.345 stemmer"


def test_names_are_joined_with_og():
    assert formats.join_names([]) == ""
    assert formats.join_names(["A"]) == "A"
    assert formats.join_names(["A", "B", "C"]) == "A, B og C"


def test_filters_are_builtin_in_every_template():
    rendered = Template("{{ d|dato }} {{ n|tal }} {{ s|procent }}").render(
        Context({"d": date(2026, 6, 5), "n": 40000, "s": Decimal("0.5")})
    )
    assert rendered == "5. juni 2026 40.000 50,0 %"


def test_the_party_filter_shows_the_letter_else_the_name_and_nothing_for_no_party():
    from members.models import Party

    rendered = Template("[{{ a|parti }}|{{ b|parti }}|{{ c|parti }}]").render(
        Context({"a": Party(letter="A", name="Socialdemokratiet"), "b": Party(name="Borgerlisten"), "c": None})
    )
    assert rendered == "[A|Borgerlisten|]"


def test_file_sizes_are_written_as_djangos_filesizeformat_writes_them_in_danish():
    from django.template.defaultfilters import filesizeformat
    from django.utils import translation

    sizes = [0, 1, 2, 1023, 1024, 1025, 5632, 10239, 99_999, 1_048_575, 1_048_576, 5_255_225, 3 * 2**30, 2**41]
    with translation.override("da"):
        for size in sizes + list(range(0, 3_000_000, 7_777)):
            assert formats.format_size(size) == filesizeformat(size), size
    assert formats.format_size(5632) == "5,5\xa0KB"
