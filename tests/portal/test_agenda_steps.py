"""a constituent meeting's agenda items lead to the pages that do each step. The mapping from a step
to its page lives in portal (meetings knows the steps, not the elections and appointments pages)."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Meeting
from tests.builders import at

pytestmark = pytest.mark.django_db

Step = AgendaItem.Step


@pytest.fixture
def constituent(nordjylland, staff_user):
    return services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.CONSTITUENT, starts_at=at(2026, 1, 20, 10), location="Aalborg"
    )


def step_url(meeting, step):
    return reverse("portal:agenda-step", args=[meeting.council.slug, meeting.pk, step])


def test_b1_1_3_each_step_leads_to_the_page_that_does_it(client, staff_user, constituent):
    expected = {
        Step.COMPOSITION: reverse("elections:composition-detail", args=["nordjylland", "2026-2030"]),
        Step.ALLIANCES: reverse("elections:constituent-detail", args=["nordjylland", "2026-2030"]) + "#alliances",
        Step.CHAIR_ELECTION: reverse("elections:constituent-detail", args=["nordjylland", "2026-2030"]) + "#election",
        Step.RULES: reverse("members:ruleset-detail", args=["nordjylland", "2026-2030"]),
        Step.APPOINTMENTS: reverse("appointments:election-list", args=["nordjylland", constituent.pk]),
        Step.MEETING_PLAN: reverse("meetings:meeting-list", args=["nordjylland"]),
    }
    client.force_login(staff_user)
    for step, url in expected.items():
        response = client.get(step_url(constituent, step))
        assert response.status_code == 302 and response.url == url, step
        assert client.get(url.split("#")[0]).status_code == 200, step


def test_the_step_pages_are_for_the_councils_staff(client, member_user, other_staff_user, staff_user, constituent):
    url = step_url(constituent, Step.ALLIANCES)
    assert "/konto/login/" in client.get(url).url
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(other_staff_user)
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(step_url(constituent, "nonsense")).status_code == 404
    assert client.get(step_url(constituent, Step.PREVIOUS_MINUTES)).status_code == 404  # shown on the agenda itself
    assert client.post(url).status_code == 405


def test_the_rule_set_page_shows_the_rules_of_procedure_in_force(client, staff_user, member_user, other_staff_user):
    url = reverse("members:ruleset-detail", args=["nordjylland", "2026-2030"])
    client.force_login(staff_user)
    page = client.get(url)
    rule_set = page.context["rule_set"]
    assert page.status_code == 200 and rule_set.name in page.text
    assert "Beslutningsdygtighed: brøk, tæller (FO 3.7)" in page.text
    assert client.get(reverse("members:ruleset-detail", args=["nordjylland", "1999-2003"])).status_code == 404
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(other_staff_user)
    assert client.get(url).status_code == 404
