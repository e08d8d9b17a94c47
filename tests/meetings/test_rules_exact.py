"""The rules exact in every case, and one submission, one vote, by rule id."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from kkr.errors import RuleViolation
from meetings import queries, services
from meetings.models import ItemProposal, Vote
from members.models import RuleSet
from tests.builders import at

pytestmark = pytest.mark.django_db


def mark(meeting, people, present=True, actor=None):
    for person in people:
        services.record_attendance(meeting, person=person, is_present=present, actor=actor)


# --- FO 3.7 the casting vote belongs to the leader who is present ------------------------------------


def test_fo_3_7_an_absent_chair_has_no_casting_vote(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members[1:]])  # the chair (members[0]) is absent
    holder_kind, holder = queries.casting_holder(meeting, queries.meeting_roster(meeting))
    assert holder is None
    with pytest.raises(RuleViolation, match="ikke til stede"):
        services.record_vote(item, actor=staff_user, votes_for=1, votes_against=1, abstentions=1, casting_vote="for")
    assert not item.votes.exists()
    vote = services.record_vote(item, actor=staff_user, votes_for=1, votes_against=1, abstentions=1)
    assert (vote.is_adopted, vote.is_decided_by_casting_vote, vote.casting_holder) == (False, False, None)
    assert "udslaget" not in vote.minutes_sentence
    assert "formanden var ikke til stede" in vote.minutes_sentence


def test_fo_3_7_a_present_chair_casts_the_deciding_vote(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members])
    vote = services.record_vote(item, actor=staff_user, votes_for=2, votes_against=2, casting_vote="for")
    assert (vote.is_adopted, vote.casting_holder) == (True, members[0].person)


def test_fo_3_7_with_no_leader_present_a_tie_is_not_carried(meeting, members, staff_user, nordjylland, period):
    from members.models import Membership

    for n in (1, 2):  # two more members, so the four without chair and vice-chair are quorate
        person = members[2].person.__class__.objects.create(name=f"Ekstra {n}", municipality=members[2].municipality)
        Membership.objects.create(
            council=nordjylland,
            period=period,
            person=person,
            kind=Membership.Kind.PARTY_ELECTED,
            party=members[2].party,
            municipality=members[2].municipality,
            starts_on=members[2].starts_on,
        )
    RuleSet.objects.filter(periods__meetings=meeting).update(casting_vote=RuleSet.CastingVote.LEADER)
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members[2:]])
    mark(meeting, [m.person for m in meeting.council.memberships.filter(person__name__startswith="Ekstra")])
    assert queries.meeting_leader(meeting) is None
    with pytest.raises(RuleViolation, match="ikke til stede"):
        services.record_vote(item, actor=staff_user, votes_for=2, votes_against=2, casting_vote="for")
    vote = services.record_vote(item, actor=staff_user, votes_for=2, votes_against=2)
    assert vote.is_adopted is False and "mødelederen var ikke til stede" in vote.minutes_sentence


def test_fo_3_7_the_vote_form_offers_the_casting_choice_only_when_a_holder_is_present(
    client, meeting, members, staff_user
):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    client.force_login(staff_user)
    url = reverse("meetings:vote-create", args=[meeting.council.slug, item.pk])
    mark(meeting, [m.person for m in members[1:]])
    page = client.get(url).content.decode()
    assert 'name="casting_vote"' not in page
    mark(meeting, [members[0].person])
    page = client.get(url).content.decode()
    assert 'name="casting_vote"' in page


# --- one submission, one vote; a mistaken vote is corrected with history ------------


def test_fo_3_7_one_submission_gives_one_vote(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members])
    token = uuid.uuid4()
    first = services.record_vote(item, actor=staff_user, votes_for=3, votes_against=1, token=token)
    again = services.record_vote(item, actor=staff_user, votes_for=3, votes_against=1, token=token)
    assert first.pk == again.pk and item.votes.count() == 1
    services.record_vote(item, actor=staff_user, votes_for=3, votes_against=1, token=uuid.uuid4())
    assert item.votes.count() == 2  # a second division is a new submission


def test_fo_3_7_a_repeated_post_of_the_vote_form_records_one_vote(client, meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members])
    client.force_login(staff_user)
    url = reverse("meetings:vote-create", args=[meeting.council.slug, item.pk])
    page = client.get(url).content.decode()  # the form, with the token of this one submission
    token = page.split('name="token" value="')[1].split('"')[0]
    data = {"subject": "Indstillingen", "votes_for": 3, "votes_against": 1, "abstentions": 0, "token": token}
    for _ in range(3):
        assert client.post(url, data).status_code == 302
    assert item.votes.count() == 1


def test_fo_3_7_a_mistaken_vote_is_corrected_with_history_before_the_minutes_are_approved(meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members])
    vote = services.record_vote(item, actor=staff_user, votes_for=3, votes_against=1)
    with pytest.raises(RuleViolation, match="begrundelse"):
        services.correct_vote(vote, actor=staff_user, reason=" ", votes_for=1, votes_against=3)
    vote = services.correct_vote(vote, actor=staff_user, reason="Tastefejl", votes_for=1, votes_against=3)
    assert vote.is_adopted is False and "forkastet med 1 stemme for og 3 imod" in vote.minutes_sentence
    assert vote.history.first().history_change_reason == "Tastefejl" and vote.history.count() == 2
    duplicate = services.record_vote(item, actor=staff_user, votes_for=1, votes_against=3)
    services.remove_vote(duplicate, actor=staff_user, reason="Registreret to gange")
    assert list(item.votes.all()) == [vote]
    assert Vote.history.filter(id=duplicate.pk, history_type="-").get().history_change_reason == (
        "Registreret to gange"
    )
    services.approve_minutes(meeting, actor=staff_user)
    with pytest.raises(RuleViolation, match="godkendt"):
        services.correct_vote(vote, actor=staff_user, reason="Sent", votes_for=3, votes_against=1)
    with pytest.raises(RuleViolation, match="godkendt"):
        services.remove_vote(vote, actor=staff_user, reason="Sent")
    vote.refresh_from_db()
    assert vote.votes_for == 1


def test_fo_3_7_staff_correct_a_vote_on_the_sitting_page(client, meeting, members, staff_user):
    item = services.add_item(meeting, actor=staff_user, title="Beslutning")
    mark(meeting, [m.person for m in members])
    vote = services.record_vote(item, actor=staff_user, votes_for=3, votes_against=1)
    client.force_login(staff_user)
    slug = meeting.council.slug
    page = client.get(reverse("meetings:meeting-sitting", args=[slug, meeting.pk])).content.decode()
    assert reverse("meetings:vote-correct", args=[slug, vote.pk]) in page
    data = {"subject": "Indstillingen", "votes_for": 1, "votes_against": 3, "abstentions": 0, "reason": "Tastefejl"}
    assert client.post(reverse("meetings:vote-correct", args=[slug, vote.pk]), data).status_code == 302
    vote.refresh_from_db()
    assert (vote.votes_for, vote.votes_against) == (1, 3)
    client.post(reverse("meetings:vote-remove", args=[slug, vote.pk]), {"reason": "Dublet"})
    assert not item.votes.exists()


# --- FO 3.2 in time is judged against the meeting's current date -------------------------------------


def test_fo_3_2_moving_the_meeting_earlier_makes_an_in_time_proposal_late(meeting, members, staff_user):
    proposal = services.submit_proposal(
        meeting, proposer=members[2].person, title="Trafik", text="Busdrift", actor=None, received_at=at(2026, 5, 2, 23)
    )
    assert proposal.is_in_time
    services.update_meeting(meeting, actor=staff_user, starts_at=at(2026, 5, 11, 10))  # deadline now 1 May
    proposal.refresh_from_db()
    assert not proposal.is_in_time
    services.decline_proposal(proposal, actor=staff_user, note="For sent efter flytningen")


def test_fo_3_2_moving_the_meeting_later_makes_a_late_proposal_in_time(meeting, members, staff_user):
    proposal = services.submit_proposal(
        meeting, proposer=members[2].person, title="Trafik", text="Busdrift", actor=None, received_at=at(2026, 5, 3, 9)
    )
    assert not proposal.is_in_time
    services.decline_proposal(proposal, actor=staff_user, note="For sent")
    services.update_meeting(meeting, actor=staff_user, starts_at=at(2026, 5, 14, 10))  # deadline now 4 May
    proposal.refresh_from_db()
    assert proposal.is_in_time and proposal.status == ItemProposal.Status.RECEIVED
    services.add_item(meeting, actor=staff_user, title="Meddelelser")  # an agenda with items, only the proposal missing
    with pytest.raises(RuleViolation, match="Rettidige medlemsforslag mangler"):
        services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 6, 9))


def test_fo_3_2_a_later_date_on_the_same_meeting_keeps_the_deadline_boundary(meeting, members, staff_user):
    proposal = services.submit_proposal(
        meeting, proposer=members[2].person, title="Trafik", text="Busdrift", actor=None, received_at=at(2026, 5, 4, 0)
    )
    assert not proposal.is_in_time
    services.update_meeting(meeting, actor=staff_user, starts_at=at(2026, 5, 13, 10))  # deadline 3 May 23:59:59
    proposal.refresh_from_db()
    assert not proposal.is_in_time
    services.update_meeting(meeting, actor=staff_user, starts_at=at(2026, 5, 14, 10))  # deadline 4 May
    proposal.refresh_from_db()
    assert proposal.is_in_time


# --- FO 3.0 and B1 1.8 -----------------------------------------------------------------------------


def test_fo_3_0_meetings_are_closed_but_agenda_and_minutes_are_published(client, meeting, members, staff_user):
    services.add_item(meeting, actor=staff_user, title="Åbent punkt")
    services.add_item(meeting, actor=staff_user, title="Fortroligt", case_presentation="Personsag", is_closed=True)
    sitting = reverse("meetings:meeting-sitting", args=[meeting.council.slug, meeting.pk])
    assert client.get(sitting).status_code in (302, 403)  # the sitting itself is not public
    _members_version, public = services.publish_agenda(meeting, actor=staff_user, now=at(2026, 5, 4, 9))
    closed = public.content["items"][1]
    assert closed["is_closed"] and "case_presentation" not in closed
    mark(meeting, [m.person for m in members])
    services.approve_minutes(meeting, actor=staff_user)
    _members_minutes, public_minutes = services.publish_minutes(meeting, actor=staff_user)
    assert public_minutes.is_public


def test_b1_1_8_a_member_who_gives_notice_is_replaced_by_the_personal_substitute_for_that_meeting_only(
    meeting, members, staff_user, nordjylland, period
):
    from meetings.models import Meeting
    from members.models import Person, SubstituteAssignment
    from tests.builders import SEATED_ON

    member = members[3]
    substitute = Person.objects.create(name="Stedfortræder", municipality=member.municipality)
    SubstituteAssignment.objects.create(membership=member, person=substitute, starts_on=SEATED_ON)
    with pytest.raises(RuleViolation, match="inden mødet"):
        services.record_absence_notice(meeting, membership=member, actor=staff_user, now=at(2026, 5, 12, 10))
    services.record_absence_notice(meeting, membership=member, actor=staff_user, now=at(2026, 5, 12, 9, 59))
    services.record_attendance(meeting, person=substitute, is_present=True, actor=staff_user)
    assert queries.meeting_quorum(meeting).present == 1
    with pytest.raises(RuleViolation, match="én gang"):
        services.record_attendance(meeting, person=member.person, is_present=True, actor=staff_user)
    later = Meeting.objects.create(council=nordjylland, period=period, starts_at=at(2026, 6, 9, 10), location="X")
    with pytest.raises(RuleViolation, match="ikke meldt afbud inden mødet"):
        services.record_attendance(later, person=substitute, is_present=True, actor=staff_user)


# --- FO 3.9 the minutes and the quorum base agree on who counts ----------------------------------------


def test_fo_3_9_the_minutes_list_a_member_on_leave_without_a_substitute_as_absent(meeting, members, staff_user):
    from members.models import Leave

    Leave.objects.create(
        membership=members[3],
        starts_on=date(2026, 4, 1),
        kind=Leave.Kind.RELIEVED,
        status=Leave.Status.APPROVED,
    )
    mark(meeting, [m.person for m in members[:3]])
    assert queries.meeting_quorum(meeting).members == 4
    services.approve_minutes(meeting, actor=staff_user)
    _members_version, public = services.publish_minutes(meeting, actor=staff_user)
    assert public.content["attendance"]["absent"] == ["Medlem 04, Aalborg (A) – orlov uden stedfortræder"]


# --- Rule-set switches (SPEC §1 "What differs under the 2010 rules"; FO 3.7 quorum base) ---------------


def test_fo_3_2_b1_1_5_2010_the_2010_rule_sets_carry_the_2010_switches(reference_data):
    for rules in RuleSet.objects.filter(name__startswith="Forretningsorden for KKR 2010"):
        assert rules.proposal_right_every_meeting and not rules.proposal_in_writing
        assert rules.deputy_mayor_replaces_relieved_mayor and not rules.party_change_rules
        assert rules.meetings_per_year == 4  # "fire til fem" (seed 001): the plan warns below four
        assert rules.quorum_base == RuleSet.QuorumBase.FILLED
    for rules in RuleSet.objects.exclude(name__startswith="Forretningsorden for KKR 2010"):
        assert not rules.proposal_right_every_meeting and rules.proposal_in_writing
        assert not rules.deputy_mayor_replaces_relieved_mayor and rules.party_change_rules
        assert rules.meetings_per_year == 5


def test_fo_3_2_2010_a_proposal_for_an_extraordinary_meeting_is_binding_under_the_2010_rules(
    nordjylland, period, members, staff_user
):
    extra = services.plan_meeting(
        nordjylland, actor=staff_user, kind="extraordinary", starts_at=at(2026, 6, 2, 10), location="Aalborg"
    )
    late = at(2026, 6, 1, 12)
    assert not services.submit_proposal(
        extra, proposer=members[2].person, title="A", text="T", actor=None, received_at=late
    ).is_in_time
    RuleSet.objects.filter(pk=period.rule_set_id).update(proposal_right_every_meeting=True, proposal_deadline_days=None)
    extra.refresh_from_db()
    assert services.submit_proposal(
        extra, proposer=members[2].person, title="B", text="T", actor=None, received_at=late
    ).is_in_time


def test_fo_3_2_2010_an_oral_proposal_counts_only_where_no_written_form_is_required(meeting, members, period):
    with pytest.raises(RuleViolation, match="skriftligt"):
        services.submit_proposal(
            meeting,
            proposer=members[2].person,
            title="A",
            text="T",
            actor=None,
            received_at=at(2026, 4, 1, 9),
            in_writing=False,
        )
    RuleSet.objects.filter(pk=period.rule_set_id).update(proposal_in_writing=False)
    meeting.refresh_from_db()
    proposal = services.submit_proposal(
        meeting,
        proposer=members[2].person,
        title="A",
        text="T",
        actor=None,
        received_at=at(2026, 4, 1, 9),
        in_writing=False,
    )
    assert proposal.is_in_time


def test_fo_3_2_a_substitutes_proposal_is_the_chairs_choice_unless_attending_in_the_members_place(
    meeting, members, staff_user
):
    from members.models import Person, SubstituteAssignment
    from tests.builders import SEATED_ON

    sub = Person.objects.create(name="Stedfortræder", municipality=members[3].municipality)
    SubstituteAssignment.objects.create(membership=members[3], person=sub, starts_on=SEATED_ON)
    early = at(2026, 4, 1, 9)
    assert not services.submit_proposal(
        meeting, proposer=sub, title="A", text="T", actor=None, received_at=early
    ).is_in_time
    services.record_absence_notice(meeting, membership=members[3], actor=staff_user, now=at(2026, 4, 2, 9))
    assert services.submit_proposal(
        meeting, proposer=sub, title="B", text="T", actor=None, received_at=early
    ).is_in_time
    outsider = Person.objects.create(name="Udenforstående", municipality=members[3].municipality)
    with pytest.raises(RuleViolation, match="medlem"):
        services.submit_proposal(meeting, proposer=outsider, title="C", text="T", actor=None, received_at=early)


@pytest.mark.parametrize(("base", "quorate"), [("filled", True), ("seats", False)])
def test_fo_3_7_the_quorum_base_is_filled_seats_or_all_seats_by_rule_set_policy(
    meeting, members, period, nordjylland, base, quorate
):
    from members.models import Party, SeatEntitlement

    SeatEntitlement.objects.create(
        council=nordjylland, period=period, party=Party.objects.get(letter="A"), seats=6, mayors=0
    )
    RuleSet.objects.filter(pk=period.rule_set_id).update(quorum_base=base)
    meeting.refresh_from_db()
    mark(meeting, [m.person for m in members[:2]])  # 2 of 4 filled seats; 2 of 6 seats
    result = queries.meeting_quorum(meeting)
    assert (result.members, result.is_quorate) == ((4 if base == "filled" else 6), quorate)


def test_fo_3_1_the_annual_plan_warns_when_it_has_fewer_ordinary_meetings_than_the_rule_set_expects(
    client, meeting, staff_user, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: date(2026, 1, 5))
    client.force_login(staff_user)
    url = reverse("meetings:meeting-list", args=[meeting.council.slug])
    page = client.get(url).content.decode()
    assert "2026: 1 ordinært møde i planen; regelsættet forventer 5 (FO 3.1)." in page
    for month in (3, 6, 9, 11):
        services.plan_meeting(
            meeting.council, actor=staff_user, kind="ordinary", starts_at=at(2026, month, 3, 10), location="X"
        )
    page = client.get(url).content.decode()
    assert "regelsættet forventer" not in page


# --- B1 1.7 approval is not retroactive; pending the decision the substitute is summoned ----------------


def test_b1_1_7_approving_a_leave_does_not_rewrite_the_roster_before_the_decision(meeting, members, staff_user):
    from members.models import Leave, Person, SubstituteAssignment
    from members.queries import roster
    from members.services import decide_leave, register_leave
    from tests.builders import SEATED_ON

    member = members[3]
    sub = Person.objects.create(name="Stedfortræder", municipality=member.municipality)
    SubstituteAssignment.objects.create(membership=member, person=sub, starts_on=SEATED_ON)
    leave = register_leave(
        member,
        kind=Leave.Kind.PREVENTED,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 9, 30),
        reason="Syg",
        actor=staff_user,
    )
    services.record_attendance(meeting, person=sub, is_present=True, actor=staff_user)  # summoned (B1 1.7)
    assert queries.meeting_quorum(meeting).present == 1
    decide_leave(leave, approved=True, decided_on=date(2026, 5, 12), actor=staff_user)
    before = roster(meeting.council, on=date(2026, 5, 1)).seat_of(member.person.pk)
    assert before is not None and not before.substitute_stepped_in
    after = roster(meeting.council, on=date(2026, 5, 13)).seat_of(sub.pk)
    assert after is not None and after.substitute_stepped_in
