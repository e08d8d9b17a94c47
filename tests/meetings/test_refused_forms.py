"""A refused form never throws away what was typed: the decision typed on a meeting not yet started (FO 3.4)
comes back in its field with the reason."""

from uuid import uuid4

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, ItemProposal, Meeting, Vote
from tests.builders import at, seat_members

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


# A refused POST comes back on a page of its own with the typed text and the reason in Danish; nothing changes.


@pytest.fixture
def held(nordjylland, period, staff_user):
    """A meeting that has begun, four members present, a vote of 3 to 1 on item 1."""
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 5, 12, 10), location="A")
    for membership in seat_members(nordjylland, period, 4):
        services.record_attendance(meeting, person=membership.person, is_present=True, actor=staff_user)
    item = services.add_item(meeting, actor=staff_user, title="Budget", kind=AgendaItem.Kind.DECISION)
    services.record_vote(item, actor=staff_user, votes_for=3, votes_against=1)
    return meeting


def refused(response, typed: str, reason: str) -> str:
    page = response.content.decode()
    assert response.status_code == 400 and reason in page and "Intet er gemt." in page
    assert f"{typed}</textarea>" in page or f'value="{typed}"' in page
    return page


def test_fo_3_4_a_refused_reopen_reason_comes_back_as_typed(client, held, staff_user):
    client.force_login(staff_user)
    url = reverse("meetings:minutes-reopen", args=["nordjylland", held.pk])
    response = client.post(url, {"reason": "Beslutningen i punkt 1 er skrevet forkert"})
    refused(
        response, "Beslutningen i punkt 1 er skrevet forkert", "Referatet er ikke godkendt; der er intet at genåbne."
    )
    held.refresh_from_db()
    assert held.minutes_reopen_reason == "" and held.minutes_approved_at is None


@pytest.mark.parametrize(
    ("url", "data", "typed"),
    [
        (
            "vote-correct",
            {"votes_for": 2, "votes_against": 2, "reason": "Talt forkert ved hånden"},
            "Talt forkert ved hånden",
        ),
        ("vote-remove", {"reason": "Registreret to gange"}, "Registreret to gange"),
    ],
)
def test_fo_3_7_a_refused_vote_correction_or_removal_comes_back_as_typed(client, held, staff_user, url, data, typed):
    services.approve_minutes(held, actor=staff_user)
    vote = Vote.objects.get()
    client.force_login(staff_user)
    data = {"subject": "Indstillingen", "abstentions": 0, **data}
    response = client.post(reverse(f"meetings:{url}", args=["nordjylland", vote.pk]), data)
    refused(response, typed, "Referatet er godkendt; afstemningen kan ikke længere rettes.")
    vote.refresh_from_db()
    assert (vote.votes_for, vote.votes_against) == (3, 1)


def test_fo_3_2_a_refused_decline_of_a_proposal_in_time_comes_back_as_typed(
    client, nordjylland, period, staff_user, member_user
):
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="A")
    proposal = services.submit_proposal(
        meeting, proposer=member_user.person, title="Broer", text="T", actor=member_user, received_at=at(2027, 2, 1, 9)
    )
    client.force_login(staff_user)
    url = reverse("meetings:proposal-decline", args=["nordjylland", proposal.pk])
    response = client.post(url, {"note": "Hører under regionen"})
    refused(response, "Hører under regionen", "kom rettidigt og skal på dagsordenen")
    proposal.refresh_from_db()
    assert proposal.status == ItemProposal.Status.RECEIVED and proposal.note == ""


def test_fo_3_9_a_members_afbud_refused_after_the_start_comes_back_with_the_note(client, held, member_user):
    client.force_login(member_user)
    response = client.post(reverse("meetings:absence-create", args=["nordjylland", held.pk]), {"note": "Syg i dag"})
    refused(response, "Syg i dag", "Afbud skal meddeles inden mødet.")
    assert not held.absence_notices.exists()


def test_fo_3_9_a_staff_afbud_refused_after_the_start_comes_back_with_the_note(client, held, staff_user):
    membership = held.council.memberships.first()
    client.force_login(staff_user)
    data = {"membership": membership.pk, "note": "Ringede i morges", "confirmed": True}
    response = client.post(reverse("meetings:absence-register", args=["nordjylland", held.pk]), data)
    refused(response, "Ringede i morges", "Afbud skal meddeles inden mødet.")
    assert not held.absence_notices.exists()


def test_an_item_refused_on_a_cancelled_meeting_comes_back_as_typed(client, nordjylland, period, staff_user):
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="A")
    services.cancel_meeting(meeting, actor=staff_user, reason="Formanden er syg")
    client.force_login(staff_user)
    data = {"title": "Regional trafikplan", "kind": "decision", "case_presentation": "Busserne kører ikke"}
    response = client.post(reverse("meetings:item-create", args=["nordjylland", meeting.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "Mødet er aflyst; dagsordenen kan ikke ændres." in page
    assert 'value="Regional trafikplan"' in page and "Busserne kører ikke" in page and not meeting.items.exists()


def test_a_refused_cancellation_comes_back_with_the_typed_reason(client, held, staff_user):
    services.approve_minutes(held, actor=staff_user)
    client.force_login(staff_user)
    url = reverse("meetings:meeting-cancel", args=["nordjylland", held.pk])
    response = client.post(url, {"reason": "Lokalet er optaget"})
    page = response.content.decode()
    assert response.status_code == 400 and "Mødet er afholdt og kan ikke aflyses." in page
    assert "Lokalet er optaget</textarea>" in page
    held.refresh_from_db()
    assert not held.is_cancelled


@pytest.mark.parametrize("htmx", [False, True])
def test_fo_3_9_a_refused_departure_comes_back_with_the_form_open_as_typed(client, held, staff_user, htmx):
    """The movement form is posted by htmx, which swaps only a 200: the refused sitting page is a 200 to htmx
    (else a 400), with the form open, the person, kind, item and clock time as typed, and the reason."""
    from meetings.models import PresenceSpan

    client.force_login(staff_user)
    person = held.attendances.order_by("person__name").last().person
    spans = list(PresenceSpan.objects.values_list("pk", "from_position", "until_position", "left_at"))
    url = reverse("meetings:attendance-movement", args=["nordjylland", held.pk])
    data = {"person": person.pk, "kind": "departure", "position": 7, "time": "10:40"}
    response = client.post(url, data, headers={"HX-Request": "true"} if htmx else {})
    page = response.content.decode()
    assert response.status_code == (200 if htmx else 400)
    assert 'id="movements" open' in page and "Intet er gemt." in page and 'role="alert"' in page
    assert 'value="10:40"' in page and 'value="departure" checked' in page
    assert f'value="{person.pk}" selected' in page
    assert list(PresenceSpan.objects.values_list("pk", "from_position", "until_position", "left_at")) == spans
