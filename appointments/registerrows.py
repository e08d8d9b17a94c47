"""The register page's table rows as HTML, put together once in Python (``register_rows``).

Walked by the template, some forty seats with their holders, substitutes and follow-ups cost ~500 variable
lookups and filters a request, the largest part of the page's CPU after the queries (docs/performance.md). Here
each value is read once and escaped as autoescape does (``html.escape``, what ``django.utils.html.escape`` calls),
and the dates and party go through the same functions as the template's filters (``dato_kort``, ``parti``).
``tests/appointments/test_register_page.py`` compares the rows with what the template printed."""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from kkr.formats import format_short_date
from kkr.templatetags.danish import party_label

from .models import Appointment
from .queries import SeatLine

ROLES, METHODS = dict(Appointment.Role.choices), dict(Appointment.Method.choices)


def register_rows(lines: list[SeatLine]) -> SafeString:
    """Each line's ``<tr>``: body, seat and its kind; the holder with role and method, a § 28 stk. 2 stand-in, party,
    municipality and term, or "Ledig"; the substitute; the follow-ups."""
    return mark_safe("".join(_row(line) for line in lines))


def _row(line: SeatLine) -> str:
    seat, holder = line.seat, line.holder
    vacant = ' class="vacant"' if line.is_vacant else ""
    cells = [f"<td>{escape(seat.body.name)}</td>", f'<td>{escape(seat.label)}<br><span class="rule">'
             f"{escape(seat.kind_label)}</span></td>"]  # fmt: skip
    if holder is not None:
        cells += _holder(line)
    else:
        cells.append('<td class="empty">Ledig</td><td></td><td></td><td></td>')
    substitute = line.substitute.person.name if line.substitute is not None else ""
    follow_up = "".join(
        f'<span class="follow-up">{escape(text)}</span>' for text in (line.follow_up, line.substitute_follow_up) if text
    )
    cells += [f"<td>{escape(substitute or '')}</td>", f"<td>{follow_up}</td>"]
    return f"<tr{vacant}>{''.join(cells)}</tr>\n"


def _holder(line: SeatLine) -> list[str]:
    holder = line.holder
    person = holder.person
    role, method = str(ROLES.get(holder.role, holder.role)), str(METHODS.get(holder.method, holder.method))
    stand_in = ""
    if line.stand_in is not None:
        s = line.stand_in
        stand_in = (
            f'<br><span class="stand-in">Midlertidigt indtrådt: {escape(s.person.name)} '
            f"{format_short_date(s.starts_on)}–{format_short_date(s.ends_on)} (§ 28 stk. 2)</span>"
        )
    municipality = person.municipality.name if person.municipality is not None else ""
    return [
        f'<td>{escape(person.name)} <span class="rule">({escape(role)}; {escape(method)})</span>{stand_in}</td>',
        f"<td>{escape(party_label(person.party))}</td>",
        f"<td>{escape(municipality or '')}</td>",
        f"<td>{format_short_date(holder.starts_on)}–{format_short_date(holder.ends_on)}</td>",
    ]
