"""Meeting services by rule id (FO 3.1-3.9): deadlines, proposals, publishing, attendance, quorum, votes."""

from datetime import UTC, datetime

import pytest

from kkr.errors import RuleViolation
from meetings import queries, services
from meetings.models import AgendaItem, Attendance, ItemProposal, Meeting, Publication
from members.models import ElectionPeriod, Leave, Observer, Person, RuleSet, SubstituteAssignment
from tests.builders import SEATED_ON, at

pytestmark = pytest.mark.django_db


def propose(meeting, proposer, received_at, title="Kollektiv trafik"):
    return services.submit_proposal(
        meeting, proposer=proposer, title=title, text="Vi bør drøfte busdriften.", actor=None, received_at=received_at
    )


def mark(meeting, people, present=True, actor=None):
    for person in people:
        services.record_attendance(meeting, person=person, is_present=present, actor=actor)


# --- FO 3.1 planning ---------------------------------------------------------------------------------


def test_FO_3_1_a_planned_meeting_is_judged_under_the_rule_set_of_its_day(nordjylland, staff_user):
    meeting = services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.ORDINARY, starts_at=at(2026, 3, 3, 10), location="Aalborg"
    )
    assert meeting.period == ElectionPeriod.objects.get(name="2026-2030")
    assert meeting.rule_set == RuleSet.objects.get(name="Forretningsorden for KKR 2018 (2026-2030)")
    assert meeting.history.get().history_user == staff_user


def test_FO_3_1_a_meeting_moved_across_a_period_boundary_follows_its_period(nordjylland, staff_user):
    meeting = services.plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.ORDINARY, starts_at=at(2025, 12, 30, 10), location="Aalborg"
    )
    assert meeting.period.name == "2022-2026"
    services.update_meeting(meeting, actor=staff_user, starts_at=at(2026, 1, 6, 10))
    meeting.refresh_from_db()
    assert (meeting.period.name, meeting.sequence) == ("2026-2030", 1)
    with pytest.raises(RuleViolation, match="ingen valgperiode"):
        services.update_meeting(meeting, actor=staff_user, starts_at=at(2040, 1, 6, 10))
    meeting.refresh_from_db()
    assert meeting.period.name == "2026-2030"


def test_FO_3_1_a_meeting_outside_every_election_period_is_refused(nordjylland, staff_user):
    with pytest.raises(RuleViolation, match="regelsæt"):
        services.plan_meeting(
            nordjylland, actor=staff_user, kind="ordinary", starts_at=at(1999, 3, 3, 10), location="X"
        )


def test_a_change_of_time_or_a_cancellation_raises_the_calendar_sequence(meeting, staff_user):
    services.update_meeting(meeting, actor=staff_user, starts_at=at(2026, 5, 13, 10))
    services.cancel_meeting(meeting, actor=staff_user)
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.status) == (2, Meeting.Status.CANCELLED)


# --- FO 3.2 proposals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "received_at", "in_time"),
    [
        ("FO 3.2 last minute of the deadline day (2 May)", at(2026, 5, 2, 23, 59, 59), True),
        ("FO 3.2 first instant of the next day", at(2026, 5, 3, 0, 0), False),
        ("FO 3.2 the same instant in UTC, in time", datetime(2026, 5, 2, 21, 59, 59, tzinfo=UTC), True),
        ("FO 3.2 one second later in UTC, too late", datetime(2026, 5, 2, 22, 0, 0, tzinfo=UTC), False),
    ],
)
def test_FO_3_2_a_proposal_is_in_time_through_the_end_of_the_tenth_day_before(
    meeting, members, case, received_at, in_time
):
    assert propose(meeting, members[2].person, received_at).is_in_time is in_time, case


@pytest.mark.parametrize(
    ("received_at", "in_time"),
    [(datetime(2026, 3, 28, 22, 59, 59, tzinfo=UTC), True), (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), False)],
)
def test_FO_3_2_across_the_daylight_saving_change_the_deadline_day_keeps_its_own_offset(
    nordjylland, members, received_at, in_time
):
    """Meeting 7 April 2026 (summer time); the deadline 28 March is still winter time (UTC+1)."""
    meeting = Meeting.objects.create(
        council=nordjylland,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        starts_at=at(2026, 4, 7, 10),
        location="Aalborg",
    )
    assert propose(meeting, members[2].person, received_at).is_in_time is in_time


