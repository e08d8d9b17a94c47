"""The register over time: the page and the CSV on any date (``?dato=``) and for a year (``?aar=``: everyone
who held a seat in it, for the yearly report); the CSV's columns with ISO dates."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import services
from appointments.models import Appointment
from tests.builders import politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
CSV_HEADER = (
    "Organ;Organtype;Plads;Politisk;Rolle;Navn;Kommune;Parti;Gruppe;Valgmåde;Fra;Til;Ophørsgrund;Møde;Indstillet af"
)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def succession(nordjylland, erhvervshus, reference_data):
    """Anna Aalborg holds the seat from 1 February to 30 June 2026, Carl Hjørring from 1 July."""
    seat = political_seats(erhvervshus, nordjylland)[0]
    first = services.appoint_representative(
        seat, person=politician("Anna Aalborg", "Aalborg", letter="A"), starts_on=date(2026, 2, 1),
        method=Appointment.Method.MAJORITY, actor=None,
    )  # fmt: skip
    services.end_appointment(first, on=date(2026, 6, 30), reason=Appointment.EndReason.RESIGNED, actor=None)
    services.appoint_representative(
        seat, person=politician("Carl Hjørring", "Hjørring"), starts_on=date(2026, 7, 1),
        method=Appointment.Method.MAJORITY, actor=None,
    )  # fmt: skip
    return seat


def url(name, council, **query):
    base = reverse(f"appointments:{name}", args=[council.slug, "2026-2030"])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def holders(response):
    return {line.holder.person.name for line in response.context["lines"] if line.holder}


def test_the_register_shows_who_held_the_seats_on_any_date(client, staff_user, nordjylland, succession):
    client.force_login(staff_user)
    assert holders(client.get(url("register-detail", nordjylland))) == {"Carl Hjørring"}
    spring = client.get(url("register-detail", nordjylland, dato="2026-03-15"))
    assert holders(spring) == {"Anna Aalborg"} and "15. marts 2026" in spring.text


def test_the_register_for_a_year_lists_everyone_who_held_a_seat_in_it(client, staff_user, nordjylland, succession):
    client.force_login(staff_user)
    page = client.get(url("register-detail", nordjylland, aar=2026))
    assert page.status_code == 200
    assert [a.person.name for a in page.context["year_rows"]] == ["Anna Aalborg", "Carl Hjørring"]
    assert "Anna Aalborg" in page.text and "Carl Hjørring" in page.text
    assert client.get(url("register-detail", nordjylland, aar=2025)).context["year_rows"] == []


def test_the_csv_of_a_year_has_the_listed_columns_and_iso_dates(client, staff_user, nordjylland, succession):
    client.force_login(staff_user)
    text = client.get(url("register-csv", nordjylland, aar=2026)).content.decode("utf-8-sig")
    header, *rows = text.strip().splitlines()
    assert header == CSV_HEADER
    anna = next(row for row in rows if "Anna Aalborg" in row).split(";")
    assert anna[0] == "Erhvervshus Nordjylland – bestyrelse" and anna[3] == "ja" and anna[6] == "Aalborg"
    assert (anna[10], anna[11], anna[12]) == ("2026-02-01", "2026-06-30", "Udtrådt efter ønske")
    assert any("Carl Hjørring" in row and "2026-07-01" in row for row in rows)


def test_the_csv_on_a_date_follows_the_date(client, staff_user, nordjylland, succession):
    client.force_login(staff_user)
    text = client.get(url("register-csv", nordjylland, dato="2026-03-15")).content.decode("utf-8-sig")
    assert text.splitlines()[0] == CSV_HEADER
    assert "Anna Aalborg" in text and "Carl Hjørring" not in text


def test_a_bad_date_or_year_shows_the_error_and_todays_register(client, staff_user, nordjylland, succession):
    client.force_login(staff_user)
    response = client.get(url("register-detail", nordjylland, dato="31-02-2026", aar="tyve"))
    assert response.status_code == 200 and holders(response) == {"Carl Hjørring"}
    assert response.context["form"].errors.keys() == {"dato", "aar"}


def test_the_csv_names_the_organisation_that_nominated_the_appointee_not_only_the_seats_nominators(
    client, staff_user, nordjylland, erhvervshus
):
    from appointments.models import Representative, Seat

    business = Seat.objects.filter(body=erhvervshus, council=nordjylland, is_political=False).order_by("order")[0]
    assert business.nominated_by == "erhvervsorganisationerne"
    ditte = services.add_representative(
        nordjylland, name="Ditte Direktør", organisation="DI Nordjylland", kind=Representative.Kind.BUSINESS, actor=None
    )
    nomination = services.record_nomination(
        business, person=ditte.person, nominated_by="Dansk Industri", nominated_on=date(2026, 2, 1), actor=None
    )
    services.decide_nomination(nomination, appointed=True, decided_on=date(2026, 3, 10), actor=None)
    client.force_login(staff_user)
    texts = [client.get(url("register-csv", nordjylland, **q)).content.decode("utf-8-sig") for q in ({}, {"aar": 2026})]
    for text in texts:
        ditte_row = next(row for row in text.splitlines() if "Ditte Direktør" in row).split(";")
        assert ditte_row[14] == "Dansk Industri"
    empty = next(row for row in texts[0].splitlines() if "Virksomhedsrepræsentant 2" in row).split(";")
    assert empty[14] == "erhvervsorganisationerne"
