"""Elections of representatives at a meeting: § 24 stk. 1 (majority) and § 24 stk. 3 (proportional), FO 3.8."""

from datetime import date

import pytest

from appointments import voting
from appointments.models import Appointment, Election, Seat
from kkr.errors import RuleViolation
from tests.builders import politician

from .conftest import political_seats, seat_present

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(reference_data):
    return [politician(name, "Aalborg", letter=letter) for name, letter in [("Ane", "A"), ("Bo", "V"), ("Cai", "F")]]


@pytest.fixture
def single(meeting, erhvervshus, candidates, item):
    target = political_seats(erhvervshus, meeting.council)[:1]
    return voting.start_election(
        meeting, body=erhvervshus, seats=target, candidates=candidates, agenda_item=item, actor=None
    )


def ids(candidates):
    return [p.pk for p in candidates]


def test_s_24_stk_1_round_1_more_than_half_of_those_present_is_elected(meeting, single, candidates):
    seat_present(meeting, 9)
    a, b, c = ids(candidates)
    election = voting.record_round(single, tally={a: 5, b: 4}, actor=None)
    assert election.state == Election.State.DECIDED
    assert election.result == {"elected": a}


def test_s_24_stk_1_exactly_half_of_those_present_is_not_enough(meeting, single, candidates):
    seat_present(meeting, 10)
    a, b, c = ids(candidates)
    election = voting.record_round(single, tally={a: 5, b: 3}, actor=None)  # 5 of 10 present: not more than half
    assert election.state == Election.State.OPEN
    assert election.rounds[0]["status"] == "next_round"


def test_s_24_stk_1_round_2_the_only_candidate_with_votes_is_elected(meeting, single, candidates):
    seat_present(meeting, 10)
    a, b, c = ids(candidates)
    voting.record_round(single, tally={a: 5, b: 5}, actor=None)
    election = voting.record_round(single, tally={a: 4, b: 0}, actor=None)
    assert election.result == {"elected": a}


def test_s_24_stk_1_round_3_is_a_run_off_between_the_two_with_most_votes(meeting, single, candidates):
    seat_present(meeting, 10)
    a, b, c = ids(candidates)
    voting.record_round(single, tally={a: 4, b: 3, c: 3}, actor=None)
    election = voting.record_round(single, tally={a: 4, b: 3, c: 2}, actor=None)
    assert election.rounds[1]["status"] == "run_off" and election.rounds[1]["run_off"] == [str(a), str(b)]
    with pytest.raises(RuleViolation, match="bundne afstemning"):
        voting.record_round(single, tally={c: 5}, actor=None)
    election = voting.record_round(single, tally={a: 4, b: 5}, actor=None)
    assert election.result == {"elected": b}
    assert [r["number"] for r in election.rounds] == [1, 2, 3]


def test_s_24_stk_1_a_tie_for_the_run_off_places_and_in_round_3_goes_to_lot_recorded(meeting, single, candidates):
    seat_present(meeting, 10)
    a, b, c = ids(candidates)
    voting.record_round(single, tally={a: 4, b: 3, c: 3}, actor=None)
    election = voting.record_round(single, tally={a: 4, b: 3, c: 3}, actor=None)
    assert election.state == Election.State.AWAITING_LOT
    assert election.rounds[1]["tied"] == sorted([str(b), str(c)])
    election = voting.record_majority_lot(election, chosen=c, actor=None)
    assert election.rounds[1]["run_off"] == [str(a), str(c)]
    assert election.rounds[1]["lots"] == [{"tied": sorted([str(b), str(c)]), "chosen": str(c), "seat": None}]
    election = voting.record_round(election, tally={a: 5, c: 5}, actor=None)
    assert election.state == Election.State.AWAITING_LOT
    election = voting.record_majority_lot(election, chosen=a, actor=None)
    assert election.result == {"elected": a}


