"""The rows behind ``members.queries.person_history`` (the person page) as plain SQL, one query per kind.

Through the ORM the five querysets, each with its joins, cost more in SQL compilation and row building than the
database takes to answer them, for a person with a handful of rows (docs/performance.md).
As ``members.rosterrows`` does, the SQL is written once (portable between PostgreSQL and SQLite) and the rows
become ordinary model instances with the same related rows loaded, so the page and its template are unchanged.
Each kind is in start order (ties by id).
"""

from functools import cache

from django.db import connection

from .models import (
    ChairRole,
    Council,
    ElectionPeriod,
    Leave,
    Membership,
    Municipality,
    MunicipalOffice,
    Party,
    Person,
    SubstituteAssignment,
)
from .rosterrows import _Builder, _cut, columns

OFFICE_MODELS = (MunicipalOffice, Municipality, Party)
MEMBERSHIP_MODELS = (Membership, Council, Party, Municipality, ElectionPeriod)
ASSIGNMENT_MODELS = (SubstituteAssignment, Membership, Person, Council)


def _t(model) -> str:
    return model._meta.db_table


@cache
def _sql() -> dict[str, str]:
    substitute = SubstituteAssignment
    offices = f"""SELECT {columns(MunicipalOffice, "o")}, {columns(Municipality, "mu")}, {columns(Party, "pa")}
        FROM {_t(MunicipalOffice)} o JOIN {_t(Municipality)} mu ON mu.id = o.municipality_id
            LEFT JOIN {_t(Party)} pa ON pa.id = o.party_id
        WHERE o.person_id = %s ORDER BY o.starts_on, o.id"""
    memberships = f"""SELECT {columns(Membership, "m")}, {columns(Council, "c")}, {columns(Party, "pa")},
            {columns(Municipality, "mu")}, {columns(ElectionPeriod, "pe")}
        FROM {_t(Membership)} m JOIN {_t(Council)} c ON c.id = m.council_id JOIN {_t(Party)} pa ON pa.id = m.party_id
            JOIN {_t(Municipality)} mu ON mu.id = m.municipality_id
            JOIN {_t(ElectionPeriod)} pe ON pe.id = m.period_id
        WHERE m.person_id = %s ORDER BY m.starts_on, m.id"""
    assignments = f"""SELECT {columns(substitute, "a")}, {columns(Membership, "m")}, {columns(Person, "p")},
            {columns(Council, "c")}
        FROM {_t(substitute)} a JOIN {_t(Membership)} m ON m.id = a.membership_id
            JOIN {_t(Person)} p ON p.id = m.person_id JOIN {_t(Council)} c ON c.id = m.council_id
        WHERE a.person_id = %s ORDER BY a.starts_on, a.id"""
    mine = f"JOIN {_t(Membership)} m ON m.id = x.membership_id WHERE m.person_id = %s ORDER BY x.starts_on, x.id"
    leaves = f"SELECT {columns(Leave, 'x')} FROM {_t(Leave)} x {mine}"
    chair_roles = f"SELECT {columns(ChairRole, 'x')} FROM {_t(ChairRole)} x {mine}"
    return {
        "offices": offices,
        "memberships": memberships,
        "assignments": assignments,
        "leaves": leaves,
        "chair_roles": chair_roles,
    }


def _rows(kind: str, person_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_sql()[kind], [person_id])
        return cursor.fetchall()


def person_rows(person_id: int) -> dict[str, list]:
    """Offices (with municipality and party), seats (with council, party, municipality and period), substitute
    assignments (with the member's seat, the member and the council), leaves and chair roles (five queries)."""
    build = _Builder()
    offices = []
    for row in _rows("offices", person_id):
        o, mu, pa = _cut(row, OFFICE_MODELS)
        office = build.make(MunicipalOffice, o)
        office.municipality = build.make(Municipality, mu, shared=True)
        office.party = build.make(Party, pa, shared=True)
        offices.append(office)
    memberships = []
    for row in _rows("memberships", person_id):
        m, c, pa, mu, pe = _cut(row, MEMBERSHIP_MODELS)
        membership = build.make(Membership, m)
        membership.council = build.make(Council, c, shared=True)
        membership.party = build.make(Party, pa, shared=True)
        membership.municipality = build.make(Municipality, mu, shared=True)
        membership.period = build.make(ElectionPeriod, pe, shared=True)
        memberships.append(membership)
    assignments = []
    for row in _rows("assignments", person_id):
        a, m, p, c = _cut(row, ASSIGNMENT_MODELS)
        assignment = build.make(SubstituteAssignment, a)
        assignment.membership = membership = build.make(Membership, m)
        membership.person = build.make(Person, p)
        membership.council = build.make(Council, c, shared=True)
        assignments.append(assignment)
    return {
        "offices": offices,
        "memberships": memberships,
        "assignments": assignments,
        "leaves": [build.make(Leave, row) for row in _rows("leaves", person_id)],
        "chair_roles": [build.make(ChairRole, row) for row in _rows("chair_roles", person_id)],
    }
