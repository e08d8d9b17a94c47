"""Undoing a mistake (SPEC §4): an election not yet confirmed is withdrawn with a reason; an appointment entered
by mistake is voided — kept in the history with reason, actor and time, gone from every reader (register, public
list, CSV, search, the one-holder check and, on PostgreSQL, the exclusion constraint)."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from appointments import queries, services, voting
from appointments.models import Appointment, Election
from kkr.errors import RuleViolation
from members.permissions import Roles
from portal.search.people import search_appointments
from tests.builders import politician
from tests.conftest import skip_or_fail

from .conftest import political_seats, seat_present

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def appoint(seat, person, **kwargs):
    kwargs.setdefault("starts_on", date(2026, 2, 1))
    kwargs.setdefault("method", Appointment.Method.MAJORITY)
    return services.appoint_representative(seat, person=person, actor=kwargs.pop("actor", None), **kwargs)


@pytest.fixture
def seat(nordjylland, erhvervshus):
    return political_seats(erhvervshus, nordjylland)[0]


@pytest.fixture
def wrong(seat, aalborg_politician):
    return appoint(seat, aalborg_politician)


# --- voiding an appointment ----------------------------------------------------------------------------------


def test_a_voided_appointment_is_kept_in_history_with_reason_actor_and_time(wrong, staff_user):
    services.void_appointment(wrong, reason="Forkert person valgt i formularen", actor=staff_user)
    kept = Appointment.with_voided.get(pk=wrong.pk)
    assert kept.voided_at is not None and kept.voided_by == staff_user
    assert kept.void_reason == "Forkert person valgt i formularen"
    latest = kept.history.latest()
    assert latest.history_user == staff_user and "Forkert person" in latest.history_change_reason
    assert not Appointment.objects.filter(pk=wrong.pk).exists()


def test_a_voided_appointment_frees_its_seat_for_the_right_person(seat, wrong, staff_user):
    right = politician("Rigtig Person", "Hjørring")
    with pytest.raises(RuleViolation):
        appoint(seat, right)
    services.void_appointment(wrong, reason="Fejlregistrering", actor=staff_user)
    assert appoint(seat, right).person == right


def test_voiding_needs_a_reason_and_happens_once(wrong, staff_user):
    with pytest.raises(RuleViolation, match="Skriv hvorfor"):
        services.void_appointment(wrong, reason="  ", actor=staff_user)
    services.void_appointment(wrong, reason="Fejl", actor=staff_user)
    with pytest.raises(RuleViolation, match="allerede annulleret"):
        services.void_appointment(wrong, reason="Igen", actor=staff_user)


def test_a_voided_appointment_is_gone_from_register_public_list_csv_and_search(
    client, staff_user, nordjylland, period, seat, wrong
):
    name = wrong.person.name
    api_url = f"/api/v1/udpegninger/?raad={nordjylland.slug}&dato={TODAY.isoformat()}"
    assert name in client.get(api_url).text  # listed before it is voided
    services.void_appointment(wrong, reason="Fejlregistrering", actor=staff_user)
    assert name not in client.get(reverse("appointments:public-list", args=[nordjylland.slug])).text
    assert all(a.person != wrong.person for a in queries.public_appointees(nordjylland, today=TODAY))
    client.force_login(staff_user)
    register = client.get(reverse("appointments:register-detail", args=[nordjylland.slug, period.name]))
    assert all(line.holder != wrong for line in register.context["lines"])
    csv = client.get(reverse("appointments:register-csv", args=[nordjylland.slug, period.name]))
    assert name not in csv.content.decode("utf-8")
    roles = Roles(managed=[nordjylland], member_of=[])
    assert search_appointments(name, roles, on=TODAY) == []
    client.logout()
    api = client.get(api_url)
    assert api.status_code == 200 and name not in api.text


def test_the_database_lets_a_new_holder_into_a_voided_holders_days(seat, wrong, staff_user):
    if connection.vendor != "postgresql":
        skip_or_fail("KKR_REQUIRE_POSTGRES", "kræver PostgreSQL (DATABASE_URL)")
    services.void_appointment(wrong, reason="Fejlregistrering", actor=staff_user)
    with transaction.atomic():
        Appointment.objects.create(
            seat=seat, person=politician("Ny Holder"), method="majority", starts_on=date(2026, 2, 1), ends_on=None
        )
    with pytest.raises(IntegrityError, match="appointment_one_holder_per_seat_a_day"), transaction.atomic():
        Appointment.objects.create(
            seat=seat, person=politician("Tredje Holder"), method="majority", starts_on=date(2026, 2, 1)
        )


def test_the_void_page_asks_first_and_only_staff_void(client, staff_user, other_staff_user, nordjylland, wrong):
    url = reverse("appointments:appointment-void", args=[nordjylland.slug, wrong.pk])
    client.force_login(other_staff_user)
    assert client.post(url, {"reason": "Fejl"}).status_code == 404
    client.force_login(staff_user)
    page = client.get(url)
    assert page.status_code == 200 and "Annullér udpegningen" in page.text
    assert Appointment.objects.filter(pk=wrong.pk).exists()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and Appointment.objects.filter(pk=wrong.pk).exists()
    assert client.post(url, {"reason": "Forkert person"}).status_code == 302
    assert not Appointment.objects.filter(pk=wrong.pk).exists()
    assert client.get(url).status_code == 404


# --- withdrawing an election ---------------------------------------------------------------------------------


@pytest.fixture
def candidates(reference_data):
    return [politician(name, "Aalborg", letter=letter) for name, letter in [("Ane", "A"), ("Bo", "V")]]


@pytest.fixture
def election(meeting, erhvervshus, candidates, item):
    target = political_seats(erhvervshus, meeting.council)[:1]
    return voting.start_election(
        meeting, body=erhvervshus, seats=target, candidates=candidates, agenda_item=item, actor=None
    )


def test_s_24_an_election_not_yet_confirmed_is_withdrawn_with_a_reason_and_its_seats_are_free(
    meeting, erhvervshus, election, candidates, staff_user
):
    seat_present(meeting, 5)
    voting.record_round(election, tally={candidates[0].pk: 3}, actor=staff_user)
    with pytest.raises(RuleViolation, match="allerede med i et valg"):
        voting.start_election(
            meeting, body=erhvervshus, seats=election.seats.all(), candidates=candidates, actor=staff_user
        )
    voting.withdraw_election(election, reason="Åbnet for den forkerte plads", actor=staff_user)
    election.refresh_from_db()
    assert election.state == Election.State.WITHDRAWN
    assert election.withdrawn_reason == "Åbnet for den forkerte plads" and election.rounds  # kept
    assert election.history.latest().history_user == staff_user
    with pytest.raises(RuleViolation, match="trukket tilbage"):
        voting.confirm_election(election, actor=staff_user)
    again = voting.start_election(
        meeting, body=erhvervshus, seats=election.seats.all(), candidates=candidates, actor=staff_user
    )
    assert again.state == Election.State.OPEN


def test_s_24_a_confirmed_election_cannot_be_withdrawn_and_the_refusal_says_why(
    election, meeting, candidates, staff_user
):
    seat_present(meeting, 5)
    voting.record_round(election, tally={candidates[0].pk: 3}, actor=staff_user)
    voting.confirm_election(election, actor=staff_user)
    with pytest.raises(RuleViolation, match="bekræftet.*Annullér i stedet"):
        voting.withdraw_election(election, reason="For sent", actor=staff_user)
    election.refresh_from_db()
    assert election.state == Election.State.CONFIRMED and election.withdrawn_reason == ""


def test_the_withdraw_page_asks_first_and_refuses_a_confirmed_election_in_danish(
    client, staff_user, nordjylland, meeting, election, candidates
):
    url = reverse("appointments:election-withdraw", args=[nordjylland.slug, meeting.pk, election.pk])
    client.force_login(staff_user)
    page = client.get(url)
    assert page.status_code == 200 and "Træk valget tilbage" in page.text
    election.refresh_from_db()
    assert election.state == Election.State.OPEN
    seat_present(meeting, 5)
    voting.record_round(election, tally={candidates[0].pk: 3}, actor=staff_user)
    voting.confirm_election(election, actor=staff_user)
    refused = client.post(url, {"reason": "For sent"})
    assert refused.status_code == 400 and "kan ikke trækkes tilbage" in refused.text