def test_s_24_stk_1_more_votes_than_members_present_is_refused_and_changes_nothing(meeting, single, candidates):
    seat_present(meeting, 3)
    a, b, c = ids(candidates)
    with pytest.raises(RuleViolation, match="kun 3 medlemmer"):
        voting.record_round(single, tally={a: 2, b: 2}, actor=None)
    single.refresh_from_db()
    assert single.rounds == []


def test_confirming_a_majority_election_appoints_and_writes_the_minutes(meeting, single, candidates, staff_user, item):
    seat_present(meeting, 5)
    a = candidates[0].pk
    voting.record_round(single, tally={a: 3}, actor=staff_user)
    [appointment] = voting.confirm_election(single, actor=staff_user)
    assert (appointment.person, appointment.method, appointment.meeting) == (candidates[0], "majority", meeting)
    assert appointment.starts_on == date(2026, 3, 10) and appointment.agenda_item == item
    item.refresh_from_db()
    assert "Ane" in item.decision and "§ 24 stk. 1" in item.decision


# --- § 24 stk. 3 ---


@pytest.fixture
def three_seats(meeting, erhvervshus):
    return voting.start_election(
        meeting, body=erhvervshus, seats=political_seats(erhvervshus, meeting.council), actor=None
    )


def declare(election, name, members, nominees, accepts=None):
    return voting.declare_group(election, name=name, members=members, nominees=nominees, accepts=accepts, actor=None)


def test_s_24_stk_3_seats_by_dhondt_on_group_sizes(meeting, three_seats, candidates, staff_user):
    voters = seat_present(meeting, 7)
    ane, bo, cai = candidates
    election = declare(three_seats, "A+F", voters[:4], [ane, cai])
    assert [p.name for p in voting.undeclared(election, voters)] == [v.name for v in voters[4:]]
    declare(three_seats, "V", voters[4:], [bo])
    election = voting.allocate(three_seats, actor=None)  # quotients 4, 3, 2 → A+F, V, A+F
    assert election.result["order"] == ["A+F", "V", "A+F"]
    appointments = voting.confirm_election(election, actor=staff_user)
    assert [(a.person, a.group, a.method) for a in appointments] == [
        (ane, "A+F", "proportional"),
        (bo, "V", "proportional"),
        (cai, "A+F", "proportional"),
    ]


def test_s_24_stk_3_a_group_naming_too_few_persons_passes_the_surplus_on(meeting, three_seats, candidates):
    voters = seat_present(meeting, 7)
    ane, bo, cai = candidates
    declare(three_seats, "A+F", voters[:6], [ane])  # would win all three
    declare(three_seats, "V", voters[6:], [bo, cai])
    election = voting.allocate(three_seats, actor=None)
    assert election.result["seats"] == {"A+F": 1, "V": 2}


def test_s_24_stk_3_a_waived_seat_passes_to_the_next_quotient(meeting, three_seats, candidates):
    voters = seat_present(meeting, 7)
    ane, bo, cai = candidates
    extra = politician("Dea", "Aalborg", letter="A")
    declare(three_seats, "A+F", voters[:5], [ane, cai, extra], accepts=1)
    declare(three_seats, "V", voters[5:], [bo, politician("Eva", "Hjørring")])
    election = voting.allocate(three_seats, actor=None)
    assert election.result["seats"] == {"A+F": 1, "V": 2}


def test_s_24_stk_3_equal_quotients_go_to_lot_recorded(meeting, three_seats, candidates):
    voters = seat_present(meeting, 6)
    ane, bo, cai = candidates
    declare(three_seats, "A+F", voters[:3], [ane, cai])
    declare(three_seats, "V", voters[3:], [bo, politician("Eva", "Hjørring")])
    election = voting.allocate(three_seats, actor=None)
    assert election.state == Election.State.AWAITING_LOT
    assert election.result["tie"] == {"tied": ["A+F", "V"], "seat": 1}
    election = voting.record_proportional_lot(election, chosen="V", actor=None)
    # seat 1 by lot to V; seat 2 to A+F (3/1 > 3/2); seat 3 by a second lot (3/2 = 3/2)
    assert election.state == Election.State.AWAITING_LOT and election.result["tie"]["seat"] == 3
    election = voting.record_proportional_lot(election, chosen="A+F", actor=None)
    assert election.result["order"] == ["V", "A+F", "A+F"]
    assert [lot["chosen"] for lot in election.lots] == ["V", "A+F"]
    assert [lot["seat"] for lot in election.lots] == [1, 3]


