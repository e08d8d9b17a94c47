"""People who are not politicians (SPEC §4, FO 2.2): business, union and knowledge-institution representatives
and observers, added with name, organisation and e-mail; FO 3.8 makes them eligible only for the seats that are
not political. The appointment picker labels everyone by municipality and party, or organisation, and narrows
by what is typed."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import services
from appointments.models import Appointment, Representative, Seat
from kkr.errors import RuleViolation
from tests.builders import politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db
STARTS = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: STARTS)


@pytest.fixture
def erik(nordjylland, staff_user):
    return services.add_representative(
        nordjylland,
        name="Erik Erhverv",
        organisation="Dansk Industri Nordjylland",
        kind=Representative.Kind.BUSINESS,
        email="erik@di.example",
        actor=staff_user,
    )


def business_seat(body, council):
    return Seat.objects.filter(body=body, council=council, is_political=False).order_by("order").first()


def test_a_representative_is_a_person_with_organisation_and_email_kept_in_history(erik, staff_user):
    assert (erik.person.name, erik.person.email, erik.organisation) == (
        "Erik Erhverv",
        "erik@di.example",
        "Dansk Industri Nordjylland",
    )
    assert erik.history.get().history_user == staff_user
    assert erik.person.history.get().history_change_reason == "Repræsentant tilføjet (ikke politiker)"


def test_the_same_representative_twice_is_refused(erik, nordjylland):
    with pytest.raises(RuleViolation, match="allerede tilføjet"):
        services.add_representative(
            nordjylland, name="erik erhverv", organisation="Dansk Industri NORDJYLLAND", kind="business", actor=None
        )
    assert Representative.objects.count() == 1


def test_fo_3_8_a_representative_takes_a_non_political_seat_but_not_a_political_one(erik, nordjylland, erhvervshus):
    with pytest.raises(RuleViolation) as refused:
        services.appoint_representative(
            political_seats(erhvervshus, nordjylland)[0], person=erik.person, starts_on=STARTS, method="majority",
            actor=None,
        )  # fmt: skip
    assert refused.value.rule == "FO 3.8"
    seated = services.appoint_representative(
        business_seat(erhvervshus, nordjylland), person=erik.person, starts_on=STARTS, method="nomination", actor=None
    )
    assert seated.person == erik.person


def picker(client, seat, **query):
    url = reverse("appointments:picker-appointee", args=[seat.council.slug, seat.pk])
    return client.get(url, query)


def test_the_picker_labels_by_organisation_or_municipality_and_party_and_searches_both(
    client, staff_user, erik, nordjylland, erhvervshus
):
    politician("Anna Aalborg", letter="A")
    client.force_login(staff_user)
    everyone = picker(client, business_seat(erhvervshus, nordjylland)).text
    assert "Erik Erhverv (Dansk Industri Nordjylland)" in everyone and "Anna Aalborg (Aalborg, A)" in everyone
    typed = picker(client, business_seat(erhvervshus, nordjylland), person_soeg="industri").text
    assert "Erik Erhverv" in typed and "Anna Aalborg" not in typed
    political = picker(client, political_seats(erhvervshus, nordjylland)[0]).text
    assert "Anna Aalborg" in political and "Erik Erhverv" not in political


def test_the_picker_offers_only_those_in_office_on_the_forms_date(client, staff_user, nordjylland, erhvervshus):
    later = politician("Hans Senere", letter="A")
    later.offices.update(starts_on=date(2028, 1, 1))
    client.force_login(staff_user)
    seat = political_seats(erhvervshus, nordjylland)[0]
    assert "Hans Senere" not in picker(client, seat, starts_on="2026-03-10").text
    assert "Hans Senere" in picker(client, seat, starts_on="2028-02-01").text


def test_the_appoint_form_appoints_a_representative_picked_from_the_list(
    client, staff_user, erik, nordjylland, erhvervshus
):
    seat = business_seat(erhvervshus, nordjylland)
    client.force_login(staff_user)
    url = reverse("appointments:appointment-create", args=[nordjylland.slug, seat.pk])
    form = client.get(url).text
    assert "Erik Erhverv (Dansk Industri Nordjylland)" in form and 'class="picker-search"' in form
    data = {"person": erik.person.pk, "role": "member", "starts_on": "2026-03-10", "method": "nomination"}
    assert client.post(url, data).status_code == 302
    assert Appointment.objects.get().person == erik.person


def test_the_add_form_refuses_a_bad_email_and_keeps_what_was_typed(client, staff_user, nordjylland):
    client.force_login(staff_user)
    url = reverse("appointments:representative-list", args=[nordjylland.slug])
    data = {"name": "Ulla Union", "organisation": "3F Aalborg", "kind": "union", "email": "ikke-en-adresse"}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "Ulla Union" in refused.text and "3F Aalborg" in refused.text
    assert client.post(url, {**data, "email": "ulla@3f.example"}).status_code == 302
    assert "Ulla Union" in client.get(url).text


def test_representatives_are_the_councils_own(client, other_staff_user, erik, hovedstaden, nordjylland):
    client.force_login(other_staff_user)
    page = client.get(reverse("appointments:representative-list", args=[hovedstaden.slug])).text
    assert "Erik Erhverv" not in page
    assert client.get(reverse("appointments:representative-list", args=[nordjylland.slug])).status_code in (403, 404)
