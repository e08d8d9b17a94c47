"""Staff end a municipal office, or correct the last day of an ended one (FO 3.8): a date and a reason, kept in
the office's history; refusals in Danish that change nothing; the page for staff of the council only."""

from datetime import date

import pytest
from django.urls import reverse

from members.models import EndReason, MunicipalOffice
from members.services import end_office
from tests.builders import politician

pytestmark = pytest.mark.django_db
LAST_DAY = date(2026, 8, 31)


@pytest.fixture
def office(reference_data):
    return MunicipalOffice.objects.get(person=politician("Anna Aalborg", letter="A"))


def url(office):
    return reverse("members:office-end", args=["nordjylland", office.pk])


def test_fo_3_8_staff_end_an_office_on_the_page_with_a_reason_kept_in_the_history(client, staff_user, office):
    client.force_login(staff_user)
    person_page = client.get(reverse("portal:person-detail", args=["nordjylland", office.person_id])).text
    assert url(office) in person_page and "Afslut hverv" in person_page
    assert client.get(url(office)).status_code == 200
    response = client.post(url(office), {"on": "2026-08-31", "reason": EndReason.LEFT_MUNICIPAL_COUNCIL})
    assert response.status_code == 302 and response.url.endswith(f"/personer/{office.person_id}/")
    office.refresh_from_db()
    assert office.ends_on == LAST_DAY
    latest = office.history.first()
    assert latest.history_user == staff_user
    assert latest.history_change_reason == "Hvervet afsluttet: Udtrådt af kommunalbestyrelsen (B1 1.9)"


def test_fo_3_8_a_wrong_last_day_is_corrected_with_history(staff_user, office):
    end_office(office, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    end_office(office, on=date(2026, 9, 30), reason=EndReason.CORRECTION, actor=staff_user)
    office.refresh_from_db()
    assert office.ends_on == date(2026, 9, 30)
    assert [h.ends_on for h in office.history.order_by("history_id")] == [None, LAST_DAY, date(2026, 9, 30)]
    assert office.history.first().history_change_reason == "Slutdato rettet: Rettelse af fejlregistrering"


def test_fo_3_8_a_last_day_before_the_first_is_refused_in_danish_and_changes_nothing(client, staff_user, office):
    client.force_login(staff_user)
    response = client.post(url(office), {"on": "2025-12-31", "reason": EndReason.CORRECTION})
    assert response.status_code == 400 and "kan ikke ligge før hvervets første dag 1. januar 2026" in response.text
    assert client.post(url(office), {"on": "2026-08-31", "reason": "lyst"}).status_code == 400
    assert client.post(url(office), {"on": "", "reason": ""}).status_code == 400
    office.refresh_from_db()
    assert office.ends_on is None and office.history.count() == 1


def test_fo_3_8_a_mayors_end_can_not_reach_into_the_successors_time(staff_user, reference_data):
    from kkr.errors import RuleViolation

    old = MunicipalOffice.objects.get(person=politician("Gammel Borgmester", kind="mayor", letter="A"))
    end_office(old, on=date(2026, 5, 31), reason=EndReason.OTHER, actor=staff_user)
    new = politician("Ny Borgmester", kind="mayor", letter="V")
    MunicipalOffice.objects.filter(person=new).update(starts_on=date(2026, 6, 1))
    with pytest.raises(RuleViolation, match="Ny Borgmester er borgmester i Aalborg fra 1. juni 2026"):
        end_office(old, on=date(2026, 6, 30), reason=EndReason.CORRECTION, actor=staff_user)


def test_the_office_page_is_for_the_councils_staff(client, office, member_user, other_staff_user):
    assert client.get(url(office)).status_code == 302  # to the login
    client.force_login(member_user)
    assert client.get(url(office)).status_code == 403
    client.force_login(other_staff_user)
    assert client.get(url(office)).status_code == 404
    assert client.post(url(office), {"on": "2026-08-31", "reason": "other"}).status_code == 404
    office.refresh_from_db()
    assert office.ends_on is None


def test_the_office_page_refuses_other_methods(client, staff_user, office):
    client.force_login(staff_user)
    assert client.put(url(office)).status_code == 405


def test_b1_1_9_ending_a_kkr_members_office_on_the_page_asks_staff_to_register_his_departure(
    nordjylland, period, staff_user
):
    from members.models import Action, Membership
    from tests.builders import seat

    member = seat(nordjylland, period, politician("Kurt Kkr", letter="A"))
    office = MunicipalOffice.objects.get(person=member.person)
    end_office(office, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    action = Action.objects.get(council=nordjylland, resolved_at__isnull=True, membership=member)
    assert action.rule == "B1 1.9" and "Kurt Kkr" in action.title and "31. august 2026" in action.title
    assert Membership.objects.get(pk=member.pk).ends_on is None  # the departure itself is staff's to record


def test_b1_1_9_ending_the_office_of_someone_outside_the_kkr_opens_no_follow_up(staff_user, office):
    from members.models import Action

    end_office(office, on=LAST_DAY, reason=EndReason.LEFT_MUNICIPAL_COUNCIL, actor=staff_user)
    assert not Action.objects.exists()
