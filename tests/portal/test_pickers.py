"""pickers offer only those who fit the rule (B1 1.0, B1 1.2), narrowed by typing (htmx), for 500+
people with a constant number of queries."""

import pytest
from django.urls import reverse

from members.candidates import new_member_candidates, substitute_candidates
from members.models import Person
from tests.builders import entitle, politician, seat, substitute

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


# --- The date in the form, not today --------------------------------------------------------------------


@pytest.fixture
def newcomer(people):
    """A by-election successor: his municipal office begins 1 June 2029 (not today, whatever today is)."""
    from datetime import date

    from members.models import MunicipalOffice

    person = politician("Hans Fremtid", letter="A")
    person.offices.update(starts_on=date(2029, 6, 1))
    assert MunicipalOffice.objects.get(person=person).starts_on == date(2029, 6, 1)
    return person


def test_b1_1_0_the_new_member_form_judges_eligibility_on_the_date_in_the_form(nordjylland, newcomer):
    from members.forms import NewMemberForm

    later = NewMemberForm({"person": newcomer.pk, "starts_on": "2029-07-01"}, council=nordjylland)
    assert later.is_valid(), later.errors
    assert newcomer in later.fields["person"].queryset
    earlier = NewMemberForm({"person": newcomer.pk, "starts_on": "2029-05-01"}, council=nordjylland)
    assert not earlier.is_valid() and "person" in earlier.errors


def test_b1_1_2_the_substitute_form_judges_eligibility_on_the_date_in_the_form(nordjylland, people, newcomer):
    from members.forms import SubstituteForm

    data = {"person": newcomer.pk, "starts_on": "2029-07-01", "basis": ""}
    assert SubstituteForm(data, council=nordjylland, membership=people["member"]).is_valid()
    data["starts_on"] = "2029-05-01"
    assert not SubstituteForm(data, council=nordjylland, membership=people["member"]).is_valid()


def test_the_htmx_filter_carries_the_forms_date(client, people, staff_user, newcomer):
    client.force_login(staff_user)
    new_member = reverse("members:picker-new-member", args=["nordjylland"])
    assert "Hans Fremtid" in client.get(new_member, {"person_soeg": "hans", "starts_on": "2029-07-01"}).text
    assert "Hans Fremtid" not in client.get(new_member, {"person_soeg": "hans", "starts_on": "2029-05-01"}).text
    subst = reverse("members:picker-substitute", args=["nordjylland", people["member"].pk])
    assert "Hans Fremtid" in client.get(subst, {"person_soeg": "hans", "starts_on": "2029-07-01"}).text
    assert client.get(subst, {"starts_on": "ikke en dato"}).status_code == 200  # a bad date: today


def test_the_picker_sends_the_date_field_and_asks_again_when_it_changes(
    client, people, staff_user, newcomer, nordjylland, period
):
    entitle(nordjylland, period, "A", seats=2)
    client.force_login(staff_user)
    page = client.get(reverse("members:membership-create", args=["nordjylland"])).text
    assert 'hx-include="#id_starts_on"' in page and "change from:#id_starts_on" in page
    response = client.post(
        reverse("members:membership-create", args=["nordjylland"]), {"person": newcomer.pk, "starts_on": "2029-07-01"}
    )
    assert response.status_code == 302
    assert newcomer.memberships.get().starts_on.isoformat() == "2029-07-01"
