"""The rows behind ``members.queries.roster`` in two plain SQL queries (SPEC §2; B1 1.2, 1.4-1.7, 1.16).

The roster is read on every sitting page, roster page, Blå bog and minutes: the same five queries through the
ORM cost far more in SQL compilation and row building each time than the database takes to answer them
(measured, docs/performance.md). As ``members.permissions.roles_of`` does, the SQL is written
once (portable between PostgreSQL and SQLite) and the rows become ordinary model instances with their related
rows cached, so nothing downstream changes:

- ``seat_rows``: the seats current on a day with the member, the party elected for, the member's present party
  and the municipality;
- ``dated_rows``: the council's personal substitutes current on the day (with their municipality and party), its
  leaves not ended on the day (pending ones that start later too; not the rejected), chair roles and observers
  current on the day, in one ``UNION ALL``.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import connection
from django.db.models.expressions import Col

from .models import (
    ChairRole,
    Leave,
    Membership,
    Municipality,
    Observer,
    Party,
    Person,
    SubstituteAssignment,
    current_sql,
    open_sql,
)


def columns(model, alias: str) -> str:
    """The model's columns in field order under ``alias`` (as ``instance`` reads them back; also ``rostertable``)."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


@cache
def width(model) -> int:
    return len(model._meta.concrete_fields)


def _table(model) -> str:
    return model._meta.db_table


@cache
def _converters(model, field_names: tuple[str, ...] | None = None) -> tuple:
    """(position, field, converters) of the fields whose raw value the backend must convert (SQLite's dates and
    booleans; on PostgreSQL only a JSON field's), as the ORM applies them."""
    found = []
    fields = model._meta.concrete_fields
    if field_names is not None:
        fields = [f for f in fields if f.attname in field_names]
    for i, field in enumerate(fields):
        convs = connection.ops.get_db_converters(Col("x", field)) + field.get_db_converters(connection)
        if convs:
            found.append((i, field, tuple(convs)))
    return tuple(found)


def instance(model, values, *, field_names: tuple[str, ...] | None = None):
    """A model instance from raw column values (as the ORM builds one): the concrete fields in order, or the
    ``field_names`` (attnames, in the model's order; the others deferred). None when the row holds no such
    object (an outer join's NULLs). Also used for the sitting page's items (``meetings.queries``)."""
    if values[0] is None:
        return None
    if converters := _converters(model, field_names):
        values = list(values)
        for i, field, convs in converters:
            for convert in convs:
                values[i] = convert(values[i], Col("x", field), connection)
    return model.from_db(connection.alias, field_names, values)


class _Builder:
    """One instance per party and municipality: they repeat on every seat."""

    def __init__(self):
        self.shared: dict[tuple[type, int], object] = {}

    def make(self, model, values, *, shared: bool = False):
        key = (model, values[0])  # (model, None): no such row; ``instance`` gives None
        if shared and key in self.shared:
            return self.shared[key]
        made = instance(model, values)
        if shared:
            self.shared[key] = made
        return made


def _cut(row, models):
    """Split ``row`` into one tuple per model of ``models``, in order."""
    parts, start = [], 0
    for model in models:
        parts.append(row[start : start + width(model)])
        start += width(model)
    return parts


SEAT_MODELS = (Membership, Person, Party, Party, Municipality)


@cache
def seat_sql() -> str:
    """Seats by party letter, party name and member's name (five tables: PostgreSQL takes longer to plan a join
    of nine than to run it)."""
    t = {m.__name__: _table(m) for m in (Membership, Person, Party, Municipality)}
    selected = ", ".join(
        columns(model, alias) for model, alias in zip(SEAT_MODELS, ("m", "pe", "pp", "pa", "mu"), strict=True)
    )
    return f"""
        SELECT {selected}
        FROM {t["Membership"]} m
            JOIN {t["Person"]} pe ON pe.id = m.person_id
            LEFT JOIN {t["Party"]} pp ON pp.id = pe.party_id
            JOIN {t["Party"]} pa ON pa.id = m.party_id
            JOIN {t["Municipality"]} mu ON mu.id = m.municipality_id
        WHERE m.council_id = %(council)s AND {current_sql(Membership, "m")}
        ORDER BY pa.letter, pa.name, pe.name
    """


def seat_rows(council_id: int, on: date) -> list[Membership]:
    """The memberships current on ``on`` in the roster's order, with ``person`` (and its ``party``), ``party``
    and ``municipality`` loaded. One query."""
    with connection.cursor() as cursor:
        cursor.execute(seat_sql(), {"council": council_id, "on": on})
        rows = cursor.fetchall()
    build, memberships = _Builder(), []
    for row in rows:
        m, pe, pp, pa, mu = _cut(row, SEAT_MODELS)
        membership = build.make(Membership, m)
        membership.person = person = build.make(Person, pe)
        person.party = build.make(Party, pp, shared=True)
        membership.party = build.make(Party, pa, shared=True)
        membership.municipality = build.make(Municipality, mu, shared=True)
        memberships.append(membership)
    return memberships


@dataclass(frozen=True)
class DatedRows:
    substitutes: list[SubstituteAssignment]  # by start; ``person`` (with municipality and party) loaded
    leaves: list[Leave]  # by start
    chair_roles: list[ChairRole]  # by role and start; ``membership`` not loaded
    observers: list[Observer]  # by name, ``person`` loaded


