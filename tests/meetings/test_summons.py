"""A substitute summoned for an afbud (B1 1.8) is told when the afbud is withdrawn (FO 3.9); staff afbud and its
withdrawal send e-mails, so the sheet's buttons ask first."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from meetings import services
from meetings.models import Meeting
from members.models import Person, SubstituteAssignment
from tests.builders import SEATED_ON, at, seat_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def future_meeting(nordjylland, period):
    return Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="Aalborg")


@pytest.fixture
def seats(nordjylland, period):
    """Two members; the first has a personal substitute with an e-mail address."""
    first, second = seat_members(nordjylland, period, 2)
    substitute = Person.objects.create(
        name="Stedfortræder Sif", municipality=first.municipality, email="sif@kkr.example"
    )
    SubstituteAssignment.objects.create(membership=first, person=substitute, starts_on=SEATED_ON)
    return first, second


def url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.council.slug, meeting.pk])


def summoned(meeting, membership, staff_user, capture):
    with capture(execute=True):
        notice = services.record_absence_notice(meeting, membership=membership, actor=staff_user)
    mail.outbox.clear()
    return notice


def test_fo_3_9_b1_1_8_withdrawing_an_afbud_tells_the_summoned_substitute_the_summons_is_withdrawn(
    future_meeting, seats, staff_user, django_capture_on_commit_callbacks
):
    notice = summoned(future_meeting, seats[0], staff_user, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_absence_notice(notice, actor=staff_user)

    (withdrawn,) = mail.outbox
    assert withdrawn.bcc == ["sif@kkr.example"] and "trukket tilbage" in withdrawn.subject
    assert "Medlem 01 har trukket sit afbud" in withdrawn.body and "skal ikke deltage" in withdrawn.body
    assert not future_meeting.absence_notices.exists()


def test_fo_3_9_b1_1_8_the_withdrawal_e_mail_is_sent_only_after_the_commit(
    future_meeting, seats, staff_user, django_capture_on_commit_callbacks
):
    notice = summoned(future_meeting, seats[0], staff_user, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        services.withdraw_absence_notice(notice, actor=staff_user)
        assert mail.outbox == []  # nothing leaves inside the transaction
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_fo_3_9_b1_1_8_a_rolled_back_withdrawal_sends_nothing(
    future_meeting, seats, staff_user, django_capture_on_commit_callbacks
):
    notice = summoned(future_meeting, seats[0], staff_user, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.withdraw_absence_notice(notice, actor=staff_user)
        raise RuntimeError("the request failed after the withdrawal")

    assert mail.outbox == [] and future_meeting.absence_notices.exists()


def test_fo_3_9_no_substitute_summoned_means_no_withdrawal_e_mail(
    future_meeting, seats, staff_user, django_capture_on_commit_callbacks
):
    notice = summoned(future_meeting, seats[1], staff_user, django_capture_on_commit_callbacks)  # has no substitute
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_absence_notice(notice, actor=staff_user)
    assert mail.outbox == []


def test_fo_3_9_b1_1_8_staff_afbud_asks_first_and_names_who_gets_the_e_mail(
    client, future_meeting, seats, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("absence-register", future_meeting), {"membership": seats[0].pk, "note": "Syg"})

    page = response.content.decode()
    assert response.status_code == 200 and "Registrér afbud fra Medlem 01?" in page
    assert "Stedfortræder Sif (sif@kkr.example)" in page and 'name="confirmed" value="1"' in page
    assert 'value="Syg"' in page  # what was typed comes along
    assert not future_meeting.absence_notices.exists() and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("absence-register", future_meeting), {"membership": seats[0].pk, "confirmed": "1"})
    assert future_meeting.absence_notices.get().substitute_summoned_at is not None and len(mail.outbox) == 1


def test_fo_3_9_b1_1_8_staff_withdrawal_asks_first_then_tells_the_substitute(
    client, future_meeting, seats, staff_user, django_capture_on_commit_callbacks
):
    summoned(future_meeting, seats[0], staff_user, django_capture_on_commit_callbacks)
    client.force_login(staff_user)

    response = client.post(url("absence-withdraw", future_meeting), {"membership": seats[0].pk})

    page = response.content.decode()
    assert response.status_code == 200 and "Træk afbuddet fra Medlem 01 tilbage?" in page
    assert "får en e-mail om, at indkaldelsen er trukket tilbage" in page
    assert future_meeting.absence_notices.exists() and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("absence-withdraw", future_meeting), {"membership": seats[0].pk, "confirmed": "1"}, follow=True
        )
    assert "Stedfortræderen får besked pr. e-mail." in response.content.decode()
    assert not future_meeting.absence_notices.exists() and len(mail.outbox) == 1


def test_the_confirmation_refuses_an_outsider_with_404(client, future_meeting, seats, other_staff_user):
    client.force_login(other_staff_user)
    response = client.post(url("absence-register", future_meeting), {"membership": seats[0].pk})
    assert response.status_code == 404 and not future_meeting.absence_notices.exists()
