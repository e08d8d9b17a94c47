"""The public list (SPEC §4, FO 2.2): an as-of date, each appointee's first day ("Fra"), the personal
substitute beside their member on one line, and RAR seats marked as nominations (the minister appoints)."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import services
from appointments.models import Seat
from tests.builders import politician

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def test_the_public_list_has_its_date_fra_the_substitute_beside_the_member_and_rar_as_nominations(
    client, nordjylland, rar
):
    seat = Seat.objects.filter(body=rar, council=nordjylland).order_by("order").first()
    for person, role in [
        (politician("Anna Aalborg", letter="A"), "member"),
        (politician("Bo Bech", letter="V"), "substitute"),
    ]:
        services.appoint_representative(
            seat, person=person, role=role, starts_on=date(2026, 6, 1), method="nomination", actor=None
        )
    response = client.get(reverse("appointments:public-list", args=[nordjylland.slug]))
    assert "Opgjort pr. 1. juli 2026" in response.text
    (line,) = response.context["lines"]
    assert (line.holder.person.name, line.substitute.person.name, line.is_nomination) == (
        "Anna Aalborg",
        "Bo Bech",
        True,
    )
    row = response.text.split("<tbody>")[1].split("</tr>")[0]
    assert "Anna Aalborg" in row and "Bo Bech (V)" in row and "01.06.2026" in row
    assert "Indstilling: KKR indstiller" in row and "Indstillet som medlem" in row
    assert '<th scope="col">Fra</th>' in response.text


@pytest.fixture
def rar_member(nordjylland, rar):
    seat = Seat.objects.filter(body=rar, council=nordjylland).order_by("order").first()
    person = politician("Anna Aalborg", letter="A")
    services.appoint_representative(seat, person=person, starts_on=date(2026, 6, 1), method="nomination", actor=None)
    return person


def public(client, council, **params):
    return client.get(reverse("appointments:public-list", args=[council.slug]), params)


@pytest.mark.parametrize(
    ("dato", "shown", "listed"),
    [
        ("31.05.2026", "31. maj 2026", []),  # the RAR term starts on 1 June (beskæftigelsesloven § 28 stk. 6)
        ("01.06.2026", "1. juni 2026", ["Anna Aalborg"]),
        ("2026-06-01", "1. juni 2026", ["Anna Aalborg"]),  # the browser's date field sends ISO
        ("31.05.2030", "31. maj 2030", ["Anna Aalborg"]),  # the term's last day, after the municipal period's
        ("01.06.2030", "1. juni 2030", []),
    ],
)
def test_the_public_list_takes_an_as_of_date(client, nordjylland, rar_member, dato, shown, listed):
    response = public(client, nordjylland, dato=dato)
    assert response.status_code == 200 and f"Opgjort pr. {shown}" in response.text
    assert [line.holder.person.name for line in response.context["lines"] if line.holder] == listed


@pytest.mark.parametrize("dato", ["31.02.2026", "i morgen", "15-03-2026", "9999-01-01", "2026-13-01", "\x00"])
def test_a_bad_as_of_date_is_a_danish_message_and_todays_list_not_a_500(client, nordjylland, rar_member, dato):
    response = public(client, nordjylland, dato=dato)
    assert response.status_code == 200 and "Opgjort pr. 1. juli 2026" in response.text
    error = response.context["form"].errors["dato"][0]
    assert error in ("Skriv datoen som dd.mm.åååå, fx 15.03.2026.", "Datoen skal ligge mellem år 1900 og 2199.")
    assert error in response.text