def test_s_24_stk_3_each_member_present_declares_one_group(meeting, three_seats, candidates):
    voters = seat_present(meeting, 4)
    declare(three_seats, "A", voters[:2], candidates[:1])
    with pytest.raises(RuleViolation, match="allerede anmeldt"):
        declare(three_seats, "B", voters[1:], candidates[1:])
    from members.models import Person

    absent = Person.objects.create(name="Fraværende")
    with pytest.raises(RuleViolation, match="ikke til stede: Fraværende"):
        declare(three_seats, "C", [absent], candidates[2:])


def test_s_24_stk_3_a_unanimous_departure_is_recorded_as_such(meeting, three_seats, candidates, staff_user):
    seat_present(meeting, 4)
    seats = {s.pk: p for s, p in zip(political_seats(three_seats.body, meeting.council), candidates, strict=True)}
    election = voting.depart_unanimously(three_seats, assignments=seats, note="Enstemmigt vedtaget", actor=None)
    appointments = voting.confirm_election(election, actor=staff_user)
    assert {a.method for a in appointments} == {Appointment.Method.UNANIMOUS}
    assert election.is_unanimous_departure


def test_fo_3_8_an_ineligible_nominee_refuses_the_whole_confirmation(meeting, three_seats, candidates):
    voters = seat_present(meeting, 3)
    outsider = politician("Kim København", "København")
    declare(three_seats, "Alle", voters, [candidates[0], outsider, candidates[1]])
    election = voting.allocate(three_seats, actor=None)
    with pytest.raises(RuleViolation, match="FO 3.8"):
        voting.confirm_election(election, actor=None)
    assert not Appointment.objects.exists()
    assert Election.objects.get().state == Election.State.DECIDED


def test_a_majority_election_needs_seats_of_the_meetings_council(meeting, erhvervshus, candidates, hovedstaden):
    other = Seat.objects.filter(council=hovedstaden).first()
    with pytest.raises(RuleViolation, match="rådet"):
        voting.start_election(meeting, body=erhvervshus, seats=[other], candidates=candidates, actor=None)


def test_every_step_of_an_election_is_kept_in_history_with_the_user(meeting, single, candidates, staff_user):
    seat_present(meeting, 3)
    voting.record_round(single, tally={candidates[0].pk: 2}, actor=staff_user)
    voting.confirm_election(single, actor=staff_user)
    reasons = list(single.history.order_by("history_date").values_list("history_change_reason", "history_user"))
    assert [r for r, _ in reasons][-2:] == ["1. afstemning (§ 24 stk. 1)", "Udpegningen registreret"]
    assert {u for _, u in reasons[1:]} == {staff_user.pk}


def test_FO_3_9_only_those_present_at_the_elections_item_vote(meeting, single, item, candidates):
    """FO 3.9: a member who arrives after the election's item is not among its voters."""
    from meetings.models import AgendaItem, PresenceSpan

    AgendaItem.objects.create(meeting=meeting, position=2, title="Eventuelt")
    present = seat_present(meeting, 4)
    late = meeting.attendances.get(person=present[3])
    PresenceSpan.objects.create(attendance=late, from_position=2)
    assert [p.name for p in voting.voters_present(meeting, item)] == ["Medlem 01", "Medlem 02", "Medlem 03"]
    assert len(voting.voters_present(meeting)) == 4  # present at some point of the meeting
    a, b, _ = ids(candidates)
    with pytest.raises(RuleViolation, match="4 stemmer, men kun 3 medlemmer er til stede"):
        voting.record_round(single, tally={a: 2, b: 2}, actor=None)
