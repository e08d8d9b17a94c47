"""Every choice field of the membership tables holds one of its choices, whatever writes to it (a
``CheckConstraint`` per field, so a raw update or a bad import can't store an unknown state)."""

import pytest
from django.db import IntegrityError, transaction

from members.models import (
    Action,
    ChairRole,
    Leave,
    Membership,
    MunicipalOffice,
    Party,
    RuleSet,
    SeatEntitlement,
    SubstituteAssignment,
)
from tests.builders import action, chair_role, entitle, leave, politician, seat, substitute

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(nordjylland, period):
    member = seat(nordjylland, period, politician("Vera Venstre"))
    return {
        Membership: member,
        SubstituteAssignment: substitute(member, politician("Søren Suppleant")),
        Leave: leave(member),
        ChairRole: chair_role(member),
        Action: action(nordjylland),
        SeatEntitlement: entitle(nordjylland, period, "V", seats=2),
        MunicipalOffice: MunicipalOffice.objects.filter(person=member.person).get(),
        Party: member.party,
        RuleSet: period.rule_set,
    }


CASES = [
    (Membership, "kind"),
    (Membership, "end_reason"),
    (SubstituteAssignment, "end_reason"),
    (Leave, "kind"),
    (Leave, "status"),
    (ChairRole, "role"),
    (ChairRole, "end_reason"),
    (Action, "kind"),
    (SeatEntitlement, "source"),
    (MunicipalOffice, "kind"),
    (Party, "kind"),
    (RuleSet, "casting_vote"),
]


@pytest.mark.parametrize(("model", "field"), CASES, ids=[f"{m.__name__}.{f}" for m, f in CASES])
def test_a_choice_field_refuses_a_value_outside_its_choices(rows, model, field):
    changes = {field: "ukendt"}
    if field == "end_reason":
        changes["ends_on"] = rows[model].starts_on  # an ended row must have a reason; give it an unknown one
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=rows[model].pk).update(**changes)


def test_an_open_row_keeps_its_empty_end_reason(rows):
    assert Membership.objects.filter(pk=rows[Membership].pk, end_reason="").exists()
