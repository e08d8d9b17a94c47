"""Attendance over time: arrivals and departures per item, and the minutes, the votes and
the sitting page agreeing on who was present, who led and who held the casting vote at every item (FO 3.5, FO 3.7,
FO 3.9, B1 1.8)."""

import re

import pytest
from django.urls import reverse

from kkr.errors import RuleViolation
from meetings import documents, queries, services
from meetings.models import Attendance, PresenceSpan, Publication, Vote
from members.models import Person, SubstituteAssignment
from tests.builders import SEATED_ON, at
from tests.meetings.pdftext import pdf_text

pytestmark = pytest.mark.django_db

CHAIR, VICE = "Medlem 01", "Medlem 02"  # seat_members: the first chairs, the second is vice-chair


def mark(meeting, people, present=True, actor=None):
    for person in people:
        services.record_attendance(meeting, person=person, is_present=present, actor=actor)


def minutes_pdf(meeting, staff_user) -> str:
    """Approve and publish the minutes; the members' version's PDF as text."""
    services.approve_minutes(meeting, actor=staff_user)
    services.publish_minutes(meeting, actor=staff_user)
    publication = meeting.publications.get(kind=Publication.Kind.MINUTES, audience=Publication.Audience.MEMBERS)
    return " ".join(pdf_text(documents.render_pdf(publication)).split())


def leaders_in(text: str, items) -> dict[int, str]:
    """Who the minutes say led at each item: the item's own line when there is one, else the opening line with
    the changes "Mødeleder fra punkt N: X"."""
    opening = re.search(r"Mødeleder: (.+?) (?:Mødeleder fra|Til stede)", text)
    changes = dict(re.findall(r"Mødeleder fra punkt (\d+): (.+?) (?=Mødeleder fra|Til stede)", text))
    leaders, current = {}, opening.group(1) if opening else "ingen"
    for item in items:
        current = changes.get(str(item.position), current)
        section = text.split(f"{item.position}. {item.title} (", 1)[1].split(f"{item.position + 1}. ", 1)[0]
        own = re.search(r"mødeleder: (.+?)\.", section)
        leaders[item.position] = own.group(1) if own else current
    return leaders


def assert_minutes_agree_with_votes(text: str, items, sitting_page: str) -> None:
    """FO 3.5/3.7: at every item the vote statements in the minutes say the chair was absent exactly when the
    minutes do not name the chair as leader there, the chair's vote decides only where the chair is leader, and
    each statement is the one the sitting page and the stored vote show."""
    leaders = leaders_in(text, items)
    for item in items:
        for vote in Vote.objects.filter(item=item):
            vote.refresh_from_db()
            sentence = vote.minutes_sentence
            assert sentence in text and sentence in sitting_page, sentence
            chair_leads = leaders[item.position] == CHAIR
            assert ("formanden var ikke til stede" in sentence) == (not chair_leads), (item.position, leaders, sentence)
            if "formandens stemme gjorde udslaget" in sentence:
                assert chair_leads


def sitting_page(client, meeting, staff_user) -> str:
    client.force_login(staff_user)
    return client.get(reverse("meetings:meeting-sitting", args=["nordjylland", meeting.pk])).content.decode()


# --- The chair marked absent, then present: minutes and votes agree -------------------------------------


def test_FO_3_5_FO_3_7_a_chair_marked_absent_then_present_leads_in_the_minutes_and_in_every_vote_statement(
    client, meeting, members, staff_user
):
    item = services.add_item(meeting, actor=staff_user, title="Trafikplan")
    mark(meeting, [m.person for m in members[1:]])  # the chair is marked absent by mistake
    services.record_vote(item, actor=staff_user, votes_for=1, votes_against=1, abstentions=1)
    mark(meeting, [members[0].person])  # ... she was there all along
    page = sitting_page(client, meeting, staff_user)
    text = minutes_pdf(meeting, staff_user)
    assert f"Mødeleder: {CHAIR}" in text
    assert_minutes_agree_with_votes(text, [item], page)


