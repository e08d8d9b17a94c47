"""A refused form never throws away what was typed: the decision typed on a meeting not yet started (FO 3.4)
comes back in its field with the reason."""

from uuid import uuid4

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Meeting
from tests.builders import at

pytestmark = pytest.mark.django_db
TYPED = "KKR tiltræder indstillingen med den ændring, at høringsfristen forlænges."


@pytest.fixture
def item(nordjylland, period, staff_user):
    """An item of a meeting that has not begun (the suite's clock is real)."""
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="A")
    return services.add_item(meeting, actor=staff_user, title="Trafikplan", kind=AgendaItem.Kind.DECISION)


def post(client, item, **headers):
    url = reverse("meetings:decision-update", args=["nordjylland", item.pk])
    return client.post(url, {"decision": TYPED, "version": item.version}, headers=headers)


def test_fo_3_4_a_decision_refused_before_the_meeting_starts_comes_back_on_a_page_as_typed(client, item, staff_user):
    client.force_login(staff_user)

    response = post(client, item)

    page = response.content.decode()
    assert response.status_code == 400 and "Mødet er ikke begyndt endnu" in page
    assert f">{TYPED}</textarea>" in page and "Trafikplan er ikke gemt" in page
    item.refresh_from_db()
    assert item.decision == "" and item.version == 1


def test_fo_3_4_a_decision_refused_in_place_keeps_the_typed_text_in_the_field(client, item, staff_user):
    client.force_login(staff_user)

    response = post(client, item, **{"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200 and "Mødet er ikke begyndt endnu" in page
    assert f">{TYPED}</textarea>" in page and "Gemt" not in page
    item.refresh_from_db()
    assert item.decision == ""


def test_a_saved_decision_without_htmx_goes_back_to_the_sitting_page(client, item, staff_user):
    meeting = item.meeting
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(2026, 1, 5, 10))
    AgendaItem.objects.filter(pk=item.pk).update(kind=AgendaItem.Kind.ORIENTATION)  # needs no quorum (FO 3.7)
    client.force_login(staff_user)

    response = post(client, item)

    assert response.status_code == 302 and response.url.endswith("/moedet/")
    item.refresh_from_db()
    assert item.decision == TYPED


def test_fo_3_7_a_vote_refused_without_quorum_comes_back_with_the_typed_numbers(
    client, nordjylland, period, staff_user
):
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 1, 5, 10), location="A")
    item = services.add_item(meeting, actor=staff_user, title="Budget", kind=AgendaItem.Kind.DECISION)
    client.force_login(staff_user)
    url = reverse("meetings:vote-create", args=["nordjylland", item.pk])
    data = {"subject": "Ændringsforslaget", "votes_for": 7, "votes_against": 4, "abstentions": 2, "token": uuid4()}

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 400 and "beslutningsdygtig" in page
    assert 'value="Ændringsforslaget"' in page and 'value="7"' in page and 'value="4"' in page and 'value="2"' in page
    assert f'name="token" value="{data["token"]}"' in page and not item.votes.exists()
