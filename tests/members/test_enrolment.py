"""New members (B1 1.0) and resolving follow-ups by hand."""

from datetime import date

import pytest

from kkr.errors import RuleViolation
from members.models import Action, Membership
from members.services import add_member, resolve_action
from tests.builders import CONSTITUTED, action, entitle, politician, seat, snapshot, substitute

pytestmark = pytest.mark.django_db


def test_B1_1_0_a_mayor_is_a_born_member_and_gets_a_substitute_proposal(nordjylland, staff_user):
    person = politician("Borgmester Bo", kind="mayor", letter="A")
    politician("Første Vice", kind="deputy_mayor_1")
    membership = add_member(nordjylland, person=person, starts_on=CONSTITUTED, actor=staff_user)
    assert (membership.kind, membership.party.letter, membership.municipality.name) == ("mayor", "A", "Aalborg")
    action = Action.objects.open().get()
    assert action.kind == "new_substitute" and "Første Vice" in action.details
    assert membership.history.get().history_user == staff_user


def test_B1_1_0_a_party_elected_member_fills_one_of_the_partys_seats(nordjylland, period, staff_user):
    entitle(nordjylland, period, "V", seats=2)
    seat(nordjylland, period, politician("Vera Venstre"))
    membership = add_member(nordjylland, person=politician("Viggo Venstre"), starts_on=CONSTITUTED, actor=staff_user)
    assert membership.kind == Membership.Kind.PARTY_ELECTED
    before = snapshot()
    with pytest.raises(RuleViolation, match="V: 2 af 2 pladser er allerede besat"):
        add_member(nordjylland, person=politician("Vilma Venstre"), starts_on=CONSTITUTED, actor=staff_user)
    assert snapshot()["Membership"] == before["Membership"]


@pytest.mark.parametrize("case", ["not_a_council_member", "other_region", "already_member", "substitute", "local_list"])
def test_B1_1_0_only_eligible_people_become_members(nordjylland, hovedstaden, period, staff_user, case):
    entitle(nordjylland, period, "V", seats=5)
    person = politician("Kandidat Karl", "København" if case == "other_region" else "Aalborg")
    if case == "not_a_council_member":
        person.offices.update(ends_on=date(2026, 1, 10))
    elif case == "already_member":
        seat(nordjylland, period, person)
    elif case == "substitute":
        substitute(seat(nordjylland, period, politician("Vera Venstre")), person)
    elif case == "local_list":
        from members.models import Party

        local = Party.objects.create(name="Aalborglisten", kind="local_list")
        person.offices.update(party=local)
    before = snapshot()
    with pytest.raises(RuleViolation):
        add_member(nordjylland, person=person, starts_on=CONSTITUTED, actor=staff_user)
    assert snapshot() == before


def test_an_action_is_resolved_once_with_who_and_how(nordjylland, staff_user):
    follow_up = action(nordjylland, "Tjek")
    with pytest.raises(RuleViolation, match="Skriv, hvordan"):
        resolve_action(follow_up, actor=staff_user, resolution="  ")
    resolve_action(follow_up, actor=staff_user, resolution="Klaret på mødet")
    assert (follow_up.resolved_by, follow_up.resolution) == (staff_user, "Klaret på mødet")
    assert follow_up.history.latest().history_user == staff_user
    with pytest.raises(RuleViolation, match="allerede løst"):
        resolve_action(follow_up, actor=staff_user, resolution="Igen")


# --- B1 1.3: one council at a time -----------------------------------------------------------------------


def test_B1_1_3_a_member_can_not_begin_before_the_council_took_office_at_its_constituent_meeting(
    nordjylland, period, staff_user
):
    entitle(nordjylland, period, "V", seats=5)
    for name in ("Vera Venstre", "Viggo Venstre", "Vilma Venstre", "Vagn Venstre"):
        seat(nordjylland, period, politician(name))  # the council took office on 20.01 (CONSTITUTED)
    before = snapshot()
    with pytest.raises(RuleViolation) as refused:
        add_member(nordjylland, person=politician("Tidlig Tage"), starts_on=date(2026, 1, 5), actor=staff_user)
    assert refused.value.rule == "B1 1.3"
    assert "tog sæde ved det konstituerende møde den 20. januar 2026" in str(refused.value)
    assert snapshot()["Membership"] == before["Membership"]
    assert not Membership.objects.current(date(2026, 1, 5)).exists()  # not 5 seats on the roster on 05.01
    assert add_member(nordjylland, person=politician("Rettidig Rut"), starts_on=CONSTITUTED, actor=staff_user)


def test_B1_1_3_after_the_handover_a_member_of_the_new_council_can_not_sit_beside_the_old_one(
    nordjylland, period, staff_user
):
    from members.models import ElectionPeriod
    from members.services import hand_over_council

    old = seat(
        nordjylland,
        ElectionPeriod.objects.get(name="2022-2026"),
        politician("Gammel Gert"),
        starts_on=date(2022, 1, 18),
    )
    hand_over_council(nordjylland, period, on=CONSTITUTED, actor=staff_user)
    old.refresh_from_db()
    entitle(nordjylland, period, "V", seats=2)
    with pytest.raises(RuleViolation, match="B1 1.3"):
        add_member(nordjylland, person=politician("Tidlig Tage"), starts_on=date(2026, 1, 5), actor=staff_user)
    assert Membership.objects.current(date(2026, 1, 5)).get() == old


def test_B1_1_3_the_council_import_and_the_form_refuse_with_the_same_message(nordjylland, period, staff_user):
    from members.queries import before_taking_office
    from members.services.council_import import parse_council

    seat(nordjylland, period, politician("Vera Venstre"))
    parsed = parse_council("kommunekode;navn;parti;rolle;stedfortræder for\n", nordjylland, starts_on=date(2026, 1, 5))
    message = before_taking_office(nordjylland, period, date(2026, 1, 5))
    assert message and f"{message} (B1 1.3)" in parsed.problems