# The four kinds in one column list: kind, sort key, then the fields named in ``_DATED`` (a typed NULL where a
# kind has none), then a person (the observer, the substitute) and the substitute's municipality and party.
_SLOTS = ("id", "starts_on", "ends_on", "int1", "int2", "text1", "text2", "text3", "flag", "day")
_DATED = {
    "chair": {
        **{"id": "id", "starts_on": "starts_on", "ends_on": "ends_on", "int1": "membership_id", "int2": "period_id"},
        **{"text1": "role", "text2": "end_reason", "flag": "is_temporary"},
    },
    "leave": {
        **{"id": "id", "starts_on": "starts_on", "ends_on": "ends_on", "int1": "membership_id", "text1": "kind"},
        **{"text2": "status", "text3": "reason", "day": "decided_on"},
    },
    "observer": {"id": "id", "starts_on": "starts_on", "ends_on": "ends_on", "int1": "person_id", "text1": "capacity"},
    "substitute": {
        **{"id": "id", "starts_on": "starts_on", "ends_on": "ends_on", "int1": "membership_id", "int2": "person_id"},
        **{"text1": "basis", "text2": "end_reason"},
    },
}
_KIND_MODELS = {"chair": ChairRole, "leave": Leave, "observer": Observer, "substitute": SubstituteAssignment}
_TAIL = (Person, Municipality, Party)


def _typed_null(field) -> str:
    """A NULL of the field's column type: the branches of a UNION must agree on each column's type."""
    return f"CAST(NULL AS {field.cast_db_type(connection)})"


def _slot_field(slot: str):
    kind = next(kind for kind, names in _DATED.items() if slot in names)
    return _KIND_MODELS[kind]._meta.get_field(_DATED[kind][slot])


def _select(kind: str, alias: str) -> str:
    names = _DATED[kind]
    return ", ".join(f"{alias}.{names[slot]}" if slot in names else _typed_null(_slot_field(slot)) for slot in _SLOTS)


@cache
def dated_sql() -> str:
    t = {m.__name__: _table(m) for m in (Leave, Membership, ChairRole, Observer, Person, SubstituteAssignment)}
    t.update(Municipality=_table(Municipality), Party=_table(Party))

    def nulls(*models):
        return ", ".join(_typed_null(field) for model in models for field in model._meta.concrete_fields)

    return f"""
        SELECT 'observer', pe.name, {_select("observer", "o")}, {columns(Person, "pe")}, {nulls(Municipality, Party)}
            FROM {t["Observer"]} o JOIN {t["Person"]} pe ON pe.id = o.person_id
            WHERE o.council_id = %(council)s AND {current_sql(Observer, "o")}
        UNION ALL
        SELECT 'substitute', '', {_select("substitute", "s")}, {columns(Person, "sp")}, {columns(Municipality, "sm")},
            {columns(Party, "sq")}
            FROM {t["SubstituteAssignment"]} s JOIN {t["Membership"]} m ON m.id = s.membership_id
            JOIN {t["Person"]} sp ON sp.id = s.person_id
            LEFT JOIN {t["Municipality"]} sm ON sm.id = sp.municipality_id
            LEFT JOIN {t["Party"]} sq ON sq.id = sp.party_id
            WHERE m.council_id = %(council)s AND {current_sql(SubstituteAssignment, "s")}
        UNION ALL
        SELECT 'chair', c.role, {_select("chair", "c")}, {nulls(*_TAIL)} FROM {t["ChairRole"]} c
            WHERE c.council_id = %(council)s AND {current_sql(ChairRole, "c")}
        UNION ALL
        SELECT 'leave', '', {_select("leave", "l")}, {nulls(*_TAIL)} FROM {t["Leave"]} l
            JOIN {t["Membership"]} lm ON lm.id = l.membership_id
            WHERE lm.council_id = %(council)s AND {open_sql(Leave, "l")}
            AND l.status <> %(rejected)s
        ORDER BY 1, 2, 4
    """


def _dated_instance(kind: str, slots: tuple, council_id: int):
    model = _KIND_MODELS[kind]
    by_name = {name: slots[_SLOTS.index(slot)] for slot, name in _DATED[kind].items()}
    by_name["council_id"] = council_id
    return instance(model, tuple(by_name[field.attname] for field in model._meta.concrete_fields))


def dated_rows(council_id: int, on: date) -> DatedRows:
    """Personal substitutes, leaves, chair roles and observers of the council on ``on``: one query."""
    with connection.cursor() as cursor:
        cursor.execute(dated_sql(), {"council": council_id, "on": on, "rejected": Leave.Status.REJECTED})
        rows = cursor.fetchall()
    found = {kind: [] for kind in _DATED}
    build, width = _Builder(), len(_SLOTS)
    for kind, _, *rest in rows:
        made = _dated_instance(kind, rest[:width], council_id)
        if kind in ("observer", "substitute"):
            person, municipality, party = _cut(rest[width:], _TAIL)
            made.person = build.make(Person, person)
            if kind == "substitute":
                made.person.municipality = build.make(Municipality, municipality, shared=True)
                made.person.party = build.make(Party, party, shared=True)
        found[kind].append(made)
    return DatedRows(
        substitutes=found["substitute"],
        leaves=found["leave"],
        chair_roles=found["chair"],
        observers=found["observer"],
    )
