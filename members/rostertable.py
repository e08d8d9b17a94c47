"""The roster page's tables as plain values: one dict per party and per seat, the text already written.

The template language tries ``obj[key]`` before ``getattr``, so each step of ``seat.membership.person.name`` on a
model instance costs a caught exception, and most of the roster page's variables were such steps. A dict finds
its key at the first try (a dataclass's attribute costs the same caught exception; the measured figures are in
docs/performance.md), so each row here holds exactly what
its cells print: names, kind labels, Danish short dates (``kkr.formats``) and the row's links (``kkr.rowurls``),
escaped here as ``{{ }}`` would escape them (``_html``; the template's own escaping goes through Django's
lazy-aware ``escape``, which adds up over the hundreds of values a page prints). The page's HTML is the same
byte for byte as when the template walked the models. Only the roster page reads these rows; the sitting page,
the Blå bog and the minutes read the ``members.queries.roster`` seats themselves. The seat entitlements come in
one plain query as well.
"""

import html
from datetime import date
from functools import cache
from typing import NotRequired, TypedDict

from django.db import connection
from django.utils.safestring import SafeString

from kkr.formats import format_short_date
from kkr.rowurls import RowUrl

from .models import ElectionPeriod, Party, SeatEntitlement
from .queries import PartyGroup, Seat
from .rosterrows import columns, instance, width


class SeatRow(TypedDict):
    """One seat of a party's table; an empty text means the cell shows nothing of it."""

    person_url: str
    name: str
    now_party: str  # the member's party today if not the one elected for (B1 1.10): its letter or "uden for parti"
    municipality: str
    kind: str
    substitute: str
    substitute_url: str  # empty when the seat has no substitute
    leave: str  # "Forhindret (B1 1.7) 01.03.2026–30.06.2026": the leave in force
    pending_status: str  # a leave awaiting the council's decision, started or not
    pending: str
    # staff only (``can_manage``):
    substitute_end_url: NotRequired[str]
    substitute_create_url: NotRequired[str]
    leave_end_url: NotRequired[str]
    pending_url: NotRequired[str]
    depart_url: NotRequired[str]
    leave_create_url: NotRequired[str]
    party_switch_url: NotRequired[str]  # mayors only


class PartyTable(TypedDict):
    name: str
    label: str
    is_short: bool
    rows: list[SeatRow]


def party_tables(groups: list[PartyGroup], links: dict[str, RowUrl], *, can_manage: bool) -> list[PartyTable]:
    """``groups`` (``members.queries.group_by_party``) as tables; ``links`` the page's ``RowUrl`` by name."""
    return [
        {
            "name": group.party.name,
            "label": group.label,
            "is_short": group.is_short,
            "rows": [seat_row(seat, links, can_manage=can_manage) for seat in group.seats],
        }
        for group in groups
    ]


def seat_row(seat: Seat, links: dict[str, RowUrl], *, can_manage: bool) -> SeatRow:
    membership = seat.membership
    person, substitute = membership.person, seat.substitute
    row: SeatRow = {
        "person_url": _html(links["person"].of(membership.person_id)),
        "name": _html(person.name),
        "now_party": _html(_now_party(membership)),
        "municipality": _html(membership.municipality.name),
        "kind": _html(membership.get_kind_display()),
        "substitute": _html(substitute.name if substitute else ""),
        "substitute_url": _html(links["person"].of(substitute.pk) if substitute else ""),
        "leave": _html(_leave_text(seat.leave)),
        "pending_status": _html(seat.pending_leave.get_status_display() if seat.pending_leave else ""),
        "pending": _html(_leave_text(seat.pending_leave)),
    }
    if can_manage:
        row.update(_staff_links(seat, links))
    return row


def _now_party(membership) -> str:
    """B1 1.10: a member who has left the party elected for shows the party of today (or none)."""
    person = membership.person
    if person.party_id == membership.party_id:
        return ""
    return (person.party.letter if person.party else "") or "uden for parti"


def _leave_text(leave) -> str:
    if leave is None:
        return ""
    return f"{leave.get_kind_display()} {format_short_date(leave.starts_on)}–{format_short_date(leave.ends_on)}"


def _staff_links(seat: Seat, links: dict[str, RowUrl]) -> dict[str, str]:
    """The row's links for staff; a link whose row does not exist (no leave, no assignment) is empty."""
    pk, assignment = seat.membership.pk, seat.substitute_assignment
    found = {
        "substitute_end_url": links["substitute_depart"].of(assignment.pk) if assignment else "",
        "substitute_create_url": links["substitute_create"].of(pk),
        "leave_end_url": links["leave_end"].of(seat.leave.pk) if seat.leave else "",
        "pending_url": links["leave_decide"].of(seat.pending_leave.pk) if seat.pending_leave else "",
        "depart_url": links["depart"].of(pk),
        "leave_create_url": links["leave_create"].of(pk),
        "party_switch_url": links["party_switch"].of(pk) if seat.membership.is_mayor else "",
    }
    return {key: _html(url) for key, url in found.items()}


def _html(text: str) -> str:
    """``text`` escaped exactly as the template's autoescape does (``django.utils.html.escape`` is
    ``html.escape``), marked safe so the template prints it as it is; empty text stays a plain "" (falsy)."""
    return SafeString(html.escape(text)) if text else ""


@cache
def _entitlement_sql() -> str:
    return f"""
        SELECT {columns(SeatEntitlement, "e")}, {columns(Party, "p")}
        FROM {SeatEntitlement._meta.db_table} e
            JOIN {Party._meta.db_table} p ON p.id = e.party_id
            JOIN {ElectionPeriod._meta.db_table} ep ON ep.id = e.period_id
        WHERE e.council_id = %(council)s AND ep.starts_on <= %(on)s AND ep.ends_on >= %(on)s
        ORDER BY p.letter
    """


def entitlements_on(council_id: int, on: date) -> list[SeatEntitlement]:
    """The council's seat entitlements (B1 1.0-1.1) of the period current on ``on``, each with its ``party``: one
    plain query (through the ORM, compilation and row building cost more than the query itself)."""
    with connection.cursor() as cursor:
        cursor.execute(_entitlement_sql(), {"council": council_id, "on": on})
        rows = cursor.fetchall()
    found = []
    for row in rows:
        entitlement = instance(SeatEntitlement, row[: width(SeatEntitlement)])
        entitlement.party = instance(Party, row[width(SeatEntitlement) :])
        found.append(entitlement)
    return found
