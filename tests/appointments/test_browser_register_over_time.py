"""In a real browser, the register over time (FO 2.2): staff show the register on an earlier date and for a whole
year (everyone who held a seat in it, for the yearly report), the CSV follows the page's choice, a bad date gets a
Danish message instead of an error page, and the public list takes an as-of date of its own."""

import csv
import io
from datetime import date

import pytest

from appointments import services
from appointments.models import AppointmentEndReason, Body
from tests.builders import politician
from tests.e2e.conftest import _reference_data, log_in, page  # noqa: F401 (fixtures)

from .conftest import political_seats

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fo_2_2_staff_see_the_register_on_a_past_date_and_for_a_year_and_the_public_on_a_date(
    page,  # noqa: F811
    live_server,
    staff_user,
    bodies,
    nordjylland,
):
    seat = political_seats(Body.objects.get(key="erhvervshus-nordjylland"), nordjylland)[0]
    first, second = politician("Frida Først", letter="A"), politician("Svend Senere", letter="V")
    earlier = services.appoint_representative(
        seat, person=first, starts_on=date(2026, 1, 1), method="proportional", group="A", actor=None
    )
    services.end_appointment(earlier, on=date(2026, 6, 30), reason=AppointmentEndReason.RESIGNED, actor=None)
    services.appoint_representative(
        seat, person=second, starts_on=date(2026, 7, 1), method="proportional", group="A", actor=None
    )
    register = f"{live_server.url}/kkr/nordjylland/sekretariat/udpegninger/2026-2030/"
    log_in(page, live_server, staff_user.username)

    page.goto(register)
    page.get_by_label("Pr. dato").fill("2026-03-15")
    page.get_by_role("button", name="Filtrér").click()
    page.get_by_text("Pr. 15. marts 2026").wait_for()
    table = page.locator("table.register").first.inner_text()
    assert "Frida Først" in table and "Svend Senere" not in table

    page.get_by_label("Pr. dato").fill("")
    page.get_by_label("Hele året").fill("2026")
    page.get_by_role("button", name="Filtrér").click()
    year = page.locator("section", has=page.get_by_role("heading", name="Alle der havde en plads i 2026"))
    year.wait_for()
    assert "Frida Først" in year.inner_text() and "Svend Senere" in year.inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig")), delimiter=";"))
    names = {cell for row in rows for cell in row}
    assert {"Frida Først", "Svend Senere"} <= names
    assert "2026-06-30" in {cell for row in rows for cell in row}, "the CSV's dates are ISO dates"

    page.goto(register + "?dato=31.02.2026")
    assert "Skriv datoen som dd.mm.åååå" in page.get_by_role("alert").first.inner_text()
    page.get_by_role("heading", name="Udpegninger 2026-2030 · KKR Nordjylland").wait_for()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/kkr/nordjylland/udpegninger/?dato=15.03.2026")
    public = page.locator("main").inner_text()
    assert "Frida Først" in public and "Svend Senere" not in public
    page.goto(f"{live_server.url}/kkr/nordjylland/udpegninger/?dato=nej")
    assert "Skriv datoen som dd.mm.åååå" in page.locator("main").inner_text()