def test_FO_3_2_a_proposal_for_an_extraordinary_meeting_is_the_chairs_choice(nordjylland, members):
    meeting = Meeting.objects.create(
        council=nordjylland,
        period=ElectionPeriod.objects.get(name="2026-2030"),
        kind=Meeting.Kind.EXTRAORDINARY,
        starts_at=at(2026, 5, 12, 10),
        location="Aalborg",
    )
    assert propose(meeting, members[2].person, at(2026, 4, 1, 9)).is_in_time is False


def test_FO_3_2_without_a_deadline_in_the_rule_set_every_proposal_is_in_time(meeting, members):
    RuleSet.objects.filter(periods__meetings=meeting).update(proposal_deadline_days=None)
    assert propose(meeting, members[2].person, at(2026, 5, 11, 12)).is_in_time is True


def test_FO_3_2_a_proposal_in_time_can_not_be_declined_or_removed(meeting, members, staff_user):
    proposal = propose(meeting, members[2].person, at(2026, 5, 1, 12))
    with pytest.raises(RuleViolation, match="rettidigt"):
        services.decline_proposal(proposal, actor=staff_user, note="Nej")
    item = services.accept_proposal(proposal, actor=staff_user)
    with pytest.raises(RuleViolation, match="rettidigt"):
        services.remove_item(item, actor=staff_user)
    proposal.refresh_from_db()
    assert proposal.status == ItemProposal.Status.ON_AGENDA and proposal.agenda_item == item


def test_FO_3_2_a_late_proposal_may_be_declined_with_the_chairs_reason(meeting, members, staff_user):
    proposal = propose(meeting, members[2].person, at(2026, 5, 10, 12))
    services.decline_proposal(proposal, actor=staff_user, note="Tages op på næste møde")
    assert ItemProposal.objects.get().status == ItemProposal.Status.DECLINED


# --- FO 3.6 order --------------------------------------------------------------------------------------


def test_FO_3_6_moving_an_item_renumbers_the_agenda(meeting, staff_user):
    first, second, third = (services.add_item(meeting, actor=staff_user, title=t) for t in "ABC")
    services.move_item(third, actor=staff_user, up=True)
    services.move_item(first, actor=staff_user, up=False)  # first was 1, swaps with 2
    services.remove_item(AgendaItem.objects.get(title="B"), actor=staff_user)
    assert list(meeting.items.values_list("position", "title")) == [(1, "C"), (2, "A")]


# --- FO 3.3 publishing ----------------------------------------------------------------------------------


def test_FO_3_3_publishing_is_refused_while_a_proposal_in_time_is_missing(meeting, members, staff_user):
    services.add_item(meeting, actor=staff_user, title="Godkendelse af dagsorden")
    propose(meeting, members[2].person, at(2026, 5, 2, 23, 0), title="Kollektiv trafik")
    with pytest.raises(RuleViolation, match="«Kollektiv trafik» fra Medlem 03"):
        services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 4, 12))
    assert not Publication.objects.exists()


def test_FO_3_3_publishing_after_the_deadline_needs_a_reason_which_is_recorded(
    meeting, members, staff_user, django_capture_on_commit_callbacks
):
    services.add_item(meeting, actor=staff_user, title="Regional udvikling")
    with pytest.raises(RuleViolation, match="5. maj 2026"):
        services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 6, 0, 0))
    with django_capture_on_commit_callbacks() as callbacks:
        publications = services.publish_agenda(
            meeting, actor=staff_user, late_reason="Sagen kom fra KL i sidste øjeblik", now=at(2026, 5, 6, 0, 0)
        )
    assert {p.audience for p in publications} == {"members", "public"}
    assert all(p.late_reason == "Sagen kom fra KL i sidste øjeblik" for p in publications)
    assert publications[0].content["late_reason"] == "Sagen kom fra KL i sidste øjeblik"
    assert len(callbacks) == 2  # two renders, queued only after commit; the e-mail is owed until the PDF is ready
    assert [p.notify_owed for p in publications] == [True, False]
    assert publications[0].history.get().history_user == staff_user