def test_FO_3_5_FO_3_7_a_chair_who_arrives_at_item_2_and_leaves_before_item_3_leads_only_item_2_everywhere(
    client, meeting, members, staff_user
):
    items = [services.add_item(meeting, actor=staff_user, title=title) for title in ("Trafik", "Klima", "Skole")]
    mark(meeting, [m.person for m in members[1:]])
    chair = members[0].person
    services.record_arrival(meeting, person=chair, position=2, actor=staff_user, arrived_at=at(2026, 5, 12, 10, 40))
    services.record_departure(meeting, person=chair, position=3, actor=staff_user)
    for item in items:  # a tie at every item; the chair's own vote is only hers to cast at item 2 (4 present there)
        if item.position == 2:
            services.record_vote(item, actor=staff_user, votes_for=2, votes_against=2, casting_vote="for")
        else:
            services.record_vote(item, actor=staff_user, votes_for=1, votes_against=1, abstentions=1)
    page = sitting_page(client, meeting, staff_user)
    text = minutes_pdf(meeting, staff_user)
    assert leaders_in(text, items) == {1: VICE, 2: CHAIR, 3: VICE}
    assert f"Mødeleder fra punkt 2: {CHAIR}" in text and f"Mødeleder fra punkt 3: {VICE}" in text
    assert "Medlem 01 ankom til punkt 2 kl. 10.40" in text and "Medlem 01 gik før punkt 3" in text
    assert_minutes_agree_with_votes(text, items, page)
    assert [v.is_adopted for v in Vote.objects.order_by("item__position")] == [False, True, False]


def test_FO_3_7_a_change_of_attendance_that_would_unseat_a_casting_vote_is_refused_and_changes_nothing(
    meeting, members, staff_user
):
    item = services.add_item(meeting, actor=staff_user, title="Trafik")
    mark(meeting, [m.person for m in members])
    vote = services.record_vote(item, actor=staff_user, votes_for=2, votes_against=2, casting_vote="for")
    with pytest.raises(RuleViolation, match="Formanden afgav den udslagsgivende stemme ved punkt 1"):
        services.record_attendance(meeting, person=members[0].person, is_present=False, actor=staff_user)
    with pytest.raises(RuleViolation, match="4 stemmer, men så ville kun 3"):
        services.record_attendance(meeting, person=members[3].person, is_present=False, actor=staff_user)
    assert Attendance.objects.filter(meeting=meeting, is_present=True).count() == 4
    vote.refresh_from_db()
    assert vote.is_adopted and "formandens stemme gjorde udslaget" in vote.minutes_sentence


