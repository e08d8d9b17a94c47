"""FO 3.3 before the click: the publish confirmation says whether the agenda's deadline has passed and what the
publication records."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.builders import at

pytestmark = pytest.mark.django_db


def confirmation(client, user, meeting, kind="agenda"):
    client.force_login(user)
    return client.get(reverse(f"meetings:{kind}-publish", args=["nordjylland", meeting.pk])).content.decode()


def notice(page: str) -> str:
    return page.split('id="deadline-notice"', 1)[1].split("</div>", 1)[0]


def test_fo_3_3_the_confirmation_says_the_deadline_has_passed_and_that_the_reason_is_recorded(
    client, meeting, staff_user, members
):
    text = notice(confirmation(client, staff_user, meeting))  # 12 May 2026: the deadline was 5 May
    assert "Fristen for udsendelse (FO 3.3) var tirsdag den 5. maj 2026 og er overskredet." in text
    assert "skal du skrive en begrundelse" in text and "samt begrundelsen for den sene udsendelse" in text


def test_fo_3_3_the_confirmation_says_an_agenda_sent_now_is_in_time(client, nordjylland, period, staff_user):
    meeting = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="A")
    text = notice(confirmation(client, staff_user, meeting))
    assert "er den rettidig, og der registreres ingen begrundelse" in text and "overskredet" not in text
    assert "Det registreres: version 1, tidspunktet og dig som afsender." in text


def test_fo_3_3_the_minutes_confirmation_says_nothing_about_the_agenda_deadline(client, meeting, staff_user):
    assert 'id="deadline-notice"' not in confirmation(client, staff_user, meeting, kind="minutes")


def test_fo_3_3_a_meeting_whose_agenda_is_out_no_longer_asks_for_a_late_reason(
    client, meeting, staff_user, members, django_capture_on_commit_callbacks
):
    from meetings import services

    services.add_item(meeting, actor=staff_user, title="Punkt")
    client.force_login(staff_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "overskredet; udsendelse kræver en begrundelse" in page  # the deadline passed, nothing sent yet
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting, actor=staff_user, late_reason="Sagen kom sent")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "overskredet" not in page and "dagsordenen er udsendt" in page
