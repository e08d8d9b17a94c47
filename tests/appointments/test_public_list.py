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
