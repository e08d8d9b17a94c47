"""In a real browser: terms renew (SPEC §4). Staff open the register of 2026-2030, follow "Næste funktionsperiode",
see what must be filled for 2030-2034 (the RAR from 1 June 2030), are asked before the seats are copied, copy
them, see them created and empty, and a second copy changes nothing."""

from datetime import date

import pytest

from appointments.models import Seat
from members.models import ElectionPeriod
from tests.e2e.conftest import _reference_data, log_in, page  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_see_the_next_term_are_asked_and_copy_the_seats_forward(
    page,  # noqa: F811
    live_server,
    staff_user,
    bodies,
    period,
    nordjylland,
):
    following = ElectionPeriod.objects.create(
        name="2030-2034", starts_on=date(2030, 1, 1), ends_on=date(2033, 12, 31), election_on=date(2029, 11, 20),
        rule_set=period.rule_set,
    )  # fmt: skip
    log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/udpegninger/2026-2030/")
    page.get_by_role("link", name="Næste funktionsperiode: hvad skal besættes").click()
    page.get_by_role("heading", name="Næste funktionsperiode efter 2026-2030").wait_for()
    rar_row = page.get_by_role("row").filter(has_text="RAR) Nordjylland").first
    assert "01.06.2030–31.05.2034" in rar_row.inner_text()
    assert "Pladsen er ikke oprettet for 2030-2034" in rar_row.inner_text()

    page.get_by_role("link", name="Kopiér pladserne til 2030-2034 …").click()
    page.get_by_role("heading", name="Kopiér pladserne fra 2026-2030 til 2030-2034?").wait_for()
    assert not Seat.objects.filter(period=following).exists()  # asking changes nothing
    assert page.get_by_text("Sundhedssamarbejdsudvalget i Region Nordjylland").first.is_visible()  # not copied
    page.get_by_role("button", name="Kopiér").click()
    page.get_by_text("pladser er oprettet for 2030-2034").wait_for()
    made = Seat.objects.filter(council=nordjylland, period=following)
    assert made.filter(body__key="rar-nordjylland").count() == 5
    assert not made.filter(body__key__startswith="sundhedssamarbejdsudvalg-").exists()
    rar_row = page.get_by_role("row").filter(has_text="RAR) Nordjylland").first
    assert "Ikke besat" in rar_row.inner_text()

    count = made.count()
    page.get_by_role("link", name="Kopiér pladserne til 2030-2034 …").click()
    page.get_by_role("button", name="Kopiér 0 pladser").click()
    page.get_by_text("Alle pladser findes allerede for 2030-2034").wait_for()
    assert Seat.objects.filter(council=nordjylland, period=following).count() == count
