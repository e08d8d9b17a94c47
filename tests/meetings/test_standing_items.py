"""Standing items from the council's template: on every new ordinary meeting, and by the button."""

import pytest
from django.urls import reverse

from kkr.errors import RuleViolation
from meetings import services
from meetings.models import AgendaItem, Meeting, StandingItem
from tests.builders import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(nordjylland):
    start, end = StandingItem.Placement.START, StandingItem.Placement.END
    for order, title, placement in [
        (1, "Godkendelse af dagsorden", start),
        (2, "Meddelelser", start),
        (1, "Eventuelt", end),
    ]:
        StandingItem.objects.create(council=nordjylland, order=order, title=title, placement=placement)


def plan(council, staff, kind=Meeting.Kind.ORDINARY):
    return services.plan_meeting(council, actor=staff, kind=kind, starts_at=at(2027, 3, 2, 10), location="Aalborg")


def titles(meeting):
    return list(meeting.items.order_by("position").values_list("title", flat=True))


def test_a_new_ordinary_meeting_gets_the_standing_items(nordjylland, staff_user, template):
    meeting = plan(nordjylland, staff_user)
    assert titles(meeting) == ["Godkendelse af dagsorden", "Meddelelser", "Eventuelt"]
    assert AgendaItem.objects.get(title="Eventuelt").history.get().history_user == staff_user


def test_items_added_later_go_before_the_closing_standing_items(nordjylland, staff_user, template, member_user):
    meeting = plan(nordjylland, staff_user)
    services.add_item(meeting, actor=staff_user, title="Trafikplan")
    proposal = services.submit_proposal(
        meeting, proposer=member_user.person, title="Broer", text="T", actor=member_user, received_at=at(2027, 2, 1, 9)
    )
    services.accept_proposal(proposal, actor=staff_user)
    assert titles(meeting) == ["Godkendelse af dagsorden", "Meddelelser", "Trafikplan", "Broer", "Eventuelt"]
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4, 5]


def test_an_extraordinary_meeting_starts_empty_and_the_button_inserts_the_missing_ones(
    nordjylland, staff_user, template
):
    meeting = plan(nordjylland, staff_user, Meeting.Kind.EXTRAORDINARY)
    assert titles(meeting) == []
    services.add_item(meeting, actor=staff_user, title="Sygehusafsnit")
    services.insert_standing_items(meeting, actor=staff_user)
    assert titles(meeting) == ["Godkendelse af dagsorden", "Meddelelser", "Sygehusafsnit", "Eventuelt"]
    assert services.insert_standing_items(meeting, actor=staff_user) == []  # never twice
    assert len(titles(meeting)) == 4


def test_inserting_without_a_template_is_refused_with_what_to_do(nordjylland, staff_user):
    meeting = plan(nordjylland, staff_user)
    with pytest.raises(RuleViolation, match="Faste punkter"):
        services.insert_standing_items(meeting, actor=staff_user)


def test_removing_a_standing_item_leaves_the_agendas_alone(nordjylland, staff_user, template):
    meeting = plan(nordjylland, staff_user)
    services.remove_standing_item(StandingItem.objects.get(title="Eventuelt"), actor=staff_user)
    assert titles(meeting)[-1] == "Eventuelt" and meeting.items.get(title="Eventuelt").standing_item is None


# --- Pages -------------------------------------------------------------------------------------------

LIST = reverse("meetings:standing-item-list", args=["nordjylland"])


def test_staff_keep_the_template_on_its_page(client, staff_user, nordjylland):
    client.force_login(staff_user)
    response = client.post(LIST, {"title": "Eventuelt", "kind": "orientation", "placement": "end", "order": 1})
    standing = StandingItem.objects.get()
    assert response.status_code == 302 and standing.council == nordjylland
    assert standing.history.get().history_user == staff_user
    assert "Eventuelt" in client.get(LIST).content.decode()
    client.post(reverse("meetings:standing-item-delete", args=["nordjylland", standing.pk]))
    assert not StandingItem.objects.exists()


def test_removing_a_standing_item_asks_first_and_says_what_happens(client, staff_user, nordjylland, template):
    meeting = plan(nordjylland, staff_user)
    standing = StandingItem.objects.get(title="Eventuelt")
    delete = reverse("meetings:standing-item-delete", args=["nordjylland", standing.pk])
    client.force_login(staff_user)
    listing = client.get(LIST).content.decode()
    assert f'action="{delete}"' not in listing  # no one-click removal from the list
    assert f'href="{delete}"' in listing and 'class="danger-link"' in listing
    page = client.get(delete)
    assert page.status_code == 200 and StandingItem.objects.filter(pk=standing.pk).exists()
    text = page.content.decode()
    assert "Fjern det faste punkt «Eventuelt»?" in text and "1 planlagt møde beholder punktet" in text
    assert f'action="{delete}"' in text and 'class="button danger"' in text and f'href="{LIST}"' in text
    client.post(delete)
    assert not StandingItem.objects.filter(pk=standing.pk).exists() and meeting.items.filter(title="Eventuelt").exists()


def test_the_template_page_refuses_bad_input(client, staff_user):
    client.force_login(staff_user)
    assert client.post(LIST, {"title": "", "kind": "orientation", "placement": "end"}).status_code == 400
    assert not StandingItem.objects.exists()


def test_template_page_roles(client, member_user, other_staff_user, nordjylland, template):
    standing = StandingItem.objects.first()
    delete = reverse("meetings:standing-item-delete", args=["nordjylland", standing.pk])
    assert "/konto/login/" in client.get(LIST).url
    client.force_login(member_user)
    assert client.get(LIST).status_code == 403 and client.post(delete).status_code == 403
    assert client.get(delete).status_code == 403
    client.force_login(other_staff_user)
    assert client.get(LIST).status_code == 404 and client.post(delete).status_code == 404
    assert client.get(delete).status_code == 404
    assert client.put(delete).status_code == 405
    assert StandingItem.objects.count() == 3


def test_the_template_page_costs_constant_queries(client, staff_user, template, django_assert_num_queries):
    client.force_login(staff_user)
    # session, user, the user's roles (access, council and navigation in one), standing items
    with django_assert_num_queries(4):
        page = client.get(LIST).content.decode()
    assert page.count("<tr>") == 4


def test_the_button_inserts_the_standing_items(client, staff_user, nordjylland, template):
    meeting = plan(nordjylland, staff_user, Meeting.Kind.EXTRAORDINARY)
    client.force_login(staff_user)
    response = client.post(reverse("meetings:standing-items-insert", args=["nordjylland", meeting.pk]))
    assert response.status_code == 302 and len(titles(meeting)) == 3
    assert "Indsæt faste punkter" in client.get(meeting.get_absolute_url()).content.decode()
