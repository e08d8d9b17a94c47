"""The register, body, public and election pages: roles, bad input, methods, query counts, CSV and PDF."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appointments.models import Appointment, Body, Election, Seat
from members.models import DocumentJob, MunicipalOffice, Person
from tests.builders import make_member, politician

from .conftest import political_seats, seat_present

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def register_url(council, **query):
    url = reverse("appointments:register-detail", args=[council.slug, "2026-2030"])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def appoint(seat, person, **fields):
    fields = {"role": Appointment.Role.MEMBER, "method": "majority", "starts_on": date(2026, 2, 1), **fields}
    return Appointment.objects.create(seat=seat, person=person, ends_on=date(2029, 12, 31), **fields)


@pytest.fixture
def filled(nordjylland, erhvervshus, aalborg_politician):
    return appoint(political_seats(erhvervshus, nordjylland)[0], aalborg_politician)


def test_register_shows_holders_vacancies_and_party_counts(client, staff_user, nordjylland, filled):
    client.force_login(staff_user)
    response = client.get(register_url(nordjylland))
    assert response.status_code == 200
    assert "Anna Aalborg" in response.text and "Pladsen er ikke besat" in response.text
    counts = {c.party: c.appointees for c in response.context["counts"]}
    assert counts["Socialdemokratiet"] == 1


def test_register_filters_by_body_and_party(client, staff_user, nordjylland, erhvervshus, rar, filled):
    client.force_login(staff_user)
    by_body = client.get(register_url(nordjylland, body=rar.pk)).context["lines"]
    assert {line.seat.body for line in by_body} == {rar}
    by_party = client.get(register_url(nordjylland, party=filled.person.party_id)).context["lines"]
    assert [line.holder for line in by_party] == [filled]


def test_register_bad_filter_input_shows_the_error_and_the_whole_register(client, staff_user, nordjylland, filled):
    client.force_login(staff_user)
    response = client.get(register_url(nordjylland, party="abc"))
    assert response.status_code == 200
    assert response.context["form"].errors["party"]
    assert len(response.context["lines"]) == Seat.objects.filter(council=nordjylland).count()


@pytest.mark.parametrize("name", ["register-detail", "register-csv"])
def test_register_roles(client, nordjylland, period, other_staff_user, name):
    url = reverse(f"appointments:{name}", args=[nordjylland.slug, "2026-2030"])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(other_staff_user)
    assert client.get(url).status_code == 404  # outsider
    client.force_login(make_member(nordjylland, period))
    assert client.get(url).status_code == 403  # member, not staff


def test_register_rejects_post(client, staff_user, nordjylland):
    client.force_login(staff_user)
    assert client.post(register_url(nordjylland)).status_code == 405


def test_register_csv_has_bom_semicolons_and_neutralised_cells(client, staff_user, nordjylland, erhvervshus):
    nasty = Person.objects.create(name="=HYPERLINK(1)")
    appoint(Seat.objects.get(body=erhvervshus, council=nordjylland, order=5), nasty, method="nomination")
    client.force_login(staff_user)
    response = client.get(reverse("appointments:register-csv", args=[nordjylland.slug, "2026-2030"]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffOrgan;Organtype;Plads;")
    assert ";'=HYPERLINK(1);" in text


def test_register_pdf_renders_tagged_as_pdf_a_2a_and_pdf_ua_1(
    client, staff_user, nordjylland, filled, django_capture_on_commit_callbacks
):
    from tests.pdfstructure import identification, is_tagged, unembedded_fonts, untagged_text_pages

    pytest.importorskip("weasyprint")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        ordered = client.post(reverse("appointments:register-pdf", args=[nordjylland.slug, "2026-2030"]))
    job = DocumentJob.objects.get()
    assert (job.state, job.day, job.requested_by) == (DocumentJob.State.READY, TODAY, staff_user)
    assert ordered.url == reverse("appointments:register-pdf-job", args=[nordjylland.slug, "2026-2030", job.pk])
    response = client.get(reverse("appointments:register-pdf-file", args=[nordjylland.slug, "2026-2030", job.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="udpegninger-nordjylland-2026-2030-2026-03-10.pdf"' in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    assert is_tagged(pdf) and unembedded_fonts(pdf) == [] and untagged_text_pages(pdf) == []
    assert identification(pdf) == {"pdfaid:part": "2", "pdfaid:conformance": "A", "pdfuaid:part": "1"}


def test_register_pdf_is_the_pages_day_and_filters(
    client, staff_user, nordjylland, erhvervshus, rar, filled, django_capture_on_commit_callbacks
):
    from tests.meetings.pdftext import pdf_text

    client.force_login(staff_user)
    pdf_url = reverse("appointments:register-pdf", args=[nordjylland.slug, "2026-2030"])
    with django_capture_on_commit_callbacks(execute=True):
        ordered = client.post(f"{pdf_url}?party=abc&dato=2026-02-15&body={erhvervshus.pk}")
    job = DocumentJob.objects.get()
    assert (job.day, job.options) == (date(2026, 2, 15), f"body={erhvervshus.pk}")  # the bad party is dropped
    page = client.get(ordered.url)
    assert "Udpegninger 2026-2030 pr. 15. februar 2026" in page.text
    assert f"?body={erhvervshus.pk}&amp;dato=2026-02-15" in page.text  # back to the page as it was
    response = client.get(reverse("appointments:register-pdf-file", args=[nordjylland.slug, "2026-2030", job.pk]))
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())  # table cells wrap their words
    assert "Anna Aalborg" in text and "Erhvervshus Nordjylland" in text and "RAR" not in text


def _add_bodies(council, period, numbers):
    for n in numbers:
        body = Body.objects.create(key=f"extra-{n}", name=f"Ekstra organ {n:02d}")
        body.councils.add(council)
        seat = Seat.objects.create(body=body, council=council, period=period, label="Plads", order=1)
        appoint(seat, politician(f"Politiker {n:02d}", "Hjørring"))


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_register_and_body_list_query_counts_do_not_grow_with_bodies(client, staff_user, nordjylland, period, bodies):
    """Session, user, permission checks, then the register's queries: seats, appointments (prefetch), eligible
    offices, KKR seats per party; the body list adds the bodies and the period."""
    client.force_login(staff_user)
    _add_bodies(nordjylland, period, [0])
    urls = [register_url(nordjylland), reverse("appointments:body-list", args=[nordjylland.slug])]
    one = [_queries(client, url) for url in urls]
    _add_bodies(nordjylland, period, range(1, 30))
    assert [_queries(client, url) for url in urls] == one


def test_body_detail_query_count_does_not_grow_with_seats(client, staff_user, nordjylland, period, bodies):
    body = Body.objects.create(key="big", name="Stort organ")
    body.councils.add(nordjylland)
    client.force_login(staff_user)
    url = reverse("appointments:body-detail", args=[nordjylland.slug, body.pk])

    def add(orders):
        for n in orders:
            seat = Seat.objects.create(body=body, council=nordjylland, period=period, label=f"Plads {n}", order=n)
            appoint(seat, politician(f"Politiker {n:02d}", "Hjørring"))

    add([1])
    one = _queries(client, url)
    add(range(2, 31))
    assert _queries(client, url) == one


def test_body_detail_roles(client, nordjylland, period, erhvervshus, other_staff_user, staff_user):
    url = reverse("appointments:body-detail", args=[nordjylland.slug, erhvervshus.pk])
    assert client.get(url).status_code == 302
    client.force_login(other_staff_user)
    assert client.get(url).status_code == 404
    client.force_login(make_member(nordjylland, period))
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    other_body = Body.objects.get(key="erhvervshus-fyn")
    assert client.get(reverse("appointments:body-detail", args=[nordjylland.slug, other_body.pk])).status_code == 404


def test_appoint_view_appoints_an_eligible_person(client, staff_user, nordjylland, erhvervshus, aalborg_politician):
    seat = political_seats(erhvervshus, nordjylland)[0]
    client.force_login(staff_user)
    url = reverse("appointments:appointment-create", args=[nordjylland.slug, seat.pk])
    assert client.get(url).status_code == 200
    data = {"person": aalborg_politician.pk, "role": "member", "starts_on": "2026-03-10", "method": "majority"}
    response = client.post(url, data)
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.history.get().history_user == staff_user


def test_fo_3_8_appoint_view_refuses_an_ex_council_member(
    client, staff_user, nordjylland, erhvervshus, aalborg_politician
):
    MunicipalOffice.objects.filter(person=aalborg_politician).update(ends_on=date(2026, 2, 28))
    seat = political_seats(erhvervshus, nordjylland)[0]
    client.force_login(staff_user)
    url = reverse("appointments:appointment-create", args=[nordjylland.slug, seat.pk])
    data = {"person": aalborg_politician.pk, "role": "member", "starts_on": "2026-03-10", "method": "majority"}
    response = client.post(url, data)
    assert response.status_code == 400 and "(FO 3.8)" in response.text
    assert not Appointment.objects.exists()
    assert client.post(url, {"person": "x"}).status_code == 400
    assert client.put(url).status_code == 405


def test_end_and_abolish_views(client, staff_user, nordjylland, erhvervshus, filled):
    client.force_login(staff_user)
    end = reverse("appointments:appointment-end", args=[nordjylland.slug, filled.pk])
    assert client.get(end).status_code == 405
    client.post(end, {"on": "2026-06-30", "reason": "resigned"})
    filled.refresh_from_db()
    assert filled.ends_on == date(2026, 6, 30)
    abolish = reverse("appointments:body-abolish", args=[nordjylland.slug, erhvervshus.pk])
    assert client.post(abolish, {"on": "", "reason": "abolished_by_law"}).status_code == 400
    assert client.post(abolish, {"on": "2027-01-01", "reason": "abolished_by_law"}).status_code == 302
    erhvervshus.refresh_from_db()
    assert erhvervshus.ends_on == date(2027, 1, 1)


def test_public_list_shows_current_political_appointees_to_anyone(client, nordjylland, erhvervshus, filled):
    business = Person.objects.create(name="Virksomhedsleder")
    appoint(Seat.objects.get(body=erhvervshus, council=nordjylland, order=5), business, method="nomination")
    response = client.get(reverse("appointments:public-list", args=[nordjylland.slug]))
    assert response.status_code == 200
    assert "Anna Aalborg" in response.text and "Virksomhedsleder" not in response.text
    assert client.post(reverse("appointments:public-list", args=[nordjylland.slug])).status_code == 405
    assert client.get(reverse("appointments:public-list", args=["ukendt"])).status_code == 404


def test_proportional_election_through_the_pages(client, staff_user, meeting, item, erhvervshus):
    voters = seat_present(meeting, 5)
    ane, bo, cai = (politician(n, "Aalborg", letter=letter) for n, letter in [("Ane", "A"), ("Bo", "V"), ("Cai", "F")])
    client.force_login(staff_user)
    council = meeting.council
    seats = political_seats(erhvervshus, council)
    base = reverse("appointments:election-list", args=[council.slug, meeting.pk])
    assert client.get(base).status_code == 200
    response = client.post(
        reverse("appointments:election-create", args=[council.slug, meeting.pk]),
        {"seats": [s.pk for s in seats], "agenda_item": item.pk},
    )
    election = Election.objects.get()
    assert response.status_code == 302 and election.kind == Election.Kind.PROPORTIONAL
    args = [council.slug, meeting.pk, election.pk]
    page = client.get(reverse("appointments:election-detail", args=args))
    assert "Mangler at anmelde gruppe" in page.text
    group = reverse("appointments:group-create", args=args)
    bad = client.post(group, {"name": "A+F", "members": [], "nominee_1": ane.pk})
    assert bad.status_code == 400
    client.post(group, {"name": "A+F", "members": [v.pk for v in voters[:3]], "nominee_1": ane.pk, "nominee_2": cai.pk})
    client.post(group, {"name": "V", "members": [v.pk for v in voters[3:]], "nominee_1": bo.pk})
    client.post(reverse("appointments:allocation-create", args=args))
    client.post(reverse("appointments:election-confirm", args=args))
    assert [a.person for a in Appointment.objects.order_by("seat__order")] == [ane, bo, cai]
    item.refresh_from_db()
    assert "forholdstalsvalg" in item.decision
    register = client.get(register_url(council))
    assert "Cai" in register.text


def test_majority_election_pages_say_what_happens_next(client, staff_user, meeting, erhvervshus):
    seat_present(meeting, 4)
    ane, bo = politician("Ane", "Aalborg"), politician("Bo", "Aalborg")
    client.force_login(staff_user)
    council = meeting.council
    client.post(
        reverse("appointments:election-create", args=[council.slug, meeting.pk]),
        {"seats": [political_seats(erhvervshus, council)[0].pk], "candidates": [ane.pk, bo.pk]},
    )
    election = Election.objects.get()
    args = [council.slug, meeting.pk, election.pk]
    round_url = reverse("appointments:round-create", args=args)
    assert client.post(round_url, {f"votes_{ane.pk}": "-1", f"votes_{bo.pk}": "2"}).status_code == 400
    client.post(round_url, {f"votes_{ane.pk}": "2", f"votes_{bo.pk}": "2"})
    page = client.get(reverse("appointments:election-detail", args=args))
    assert "2. afstemning" in page.context["next_step"]
    client.post(round_url, {f"votes_{ane.pk}": "2", f"votes_{bo.pk}": "2"})
    page = client.get(reverse("appointments:election-detail", args=args))
    assert "bunden afstemning" in page.context["next_step"]
    client.post(round_url, {f"votes_{ane.pk}": "2", f"votes_{bo.pk}": "2"})
    page = client.get(reverse("appointments:election-detail", args=args))
    assert "trækkes lod" in page.context["next_step"]
    client.post(reverse("appointments:lot-create", args=args), {"chosen": str(bo.pk)})
    page = client.get(reverse("appointments:election-detail", args=args))
    assert page.context["next_step"] == "Bo er valgt (3. afstemning)."


def test_election_pages_roles(client, meeting, period, other_staff_user):
    url = reverse("appointments:election-list", args=[meeting.council.slug, meeting.pk])
    assert client.get(url).status_code == 302
    client.force_login(other_staff_user)
    assert client.get(url).status_code == 404
    client.force_login(make_member(meeting.council, period))
    assert client.get(url).status_code == 403


def test_admin_lists_bodies_and_appointments(client, admin_user_kl, erhvervshus, filled):
    client.force_login(admin_user_kl)
    assert client.get(reverse("admin:appointments_body_change", args=[erhvervshus.pk])).status_code == 200
    assert client.get(reverse("admin:appointments_appointment_changelist")).status_code == 200
    assert client.get(reverse("admin:appointments_appointment_delete", args=[filled.pk])).status_code == 403


def test_confirming_at_a_meeting_without_quorum_is_refused_and_changes_nothing(meeting, item, erhvervshus):
    from appointments import voting
    from kkr.errors import RuleViolation
    from meetings.models import Attendance

    seat_present(meeting, 4)
    Attendance.objects.filter(meeting=meeting).exclude(person__name="Medlem 01").update(is_present=False)
    ane = politician("Ane", "Aalborg")
    election = voting.start_election(
        meeting, body=erhvervshus, seats=political_seats(erhvervshus, meeting.council)[:1], candidates=[ane],
        agenda_item=item, actor=None,
    )  # fmt: skip
    voting.record_round(election, tally={ane.pk: 1}, actor=None)
    with pytest.raises(RuleViolation, match="FO 3.7|beslutningsdygtig"):
        voting.confirm_election(election, actor=None)
    assert not Appointment.objects.exists()
    item.refresh_from_db()
    assert item.decision == ""


def test_register_filters_by_municipality_and_the_csv_follows_the_filter(client, staff_user, nordjylland, filled):
    from members.models import Municipality

    client.force_login(staff_user)
    hjorring, aalborg = Municipality.objects.get(name="Hjørring"), Municipality.objects.get(name="Aalborg")
    assert client.get(register_url(nordjylland, municipality=hjorring.pk)).context["lines"] == []
    assert [
        line.holder for line in client.get(register_url(nordjylland, municipality=aalborg.pk)).context["lines"]
    ] == [filled]
    csv_url = reverse("appointments:register-csv", args=[nordjylland.slug, "2026-2030"])
    rows = client.get(f"{csv_url}?municipality={aalborg.pk}").content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and "Anna Aalborg" in rows[1]


def test_register_shows_a_nominated_appointee_without_a_party(client, staff_user, nordjylland, erhvervshus, filled):
    """Found clicking through the demo: a business representative has no party, and the register gave a 500."""
    business = Person.objects.create(name="Erhvervsrepræsentant Uden Parti")
    appoint(Seat.objects.get(body=erhvervshus, council=nordjylland, order=5), business, method="nomination")
    client.force_login(staff_user)
    response = client.get(register_url(nordjylland))
    assert response.status_code == 200
    assert "Erhvervsrepræsentant Uden Parti" in response.content.decode()
