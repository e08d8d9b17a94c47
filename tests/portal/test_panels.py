"""The apps' panels on the portal pages (meetings.panels, elections.panels): dashboard, portal, public page."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.deadlines import COPENHAGEN
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def plan(council, staff, days_ahead):
    day = timezone.localdate() + timedelta(days=days_ahead)
    starts_at = datetime(day.year, day.month, day.day, 10, tzinfo=COPENHAGEN)
    return services.plan_meeting(
        council, actor=staff, kind=Meeting.Kind.ORDINARY, starts_at=starts_at, location="Aalborg"
    )


@pytest.mark.parametrize("meetings", [1, 7])
def test_the_dashboard_costs_the_same_queries_however_many_meetings_are_planned(
    client, staff_user, nordjylland, django_assert_num_queries, meetings
):
    for index in range(meetings):
        plan(nordjylland, staff_user, 20 + 20 * index)
    client.force_login(staff_user)
    client.get(reverse("portal:council-dashboard", args=["nordjylland"]))  # warm the content-type cache
    cache.clear()  # the dashboard's values are computed again (portal.dashboard)
    # the same 12 as an empty dashboard (tests/portal/test_pages.py)
    with django_assert_num_queries(12):
        page = client.get(reverse("portal:council-dashboard", args=["nordjylland"])).content.decode()
    assert page.count("Frist for medlemsforslag (FO 3.2)") == meetings
    assert reverse("elections:composition-detail", args=["nordjylland", "2026-2030"]) in page


def test_the_member_portal_lists_upcoming_meetings_of_the_council(client, member_user, staff_user, nordjylland):
    meeting = plan(nordjylland, staff_user, 30)
    client.force_login(member_user)
    page = client.get(reverse("portal:council-portal", args=["nordjylland"])).content.decode()
    assert reverse("meetings:member-meeting", args=["nordjylland", meeting.pk]) in page
    assert "Mine forslag" in page


def test_the_public_page_says_nothing_is_published_yet(client, nordjylland, staff_user):
    plan(nordjylland, staff_user, 30)  # planned, not published: the public sees nothing of it
    page = client.get(reverse("portal:council-detail", args=["nordjylland"])).content.decode()
    assert "Der er endnu ikke offentliggjort dagsordener eller referater" in page