def test_FO_3_3_publishing_on_the_last_day_needs_no_reason(meeting, staff_user):
    services.add_item(meeting, actor=staff_user, title="Punkt")
    publications = services.publish_agenda(
        meeting, actor=staff_user, late_reason="ignoreres", now=at(2026, 5, 5, 23, 59)
    )
    assert publications[0].late_reason == ""


def test_FO_3_3_republishing_makes_a_new_version_and_keeps_the_old(meeting, staff_user):
    services.add_item(meeting, actor=staff_user, title="Punkt")
    services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 2, 12), change_note="Nyt bilag")
    assert sorted(Publication.objects.values_list("version", flat=True)) == [1, 1, 2, 2]


def test_the_public_version_carries_only_a_closed_items_number_and_lukket_punkt(meeting, staff_user):
    services.add_item(meeting, actor=staff_user, title="Åbent", case_presentation="Åben sag")
    services.add_item(meeting, actor=staff_user, title="Personsag", case_presentation="Fortroligt", is_closed=True)
    members_version, public = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    assert public.content["items"][1] == {
        "number": 2,
        "label": "2",
        "title": "Lukket punkt",
        "kind": "Beslutning",
        "is_closed": True,
    }
    assert members_version.content["items"][1]["title"] == "Personsag"
    assert members_version.content["items"][1]["case_presentation"] == "Fortroligt"


def test_a_closed_item_shows_its_public_title_or_by_the_rule_sets_policy_its_title(meeting, staff_user):
    services.add_item(meeting, actor=staff_user, title="Sag om X", is_closed=True, public_title="Personalesag")
    services.add_item(meeting, actor=staff_user, title="Køb af grund", is_closed=True)
    rule_set = meeting.period.rule_set
    rule_set.closed_item_titles_public = True
    rule_set.save()
    _, public = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 1, 12))
    assert [item["title"] for item in public.content["items"]] == ["Personalesag", "Køb af grund"]


# --- FO 3.9 absence, FO 3.5 leader, FO 3.7 quorum and votes -----------------------------------------------


def test_FO_3_9_after_an_absence_notice_the_personal_substitute_fills_the_seat_once(meeting, members, staff_user):
    member = members[3]
    substitute = Person.objects.create(name="Stedfortræder", municipality=member.municipality)
    SubstituteAssignment.objects.create(membership=member, person=substitute, starts_on=SEATED_ON)
    services.record_absence_notice(meeting, membership=member, actor=staff_user, now=at(2026, 5, 10, 9))
    mark(meeting, [substitute])
    with pytest.raises(RuleViolation, match="kun én gang"):
        mark(meeting, [member.person])
    attendance = Attendance.objects.get(person=substitute)
    assert (attendance.capacity, attendance.membership) == (Attendance.Capacity.SUBSTITUTE, member)
    assert queries.meeting_quorum(meeting).present == 1


def test_FO_3_9_a_substitute_without_a_notice_or_leave_is_not_on_the_sheet(meeting, members, staff_user):
    substitute = Person.objects.create(name="Stedfortræder", municipality=members[3].municipality)
    SubstituteAssignment.objects.create(membership=members[3], person=substitute, starts_on=SEATED_ON)
    with pytest.raises(RuleViolation, match="Medlem 04 har ikke meldt afbud inden mødet"):
        mark(meeting, [substitute])


def test_B1_1_5_observers_are_recorded_but_never_count_for_quorum(meeting, members, nordjylland):
    observer = Person.objects.create(name="KL-bestyrelsesmedlem")
    Observer.objects.create(council=nordjylland, person=observer, capacity="KL's bestyrelse", starts_on=SEATED_ON)
    mark(meeting, [observer, members[0].person])
    assert queries.meeting_quorum(meeting).present == 1


def test_B1_1_6_a_substitute_stepping_in_for_a_leave_counts_for_the_seat(meeting, members):
    member = members[3]
    substitute = Person.objects.create(name="Stedfortræder", municipality=member.municipality)
    SubstituteAssignment.objects.create(membership=member, person=substitute, starts_on=SEATED_ON)
    Leave.objects.create(membership=member, kind=Leave.Kind.RELIEVED, starts_on=SEATED_ON, reason="Orlov")
    mark(meeting, [substitute])
    assert Attendance.objects.get().capacity == Attendance.Capacity.SUBSTITUTE
    assert queries.meeting_quorum(meeting).present == 1


