"""membership rules exact in every case, by rule id (B1 1.9, B1 1.10-1.14 under the 2010 rules)."""

from datetime import date

import pytest

from members.models import Action, EndReason, Membership, MunicipalOffice, RuleSet, SubstituteAssignment
from members.services import record_departure
from tests.builders import politician, seat, substitute

pytestmark = pytest.mark.django_db
LAST_DAY = date(2026, 6, 30)


@pytest.fixture
def member(nordjylland, period):
    membership = seat(nordjylland, period, politician("Vera Venstre"))
    substitute(membership, politician("Søren Suppleant", "Hjørring"))
    return membership


def test_b1_1_9_a_substitute_whose_office_has_ended_can_not_step_up(member, staff_user):
    office = MunicipalOffice.objects.get(person__name="Søren Suppleant")
    office.ends_on = date(2026, 5, 31)
    office.save()
    departure = record_departure(member, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    assert departure.new_membership is None
    assert not Membership.objects.current(date(2026, 7, 1)).exists()
    assignment = SubstituteAssignment.objects.get(person__name="Søren Suppleant")
    assert (assignment.ends_on, assignment.end_reason) == (LAST_DAY, EndReason.LEFT_MUNICIPAL_COUNCIL)
    action = Action.objects.open().get()
    assert (action.kind, action.rule) == (Action.Kind.NEW_MEMBER, "B1 1.9")
    assert "sidder ikke længere i en kommunalbestyrelse" in action.title


def test_b1_1_13_2010_without_b1_1_10_1_14_the_substitute_does_not_step_up(member, staff_user, period):
    RuleSet.objects.filter(pk=period.rule_set_id).update(party_change_rules=False)
    departure = record_departure(member, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    assert departure.new_membership is None
    assert SubstituteAssignment.objects.get(person__name="Søren Suppleant").ends_on == LAST_DAY
    action = Action.objects.open().get()
    assert (action.kind, action.rule) == (Action.Kind.NEW_MEMBER, "B1 1.9")


def test_b1_1_11_2010_a_mayor_leaving_the_only_represented_party_calls_for_no_new_member(
    nordjylland, period, staff_user
):
    from members.services import record_party_switch
    from tests.builders import entitle

    mayor = seat(nordjylland, period, politician("Borgmester Bo", kind="mayor", letter="A"), kind="mayor")
    entitle(nordjylland, period, "A", seats=1, mayors=1)
    RuleSet.objects.filter(pk=period.rule_set_id).update(party_change_rules=False)
    switch = record_party_switch(mayor, new_party=None, on=LAST_DAY, actor=staff_user)
    assert switch.action is None and "2010-reglerne har ingen B1 1.10-1.14" in switch.explanation
    assert not Action.objects.open().exists()


def test_b1_1_9_leaving_the_party_changes_the_party_from_the_next_day(member, nordjylland, period, staff_user):
    from kkr.errors import RuleViolation
    from members.services import assign_substitute

    record_departure(member, on=LAST_DAY, reason=EndReason.LEFT_PARTY, actor=staff_user, substitute_accepts=False)
    offices = member.person.offices.order_by("starts_on")
    assert [(o.party.letter if o.party else None, o.ends_on) for o in offices] == [("V", LAST_DAY), (None, None)]
    other = seat(nordjylland, period, politician("Viggo Venstre"))
    with pytest.raises(RuleViolation, match="samme parti"):
        assign_substitute(other, member.person, starts_on=date(2026, 7, 1), actor=staff_user)


def test_b1_1_11_with_two_mayors_of_a_party_the_second_leaving_it_calls_for_a_new_member(
    nordjylland, period, staff_user
):
    from members.services import record_party_switch
    from tests.builders import entitle, party

    first = seat(nordjylland, period, politician("Borgmester Et", kind="mayor", letter="A"), kind="mayor")
    second = seat(nordjylland, period, politician("Borgmester To", "Hjørring", kind="mayor", letter="A"), kind="mayor")
    entitle(nordjylland, period, "A", seats=2, mayors=2)
    switch = record_party_switch(first, new_party=party("M"), on=date(2026, 6, 1), actor=staff_user)
    assert switch.action is None  # the second mayor still represents A
    switch = record_party_switch(second, new_party=party("M"), on=LAST_DAY, actor=staff_user)
    assert switch.action is not None and switch.action.rule == "B1 1.11"


# --- B1 1.3 the council changes at the constituent meeting ----------------------------------------------


def test_b1_1_3_the_old_council_leaves_office_when_the_new_one_takes_office(nordjylland, period, staff_user):
    from members.models import ElectionPeriod, Observer
    from members.queries import handover_preview, roster
    from members.services import add_member, hand_over_council
    from tests.builders import entitle

    old_period = ElectionPeriod.objects.get(name="2022-2026")
    taking_office = date(2026, 1, 20)
    kept = politician("Gen Valgt")
    leaving = politician("Gammel Gert")
    old_kept = seat(nordjylland, old_period, kept, starts_on=date(2022, 1, 18))
    old_leaving = seat(nordjylland, old_period, leaving, starts_on=date(2022, 1, 18))
    substitute(old_leaving, politician("Gammel Suppleant", "Hjørring"), starts_on=date(2022, 1, 18))
    Observer.objects.create(
        council=nordjylland, person=politician("Iagttager"), capacity="KL", starts_on=date(2022, 2, 1)
    )
    entitle(nordjylland, period, "V", seats=2)
    new_kept = add_member(nordjylland, person=kept, starts_on=taking_office, actor=staff_user)  # re-elected
    add_member(nordjylland, person=politician("Ny Nina"), starts_on=taking_office, actor=staff_user)

    preview = handover_preview(nordjylland, period, on=taking_office)
    assert [p.name for p in preview.leaving] == ["Gammel Gert"]
    assert [p.name for p in preview.continuing] == ["Gen Valgt"]
    assert [p.name for p in preview.new] == ["Ny Nina"]

    hand_over_council(nordjylland, period, on=taking_office, actor=staff_user)
    for row in (old_kept, old_leaving, old_leaving.substitutes.get()):
        row.refresh_from_db()
        assert (row.ends_on, row.end_reason) == (date(2026, 1, 19), EndReason.PERIOD_ENDED)
    assert Observer.objects.get().ends_on == date(2026, 1, 19)
    assert sorted(s.member.name for s in roster(nordjylland, on=date(2026, 1, 19)).seats) == [
        "Gammel Gert",
        "Gen Valgt",
    ]
    assert sorted(s.member.name for s in roster(nordjylland, on=taking_office).seats) == ["Gen Valgt", "Ny Nina"]
    assert new_kept.ends_on is None


def test_b1_1_5_2010_the_deputy_mayor_steps_in_for_a_relieved_mayor(nordjylland, period, staff_user):
    from members.models import Leave
    from members.queries import roster
    from members.services import register_leave

    mayor = seat(nordjylland, period, politician("Borgmester Bo", kind="mayor", letter="A"), kind="mayor")
    substitute(mayor, politician("Personlig Per", letter="A"))
    politician("Vice Vera", letter="A", kind=MunicipalOffice.Kind.DEPUTY_MAYOR_1)
    register_leave(
        mayor,
        kind=Leave.Kind.RELIEVED,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
        reason="Orlov",
        actor=staff_user,
    )
    on = date(2026, 4, 1)
    assert roster(nordjylland, on=on).seats[0].voter.name == "Personlig Per"  # 2018: B1 1.6
    RuleSet.objects.filter(pk=period.rule_set_id).update(deputy_mayor_replaces_relieved_mayor=True)
    assert roster(nordjylland, on=on).seats[0].voter.name == "Vice Vera"  # 2010: B1 1.5
