"""``members.queries.audit_rows`` in one plain SQL query gives exactly the rows the five history querysets gave."""

from datetime import date
from itertools import chain

import pytest

from members.models import Leave, Membership, MunicipalOffice, Person, SubstituteAssignment
from members.queries import CHANGE, AuditRow, audit_rows
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
