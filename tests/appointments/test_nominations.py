"""Nominations (SPEC §4): who nominated whom, when and with what document; for a RAR the KKR nominates and
the minister appoints (the decision and its date); organisations that alternate by period nominate in turn;
a missing personal substitute is a follow-up."""

from datetime import date

import pytest
from django.urls import reverse

from appointments import queries, services
from appointments.models import Appointment, Nomination, Seat
from kkr.errors import RuleViolation
from members.models import ElectionPeriod
from tests.builders import politician

pytestmark = pytest.mark.django_db
MINISTER = "Beskæftigelsesministeren"


@pytest.fixture
def rar_seat(rar, nordjylland):
    return Seat.objects.filter(body=rar, council=nordjylland).order_by("order").first()


@pytest.fixture
def anna(reference_data):
    return politician("Anna Aalborg", letter="A")


def nominate(seat, person, **kwargs):
    kwargs = {"nominated_by": "KKR Nordjylland", "nominated_on": date(2026, 3, 10), "actor": None, **kwargs}
    return services.record_nomination(seat, person=person, **kwargs)


def test_rar_the_kkr_nominates_and_the_minister_appoints_from_the_terms_first_day(rar_seat, anna, staff_user):
    nomination = nominate(rar_seat, anna, document="Brev til STAR, j.nr. 26-0042", appointed_by=MINISTER)
    assert nomination.state == Nomination.State.PENDING
    assert not Appointment.objects.exists()
    nomination = services.decide_nomination(nomination, appointed=True, decided_on=date(2026, 5, 20), actor=staff_user)
    appointment = nomination.appointment
    assert (nomination.state, nomination.decided_on) == (Nomination.State.APPOINTED, date(2026, 5, 20))
    assert (appointment.person, appointment.method, appointment.starts_on) == (anna, "nomination", date(2026, 6, 1))
    assert "udpeget af Beskæftigelsesministeren den 20. maj 2026" in appointment.note
    assert nomination.history.last().history_change_reason == "Indstillet af KKR Nordjylland"


def test_a_nomination_not_appointed_makes_no_appointment_and_is_decided_once(rar_seat, anna):
    nomination = nominate(rar_seat, anna, appointed_by=MINISTER)
    services.decide_nomination(nomination, appointed=False, decided_on=date(2026, 5, 20), actor=None)
    assert Nomination.objects.get().state == Nomination.State.REJECTED and not Appointment.objects.exists()
    with pytest.raises(RuleViolation, match="allerede afgjort"):
        services.decide_nomination(nomination, appointed=True, decided_on=date(2026, 5, 21), actor=None)


def test_a_decision_before_the_nomination_is_refused(rar_seat, anna):
    nomination = nominate(rar_seat, anna)
    with pytest.raises(RuleViolation, match="før indstillingen"):
        services.decide_nomination(nomination, appointed=True, decided_on=date(2026, 3, 1), actor=None)


def test_fo_3_8_only_a_council_member_of_the_region_is_nominated_to_a_political_seat(rar_seat):
    with pytest.raises(RuleViolation) as refused:
        nominate(rar_seat, politician("Kim København", "København"))
    assert refused.value.rule == "FO 3.8"


def test_alternating_organisations_nominate_in_turn_by_period(erhvervshus, nordjylland, period, reference_data):
    earlier = ElectionPeriod.objects.filter(starts_on__lt=period.starts_on).order_by("-starts_on").first()
    rotation = {"label": "Turistrepræsentant", "is_political": False, "rotation": "HORESTA; SMVdanmark"}
    before = services.add_seat(erhvervshus, nordjylland, period=earlier, actor=None, **rotation)
    now = services.add_seat(erhvervshus, nordjylland, period=period, actor=None, **rotation)
    assert services.whose_turn(before) == "HORESTA"
    erik = politician("Erik Erhverv")
    nominate(before, erik, nominated_by="HORESTA", nominated_on=earlier.starts_on)
    assert services.whose_turn(now) == "SMVdanmark"
    with pytest.raises(RuleViolation, match="Det er SMVdanmarks tur"):
        nominate(now, erik, nominated_by="HORESTA")
    assert nominate(now, erik, nominated_by="smvdanmark").pk


def test_a_missing_personal_substitute_is_a_follow_up(rar_seat, anna, nordjylland, period):
    nomination = nominate(rar_seat, anna, appointed_by=MINISTER)
    services.decide_nomination(nomination, appointed=True, decided_on=date(2026, 5, 20), actor=None)
    day = date(2026, 7, 1)
    line = next(x for x in queries.register_lines(nordjylland, period, today=day) if x.seat == rar_seat)
    assert line.holder is not None and line.substitute_follow_up == queries.FOLLOW_UP_SUBSTITUTE
    assert not line.is_vacant
    substitute = nominate(rar_seat, politician("Bo Bech", letter="V"), role="substitute", appointed_by=MINISTER)
    services.decide_nomination(substitute, appointed=True, decided_on=date(2026, 5, 20), actor=None)
    line = next(x for x in queries.register_lines(nordjylland, period, today=day) if x.seat == rar_seat)
    assert line.substitute_follow_up == ""


def test_staff_record_a_nomination_and_the_ministers_decision_in_the_pages(
    client, staff_user, nordjylland, rar_seat, anna
):
    client.force_login(staff_user)
    url = reverse("appointments:nomination-create", args=[nordjylland.slug, rar_seat.pk])
    form = client.get(url)
    assert form.status_code == 200 and "KKR Nordjylland" in form.text
    data = {
        "person": anna.pk,
        "role": "member",
        "nominated_by": "KKR Nordjylland",
        "nominated_on": "2026-03-10",
        "document": "Brev til STAR",
        "appointed_by": MINISTER,
    }
    refused = client.post(url, {**data, "nominated_by": ""})
    assert refused.status_code == 400 and "Brev til STAR" in refused.text
    assert client.post(url, data).status_code == 302
    nomination = Nomination.objects.get()
    body_page = client.get(reverse("appointments:body-detail", args=[nordjylland.slug, rar_seat.body_id])).text
    assert "Indstillet: Anna Aalborg" in body_page and MINISTER in body_page
    decide = reverse("appointments:nomination-decide", args=[nordjylland.slug, nomination.pk])
    assert client.post(decide, {"appointed": "1", "decided_on": "2026-05-20"}).status_code == 302
    assert Nomination.objects.get().appointment.person == anna
