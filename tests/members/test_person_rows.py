"""The person page's rows in plain SQL are the rows the ORM querysets gave: ``members.auditrows.audit_rows`` (one
query for five history tables) and ``person_history`` (``members.historyrows``)."""

from datetime import date
from itertools import chain

import pytest

from members.auditrows import CHANGE, AuditRow, audit_rows
from members.models import ChairRole, Leave, Membership, MunicipalOffice, Person, SubstituteAssignment
from members.queries import person_history
from members.services import record_departure
from tests.builders import leave, make_staff, politician, seat, substitute

pytestmark = pytest.mark.django_db


def through_the_orm(person) -> list[AuditRow]:
    """The reading before the plain SQL: one history queryset per table, newest first, merged by time."""
    sources = [
        Person.history.filter(id=person.pk),
        MunicipalOffice.history.filter(person_id=person.pk),
        Membership.history.filter(person_id=person.pk),
        SubstituteAssignment.history.filter(person_id=person.pk),
        Leave.history.filter(membership__person_id=person.pk),
    ]
    rows = [
        AuditRow(
            at=h.history_date,
            user=(h.history_user.get_full_name() or h.history_user.username) if h.history_user else "system",
            what=h.instance_type._meta.verbose_name,
            change=CHANGE.get(h.history_type, h.history_type),
            reason=h.history_change_reason or "",
            starts_on=getattr(h, "starts_on", None),
            ends_on=getattr(h, "ends_on", None),
        )
        for h in chain.from_iterable(source.select_related("history_user") for source in sources)
    ]
    return sorted(rows, key=lambda row: row.at, reverse=True)


def test_the_audit_trail_in_one_query_is_the_five_history_querysets(nordjylland, period, django_assert_num_queries):
    staff = make_staff(nordjylland)
    staff.first_name, staff.last_name = "Sara", "Sekretær"
    staff.save()
    member = seat(nordjylland, period, politician("Vera Venstre"))
    substitute(member, politician("Søren Suppleant"))
    substitute(seat(nordjylland, period, politician("Anden Person")), member.person)
    for month in (2, 4):
        leave(member, starts_on=date(2026, month, 1), ends_on=date(2026, month, 20))
    record_departure(member, on=date(2026, 6, 30), reason="left_party", actor=staff)
    Person.objects.filter(pk=member.person_id).first().save()  # a change by no one ("system")
    expected = through_the_orm(member.person)
    assert len(expected) >= 7 and {row.user for row in expected} >= {"system", "Sara Sekretær"}
    with django_assert_num_queries(1):
        assert audit_rows(member.person) == expected
    assert audit_rows(politician("Ingen Historik")) == through_the_orm(Person.objects.get(name="Ingen Historik"))


def history_through_the_orm(person) -> dict:
    return {
        "offices": list(person.offices.select_related("municipality", "party").order_by("starts_on", "pk")),
        "memberships": list(
            person.memberships.select_related("council", "party", "municipality", "period").order_by("starts_on", "pk")
        ),
        "assignments": list(
            person.substitute_assignments.select_related("membership__person", "membership__council").order_by(
                "starts_on", "pk"
            )
        ),
        "leaves": list(Leave.objects.filter(membership__person=person).order_by("starts_on", "pk")),
        "chair_roles": list(ChairRole.objects.filter(membership__person=person).order_by("starts_on", "pk")),
    }


def _shown(history: dict) -> dict:
    """Every value the person page reads of each row (fields and the related rows it shows)."""

    def fields(row):
        return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}

    return {
        "offices": [(fields(o), o.municipality.name, o.party and o.party.name) for o in history["offices"]],
        "memberships": [
            (fields(m), m.council.name, m.party.name, m.municipality.name, m.period.name)
            for m in history["memberships"]
        ],
        "assignments": [
            (fields(a), a.membership.person.name, a.membership.council.slug, a.membership.council.name)
            for a in history["assignments"]
        ],
        "leaves": [(fields(x), x.awaits_decision) for x in history["leaves"]],
        "chair_roles": [fields(x) for x in history["chair_roles"]],
    }


def test_the_person_history_in_plain_sql_is_the_orms(nordjylland, period, django_assert_num_queries):
    member = seat(nordjylland, period, politician("Vera Venstre"))
    substitute(member, politician("Søren Suppleant"))
    other = seat(nordjylland, period, politician("Anden Person"))
    substitute(other, member.person)
    for month in (4, 2):
        leave(member, starts_on=date(2026, month, 1), ends_on=date(2026, month, 20))
    ChairRole.objects.create(
        council=nordjylland, period=period, membership=member, role=ChairRole.Role.CHAIR, starts_on=date(2026, 1, 20)
    )
    record_departure(member, on=date(2026, 6, 30), reason="left_party", actor=None)
    person = Person.objects.get(pk=member.person_id)
    expected = history_through_the_orm(person)
    assert all(expected[kind] for kind in expected)
    with django_assert_num_queries(5):
        found = person_history(person)
    with django_assert_num_queries(0):
        assert _shown(found) == _shown(expected)
    nobody = politician("Ingen Historik")
    assert _shown(person_history(nobody)) == _shown(history_through_the_orm(nobody))