@pytest.mark.parametrize(("present", "quorate"), [(2, True), (1, False)])
def test_FO_3_7_exactly_half_of_the_members_is_quorate(meeting, members, present, quorate):
    mark(meeting, [m.person for m in members[:present]])
    result = queries.meeting_quorum(meeting)
    assert (result.members, result.required, result.is_quorate) == (4, 2, quorate)


def test_FO_3_7_a_decision_without_quorum_is_refused(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [members[0].person])
    with pytest.raises(RuleViolation, match="ikke beslutningsdygtigt"):
        services.record_vote(item, actor=staff_user, votes_for=1, votes_against=0)
    with pytest.raises(RuleViolation, match="ikke beslutningsdygtigt"):
        services.record_decision(item, actor=staff_user, decision="Godkendt")
    item.refresh_from_db()
    assert item.decision == "" and not item.votes.exists()


def test_FO_3_7_a_tie_is_decided_by_the_chairs_vote(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members])
    vote = services.record_vote(item, actor=staff_user, votes_for=2, votes_against=2, casting_vote="against")
    assert (vote.is_adopted, vote.is_decided_by_casting_vote, vote.casting_holder) == (False, True, members[0].person)
    assert (
        vote.minutes_sentence
        == "Indstillingen blev forkastet med 2 stemmer for og 2 imod; formandens stemme gjorde udslaget."
    )
    assert vote.history.get().history_user == staff_user


def test_FO_3_5_the_vice_chair_leads_when_the_chair_is_absent_and_casts_the_vote_by_policy(
    meeting, members, staff_user
):
    RuleSet.objects.filter(periods__meetings=meeting).update(casting_vote=RuleSet.CastingVote.LEADER)
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members[1:]])
    assert queries.meeting_leader(meeting) == members[1].person
    vote = services.record_vote(item, actor=staff_user, votes_for=1, votes_against=1, abstentions=1, casting_vote="for")
    assert (vote.is_adopted, vote.casting_holder) == (True, members[1].person)
    assert "mødelederens stemme gjorde udslaget" in vote.minutes_sentence


def test_FO_3_7_a_tie_the_chair_did_not_break_is_not_adopted(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members])
    vote = services.record_vote(item, actor=staff_user, votes_for=1, votes_against=1, abstentions=2)
    assert vote.is_adopted is False and "ikke vedtaget" in vote.minutes_sentence


def test_FO_3_7_more_votes_than_voters_present_is_refused(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members[:2]])
    with pytest.raises(RuleViolation, match="flere stemmer"):
        services.record_vote(item, actor=staff_user, votes_for=3, votes_against=0)


def test_FO_3_4_FO_3_9_the_minutes_list_the_absent_and_the_substitutes_who_attended(meeting, members, staff_user):
    member = members[3]
    substitute = Person.objects.create(name="Stedfortræder", municipality=member.municipality)
    SubstituteAssignment.objects.create(membership=member, person=substitute, starts_on=SEATED_ON)
    services.record_absence_notice(meeting, membership=member, actor=staff_user, now=at(2026, 5, 10, 9))
    item = services.add_item(meeting, actor=staff_user, title="Hemmelig", is_closed=True)
    mark(meeting, [members[0].person, members[1].person, substitute])
    services.record_decision(item, actor=staff_user, decision="Godkendt")
    with pytest.raises(RuleViolation, match="godkendes"):
        services.publish_minutes(meeting, actor=staff_user)
    services.approve_minutes(meeting, actor=staff_user)
    members_version, public = services.publish_minutes(meeting, actor=staff_user)
    attendance = public.content["attendance"]
    assert attendance["substitutes"] == ["Stedfortræder, Aalborg deltog som stedfortræder for Medlem 04"]
    assert attendance["absent"] == ["Medlem 03, Aalborg (A)"] and attendance["absent_notice"] == [
        "Medlem 04, Aalborg (A)"
    ]
    assert public.content["leader"] == "Medlem 01"
    assert (
        "decision" not in public.content["items"][0] and members_version.content["items"][0]["decision"] == "Godkendt"
    )
