"""Each input the audit found answered with a server error or a lost value (issue 13) now gets a clear
Danish refusal and an unchanged database."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from elections.demo import demo_csv
from meetings import services
from meetings.models import AgendaItem, Meeting, Vote
from tests.meetings.conftest import at
from tests.security.test_matrix import fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(nordjylland, period):
    return Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2027, 3, 2, 10), location="X")


@pytest.fixture
def item(meeting, staff_user):
    return services.add_item(meeting, actor=staff_user, title="Sag")


def staff(name, *args):
    return reverse(f"meetings:{name}", args=["nordjylland", *args])


def test_a_nul_byte_in_a_decision_is_refused_and_the_decision_is_kept(client, item, staff_user):
    AgendaItem.objects.filter(pk=item.pk).update(decision="Vedtaget")
    client.force_login(staff_user)
    before = fingerprint()
    response = client.post(staff("decision-update", item.pk), {"decision": "Vedtaget\x00 med ændringer"})
    assert response.status_code < 500
    item.refresh_from_db()
    assert item.decision == "Vedtaget" and fingerprint() == before


def test_a_nul_byte_in_an_absence_note_is_refused(client, meeting, member_user):
    client.force_login(member_user)
    before = fingerprint()
    response = client.post(reverse("meetings:absence-create", args=["nordjylland", meeting.pk]), {"note": "Syg\x00"})
    assert response.status_code < 500 and fingerprint() == before


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_extreme_dates_on_the_roster_are_no_server_error(client, member_user, day):
    client.force_login(member_user)
    assert client.get(reverse("members:roster-detail", args=["nordjylland"]), {"dato": day}).status_code < 500


@pytest.mark.parametrize("when", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_extreme_dates_for_a_new_meeting_are_refused(client, staff_user, nordjylland, when):
    client.force_login(staff_user)
    before = fingerprint()
    response = client.post(staff("meeting-list"), {"kind": "ordinary", "starts_at": when, "location": "Aalborg"})
    assert response.status_code < 500 and fingerprint() == before


def test_votes_past_the_columns_range_are_refused(client, item, staff_user):
    client.force_login(staff_user)
    response = client.post(
        staff("vote-create", item.pk),
        {"subject": "Indstillingen", "votes_for": 2**31, "votes_against": 0, "abstentions": 0},
    )
    assert response.status_code < 500 and not Vote.objects.exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [(2, "X" * 5000), (3, str(2**31)), (4, "40000"), (3, "²"), (4, "١٢")],
    ids=["party-name-5000", "votes-2-31", "seats-40000", "superscript-two", "arabic-digits"],
)
def test_the_results_import_refuses_out_of_range_input_in_danish(client, staff_user, nordjylland, column, value):
    client.force_login(staff_user)
    url = reverse("elections:result-import", args=["nordjylland", "2026-2030"])
    before = fingerprint()
    bad = _replace_column(demo_csv(nordjylland), column, value)
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", bad.encode())})
    assert response.status_code == 400
    assert "intet er indlæst" in response.text
    assert fingerprint() == before


def _replace_column(text: str, column: int, value: str) -> str:
    lines = text.splitlines()
    cells = lines[1].split(";")
    cells[column] = value
    lines[1] = ";".join(cells)
    return "\n".join(lines) + "\n"


def test_adding_a_calendar_feed_in_the_admin_is_refused_not_a_server_error(client, admin_user_kl, member_user):
    from members.models import Person

    client.force_login(admin_user_kl)
    person = Person.objects.get(user=member_user)
    assert client.get("/admin/meetings/calendarfeed/add/").status_code == 403
    assert client.post("/admin/meetings/calendarfeed/add/", {"person": person.pk}).status_code == 403


def test_deeply_nested_json_to_allocate_seats_is_a_clean_error():
    with pytest.raises(CommandError):
        call_command("allocate_seats", "-", stdin=io.StringIO("[" * 100_000), stdout=io.StringIO())


@pytest.mark.parametrize("value", ["40000", str(2**63), "²"])
def test_the_kl_numbers_form_refuses_numbers_past_the_column_in_danish(value):
    from types import SimpleNamespace

    from elections.forms import OfficialNumbersForm

    line = SimpleNamespace(pk=1, party="A", seats=3, official_seats=None)
    form = OfficialNumbersForm({"line_1": value, "note": ""}, lines=[line])
    assert not form.is_valid()
    assert form.errors["line_1"][0] in ("Antallet kan højst være 32767.", "Angiv et helt tal.")


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_extreme_departure_dates_are_refused_in_danish(client, staff_user, member_user, day):
    """Found by the form fuzz test: a departure on 9999-12-31 overflowed "the day after" (OverflowError, 500)."""
    from members.models import Membership

    membership = Membership.objects.get(person__user=member_user)
    client.force_login(staff_user)
    before = fingerprint()
    url = reverse("members:membership-depart", args=["nordjylland", membership.pk])
    response = client.post(url, {"on": day, "reason": "other"})
    assert response.status_code < 500 and "Datoen skal ligge mellem år 1900 og 2199" in response.text
    assert fingerprint() == before
