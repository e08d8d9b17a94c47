"""Template filters for the Danish formats (``kkr/formats.py``); loaded as a builtin in every template.

``{{ meeting.starts_at|dato }}`` → ``4. december 2026``, ``|dato_kort`` → ``04.12.2026``,
``|klokken`` → ``kl. 13.00``, ``|klokkeslet`` → ``13.00``, ``|dato_tid`` → ``4. december 2026 kl. 13.00``,
``|dato_tid_kort`` → ``04.12.2026 kl. 13.00`` (tables and forms), ``|tal`` → ``12.345``,
``|decimal:2``, ``|procent``, ``|stemmer`` → ``12.345 stemmer``, ``|navne`` → ``A, B og C``.
"""

from django import template

from kkr import formats

register = template.Library()

register.filter("dato", formats.format_date)
register.filter("dato_kort", formats.format_short_date)
register.filter("klokken", formats.format_time)
register.filter("dato_tid", formats.format_datetime)
register.filter("dato_tid_kort", formats.format_short_datetime)
register.filter("klokkeslet", formats.format_clock)
register.filter("tal", formats.format_int)
register.filter("stemmer", formats.format_votes)
register.filter("navne", formats.join_names)


@register.filter("ugedag_dato")
def weekday_date(value):
    return formats.format_date(value, weekday=True)


@register.filter("decimal")
def decimal(value, places=1):
    return formats.format_decimal(value, int(places))


@register.filter("procent")
def percent(value, places=1):
    return formats.format_percent(value, int(places))


@register.filter("parti")
def party_label(party):
    """A party's ballot letter, else its name; empty for no party (a nominated or unaffiliated person)."""
    if party is None:
        return ""
    return getattr(party, "letter", "") or getattr(party, "name", "")
