"""The audit trail of a person's page (SPEC §6): who changed the person, their municipal offices, seats,
substitute assignments and leaves, when, and why, read from the simple-history tables in one plain SQL query
whatever the length of the history (``tests/members/test_person_rows.py`` compares it with the ORM's)."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.expressions import Col

from .models import Leave, Membership, MunicipalOffice, Person, SubstituteAssignment

CHANGE = {"+": "oprettet", "~": "ændret", "-": "slettet"}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    user: str
    what: str
    change: str
    reason: str
    starts_on: date | None = None  # the dated row's period as it was after the change
    ends_on: date | None = None


# The history tables ``audit_rows`` reads, each with how its rows belong to the person (``%s``: the person's id).
AUDITED = (
    (Person, "h.id = %s"),
    (MunicipalOffice, "h.person_id = %s"),
    (Membership, "h.person_id = %s"),
    (SubstituteAssignment, "h.person_id = %s"),
    (Leave, f"h.membership_id IN (SELECT m.id FROM {Membership._meta.db_table} m WHERE m.person_id = %s)"),
)


def audit_rows(person: Person) -> list[AuditRow]:
    """The simple-history rows of the person and their offices, seats, substitute assignments and leaves, newest
    first (for one instant in that order of the tables). One plain SQL query (``_audit_sql``): the five history
    querysets through the ORM cost more to compile than the rest of the person page's queries."""
    with connection.cursor() as cursor:
        cursor.execute(_audit_sql(), [person.pk] * len(AUDITED))
        fetched = cursor.fetchall()
    at, starts, ends = _audit_converters()
    rows = []
    for source, change, reason, first_name, last_name, username, *values, _history_id in fetched:
        when, starts_on, ends_on = (_convert(c, v) for c, v in zip((at, starts, ends), values, strict=True))
        rows.append(
            AuditRow(
                at=when,
                user=(f"{first_name} {last_name}".strip() or username) if username is not None else "system",
                what=AUDITED[source][0]._meta.verbose_name,
                change=CHANGE.get(change, change),
                reason=reason or "",
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    return sorted(rows, key=lambda row: row.at, reverse=True)


@cache
def _audit_sql() -> str:
    """One ``UNION ALL`` branch per table of ``AUDITED``, each in the history's own order (newest first)."""
    user_table = get_user_model()._meta.db_table
    branches = []
    for n, (model, belongs) in enumerate(AUDITED):
        history = model.history.model
        names = {field.attname for field in history._meta.concrete_fields}
        dated = [f"h.{name}" if name in names else "CAST(NULL AS date)" for name in ("starts_on", "ends_on")]
        branches.append(
            f"""SELECT {n} AS source, h.history_type, h.history_change_reason, u.first_name, u.last_name,
                u.username, h.history_date, {dated[0]} AS starts_on, {dated[1]} AS ends_on, h.history_id
            FROM {history._meta.db_table} h LEFT JOIN {user_table} u ON u.id = h.history_user_id
            WHERE {belongs}"""
        )
    return " UNION ALL ".join(branches) + " ORDER BY source, history_date DESC, history_id DESC"


@cache
def _audit_converters() -> tuple:
    """The backend's converters of the history date and the dated rows' dates (SQLite returns text)."""
    fields = (
        Person.history.model._meta.get_field("history_date"),
        Membership.history.model._meta.get_field("starts_on"),
        Membership.history.model._meta.get_field("ends_on"),
    )
    return tuple(tuple(connection.ops.get_db_converters(Col("h", f)) + f.get_db_converters(connection)) for f in fields)


def _convert(converters, value):
    for converter in converters:
        value = converter(value, None, connection)
    return value
