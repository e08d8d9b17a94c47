"""In a real browser: staff add a business representative (not a politician) with organisation and e-mail,
then appoint him to an erhvervshus business seat by typing his organisation into the appointment picker; the
body page shows him. A political seat's picker doesn't offer him (FO 3.8)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appointments.models import Appointment, Body
from tests.builders import politician
from tests.e2e.conftest import _reference_data, log_in, page  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_add_a_business_representative_and_pick_him_by_organisation_for_a_business_seat(
    page,  # noqa: F811
    live_server,
    staff_user,
    bodies,
):
    today = timezone.localdate()
    politician("Anna Aalborg", letter="A")
    body = Body.objects.get(key="erhvervshus-nordjylland")
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/organer/")
    page.get_by_role("link", name="Repræsentanter, der ikke er politikere").click()
    page.get_by_label("Navn").fill("Erik Erhverv")
    page.get_by_label("Organisation").fill("Dansk Industri Nordjylland")
    page.get_by_label("Repræsenterer").select_option(label="Erhvervsrepræsentant")
    page.get_by_label("E-mail").fill("erik@di.example")
    page.get_by_role("button", name="Tilføj").click()
    page.get_by_role("cell", name="Dansk Industri Nordjylland").wait_for()

    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/organer/{body.pk}/")
    seat = page.locator("section[aria-label='Kommunal politisk repræsentant 1']").first
    seat.get_by_role("link", name="Udpeg til pladsen").click()
    assert "Erik Erhverv" not in page.locator(".picker-list").inner_text()  # FO 3.8: not on a political seat

    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/organer/{body.pk}/")
    seat = page.locator("section[aria-label='Virksomhedsrepræsentant 1']").first
    seat.get_by_role("link", name="Udpeg til pladsen").click()
    page.get_by_label("Fra").fill(today.isoformat())
    with page.expect_request(lambda request: "person_soeg=industri" in request.url):
        page.get_by_label("Person").fill("industri")
    expect(page.locator(".picker-list")).not_to_contain_text("Anna Aalborg")  # narrowed by the organisation
    page.get_by_label("Erik Erhverv (Dansk Industri Nordjylland)").check()
    page.get_by_label("Valgmåde").select_option(label="Indstilling fra organisation")
    page.get_by_role("button", name="Udpeg").click()
    page.get_by_text("Erik Erhverv er udpeget").wait_for()
    appointment = Appointment.objects.get()
    assert (appointment.person.name, appointment.seat.is_political) == ("Erik Erhverv", False)
