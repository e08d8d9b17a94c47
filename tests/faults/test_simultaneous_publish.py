"""Simultaneous publishing on PostgreSQL (the row lock is what serialises): two publish requests at the same
instant. The same form twice makes one version; two forms opened on the same version make one version and
the other is refused in Danish (it would publish over what it never saw); never a 500. Runs when the suite
runs on PostgreSQL (CI); SQLite serialises writes itself."""

from uuid import uuid4

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from meetings import documents, services
from meetings.models import Meeting, Publication
from members.models import Council, ElectionPeriod
from tests.builders import at, make_staff
from tests.concurrency import at_once
from tests.conftest import skip_or_fail

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting(reference_data, monkeypatch):
    if connection.vendor != "postgresql":
        skip_or_fail("KKR_REQUIRE_POSTGRES", "kræver PostgreSQL (DATABASE_URL)")
    monkeypatch.setattr(documents, "render_pdf", lambda publication: b"%PDF-1.7")
    council = Council.objects.get(slug="nordjylland")
    meeting = Meeting.objects.create(
        council=council, period=ElectionPeriod.objects.get(name="2026-2030"), starts_at=at(2027, 3, 2, 10)
    )
    staff = make_staff(council, "sekretariat-samtidig")
    services.add_item(meeting, actor=staff, title="Punkt")
    return meeting, staff


def test_the_same_form_sent_twice_at_once_makes_one_version(meeting):
    meeting, staff = meeting
    token = uuid4()
    results = at_once([lambda: services.publish_agenda(meeting, actor=staff, token=token)] * 2)
    assert all(isinstance(result, list) for result in results), results
    assert sorted(Publication.objects.values_list("version", "audience")) == [(1, "members"), (1, "public")]


def test_two_publishes_opened_on_the_same_version_at_once_make_one_version_and_a_danish_refusal(meeting):
    """Before: versions 1 and 2 a few ms apart, the second with an empty change note and its own e-mail."""
    meeting, staff = meeting
    url = reverse("meetings:agenda-publish", args=[meeting.council.slug, meeting.pk])

    def staff_click():
        browser = Client()
        browser.force_login(staff)
        return browser.post(url, {"token": uuid4(), "version": 1})

    results = at_once([staff_click] * 2)
    assert sorted(response.status_code for response in results) == [302, 400], results
    [refused] = [response for response in results if response.status_code == 400]
    assert "Dagsordenen er offentliggjort af en anden (nu version 1)" in refused.content.decode()
    assert sorted(Publication.objects.values_list("version", "audience")) == [(1, "members"), (1, "public")]


def test_two_republishes_through_the_service_at_once_make_one_new_version(meeting):
    meeting, staff = meeting
    services.publish_agenda(meeting, actor=staff, version=1)
    results = at_once(
        [lambda: services.publish_agenda(meeting, actor=staff, version=2, change_note="Nyt bilag", token=uuid4())] * 2
    )
    assert sorted(type(result).__name__ for result in results) == ["RuleViolation", "list"], results
    assert sorted(set(Publication.objects.values_list("version", flat=True))) == [1, 2]
