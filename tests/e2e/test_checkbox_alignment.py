"""Layout: every form with checkboxes or radio buttons lines them up with their labels at 1280 and
390 px — the box beside the first line of its label, however the label wraps (the electoral alliance form and
"Lukket punkt" were broken; long labels put the box on a line of its own)."""

import pytest

from appointments import voting
from appointments.models import Seat
from meetings import services
from meetings.models import Meeting
from tests.appointments.conftest import bodies, seat_present  # noqa: F401 (fixture)
from tests.builders import at, politician, seat, substitute
from tests.e2e.a11y import assert_choices_aligned
from tests.e2e.conftest import log_in
from tests.elections.test_constituent_services import constituted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, url, *, at_least=1):
    page.goto(url)
    for details in page.locator("details").all():
        details.evaluate("element => element.open = true")
    for width in (1280, 390):
        assert_choices_aligned(page, width, at_least=at_least)


@pytest.fixture
def staff_page(page, live_server, staff_user):
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    return page


def test_the_meeting_forms(staff_page, live_server, nordjylland, staff_user):
    meeting = services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.ORDINARY, starts_at=at(2027, 3, 12, 10), location="Aalborg"
    )
    item = services.add_item(meeting, actor=staff_user, title="Trafik")
    base = f"{live_server.url}/kkr/nordjylland/sekretariat/moeder/"
    check(staff_page, base, at_least=2)  # "Ja, mødet ligger i fortiden", "Indkaldes efter medlemmernes anmodning"
    check(staff_page, f"{base}{meeting.pk}/")  # "Lukket punkt" in "Tilføj punkt"
    check(staff_page, f"{base}punkter/{item.pk}/")  # "Lukket punkt"
    check(staff_page, f"{base}{meeting.pk}/offentliggoer/")  # "Udkast: kun til medlemmerne"


def test_the_alliance_form(staff_page, live_server, nordjylland, period, staff_user):
    constituted(nordjylland, period, staff_user)
    check(staff_page, f"{live_server.url}/kkr/nordjylland/sekretariat/konstituering/2026-2030/", at_least=3)


def test_the_membership_forms_and_the_person_picker(staff_page, live_server, nordjylland, period):
    member = seat(nordjylland, period, politician("Anna Medlem", letter="A"))
    substitute(member, politician("Bo Stedfortræder", letter="A"))
    for n in range(3):
        politician(f"Carl Fri med et meget langt mellemnavn og efternavn {n}", "Hjørring", letter="A")
    check(staff_page, f"{live_server.url}/kkr/nordjylland/medlemmer/{member.pk}/udtraeden/")  # B1 1.13 declines
    check(staff_page, f"{live_server.url}/kkr/nordjylland/medlemmer/ny/", at_least=3)  # radio list


def test_the_appointment_election_forms(staff_page, live_server, nordjylland, period, staff_user, bodies):  # noqa: F811
    meeting = Meeting.objects.create(
        council=nordjylland, period=period, starts_at=at(2026, 3, 10, 10), location="Aalborg Rådhus"
    )
    base = f"{live_server.url}/kkr/nordjylland/sekretariat/moeder/{meeting.pk}/valg/"
    check(staff_page, base, at_least=3)  # the seats
    seat_present(meeting, 4)
    seats = Seat.objects.filter(council=nordjylland, body__key="erhvervshus-nordjylland", is_political=True)
    seats = list(seats.filter(is_chair=False).order_by("order")[:3])
    election = voting.start_election(meeting, body=seats[0].body, seats=seats, actor=staff_user)
    check(staff_page, f"{base}{election.pk}/", at_least=4)  # the group's members
