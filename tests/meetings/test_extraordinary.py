"""FO 3.1: members' requests for an extraordinary meeting, the dashboard notice, and answering them."""

import pytest
from django.core.cache import cache
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from kkr.errors import RuleViolation
from meetings import queries, services
from meetings.models import ExtraordinaryRequest, Meeting
from tests.builders import at, make_member, seat_members

pytestmark = pytest.mark.django_db

NOTICE = "Der skal indkaldes til ekstraordinært møde (FO 3.1)"


def ask(memberships, count):
    for membership in memberships[:count]:
        services.request_extraordinary_meeting(membership, actor=None, reason="Lukning af sygehusafsnit")


def dashboard(client, staff_user):
    client.force_login(staff_user)
    return client.get(reverse("portal:council-dashboard", args=["nordjylland"])).content.decode()


@pytest.mark.parametrize(
    ("members", "requests", "required"),
    [
        pytest.param(22, 7, False, id="FO_3_1-22_members-7_requests-not_enough"),
        pytest.param(22, 8, True, id="FO_3_1-22_members-8_requests-enough"),
        pytest.param(21, 6, False, id="FO_3_1-21_members-6_requests-not_enough"),
        pytest.param(21, 7, True, id="FO_3_1-21_members-7_requests-exactly_a_third"),
    ],
)
def test_FO_3_1_requests_from_a_third_of_the_members_require_a_meeting(
    nordjylland, period, members, requests, required
):
    ask(seat_members(nordjylland, period, members), requests)
    demand = queries.extraordinary_demand(nordjylland, on=timezone.localdate())
    assert (demand.members, len(demand.requests), demand.is_required) == (members, requests, required)


@pytest.mark.parametrize(("requests", "shown"), [(7, False), (8, True)])
def test_FO_3_1_the_dashboard_says_the_meeting_must_be_convened_and_by_whom(
    client, staff_user, nordjylland, period, requests, shown
):
    ask(seat_members(nordjylland, period, 22), requests)
    page = dashboard(client, staff_user)
    assert (NOTICE in page) is shown
    assert f"{requests} af 22 medlemmer har anmodet; mindst 8 kræves" in page
    assert "Medlem 01" in page and f"Medlem {requests:02d}" in page


def test_FO_3_1_a_request_from_a_member_who_has_left_no_longer_counts(nordjylland, period):
    memberships = seat_members(nordjylland, period, 21)
    ask(memberships, 7)
    memberships[0].ends_on = timezone.localdate() - timezone.timedelta(days=1)
    memberships[0].end_reason = "left_municipal_council"
    memberships[0].save()
    demand = queries.extraordinary_demand(nordjylland, on=timezone.localdate())
    assert (demand.members, len(demand.requests), demand.is_required) == (20, 6, False)


def test_FO_3_1_a_member_can_not_ask_twice_while_the_request_is_open(nordjylland, period):
    membership = seat_members(nordjylland, period, 3)[0]
    ask([membership], 1)
    with pytest.raises(RuleViolation, match="allerede anmodet"):
        ask([membership], 1)
    with pytest.raises(IntegrityError):  # the database holds the rule too
        ExtraordinaryRequest.objects.create(membership=membership, reason="x", requested_at=timezone.now())


def test_FO_3_1_planning_the_meeting_answers_the_open_requests_and_the_member_may_ask_again(
    nordjylland, period, staff_user
):
    memberships = seat_members(nordjylland, period, 3)
    ask(memberships, 2)
    meeting = services.plan_meeting(
        nordjylland,
        actor=staff_user,
        kind=Meeting.Kind.EXTRAORDINARY,
        starts_at=at(2026, 12, 10, 10),
        location="Aalborg",
        answers_requests=True,
    )
    answered = ExtraordinaryRequest.objects.filter(meeting=meeting)
    assert answered.count() == 2 and not ExtraordinaryRequest.objects.open().exists()
    assert answered.first().history.first().history_user == staff_user
    assert queries.extraordinary_demand(nordjylland, on=timezone.localdate()).requests == []
    ask(memberships, 1)  # a new request is allowed once the first is handled


def test_FO_3_1_requests_are_answered_only_by_an_extraordinary_meeting(nordjylland, period, staff_user):
    ask(seat_members(nordjylland, period, 3), 1)
    with pytest.raises(RuleViolation, match="ekstraordinært møde"):
        services.plan_meeting(
            nordjylland,
            actor=staff_user,
            kind=Meeting.Kind.ORDINARY,
            starts_at=at(2026, 12, 10, 10),
            location="Aalborg",
            answers_requests=True,
        )
    assert ExtraordinaryRequest.objects.open().count() == 1 and not Meeting.objects.exists()


# --- Pages -------------------------------------------------------------------------------------------

URL = reverse("meetings:extraordinary-request-create", args=["nordjylland"])


def test_a_member_requests_an_extraordinary_meeting_in_the_portal(client, member_user):
    client.force_login(member_user)
    response = client.post(URL, {"reason": "Akut sag om busdriften"})
    assert response.status_code == 302
    request = ExtraordinaryRequest.objects.get()
    assert request.membership.person.user == member_user and request.history.get().history_user == member_user
    page = client.get(URL).content.decode()
    assert "Akut sag om busdriften" in page and "Du har en åben anmodning" in page


def test_a_second_request_while_one_is_open_is_refused_on_the_page(client, member_user):
    client.force_login(member_user)
    client.post(URL, {"reason": "Første"})
    response = client.post(URL, {"reason": "Anden"})
    assert response.status_code == 400 and "allerede anmodet" in response.content.decode()
    assert ExtraordinaryRequest.objects.count() == 1


def test_a_request_without_a_reason_is_refused(client, member_user):
    client.force_login(member_user)
    assert client.post(URL, {"reason": ""}).status_code == 400 and not ExtraordinaryRequest.objects.exists()


def test_request_page_roles(client, nordjylland, hovedstaden, period, staff_user):
    assert "/konto/login/" in client.get(URL).url  # anonymous
    client.force_login(make_member(hovedstaden, period, "medlem-hovedstaden"))
    assert client.get(URL).status_code == 404  # outsider
    client.force_login(staff_user)
    assert client.get(URL).status_code == 403  # staff have no seat to ask from


def test_the_request_page_answers_only_get_and_post(client, member_user):
    client.force_login(member_user)
    assert client.put(URL).status_code == 405


def test_staff_answer_the_requests_when_planning_through_the_page(client, staff_user, nordjylland, period):
    ask(seat_members(nordjylland, period, 3), 1)
    client.force_login(staff_user)
    response = client.post(
        reverse("meetings:meeting-list", args=["nordjylland"]),
        {"kind": "extraordinary", "starts_at": "2026-12-10T10:00", "location": "Aalborg", "answers_requests": "on"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and ExtraordinaryRequest.objects.get().meeting == meeting


def test_the_dashboard_with_open_requests_costs_two_queries_more_however_many(
    client, staff_user, nordjylland, period, django_assert_num_queries
):
    ask(seat_members(nordjylland, period, 30), 12)
    client.force_login(staff_user)
    client.get(reverse("portal:council-dashboard", args=["nordjylland"]))  # warm the content-type cache
    cache.clear()  # the dashboard's values are computed again (portal.dashboard)
    # the 12 of an empty dashboard (tests/portal/test_pages.py) + the seat count + the open requests
    with django_assert_num_queries(14):
        page = client.get(reverse("portal:council-dashboard", args=["nordjylland"])).content.decode()
    assert NOTICE in page
