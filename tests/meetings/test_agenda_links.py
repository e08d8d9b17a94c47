"""Agenda conventions: the standing item "Godkendelse af referat" links to the minutes of the council's
previous meeting (or says why it can't), and a constituent meeting's items link to the pages that do each step."""

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import documents, queries, services
from meetings.models import AgendaItem, Meeting, Publication, StandingItem
from tests.builders import at
from tests.portal.finding import held_meeting

pytestmark = pytest.mark.django_db

PREVIOUS = AgendaItem.Step.PREVIOUS_MINUTES


@pytest.fixture
def defaults(nordjylland, staff_user):
    services.create_default_standing_items(nordjylland, actor=staff_user)


def plan(council, staff, when=None, kind=Meeting.Kind.ORDINARY):
    when = when or at(2026, 6, 12, 10)
    return services.plan_meeting(council, actor=staff, kind=kind, starts_at=when, location="Aalborg")


def publish(meeting, audience):
    """A ready agenda publication with the real snapshot (no render: the pages show the snapshot)."""
    public = audience == Publication.Audience.PUBLIC
    return Publication.objects.create(
        meeting=meeting,
        kind=Publication.Kind.AGENDA,
        audience=audience,
        version=1,
        content=documents.agenda_content(meeting, public=public),
        state=Publication.State.READY,
        requested_at=timezone.now(),
    )


def test_the_default_minutes_item_is_the_previous_minutes_step(nordjylland, staff_user, defaults):
    meeting = plan(nordjylland, staff_user)
    first = meeting.items.get(position=1)
    assert first.title == "Godkendelse af referat fra forrige møde" and first.step == PREVIOUS
    assert StandingItem.objects.get(title=first.title).step == PREVIOUS
    assert list(meeting.items.exclude(position=1).values_list("step", flat=True)) == [""] * 4


def test_the_previous_meeting_is_the_councils_last_one_before_not_cancelled_not_another_councils(
    nordjylland, hovedstaden, staff_user
):
    held_meeting(nordjylland, at(2026, 3, 12, 10), [("Ældre", "", "", False)])
    last = held_meeting(nordjylland, at(2026, 5, 7, 10), [("Sidste", "", "", False)])
    cancelled = plan(nordjylland, staff_user, at(2026, 6, 1, 10))
    services.cancel_meeting(cancelled, actor=staff_user, reason="Ingen sager")
    held_meeting(hovedstaden, at(2026, 6, 5, 10), [("Andet råd", "", "", False)])
    meeting = plan(nordjylland, staff_user)
    held_meeting(nordjylland, at(2026, 9, 10, 10), [("Senere", "", "", False)])
    previous = queries.previous_minutes(meeting, Publication.Audience.MEMBERS)
    assert previous.meeting == last
    assert previous.minutes.kind == Publication.Kind.MINUTES and previous.minutes.audience == "members"
    assert queries.previous_minutes(meeting, Publication.Audience.PUBLIC).minutes.audience == "public"


