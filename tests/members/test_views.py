"""Roster, person page and Blå bog (SPEC §2, §6): who may see them, what they show, how many queries."""

from datetime import date

import pytest
from django.urls import reverse

from members.models import Membership
from tests.builders import entitle, leave, politician, seat, substitute

pytestmark = pytest.mark.django_db


def fill(council, period, count):
    """``count`` party-elected members, each with a substitute and every third on leave."""
    entitle(council, period, "V", seats=count)
    for number in range(count):
        membership = seat(council, period, politician(f"Medlem {number:02}"))
        substitute(membership, politician(f"Suppleant {number:02}"))
        if number % 3 == 0:
            leave(membership, reason="Orlov")


def roster_url(on=None):
    url = reverse("members:roster-detail", args=["nordjylland"])
    return f"{url}?dato={on}" if on else url


def test_staff_see_the_roster_grouped_by_party_against_the_entitlement(client, staff_user, nordjylland, period):
    fill(nordjylland, period, 3)
    entitle(nordjylland, period, "A", seats=2)
    client.force_login(staff_user)
    page = client.get(roster_url("2026-04-01")).content.decode()
    assert "V: 3 af 3 pladser besat" in page and "A: 0 af 2 pladser besat" in page
    assert "Suppleant 01" in page and "Fritaget for kommunale hverv" in page
    assert reverse("members:membership-depart", args=["nordjylland", Membership.objects.first().pk]) in page


def test_the_roster_answers_for_any_date(client, staff_user, nordjylland, period):
    fill(nordjylland, period, 1)
    client.force_login(staff_user)
    assert "Medlem 00" not in client.get(roster_url("2026-01-19")).content.decode()
    assert "Medlem 00" in client.get(roster_url("2026-01-20")).content.decode()


def test_a_bad_roster_date_is_a_danish_error_not_a_crash(client, staff_user):
    client.force_login(staff_user)
    response = client.get(roster_url("2026-13-45"))
    assert response.status_code == 200
    assert "Angiv en gyldig dato" in response.content.decode()


def test_members_read_the_roster_without_the_secretariats_links(client, member_user):
    client.force_login(member_user)
    page = client.get(roster_url())
    assert page.status_code == 200
    assert "udtræden" not in page.content.decode()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("plain_user", 404), ("other_staff_user", 404)])
def test_the_roster_is_hidden_from_outsiders(client, request, role, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(roster_url()).status_code == status


def test_the_roster_refuses_post(client, staff_user):
    client.force_login(staff_user)
    assert client.post(roster_url()).status_code == 405


@pytest.mark.parametrize("size", [5, 60])
def test_the_roster_page_costs_the_same_queries_for_5_and_60_members(
    client, staff_user, nordjylland, period, size, django_assert_num_queries
):
    fill(nordjylland, period, size)
    client.force_login(staff_user)
    client.get(roster_url("2026-04-01"))  # warm guardian's process-wide content type lookup
    # session, user, the user's roles (access, council and navigation in one), roster ×2 (substitutes,
    # leaves - the pending ones with them -, chair roles and observers in one; the seats with their
    # members, parties and municipalities), entitlements
    with django_assert_num_queries(6):
        response = client.get(roster_url("2026-04-01"))
    assert response.content.decode().count("<tr>") == size + 1


def test_the_person_page_shows_the_dated_history_and_the_audit_trail_to_staff(
    client, staff_user, nordjylland, period, django_assert_num_queries
):
    from members.services import record_departure

    member = seat(nordjylland, period, politician("Vera Venstre"))
    substitute(member, politician("Søren Suppleant"))
    record_departure(member, on=date(2026, 6, 30), reason="left_party", actor=staff_user)
    client.force_login(staff_user)
    url = reverse("portal:person-detail", args=["nordjylland", member.person_id])
    client.get(url)  # warm guardian's process-wide content type lookup
    # session, user, roles (access, council and navigation), person; offices, memberships, assignments,
    # leaves, chair roles; appointments; the audit trail (one plain query); substitute links
    with django_assert_num_queries(12):
        page = client.get(url).content.decode()
    assert "Udtrådt af partiet (B1 1.9)" in page
    assert "sekretariat-nordjylland" in page and "B1 1.9" in page


def test_members_see_a_person_page_without_the_audit_trail_and_outsiders_get_404(
    client, member_user, other_staff_user, nordjylland
):
    person = member_user.person
    url = reverse("portal:person-detail", args=["nordjylland", person.pk])
    client.force_login(member_user)
    page = client.get(url)
    assert page.status_code == 200 and "Ændringshistorik" not in page.content.decode()
    client.force_login(other_staff_user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:person-detail", args=["hovedstaden", person.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(member_user)
    assert client.post(url).status_code == 405


def test_the_blue_book_lists_members_and_substitutes_and_exports_csv(client, member_user, nordjylland, period):
    membership = Membership.objects.get(person__user=member_user)
    sub = politician("Søren Suppleant")
    sub.email = "soeren@aalborg.example"
    sub.save()
    substitute(membership, sub)
    client.force_login(member_user)
    page = client.get(reverse("members:directory-list", args=["nordjylland"])).content.decode()
    assert "Stedfortræder for Medlem KKR Nordjylland" in page
    export = client.get(reverse("members:directory-export", args=["nordjylland"]))
    assert export["Content-Type"].startswith("text/csv")
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Navn;Rolle;Kommune;Parti;E-mail;Telefon"
    assert "Søren Suppleant;Stedfortræder for Medlem KKR Nordjylland;Aalborg;V;soeren@aalborg.example;" in lines


@pytest.mark.parametrize("name", ["members:directory-list", "members:directory-export"])
def test_the_blue_book_is_for_the_council_only(client, other_staff_user, name):
    url = reverse(name, args=["nordjylland"])
    assert client.get(url).status_code == 302
    client.force_login(other_staff_user)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("leaves", [0, 8])
def test_the_person_page_costs_the_same_queries_however_long_the_history(
    client, staff_user, nordjylland, period, leaves, django_assert_num_queries
):
    member = seat(nordjylland, period, politician("Lang Historik"))
    substitute(member, politician("Søren Suppleant"))
    for month in range(2, 2 + leaves):  # history grows: leaves and their audit rows
        leave(member, starts_on=date(2026, month, 1), ends_on=date(2026, month, 20))
    client.force_login(staff_user)
    url = reverse("portal:person-detail", args=["nordjylland", member.person_id])
    client.get(url)  # warm guardian's process-wide content type lookup
    with django_assert_num_queries(12):  # the same 12 as above, whatever the length of the history
        client.get(url)
