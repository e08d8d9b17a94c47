"""Kommunestyrelsesloven § 28 stk. 1: a vacancy in a seat won in a proportional election is filled by the
group that elected the holder, and only by it; the group is kept on every appointment (successors and
personal substitutes included, through the form too), so the next vacancy is that group's again."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import queries, services
from appointments.models import Appointment
from kkr.errors import RuleViolation
from tests.builders import politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db
ELECTED_ON = date(2026, 3, 10)
LEFT_ON = date(2026, 9, 30)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: date(2026, 10, 1))


def appoint(seat_, person, **kwargs):
    kwargs.setdefault("starts_on", ELECTED_ON)
    kwargs.setdefault("method", Appointment.Method.PROPORTIONAL)
    return services.appoint_representative(seat_, person=person, actor=None, **kwargs)


@pytest.fixture
def vacancy(nordjylland, erhvervshus):
    """A seat the group A+F won in a proportional election; its holder resigned on 30.09.2026."""
    target = political_seats(erhvervshus, nordjylland)[0]
    holder = appoint(target, politician("Anna Aalborg", letter="A"), group="A+F")
    services.end_appointment(holder, on=LEFT_ON, reason=Appointment.EndReason.RESIGNED, actor=None)
    return target


def test_s_28_stk_1_another_group_can_not_fill_a_proportional_vacancy(vacancy):
    with pytest.raises(RuleViolation) as refused:
        appoint(vacancy, politician("Viggo Venstre"), starts_on=date(2026, 10, 1), group="V")
    assert refused.value.rule == "§ 28 stk. 1"
    assert "gruppen A+F" in str(refused.value)
    assert Appointment.objects.count() == 1


def test_s_28_stk_1_a_majority_election_can_not_fill_a_proportional_vacancy(vacancy):
    with pytest.raises(RuleViolation, match=r"gruppen A\+F udpeger det nye medlem"):
        appoint(vacancy, politician("Fie Folkesocialist", letter="F"), starts_on=date(2026, 10, 1), method="majority")


def test_s_28_stk_1_the_successor_keeps_the_group_so_the_next_vacancy_is_the_same_groups(
    vacancy, nordjylland, period, erhvervshus
):
    successor = appoint(vacancy, politician("Fie Folkesocialist", letter="F"), starts_on=date(2026, 10, 1))
    assert (successor.group, successor.method) == ("A+F", Appointment.Method.PROPORTIONAL)
    services.end_appointment(successor, on=date(2027, 3, 31), reason=Appointment.EndReason.RESIGNED, actor=None)
    line = queries.register_lines(nordjylland, period, today=date(2027, 4, 1), body=erhvervshus)[1]
    assert line.follow_up == f"{queries.FOLLOW_UP_SAME_GROUP}: A+F"


def test_s_28_stk_1_a_successor_entered_through_the_form_keeps_the_group(
    client, staff_user, vacancy, nordjylland, period, erhvervshus
):
    client.force_login(staff_user)
    url = reverse("appointments:appointment-create", args=[nordjylland.slug, vacancy.pk])
    page = client.get(url).text
    assert 'value="A+F"' in page  # the form starts with the group that elected the holder
    person = politician("Fie Folkesocialist", letter="F")
    data = {"person": person.pk, "role": "member", "starts_on": "2026-10-01", "method": "proportional", "group": "A+F"}
    assert client.post(url, data).status_code == 302
    successor = Appointment.objects.get(person=person)
    assert successor.group == "A+F"
    services.end_appointment(successor, on=date(2027, 3, 31), reason=Appointment.EndReason.RESIGNED, actor=None)
    line = queries.register_lines(nordjylland, period, today=date(2027, 4, 1), body=erhvervshus)[1]
    assert line.follow_up == f"{queries.FOLLOW_UP_SAME_GROUP}: A+F"  # not "Nyt flertalsvalg"


def test_s_28_stk_1_the_form_refuses_another_group_in_danish_and_changes_nothing(
    client, staff_user, vacancy, nordjylland
):
    client.force_login(staff_user)
    url = reverse("appointments:appointment-create", args=[nordjylland.slug, vacancy.pk])
    person = politician("Viggo Venstre")
    data = {"person": person.pk, "role": "member", "starts_on": "2026-10-01", "method": "proportional", "group": "V"}
    response = client.post(url, data)
    assert response.status_code == 400 and "kun den gruppe kan udpege" in response.text
    assert not Appointment.objects.filter(person=person).exists()


def test_s_28_stk_1_the_personal_substitute_is_named_by_the_group_that_elected_the_member(nordjylland, rar):
    target = political_seats(rar, nordjylland)[0]
    june = date(2026, 6, 1)
    appoint(target, politician("Medlem Mia"), starts_on=june, group="C+V")
    with pytest.raises(RuleViolation, match="kun den gruppe kan udpege stedfortræderen"):
        appoint(target, politician("Anders A", letter="A"), role=Appointment.Role.SUBSTITUTE, starts_on=june, group="A")
    substitute = appoint(target, politician("Sif Stedfortræder"), role=Appointment.Role.SUBSTITUTE, starts_on=june)
    assert substitute.group == "C+V"


def test_s_28_stk_1_a_seat_filled_by_majority_election_takes_any_method(nordjylland, erhvervshus):
    target = political_seats(erhvervshus, nordjylland)[0]
    holder = appoint(target, politician("Anna Aalborg", letter="A"), method="majority")
    services.end_appointment(holder, on=LEFT_ON, reason=Appointment.EndReason.RESIGNED, actor=None)
    successor = appoint(target, politician("Viggo Venstre"), starts_on=date(2026, 10, 1), group="V")
    assert (successor.group, successor.method) == ("V", Appointment.Method.PROPORTIONAL)