def test_staff_see_the_link_to_the_previous_minutes(client, nordjylland, staff_user, defaults):
    last = held_meeting(nordjylland, at(2026, 5, 7, 10), [("Sidste", "", "", False)])
    meeting = plan(nordjylland, staff_user)
    client.force_login(staff_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    minutes = last.publications.get(kind="minutes", audience="members")
    assert f'href="{last.get_absolute_url()}"' in page and f'href="{minutes.get_absolute_url()}"' in page
    assert "Referat fra mødet 7. maj 2026" in page


@pytest.mark.parametrize(
    ("approved", "published", "says"),
    [
        (False, False, "Referatet fra mødet 7. maj 2026 er endnu ikke godkendt."),
        (True, False, "Referatet fra mødet 7. maj 2026 er godkendt, men endnu ikke offentliggjort."),
    ],
)
def test_staff_are_told_when_the_previous_minutes_are_not_out(
    client, nordjylland, staff_user, defaults, approved, published, says
):
    last = held_meeting(nordjylland, at(2026, 5, 7, 10), [("Sidste", "", "", False)], minutes=approved)
    last.publications.filter(kind="minutes").delete()
    meeting = plan(nordjylland, staff_user)
    client.force_login(staff_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert says in page and f'href="{last.get_absolute_url()}"' in page


def test_staff_are_told_when_there_is_no_previous_meeting(client, nordjylland, staff_user, defaults):
    meeting = plan(nordjylland, staff_user)
    client.force_login(staff_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "KKR Nordjylland har ikke holdt et møde før dette." in page


def test_members_see_the_link_in_the_sent_agenda(client, nordjylland, staff_user, member_user, defaults):
    last = held_meeting(nordjylland, at(2026, 5, 7, 10), [("Sidste", "", "", False)])
    meeting = plan(nordjylland, staff_user)
    publish(meeting, Publication.Audience.MEMBERS)
    client.force_login(member_user)
    page = client.get(reverse("meetings:member-meeting", args=["nordjylland", meeting.pk])).content.decode()
    minutes = last.publications.get(kind="minutes", audience="members")
    assert f'href="{reverse("meetings:member-meeting", args=["nordjylland", last.pk])}"' in page
    assert f'href="{minutes.get_absolute_url()}"' in page
    assert page.count("Referat fra mødet 7. maj 2026") == 1  # in item 1 only


def test_the_public_sees_the_link_only_to_published_public_minutes(client, nordjylland, staff_user, defaults):
    last = held_meeting(nordjylland, at(2026, 5, 7, 10), [("Sidste", "", "", False)])
    meeting = plan(nordjylland, staff_user)
    publish(meeting, Publication.Audience.PUBLIC)
    url = reverse("meetings:public-meeting", args=["nordjylland", meeting.pk])
    page = client.get(url).content.decode()
    assert f'href="{reverse("meetings:public-meeting", args=["nordjylland", last.pk])}"' in page
    assert f'href="{last.publications.get(kind="minutes", audience="public").get_absolute_url()}"' in page
    assert f'href="{last.publications.get(kind="minutes", audience="members").get_absolute_url()}"' not in page
    last.publications.filter(kind="minutes").delete()
    page = client.get(url).content.decode()
    assert "Referatet fra mødet 7. maj 2026 er ikke offentliggjort endnu." in page
    assert reverse("meetings:public-meeting", args=["nordjylland", last.pk]) not in page


def test_a_standing_item_of_the_councils_own_can_be_the_minutes_item(client, nordjylland, staff_user):
    client.force_login(staff_user)
    client.post(
        reverse("meetings:standing-item-list", args=["nordjylland"]),
        {"title": "Referat", "kind": "decision", "placement": "start", "order": 1, "step": PREVIOUS},
    )
    assert StandingItem.objects.get().step == PREVIOUS
    assert plan(nordjylland, staff_user).items.get().step == PREVIOUS
    response = client.post(
        reverse("meetings:standing-item-list", args=["nordjylland"]),
        {"title": "Valg", "kind": "decision", "placement": "start", "order": 2, "step": "alliances"},
    )
    assert response.status_code == 400 and StandingItem.objects.count() == 1


# --- The constituent meeting ------------------------------------------------------------------------

CONSTITUENT_STEPS = [
    AgendaItem.Step.COMPOSITION,
    AgendaItem.Step.ALLIANCES,
    AgendaItem.Step.CHAIR_ELECTION,
    AgendaItem.Step.RULES,
    AgendaItem.Step.APPOINTMENTS,
    AgendaItem.Step.MEETING_PLAN,
    "",
]


def test_b1_1_3_the_constituent_items_know_their_step(nordjylland, staff_user):
    meeting = plan(nordjylland, staff_user, at(2026, 1, 20, 10), Meeting.Kind.CONSTITUENT)
    assert list(meeting.items.order_by("position").values_list("step", flat=True)) == CONSTITUENT_STEPS


def test_b1_1_3_the_staff_page_links_each_constituent_item_to_its_step(client, nordjylland, staff_user):
    meeting = plan(nordjylland, staff_user, at(2026, 1, 20, 10), Meeting.Kind.CONSTITUENT)
    client.force_login(staff_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    for step in CONSTITUENT_STEPS[:-1]:
        assert f'href="{reverse("portal:agenda-step", args=["nordjylland", meeting.pk, step])}"' in page
    assert page.count("/trin/") == 6  # "Eventuelt" has no page
