"""Issue 12: pickers offer only those who fit the rule (B1 1.0, B1 1.2), narrowed by typing (htmx), for 500+
people with a constant number of queries."""

import pytest
from django.urls import reverse

from members.candidates import new_member_candidates, substitute_candidates
from members.models import Person
from tests.builders import politician, seat, substitute

pytestmark = pytest.mark.django_db
TODAY = "2026-06-01"


@pytest.fixture
def people(nordjylland, period):
    member = seat(nordjylland, period, politician("Anna Medlem", letter="A"))
    subst = politician("Bo Stedfortræder", letter="A")
    substitute(member, subst)
    return {
        "member": member,
        "substitute": subst,
        "free_a": politician("Carl Fri", "Hjørring", letter="A"),
        "free_v": politician("Dorte Venstre", letter="V"),
        "mayor": seat(nordjylland, period, politician("Erik Borgmester", "Thisted", letter="V"), kind="mayor"),
        "thisted_a": politician("Finn Thisted", "Thisted", letter="A"),
        "outsider": politician("Gitte København", "København", letter="A"),
    }


def names(queryset):
    return [person.name for person in queryset]


def test_b1_1_2_the_substitute_picker_offers_same_party_council_members_who_are_free(people, nordjylland):
    from datetime import date

    assert names(substitute_candidates(people["member"], date(2026, 6, 1))) == ["Carl Fri", "Finn Thisted"]


def test_b1_1_2_a_mayors_substitute_comes_from_his_municipality(people):
    from datetime import date

    assert names(substitute_candidates(people["mayor"], date(2026, 6, 1))) == ["Finn Thisted"]


def test_b1_1_0_the_new_member_picker_excludes_sitting_members_and_substitutes(people, nordjylland):
    from datetime import date

    assert names(new_member_candidates(nordjylland, date(2026, 6, 1))) == ["Carl Fri", "Dorte Venstre", "Finn Thisted"]


def test_typing_narrows_the_list_through_htmx(client, people, staff_user):
    client.force_login(staff_user)
    url = reverse("members:picker-substitute", args=["nordjylland", people["member"].pk])
    response = client.get(url, {"felt": "person", "person_soeg": "hjør"})
    assert response.status_code == 200
    assert 'type="radio" name="person"' in response.text
    assert "Carl Fri" in response.text and "Finn Thisted" not in response.text
    response = client.get(reverse("members:picker-new-member", args=["nordjylland"]), {"person_soeg": "Anna"})
    assert "Ingen personer opfylder reglen" in response.text


def test_the_form_shows_the_picker_and_refuses_someone_outside_the_rule(client, people, staff_user):
    client.force_login(staff_user)
    url = reverse("members:substitute-create", args=["nordjylland", people["mayor"].pk])
    page = client.get(url)
    assert 'class="picker-search"' in page.text and "Finn Thisted" in page.text and "Carl Fri" not in page.text
    response = client.post(url, {"person": people["free_a"].pk, "starts_on": "2026-06-01"})
    assert response.status_code == 200 and "person" in response.context["form"].errors  # Carl: Hjørring, not Thisted
    response = client.post(url, {"person": people["thisted_a"].pk, "starts_on": "2026-06-01", "basis": ""})
    assert response.status_code == 302


def test_the_picker_is_for_staff_only(client, people, member_user):
    client.force_login(member_user)
    response = client.get(reverse("members:picker-new-member", args=["nordjylland"]))
    assert response.status_code in (403, 404)


def test_500_people_are_listed_with_a_constant_number_of_queries(
    client, nordjylland, staff_user, django_assert_max_num_queries
):
    for n in range(520):
        politician(f"Politiker {n:03d}", "Aalborg", letter="A")
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("members:picker-new-member", args=["nordjylland"]), {"person_soeg": "politiker"})
    assert response.text.count('type="radio"') == 30 and "… og 490 mere" in response.text
    with django_assert_max_num_queries(20):
        page = client.get(reverse("members:membership-create", args=["nordjylland"]))
    assert page.text.count('type="radio"') == 30
    assert Person.objects.count() == 520
