"""In a real browser: staff run a 3-seat proportional election with two groups at a meeting (§ 24 stk. 3), see
the appointees in the register; the published minutes PDF carries the paragraph; the public list shows them."""

import pytest

from appointments.models import Appointment
from kkr.formats import format_date
from meetings import services as meeting_services
from meetings.models import Publication
from tests.builders import politician
from tests.e2e.conftest import _reference_data, log_in, page  # noqa: F401 (fixtures)
from tests.meetings.pdftext import pdf_text

from .conftest import seat_present

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SEATS = ["Kommunal politisk repræsentant 1", "Kommunal politisk repræsentant 2", "Kommunal politisk repræsentant 3"]


def declare(browser_page, name, members, nominees):
    browser_page.get_by_label("Gruppens navn").fill(name)
    for member in members:
        browser_page.get_by_label(member, exact=True).check()
    for n, nominee in enumerate(nominees, start=1):
        browser_page.get_by_label(f"{n}. person gruppen udpeger").select_option(label=nominee)
    browser_page.get_by_role("button", name="Anmeld gruppen").click()


def test_staff_run_a_proportional_election_and_see_it_in_register_minutes_and_public_list(
    page,  # noqa: F811
    live_server,
    staff_user,
    bodies,
    meeting,
    item,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    voters = [p.name for p in seat_present(meeting, 5)]
    for name, letter in [("Ane Andersen", "A"), ("Bo Bech", "V"), ("Cai Carlsen", "F")]:
        politician(name, "Aalborg", letter=letter)
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/moeder/{meeting.pk}/valg/")
    for label in SEATS:
        page.get_by_label(f"Erhvervshus Nordjylland – bestyrelse: {label}").check()
    page.get_by_label("Dagsordenspunkt").select_option(label=str(item))
    page.get_by_role("button", name="Opret valget").click()
    page.get_by_text("Mangler at anmelde gruppe").wait_for()

    declare(page, "A+F", voters[:3], ["Ane Andersen", "Cai Carlsen"])
    declare(page, "V", voters[3:], ["Bo Bech"])
    page.get_by_role("button", name="Fordel pladserne efter d'Hondt").click()
    page.get_by_role("button", name="Bekræft: registrér udpegningerne og skriv dem i referatet").click()
    page.get_by_text("Udpegningerne er registreret").wait_for()
    assert Appointment.objects.count() == 3

    page.get_by_role("link", name="Se registret").click()
    register = page.content()
    assert "Ane Andersen" in register and "Bo Bech" in register and "Cai Carlsen" in register

    meeting_services.approve_minutes(meeting, actor=staff_user)
    meeting_services.publish_minutes(meeting, actor=staff_user)
    minutes = Publication.objects.get(kind="minutes", audience="public", state="ready")
    text = " ".join(pdf_text(minutes.file.read()).split())
    assert "forholdstalsvalg" in text and "Cai Carlsen" in text

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/kkr/nordjylland/udpegninger/")
    assert page.get_by_role("cell", name="Bo Bech").is_visible()


def test_fo_3_8_staff_end_an_office_and_the_register_shows_the_persons_seat_vacant_from_the_next_day(
    page,  # noqa: F811
    live_server,
    staff_user,
    bodies,
    nordjylland,
):
    from datetime import date, timedelta

    from django.utils import timezone

    from appointments import services
    from appointments.models import Body

    from .conftest import political_seats

    last_day = timezone.localdate() - timedelta(days=1)
    if not date(2026, 1, 1) <= last_day < date(2029, 12, 31):
        pytest.skip("dagen i dag ligger uden for valgperioden 2026-2030")
    person = politician("Anna Aalborg", letter="A")
    target = political_seats(Body.objects.get(key="erhvervshus-nordjylland"), nordjylland)[0]
    services.appoint_representative(
        target, person=person, starts_on=date(2026, 1, 1), method="proportional", group="A+F", actor=None
    )
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/personer/{person.pk}/")
    page.get_by_role("link", name="Afslut hverv").click()
    page.get_by_label("Sidste dag i hvervet").fill(last_day.isoformat())
    page.get_by_label("Grund").select_option(label="Udtrådt af kommunalbestyrelsen (B1 1.9)")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text(f"slutter den {format_date(last_day)}").wait_for()
    page.get_by_role("link", name="Ret slutdato").wait_for()

    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/udpegninger/2026-2030/")
    row = page.locator("tr.vacant", has_text="Anna Aalborg")
    row.wait_for()
    assert "Samme gruppe udpeger et nyt medlem (kommunestyrelsesloven § 28 stk. 1): A+F" in row.inner_text()
    page.goto(f"{live_server.url}/kkr/nordjylland/udpegninger/")
    assert "Anna Aalborg" not in page.content()
