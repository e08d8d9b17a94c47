"""Who sees what (SPEC §6): every role × a page of each kind, and no secretariat sees another KKR."""

import pytest
from django.urls import reverse

from members import permissions

pytestmark = pytest.mark.django_db

PUBLIC = ("members:council-detail", "nordjylland")
PORTAL = ("members:council-portal", "nordjylland")
DASHBOARD = ("members:council-dashboard", "nordjylland")
OTHER_DASHBOARD = ("members:council-dashboard", "hovedstaden")
OTHER_PORTAL = ("members:council-portal", "hovedstaden")

# role → {page: expected status}; 302 = sent to the login page.
MATRIX = {
    "anonymous": {PUBLIC: 200, PORTAL: 302, DASHBOARD: 302, OTHER_DASHBOARD: 302, OTHER_PORTAL: 302},
    "plain_user": {PUBLIC: 200, PORTAL: 404, DASHBOARD: 404, OTHER_DASHBOARD: 404, OTHER_PORTAL: 404},
    "member_user": {PUBLIC: 200, PORTAL: 200, DASHBOARD: 403, OTHER_DASHBOARD: 404, OTHER_PORTAL: 404},
    "staff_user": {PUBLIC: 200, PORTAL: 200, DASHBOARD: 200, OTHER_DASHBOARD: 404, OTHER_PORTAL: 404},
    "admin_user_kl": {PUBLIC: 200, PORTAL: 200, DASHBOARD: 200, OTHER_DASHBOARD: 200, OTHER_PORTAL: 200},
}
CASES = [(role, page, status) for role, pages in MATRIX.items() for page, status in pages.items()]


@pytest.mark.parametrize(("role", "page", "status"), CASES, ids=[f"{r}-{p[0]}-{p[1]}" for r, p, _ in CASES])
def test_the_access_matrix_holds_for_every_role_and_page(client, request, role, page, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(page[0], args=[page[1]]))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


def test_a_secretariat_user_manages_only_their_own_council(staff_user, nordjylland, hovedstaden):
    assert list(permissions.managed_councils(staff_user)) == [nordjylland]
    assert permissions.can_manage(staff_user, nordjylland)
    assert not permissions.can_manage(staff_user, hovedstaden)
    assert not permissions.can_read_closed(staff_user, hovedstaden)


def test_a_member_reads_closed_material_of_their_council_only(member_user, nordjylland, hovedstaden):
    assert permissions.can_read_closed(member_user, nordjylland)
    assert not permissions.can_read_closed(member_user, hovedstaden)
    assert not permissions.can_manage(member_user, nordjylland)


def test_a_former_member_loses_access_the_day_after_the_membership_ends(member_user, nordjylland):
    from datetime import date

    membership = member_user.person.memberships.get()
    membership.ends_on, membership.end_reason = date(2026, 6, 30), "left_party"
    membership.save()
    assert permissions.member_councils(member_user, on=date(2026, 6, 30)).filter(pk=nordjylland.pk).exists()
    assert not permissions.member_councils(member_user, on=date(2026, 7, 1)).exists()


def test_staff_land_on_their_dashboard_and_members_on_their_portal(client, staff_user, member_user):
    client.force_login(staff_user)
    assert client.get("/")["Location"] == reverse("members:council-dashboard", args=["nordjylland"])
    client.force_login(member_user)
    assert client.get("/")["Location"] == reverse("members:council-portal", args=["nordjylland"])


def test_the_public_start_page_lists_the_five_councils(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the councils
        response = client.get("/")
    assert response.status_code == 200
    for name in ("Nordjylland", "Midtjylland", "Syddanmark", "Hovedstaden", "Sjælland"):
        assert f"KKR {name}" in response.content.decode()


def test_the_dashboard_shows_empty_states_that_say_what_comes_next(client, staff_user, django_assert_num_queries):
    client.force_login(staff_user)
    # session, user, council, object permissions (user + group), period with rule set, member count,
    # panels: meetings (upcoming meetings, periods for their rule sets, undecided proposals),
    # elections (periods); navigation (managed + member of), open actions
    with django_assert_num_queries(14):
        response = client.get(reverse("members:council-dashboard", args=["nordjylland"]))
    page = response.content.decode()
    assert "Ingen åbne opfølgninger" in page
    assert "Læg årets mødeplan" in page


def test_council_pages_refuse_post(client, staff_user):
    client.force_login(staff_user)
    assert client.post(reverse("members:council-dashboard", args=["nordjylland"])).status_code == 405
    assert client.post(reverse("members:council-detail", args=["nordjylland"])).status_code == 405


def test_an_unknown_council_is_404(client):
    assert client.get(reverse("members:council-detail", args=["atlantis"])).status_code == 404