def test_FO_3_7_a_statement_is_restated_when_the_chair_is_corrected_to_present(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Trafik")
    mark(meeting, [m.person for m in members[1:]])
    vote = services.record_vote(item, actor=staff_user, votes_for=1, votes_against=1, abstentions=1)
    assert "formanden var ikke til stede" in vote.minutes_sentence
    mark(meeting, [members[0].person])
    vote.refresh_from_db()
    assert "formanden afgav ikke en udslagsgivende stemme" in vote.minutes_sentence
    assert vote.history.first().history_change_reason == "Fremmødet ved punktet er ændret (FO 3.7)"


# --- FO 3.7 quorum per item ---------------------------------------------------------------------------


def test_FO_3_7_exactly_half_present_at_an_item_is_quorate_and_one_less_at_the_next_is_not(
    meeting, members, staff_user
):
    items = [services.add_item(meeting, actor=staff_user, title=f"Sag {n}") for n in (1, 2, 3)]
    mark(meeting, [members[0].person, members[1].person])
    services.record_departure(meeting, person=members[1].person, position=2, actor=staff_user)
    services.record_arrival(meeting, person=members[2].person, position=3, actor=staff_user)
    assert [queries.at_item(meeting, n).quorum.present for n in (1, 2, 3)] == [2, 1, 2]  # of 4 seats
    services.record_vote(items[0], actor=staff_user, votes_for=2, votes_against=0)  # exactly half: quorate
    with pytest.raises(RuleViolation, match="ikke beslutningsdygtigt ved punkt 2: 1 til stede, mindst 2"):
        services.record_vote(items[1], actor=staff_user, votes_for=1, votes_against=0)
    with pytest.raises(RuleViolation, match="ikke beslutningsdygtigt ved punkt 2"):
        services.record_decision(items[1], actor=staff_user, decision="Vedtaget")
    services.record_vote(items[2], actor=staff_user, votes_for=1, votes_against=1)
    assert items[1].votes.count() == 0 and items[2].votes.count() == 1


def test_FO_3_7_a_departure_that_would_leave_a_voted_item_without_quorum_is_refused(meeting, members, staff_user):
    items = [services.add_item(meeting, actor=staff_user, title=f"Sag {n}") for n in (1, 2)]
    mark(meeting, [members[0].person, members[1].person])
    services.record_vote(items[1], actor=staff_user, votes_for=2, votes_against=0)
    with pytest.raises(RuleViolation, match="Punkt 2 har en afstemning"):
        services.record_departure(meeting, person=members[1].person, position=2, actor=staff_user)
    assert not PresenceSpan.objects.exists()


# --- FO 3.9 arrivals and departures change presence per item --------------------------------------------


def test_FO_3_9_a_late_arrival_and_an_early_departure_change_who_is_present_at_each_item(meeting, members, staff_user):
    for n in (1, 2, 3, 4):
        services.add_item(meeting, actor=staff_user, title=f"Sag {n}")
    late, early, both = (m.person for m in members[1:])
    mark(meeting, [members[0].person, early])
    services.record_arrival(meeting, person=late, position=2, actor=staff_user)
    services.record_departure(meeting, person=early, position=3, actor=staff_user)
    services.record_arrival(meeting, person=both, position=2, actor=staff_user)
    services.record_departure(meeting, person=both, position=4, actor=staff_user)
    present = {
        n: {p.name for p in Person.objects.filter(pk__in=queries.at_item(meeting, n).present_ids)} for n in (1, 2, 3, 4)
    }
    assert present == {
        1: {"Medlem 01", "Medlem 03"},
        2: {"Medlem 01", "Medlem 02", "Medlem 03", "Medlem 04"},
        3: {"Medlem 01", "Medlem 02", "Medlem 04"},
        4: {"Medlem 01", "Medlem 02"},
    }
    spans = PresenceSpan.objects.filter(attendance__person=both).get()
    assert (spans.from_position, spans.until_position) == (2, 4) and spans.history.count() == 2


@pytest.mark.parametrize(
    ("setup", "move", "message"),
    [
        ("present", ("arrival", 2), "er allerede til stede ved punkt 2"),
        ("absent", ("departure", 2), "er ikke til stede ved punkt 2"),
        ("present", ("departure", 1), "var ikke til stede før punkt 1"),
        ("absent", ("arrival", 1), "mødets første punkt"),
        ("absent", ("arrival", 9), "Mødet har intet punkt 9"),
    ],
)
def test_FO_3_9_an_arrival_or_departure_that_contradicts_the_sheet_is_refused(
    meeting, members, staff_user, setup, move, message
):
    for n in (1, 2, 3):
        services.add_item(meeting, actor=staff_user, title=f"Sag {n}")
    person = members[2].person
    mark(meeting, [person], present=setup == "present")
    record = services.record_arrival if move[0] == "arrival" else services.record_departure
    with pytest.raises(RuleViolation, match=message):
        record(meeting, person=person, position=move[1], actor=staff_user)
    assert not PresenceSpan.objects.exists()


def test_FO_3_9_the_buttons_set_the_whole_meeting_again_and_clear_the_spans(meeting, members, staff_user):
    for n in (1, 2):
        services.add_item(meeting, actor=staff_user, title=f"Sag {n}")
    person = members[2].person
    services.record_arrival(meeting, person=person, position=2, actor=staff_user)
    mark(meeting, [person])
    assert not PresenceSpan.objects.exists() and queries.at_item(meeting, 1).present_ids == {person.pk}


def test_the_database_refuses_a_departure_before_the_arrival(meeting, members, staff_user):
    from django.db import IntegrityError, transaction

    attendance = Attendance.objects.create(
        meeting=meeting, person=members[0].person, capacity="member", membership=members[0], is_present=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PresenceSpan.objects.create(attendance=attendance, from_position=3, until_position=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        PresenceSpan.objects.create(attendance=attendance)  # the whole meeting is the attendance row alone
    with pytest.raises(IntegrityError), transaction.atomic():
        PresenceSpan.objects.create(
            attendance=attendance, from_position=2, arrived_at=at(2026, 5, 12, 11), until_position=3,
            left_at=at(2026, 5, 12, 10),
        )  # fmt: skip


# --- FO 3.9 the minutes' attendance ----------------------------------------------------------------------


def test_FO_3_9_the_minutes_list_present_absent_with_and_without_afbud_substitutes_and_movements(
    meeting, members, staff_user
):
    noticed = members[3]
    substitute = Person.objects.create(name="Stedfortræder Sørensen", municipality=noticed.municipality)
    SubstituteAssignment.objects.create(membership=noticed, person=substitute, starts_on=SEATED_ON)
    services.record_absence_notice(meeting, membership=noticed, actor=staff_user, note="Syg", now=at(2026, 5, 11, 9))
    for n in (1, 2, 3):
        services.add_item(meeting, actor=staff_user, title=f"Sag {n}")
    mark(meeting, [members[0].person, members[1].person])
    mark(meeting, [members[2].person], present=False)
    services.record_arrival(
        meeting, person=substitute, position=2, actor=staff_user, arrived_at=at(2026, 5, 12, 10, 40)
    )
    services.record_departure(meeting, person=members[1].person, position=3, actor=staff_user)
    services.approve_minutes(meeting, actor=staff_user)
    members_version, public = services.publish_minutes(meeting, actor=staff_user)
    attendance = members_version.content["attendance"]
    assert attendance["present"] == ["Medlem 01, Aalborg (A), formand", "Medlem 02, Aalborg (A), næstformand"]
    assert attendance["substitutes"] == ["Stedfortræder Sørensen, Aalborg deltog som stedfortræder for Medlem 04"]
    assert attendance["absent_notice"] == ["Medlem 04, Aalborg (A) – Syg"]
    assert attendance["absent"] == ["Medlem 03, Aalborg (A)"]
    assert attendance["movements"] == [
        "Medlem 02 gik før punkt 3",
        "Stedfortræder Sørensen ankom til punkt 2 kl. 10.40",
    ]
    assert public.content["attendance"]["absent_notice"] == ["Medlem 04, Aalborg (A)"]  # the reason may be personal
    text = " ".join(pdf_text(documents.render_pdf(members_version)).split())
    for heading in (
        "Ankomst og afgang",
        "Afbud Medlem 04, Aalborg (A) – Syg",
        "Fraværende uden afbud Medlem 03, Aalborg (A)",
    ):
        assert heading in text
    assert "Til stede ved punktet: 2 af 4 pladser; mødeleder: Medlem 01." in text  # item 1 and item 3


# --- FO 3.9 / B1 1.8 no substitute without an afbud ---------------------------------------------------------


def test_FO_3_9_B1_1_8_the_sitting_page_says_why_a_substitute_cant_be_called_in_without_an_afbud(
    client, meeting, members, staff_user
):
    member = members[3]
    substitute = Person.objects.create(name="Stedfortræder Sørensen", municipality=member.municipality)
    SubstituteAssignment.objects.create(membership=member, person=substitute, starts_on=SEATED_ON)
    mark(meeting, [member.person], present=False)
    page = sitting_page(client, meeting, staff_user)
    assert (
        "Intet afbud før mødet, så stedfortræderen Stedfortræder Sørensen kan ikke kaldes ind (FO 3.9 / B1 1.8)" in page
    )
    url = reverse("meetings:attendance-update", args=["nordjylland", meeting.pk])
    response = client.post(url, {"present": substitute.pk}, follow=True)
    assert "Medlem 04 har ikke meldt afbud inden mødet" in response.content.decode()
    assert not Attendance.objects.filter(person=substitute).exists()
    movement = reverse("meetings:attendance-movement", args=["nordjylland", meeting.pk])
    services.add_item(meeting, actor=staff_user, title="Sag")
    response = client.post(movement, {"person": substitute.pk, "kind": "arrival", "position": 1}, follow=True)
    assert "står ikke på mødets fremmødeliste" in response.content.decode()


# --- The sitting sheet's arrival and departure form ------------------------------------------------------------


def movement_url(meeting):
    return reverse("meetings:attendance-movement", args=[meeting.council.slug, meeting.pk])


def test_staff_record_a_late_arrival_on_the_sitting_sheet(client, meeting, members, staff_user):
    for n in (1, 2):
        services.add_item(meeting, actor=staff_user, title=f"Sag {n}")
    client.force_login(staff_user)
    data = {"person": members[2].person.pk, "kind": "arrival", "position": 2, "time": "10:40"}
    response = client.post(movement_url(meeting), data, follow=True)
    page = response.content.decode()
    assert "Registreret: Medlem 03 ankom til punkt 2." in page and "Ankom til punkt 2 kl. 10.40" in page
    span = PresenceSpan.objects.get()
    assert span.from_position == 2 and span.arrived_at == at(2026, 5, 12, 10, 40)
    assert span.history.get().history_user == staff_user


def test_the_arrival_form_refuses_bad_input_outsiders_and_get(client, meeting, members, staff_user, other_staff_user):
    services.add_item(meeting, actor=staff_user, title="Sag")
    url = movement_url(meeting)
    data = {"person": members[2].person.pk, "kind": "arrival", "position": 1}
    assert client.post(url, data).status_code == 302 and not PresenceSpan.objects.exists()  # anonymous: to login
    client.force_login(other_staff_user)
    assert client.post(url, data).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 405
    bad = {"kind": "teleport", "time": "25:99", "position": "x"}
    for field, value in bad.items():  # the sitting page again, the form open as typed, the reason beside it
        response = client.post(url, {**data, field: value})
        assert response.status_code == 400 and 'role="alert"' in response.content.decode(), field
    assert not PresenceSpan.objects.exists() and not Attendance.objects.exists()


def test_the_sitting_page_stays_at_constant_queries_with_arrivals_and_departures(
    client, meeting, members, staff_user, django_assert_num_queries
):
    items = [services.add_item(meeting, actor=staff_user, title=f"Sag {n}") for n in (1, 2, 3)]
    mark(meeting, [m.person for m in members[:3]])
    services.record_vote(items[0], actor=staff_user, votes_for=2, votes_against=1)
    services.record_departure(meeting, person=members[2].person, position=2, actor=staff_user)
    services.record_arrival(meeting, person=members[3].person, position=2, actor=staff_user)
    services.record_departure(meeting, person=members[3].person, position=3, actor=staff_user)
    client.force_login(staff_user)
    url = reverse("meetings:meeting-sitting", args=["nordjylland", meeting.pk])
    client.get(url)
    # as tests/meetings/test_views.py: session, user, roles, meeting, roster ×2, the marks with their spans and the
    # notices in one, items with their votes
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert "Til stede ved punktet: 3 af 4 pladser; mødeleder: Medlem 01." in page
    assert "Ved punkt 2:" in page and "Gik før punkt 2" in page and "Ankom til punkt 2; gik før punkt 3" in page


def test_FO_3_9_items_cant_be_renumbered_once_arrivals_are_recorded_against_their_numbers(meeting, members, staff_user):
    first, second = (services.add_item(meeting, actor=staff_user, title=f"Sag {n}") for n in (1, 2))
    services.record_arrival(meeting, person=members[2].person, position=2, actor=staff_user)
    with pytest.raises(RuleViolation, match="efter punkternes numre"):
        services.move_item(second, actor=staff_user, up=True)
    with pytest.raises(RuleViolation, match="efter punkternes numre"):
        services.remove_item(first, actor=staff_user)
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == ["Sag 1", "Sag 2"]


def test_the_sitting_page_reads_the_council_seats_once_under_the_seats_quorum_policy(
    client, meeting, members, staff_user, django_assert_num_queries
):
    from members.models import RuleSet

    RuleSet.objects.filter(periods__meetings=meeting).update(quorum_base=RuleSet.QuorumBase.SEATS)
    items = [services.add_item(meeting, actor=staff_user, title=f"Sag {n}") for n in range(1, 11)]
    mark(meeting, [m.person for m in members[:3]])
    services.record_vote(items[0], actor=staff_user, votes_for=2, votes_against=1)
    services.record_arrival(meeting, person=members[3].person, position=2, actor=staff_user)
    client.force_login(staff_user)
    url = reverse("meetings:meeting-sitting", args=["nordjylland", meeting.pk])
    client.get(url)
    with django_assert_num_queries(9):  # as above, and the council's seats in the period once for every item
        client.get(url)
