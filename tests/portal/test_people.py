"""staff keep people up to date in the app (with history); the person page names the person's own
substitute and whom they substitute for."""

import pytest
from django.urls import reverse

from kkr.errors import RuleViolation
from members.models import Person
from members.services.people import update_person
from tests.builders import municipality, politician, seat, substitute

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(nordjylland, period):
    member = seat(nordjylland, period, politician("Anna Medlem", letter="A"))
    stand_in = politician("Bo Stedfortræder", letter="A")
    substitute(member, stand_in)
    return member.person, stand_in


def test_staff_edit_contact_details_title_and_municipality_with_history(client, pair, staff_user):
    anna, _ = pair
    client.force_login(staff_user)
    url = reverse("members:person-update", args=["nordjylland", anna.pk])
    assert client.get(url).status_code == 200
    data = {"name": "Anna Medlem", "title": "Rådmand", "email": "anna@aalborg.example", "phone": "12 34 56 78"}
    response = client.post(url, {**data, "municipality": municipality("Hjørring").pk})
    assert response.status_code == 302
    anna.refresh_from_db()
    assert (anna.title, anna.email, anna.municipality.name) == ("Rådmand", "anna@aalborg.example", "Hjørring")
    latest = anna.history.first()
    assert latest.history_user == staff_user and "titel" in latest.history_change_reason
    page = client.get(reverse("portal:person-detail", args=["nordjylland", anna.pk]))
    assert "Rådmand" in page.text and "Rettet:" in page.text


def test_a_bad_email_changes_nothing(client, pair, staff_user):
    anna, _ = pair
    client.force_login(staff_user)
    url = reverse("members:person-update", args=["nordjylland", anna.pk])
    response = client.post(url, {"name": "", "email": "ikke-en-mail"})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"name", "email"}
    assert Person.objects.get(pk=anna.pk).history.count() == 1


def test_an_unchanged_person_gets_no_history_row_and_unknown_fields_are_refused(pair, staff_user):
    anna, _ = pair
    assert update_person(anna, actor=staff_user, name="Anna Medlem") == []
    with pytest.raises(RuleViolation):
        update_person(anna, actor=staff_user, party=None)
    assert anna.history.count() == 1


def test_members_may_not_edit_people(client, pair, member_user):
    client.force_login(member_user)
    anna, _ = pair
    assert client.get(reverse("members:person-update", args=["nordjylland", anna.pk])).status_code == 403


def test_b1_1_2_the_person_page_names_the_substitute_and_whom_he_substitutes_for(client, pair, staff_user):
    anna, bo = pair
    client.force_login(staff_user)
    page = client.get(reverse("portal:person-detail", args=["nordjylland", anna.pk]))
    assert [a.person for a in page.context["own_substitutes"]] == [bo]
    assert reverse("portal:person-detail", args=["nordjylland", bo.pk]) in page.text
    page = client.get(reverse("portal:person-detail", args=["nordjylland", bo.pk]))
    assert [a.membership.person for a in page.context["substitutes_for"]] == [anna]


def test_b1_1_7_the_roster_shows_a_pending_leave_in_its_absence_column(client, pair, staff_user):
    from datetime import date

    from members.models import Leave, Membership
    from tests.builders import leave

    anna, _ = pair
    pending = leave(
        Membership.objects.get(person=anna),
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 12, 31),
        status=Leave.Status.AWAITING_DECISION,
    )
    client.force_login(staff_user)
    page = client.get(reverse("members:roster-detail", args=["nordjylland"]), {"dato": "2026-04-01"})
    assert "Afventer KKR&#x27;s beslutning" in page.text or "Afventer KKR's beslutning" in page.text
    assert reverse("members:leave-decide", args=["nordjylland", pending.pk]) in page.text


def test_after_a_future_dated_change_the_roster_shows_that_date(client, pair, staff_user):
    from datetime import timedelta

    from django.utils import timezone

    from members.models import Membership

    anna, _ = pair
    ahead = timezone.localdate() + timedelta(days=40)
    client.force_login(staff_user)
    membership = Membership.objects.get(person=anna)
    response = client.post(
        reverse("members:membership-depart", args=["nordjylland", membership.pk]),
        {"on": ahead.isoformat(), "reason": "left_municipal_council"},
    )
    assert response.status_code == 302
    assert response.url == reverse("members:roster-detail", args=["nordjylland"]) + f"?dato={ahead.isoformat()}"


def test_b1_1_7_a_pending_leave_that_starts_later_is_shown_too_and_lets_nobody_in(client, pair, staff_user):
    """The pending leaves are read with the roster's own leaves (one query less); a leave awaiting the
    council's decision that has not started yet is still shown, and does not summon the substitute yet."""
    from datetime import date

    from members.models import Leave, Membership
    from members.queries import roster
    from tests.builders import leave

    anna, _ = pair
    membership = Membership.objects.get(person=anna)
    later = leave(membership, starts_on=date(2026, 6, 1), ends_on=None, status=Leave.Status.AWAITING_DECISION)
    client.force_login(staff_user)
    page = client.get(reverse("members:roster-detail", args=["nordjylland"]), {"dato": "2026-04-01"})
    assert reverse("members:leave-decide", args=["nordjylland", later.pk]) in page.text
    seat = roster(membership.council, on=date(2026, 4, 1)).seats[0]
    assert seat.pending_leave == later and not seat.summoned and seat.leave is None
