"""Each input the audit found answered with a server error or a lost value now gets a clear
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


# --- the person pickers, a move on a held meeting, a form of the other election kind ----------------

PICKER_VALUES = ["[]", "abc", str(2**70), str(2**63), str(2**31), "-1", "1.5", "²", "١٢", " 1", "1e3", "\x00"]


def _a_politician_of(council_slug):
    from tests.builders import politician

    return politician("Bo Andetråd", "København" if council_slug == "hovedstaden" else "Aalborg", letter="A")


@pytest.mark.parametrize("value", [*PICKER_VALUES, ["1", "2"], "another council's person"])
def test_odd_values_in_the_new_member_picker_are_refused_in_danish(client, staff_user, hovedstaden, value):
    """Found by the audit: ``person=[]`` made the picker look the value up as an id (ValueError, 500)."""
    if value == "another council's person":
        value = str(_a_politician_of("hovedstaden").pk)
    client.force_login(staff_user)
    before = fingerprint()
    url = reverse("members:membership-create", args=["nordjylland"])
    response = client.post(url, {"person": value, "starts_on": "2026-03-01"})
    assert response.status_code < 500
    assert "Vælg en person fra listen." in response.text or "Null-tegn er ikke tilladte." in response.text
    assert fingerprint() == before


@pytest.mark.parametrize("value", [*PICKER_VALUES, ["1", "2"], "another council's person"])
def test_odd_values_in_the_substitute_picker_are_refused_in_danish(client, staff_user, member_user, hovedstaden, value):
    from members.models import Membership

    if value == "another council's person":
        value = str(_a_politician_of("hovedstaden").pk)
    membership = Membership.objects.get(person__user=member_user)
    client.force_login(staff_user)
    before = fingerprint()
    url = reverse("members:substitute-create", args=["nordjylland", membership.pk])
    response = client.post(url, {"person": value, "starts_on": "2026-03-01", "basis": ""})
    assert response.status_code < 500
    assert "Vælg en person fra listen." in response.text or "Null-tegn er ikke tilladte." in response.text
    assert fingerprint() == before


@pytest.mark.parametrize("value", PICKER_VALUES)
def test_odd_chosen_values_sent_to_the_picker_lists_are_no_server_error(client, staff_user, member_user, value):
    from members.models import Membership

    membership = Membership.objects.get(person__user=member_user)
    client.force_login(staff_user)
    for url in (
        reverse("members:picker-new-member", args=["nordjylland"]),
        reverse("members:picker-substitute", args=["nordjylland", membership.pk]),
    ):
        response = client.get(url, {"valgt": value, "felt": value, "person_soeg": value, "starts_on": value})
        assert response.status_code == 200


def test_moving_an_item_on_a_held_meeting_is_refused_in_danish_FO_3_6(client, meeting, item, staff_user):
    """Found by the audit: ``move_item``'s refusal was not caught (RuleViolation, 500)."""
    services.add_item(meeting, actor=staff_user, title="Sag 2")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    client.force_login(staff_user)
    before = fingerprint()
    response = client.post(staff("item-move", item.pk), {"direction": "down"}, follow=True)
    assert response.status_code == 200
    assert "Mødet er afholdt; dagsordenen kan ikke ændres." in response.text
    assert fingerprint() == before
    item.refresh_from_db()
    assert item.position == 1


def _election(meeting, staff_user, *, seats, candidates=()):
    from appointments import voting
    from appointments.models import Body, Seat

    body = Body.objects.get(key="erhvervshus-nordjylland")
    chosen = list(Seat.objects.filter(body=body, council=meeting.council, is_political=True, is_chair=False))[:seats]
    return voting.start_election(meeting, body=body, seats=chosen, actor=staff_user, candidates=candidates)


def _election_url(name, election):
    return reverse(f"appointments:{name}", args=["nordjylland", election.meeting_id, election.pk])


def test_a_group_posted_to_a_majority_election_is_refused_in_danish(client, meeting, staff_user, member_user):
    """Found by the audit: the page's context of a majority election has no undeclared voters (KeyError, 500)."""
    from members.models import Person

    person = Person.objects.get(user=member_user)
    election = _election(meeting, staff_user, seats=1, candidates=[person])
    client.force_login(staff_user)
    before = fingerprint()
    data = {"name": "Gruppe A", "members": [person.pk], "nominee_1": person.pk}
    response = client.post(_election_url("group-create", election), data, follow=True)
    assert response.status_code == 200
    assert "Grupper anmeldes kun ved forholdstalsvalg (§ 24 stk. 3)." in response.text
    assert fingerprint() == before


def test_a_round_posted_to_a_proportional_election_is_refused_in_danish(client, meeting, staff_user):
    election = _election(meeting, staff_user, seats=2)
    client.force_login(staff_user)
    before = fingerprint()
    response = client.post(_election_url("round-create", election), {"votes_1": "3"}, follow=True)
    assert response.status_code == 200
    assert "Afstemninger om én kandidat hører til flertalsvalg (§ 24 stk. 1)." in response.text
    assert fingerprint() == before
