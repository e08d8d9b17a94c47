"""A body shared by several KKR (Danmarks Erhvervsfremmebestyrelse: all five) or a national body is changed or
abolished only by a KL admin: one member council's staff can't abolish it for the others (SPEC §6)."""

from datetime import date

import pytest
from django.urls import reverse

from appointments.models import Body

pytestmark = pytest.mark.django_db


@pytest.fixture
def deb(bodies):
    return Body.objects.get(key="danmarks-erhvervsfremmebestyrelse")


def abolish(client, council, body):
    url = reverse("appointments:body-abolish", args=[council.slug, body.pk])
    return client.post(url, {"on": "2026-06-30", "reason": Body.EndReason.ABOLISHED_BY_LAW})


def test_one_member_councils_staff_can_not_abolish_a_body_shared_by_all_five(client, staff_user, nordjylland, deb):
    assert deb.councils.count() == 5
    client.force_login(staff_user)
    response = abolish(client, nordjylland, deb)
    assert response.status_code == 403
    deb.refresh_from_db()
    assert deb.ends_on is None


def test_a_kl_admin_abolishes_a_shared_body(client, admin_user_kl, nordjylland, deb):
    client.force_login(admin_user_kl)
    assert abolish(client, nordjylland, deb).status_code == 302
    deb.refresh_from_db()
    assert deb.ends_on == date(2026, 6, 30)


def test_the_councils_own_body_is_still_abolished_by_its_staff(client, staff_user, nordjylland, erhvervshus):
    client.force_login(staff_user)
    assert abolish(client, nordjylland, erhvervshus).status_code == 302
    erhvervshus.refresh_from_db()
    assert erhvervshus.ends_on == date(2026, 6, 30)
