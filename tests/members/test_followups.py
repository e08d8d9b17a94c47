"""The secretariat's list of open follow-ups (members:action-list) and the dashboard's newest ten with the link."""

import pytest
from django.urls import reverse

from members.followups import DASHBOARD_COUNT, newest_open_actions
from members.models import Action, Membership
from members.services import resolve_action
from tests.builders import action

pytestmark = pytest.mark.django_db


def url():
    return reverse("members:action-list", args=["nordjylland"])


def test_staff_see_every_open_follow_up_newest_first_25_a_page(client, staff_user, nordjylland):
    for number in range(30):
        action(nordjylland, f"Opgave {number:02}")
    resolve_action(action(nordjylland, "Løst opgave"), actor=staff_user, resolution="Klaret")
    client.force_login(staff_user)
    first = client.get(url()).content.decode()
    second = client.get(url(), {"side": 2}).content.decode()
    assert first.count("Løs: Opgave") == 25 and second.count("Løs: Opgave") == 5
    assert first.index("Opgave 29") < first.index("Opgave 05") and "Opgave 04" in second
    assert "30 åbne opfølgninger" in first and "Løst opgave" not in first + second
    assert 'rel="next"' in first and "Side 1 af 2" in first


def test_the_search_finds_follow_ups_by_title_details_or_rule(client, staff_user, nordjylland):
    action(nordjylland, "Venstre vælger ny stedfortræder", kind=Action.Kind.NEW_SUBSTITUTE)
    action(nordjylland, "Borgmesterskifte i Aalborg", rule="B1 1.13")
    client.force_login(staff_user)
    page = client.get(url(), {"q": "stedfortræder"}).content.decode()
    assert "Venstre vælger" in page and "Borgmesterskifte" not in page
    assert "Borgmesterskifte" in client.get(url(), {"q": "1.13"}).content.decode()


def test_an_empty_list_says_what_comes_next_and_an_empty_search_how_to_see_all(client, staff_user, nordjylland):
    client.force_login(staff_user)
    assert "Når et medlem udtræder" in client.get(url()).content.decode()
    action(nordjylland, "Tjek noget")
    page = client.get(url(), {"q": "findes ikke"}).content.decode()
    assert "Ingen åbne opfølgninger indeholder «findes ikke»" in page and "Vis alle åbne opfølgninger" in page


def test_the_list_costs_the_same_queries_however_many_follow_ups(
    client, staff_user, nordjylland, django_assert_num_queries
):
    for number in range(40):
        action(nordjylland, f"Opgave {number}")
    client.force_login(staff_user)
    client.get(url())
    # session, user, the user's roles, the count, the page's 25
    with django_assert_num_queries(5):
        assert client.get(url()).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, nordjylland):
    response = client.get(url())
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_staff_of_another_council_get_404(client, other_staff_user, nordjylland):
    client.force_login(other_staff_user)
    assert client.get(url()).status_code == 404


def test_members_of_the_council_get_403(client, member_user):
    client.force_login(member_user)
    assert client.get(url()).status_code == 403


def test_the_list_refuses_post(client, staff_user, nordjylland):
    action(nordjylland, "Tjek noget")
    client.force_login(staff_user)
    assert client.post(url()).status_code == 405
    assert Action.objects.open().count() == 1


def test_the_dashboard_shows_the_newest_ten_and_links_to_all_with_their_count(client, staff_user, nordjylland):
    for number in range(DASHBOARD_COUNT + 3):
        action(nordjylland, f"Opgave {number:02}")
    client.force_login(staff_user)
    page = client.get(reverse("portal:council-dashboard", args=["nordjylland"])).content.decode()
    assert page.count("Løs: Opgave") == DASHBOARD_COUNT and "Opgave 12" in page and "Opgave 02" not in page
    assert f'<a href="{url()}">Se alle opfølgninger (13)</a>' in page


def test_a_new_substitute_links_its_form_while_the_member_sits(nordjylland, period):
    from tests.builders import make_member

    membership = Membership.objects.get(person__user=make_member(nordjylland, period))
    action(nordjylland, "Ny stedfortræder", kind=Action.Kind.NEW_SUBSTITUTE, membership=membership)
    action(nordjylland, "Ny formand", kind=Action.Kind.NEW_CHAIR)
    rows, count = newest_open_actions(nordjylland)
    assert count == 2
    assert [(row.title, row.step_label) for row in rows] == [
        ("Ny formand", "Registrér valg"),
        ("Ny stedfortræder", "Registrér stedfortræder"),
    ]
    assert rows[1].step_url == reverse("members:substitute-create", args=["nordjylland", membership.pk])
