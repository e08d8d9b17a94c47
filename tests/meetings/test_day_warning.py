"""Planning warns of a meeting on a weekend or a Danish public holiday (a warning, never a refusal): after the
planning form and on the meeting page. The demo plans none on such a day."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings.deadlines import day_warning
from meetings.models import Meeting
from members.deadlines import is_working_day, public_holidays

pytestmark = pytest.mark.django_db


def test_day_warning_names_the_weekend_day_or_the_holiday_and_is_silent_on_a_working_day():
    assert day_warning(date(2027, 3, 6)) == "Mødet ligger på en lørdag."
    assert day_warning(date(2027, 3, 26)) == "Mødet ligger på en helligdag: Langfredag."
    assert day_warning(date(2026, 12, 25)) == "Mødet ligger på en helligdag: Juledag."
    assert day_warning(date(2027, 3, 2)) == ""


def plan(client, starts_at):
    return client.post(
        reverse("meetings:meeting-list", args=["nordjylland"]),
        {"kind": "ordinary", "starts_at": starts_at, "location": "Aalborg"},
        follow=True,
    )


def test_planning_a_meeting_on_a_public_holiday_warns_but_plans_it(client, staff_user, period):
    client.force_login(staff_user)
    response = plan(client, "2027-03-26T10:00")
    meeting = Meeting.objects.get()
    assert response.status_code == 200 and meeting.starts_at.date() == date(2027, 3, 26)
    [warning] = [m.message for m in response.context["messages"] if m.level_tag == "warning"]
    assert warning.startswith("Mødet ligger på en helligdag: Langfredag.")
    page = client.get(reverse("meetings:meeting-detail", args=["nordjylland", meeting.pk]))
    assert "Mødet ligger på en helligdag: Langfredag." in page.text


def test_planning_a_meeting_on_a_working_day_warns_of_nothing(client, staff_user, period):
    client.force_login(staff_user)
    response = plan(client, "2027-03-02T10:00")
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert "Mødet ligger på en" not in response.text.replace("Ligger mødet på en", "")


def test_the_demo_plans_no_meeting_on_a_weekend_or_public_holiday(nordjylland, settings):
    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    days = [m.starts_at.date() for m in Meeting.objects.filter(council=nordjylland)]
    assert days and all(is_working_day(day, extra_closed=()) for day in days), days


def test_the_demo_meeting_dates_skip_christmas_day():
    """The demo's upcoming meeting is three weeks on, on a Friday: from 4 December that was 25 December."""
    from meetings import demo

    assert demo.at(date(2026, 12, 25)).date() == date(2026, 12, 23)
    assert date(2026, 12, 25) in public_holidays(2026) and demo.at(date(2026, 12, 4) + timedelta(days=21)).weekday() < 5
