"""The portal's council pages (SPEC §6): who sees what, every role × a page of each kind, and no secretariat
sees another KKR; where users land; the pages' query counts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC = ("portal:council-detail", "nordjylland")
PORTAL = ("portal:council-portal", "nordjylland")
DASHBOARD = ("portal:council-dashboard", "nordjylland")
OTHER_DASHBOARD = ("portal:council-dashboard", "hovedstaden")
OTHER_PORTAL = ("portal:council-portal", "hovedstaden")

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


def test_staff_land_on_their_dashboard_and_members_on_their_portal(client, staff_user, member_user):
    client.force_login(staff_user)
    assert client.get("/")["Location"] == reverse("portal:council-dashboard", args=["nordjylland"])
    client.force_login(member_user)
    assert client.get("/")["Location"] == reverse("portal:council-portal", args=["nordjylland"])


def test_the_public_start_page_lists_the_five_councils(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the councils
        response = client.get("/")
    assert response.status_code == 200
    for name in ("Nordjylland", "Midtjylland", "Syddanmark", "Hovedstaden", "Sjælland"):
        assert f"KKR {name}" in response.content.decode()


def test_the_dashboard_shows_empty_states_that_say_what_comes_next(client, staff_user, django_assert_num_queries):
    client.force_login(staff_user)
    # session, user, the user's roles once for access, council and navigation, the stamp of what the
    # page shows (portal.dashboard), then its values: the periods with their rule sets once for the page and
    # every panel, the newest open follow-ups with their count, member count, panels: meetings (upcoming
    # meetings, undecided proposals), appointments (seats, their appointments, who is eligible)
    with django_assert_num_queries(12):
        response = client.get(reverse("portal:council-dashboard", args=["nordjylland"]))
    page = response.content.decode()
    assert "Ingen åbne opfølgninger" in page
    assert "Læg årets mødeplan" in page
    # nothing changed: session, user, roles and the stamp; the values come from the cache (not the HTML: each
    # page has its own CSRF token)
    with django_assert_num_queries(4):
        again = client.get(reverse("portal:council-dashboard", args=["nordjylland"])).content.decode()
    assert "Ingen åbne opfølgninger" in again and "Læg årets mødeplan" in again


def test_council_pages_refuse_post(client, staff_user):
    client.force_login(staff_user)
    assert client.post(reverse("portal:council-dashboard", args=["nordjylland"])).status_code == 405
    assert client.post(reverse("portal:council-detail", args=["nordjylland"])).status_code == 405


def test_an_unknown_council_is_404(client):
    assert client.get(reverse("portal:council-detail", args=["atlantis"])).status_code == 404
