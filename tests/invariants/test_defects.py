"""The defects the invariants state machine found, one regression test each (named by the rule they broke)."""

from datetime import date, timedelta

import pytest

from kkr.errors import RuleViolation
from members import services
from tests.builders import entitle, make_staff, politician

from . import checks

pytestmark = pytest.mark.django_db
DAY = date(2026, 2, 2)


def test_b1_1_1_a_member_joining_before_a_later_dated_seat_of_the_party_may_not_exceed_its_seats(nordjylland, period):
    council = nordjylland
    """The free-seat check counted the party's seats on the new member's first day only: a seat dated to begin
    later was not seen, and from its first day the party held more seats than it is entitled to."""
    staff = make_staff(council)
    entitle(council, period, "A", seats=2)
    first, later, third = (politician(name, town, letter="A") for name, town in (
        ("Anna A", "Aalborg"), ("Bo A", "Hjørring"), ("Cai A", "Frederikshavn"),
    ))  # fmt: skip
    services.add_member(council, person=first, starts_on=DAY, actor=staff)
    services.add_member(council, person=later, starts_on=DAY + timedelta(days=30), actor=staff)

    with pytest.raises(RuleViolation, match="B1 1.1"):
        services.add_member(council, person=third, starts_on=DAY + timedelta(days=5), actor=staff)
    checks.roster_within_composition(council, period)


def sitting(council, period, *, on=DAY + timedelta(days=14)):
    """Anna A (chair) and Dea V sit, Cai A is Anna's personal substitute; a meeting ``on`` with two items."""
    from datetime import datetime, time

    from meetings import services as meetings
    from meetings.models import Meeting
    from members.deadlines import COPENHAGEN
    from members.models import ChairRole

    staff = make_staff(council)
    entitle(council, period, "A", seats=2)
    entitle(council, period, "V", seats=1)
    anna, cai, dea = politician("Anna A", "Aalborg", letter="A"), politician("Cai A", "Frederikshavn", letter="A"), (
        politician("Dea V", "Thisted", letter="V")
    )  # fmt: skip
    seat = services.add_member(council, person=anna, starts_on=DAY, actor=staff)
    services.add_member(council, person=dea, starts_on=DAY, actor=staff)
    services.assign_substitute(seat, cai, starts_on=DAY, actor=staff)
    services.elect_chair(seat, role=ChairRole.Role.CHAIR, starts_on=DAY, actor=staff)
    meeting = meetings.plan_meeting(council, actor=staff, kind=Meeting.Kind.ORDINARY, location="Aalborg Rådhus",
                                    starts_at=datetime.combine(on, time(10), tzinfo=COPENHAGEN))  # fmt: skip
    for title in ("Trafikplan", "Budget"):
        meetings.add_item(meeting, actor=staff, title=title)
    return staff, meeting, seat, (anna, cai, dea)


def test_fo_3_7_all_present_counts_a_seat_once_when_a_leave_gave_it_to_the_substitute_after_attendance(
    nordjylland, period
):
    """ "Alle til stede" looked for the seats already taken among the sheet's rows only: after a leave registered
    later gave the seat to the personal substitute (B1 1.6), the member's attendance row was no longer on the sheet,
    and marking everyone present inserted the seat a second time (a 500: the database's unique constraint)."""
    from meetings import services as meetings
    from members.models import Leave

    staff, meeting, seat, (anna, cai, dea) = sitting(nordjylland, period)
    during = meeting.starts_at + timedelta(minutes=30)
    assert meetings.mark_all_present(meeting, actor=staff, now=during) == 2
    services.register_leave(seat, kind=Leave.Kind.RELIEVED, starts_on=DAY, ends_on=DAY + timedelta(days=210),
                            reason="Orlov", actor=staff)  # fmt: skip

    assert meetings.mark_all_present(meeting, actor=staff, now=during) == 0
    assert not meeting.attendances.filter(person=cai).exists()


def test_fo_3_9_the_minutes_list_a_member_marked_present_before_a_leave_gave_the_seat_to_the_substitute(
    nordjylland, period
):
    """The minutes' list of those present came from the sheet (the roster on the day), the leader, the quorum and
    the votes from the marks: a leave registered after the sitting, from a day before it (B1 1.6), took the chair
    off the sheet, and the minutes named her as leader and counted her seat without listing her as present."""
    from meetings.models import Publication
    from meetings.services.publishing import minutes_contents
    from members.models import Leave

    from .minutes import NAME

    staff, meeting, seat, (anna, cai, dea) = sitting(nordjylland, period)
    from meetings import services as meetings

    meetings.mark_all_present(meeting, actor=staff, now=meeting.starts_at + timedelta(minutes=30))
    services.register_leave(seat, kind=Leave.Kind.RELIEVED, starts_on=DAY, ends_on=DAY + timedelta(days=210),
                            reason="Orlov", actor=staff)  # fmt: skip

    content = minutes_contents(meeting)[Publication.Audience.MEMBERS]
    present = [NAME.match(line).group(1) for line in content["attendance"]["present"]]
    assert content["leader"] == "Anna A" and sorted(present) == ["Anna A", "Dea V"]


def test_fo_3_7_a_departure_registered_after_the_sitting_from_an_earlier_day_keeps_the_seats_marked_present(
    nordjylland, period
):
    """The quorum counted the seats marked present against the seats on the roster's day: a member who left the
    council (registered after the sitting, from a day before it) made more seats present than there were, and
    every page and document asking for the quorum failed (``QuorumError``). The seats marked at the meeting
    count, also one the roster no longer has that day."""
    from meetings import services as meetings
    from meetings.queries import at_item, meeting_quorum
    from members.models import EndReason

    staff, meeting, seat, (anna, cai, dea) = sitting(nordjylland, period)
    meetings.mark_all_present(meeting, actor=staff, now=meeting.starts_at + timedelta(minutes=30))
    dea_seat = dea.memberships.get()
    services.record_departure(dea_seat, on=DAY + timedelta(days=3), reason=EndReason.DIED, actor=staff)

    at = at_item(meeting, 1)
    assert (at.quorum.present, at.quorum.members) == (2, 2)
    assert (meeting_quorum(meeting).present, meeting_quorum(meeting).members) == (2, 2)
    checks.votes_agree_with_attendance(meeting)


def test_fo_3_7_a_meeting_with_a_recorded_sitting_is_not_moved_to_another_day(nordjylland, period):
    """Moving a meeting judged its recorded attendance and votes by another day's roster and rules (SPEC §1): a
    tie decided by the chair's casting vote stood in the stored minutes' sentence while the chair of the new day
    was someone else. A meeting whose attendance or votes are recorded keeps its day (its hour may change)."""
    from meetings import services as meetings

    staff, meeting, seat, (anna, cai, dea) = sitting(nordjylland, period)
    meetings.mark_all_present(meeting, actor=staff, now=meeting.starts_at + timedelta(minutes=30))
    item = meeting.items.order_by("position").first()
    meetings.record_vote(item, actor=staff, votes_for=1, votes_against=1, casting_vote="for")

    with pytest.raises(RuleViolation, match="FO 3.7"):
        meetings.update_meeting(meeting, actor=staff, starts_at=meeting.starts_at - timedelta(days=12))
    meeting.refresh_from_db()
    meetings.update_meeting(meeting, actor=staff, starts_at=meeting.starts_at + timedelta(hours=2))
    checks.votes_agree_with_attendance(meeting)


def test_fo_3_5_a_chair_leaving_from_a_day_before_a_sitting_keeps_the_casting_vote_recorded_there(nordjylland, period):
    """The chair broke a tie (FO 3.7); a departure registered afterwards from a day before the meeting ends her
    chair role (B1 1.15), so on the meeting's day the roster has no chair, and the vote's stored sentence
    ("formandens stemme gjorde udslaget") no longer followed from the attendance, which said the chair was not
    present. The chair and the vice-chair of a meeting are now those its attendance sheet recorded when they were
    marked (``Attendance.chair_role``), not today's roster."""
    from meetings import services as meetings
    from members.models import EndReason

    staff, meeting, seat, (anna, cai, dea) = sitting(nordjylland, period)
    meetings.mark_all_present(meeting, actor=staff, now=meeting.starts_at + timedelta(minutes=30))
    item = meeting.items.order_by("position").first()
    meetings.record_vote(item, actor=staff, votes_for=1, votes_against=1, casting_vote="for")
    services.record_departure(seat, on=DAY + timedelta(days=3), reason=EndReason.LEFT_PARTY, actor=staff)

    checks.votes_agree_with_attendance(meeting)


def _chair_leaves_after_a_casting_vote(nordjylland, period, *, last_day_after_meeting: int):
    from meetings import services as meetings
    from members.models import EndReason

    staff, meeting, seat, people = sitting(nordjylland, period)
    meetings.mark_all_present(meeting, actor=staff, now=meeting.starts_at + timedelta(minutes=30))
    item = meeting.items.order_by("position").first()
    meetings.record_vote(item, actor=staff, votes_for=1, votes_against=1, casting_vote="for")
    on = meeting.meets_on + timedelta(days=last_day_after_meeting)
    services.record_departure(seat, on=on, reason=EndReason.LEFT_PARTY, actor=staff)
    return staff, meeting, people


@pytest.mark.parametrize("last_day", [-1, 0, 1], ids=["the-day-before", "the-meeting-day", "the-day-after"])
def test_fo_3_5_the_chair_marked_at_the_sitting_leads_it_in_the_votes_the_minutes_and_the_sitting_page(
    nordjylland, period, client, last_day
):
    """A departure registered after the sitting, whatever its last day: the chair recorded on the sheet leads the
    meeting and holds its casting vote in the vote statements, the minutes and the sitting page alike."""
    from django.urls import reverse

    from meetings import queries
    from meetings.models import Publication
    from meetings.services.publishing import minutes_contents

    staff, meeting, (anna, cai, dea) = _chair_leaves_after_a_casting_vote(
        nordjylland, period, last_day_after_meeting=last_day
    )

    at = queries.at_item(meeting, 1)
    assert (at.leader, at.holder) == (anna, anna)
    assert checks.votes_agree_with_attendance(meeting) == 1
    content = minutes_contents(meeting)[Publication.Audience.MEMBERS]
    assert content["leader"] == "Anna A"
    assert any(line.startswith("Anna A") and line.endswith("formand") for line in content["attendance"]["present"])
    client.force_login(staff)
    page = client.get(reverse("meetings:meeting-sitting", args=[nordjylland.slug, meeting.pk])).content.decode()
    assert "Mødeleder (FO 3.5): Anna A." in page
    assert "Ved stemmelighed gør formandens stemme udslaget (FO 3.7): Anna A" in page


def test_fo_3_5_a_temporary_chair_elected_afterwards_for_the_sitting_day_does_not_take_over_its_casting_vote(
    nordjylland, period
):
    """B1 1.16: a temporary chair registered after the sitting, for days that include it, is the roster's chair on
    the meeting's day; the sitting was led, and its tie broken, by the chair marked there."""
    from meetings import queries
    from members.models import ChairRole

    staff, meeting, seat, (anna, cai, dea) = sitting(nordjylland, period)
    from meetings import services as meetings

    meetings.mark_all_present(meeting, actor=staff, now=meeting.starts_at + timedelta(minutes=30))
    meetings.record_vote(meeting.items.order_by("position").first(), actor=staff, votes_for=1, votes_against=1,
                         casting_vote="against")  # fmt: skip
    services.elect_chair(dea.memberships.get(), role=ChairRole.Role.CHAIR, starts_on=DAY,
                         ends_on=DAY + timedelta(days=120), actor=staff)  # fmt: skip

    assert queries.meeting_roster(meeting).chair.person == dea
    assert queries.at_item(meeting, 1).holder == anna
    checks.votes_agree_with_attendance(meeting)


def test_b1_1_13_the_new_member_for_a_departed_seat_begins_after_the_departure(nordjylland, period):
    """A party-elected member with no substitute leaves from a later day: the group elects a new member (B1 1.13).
    The free-seat check was skipped for the seat the departure left, so the new member could begin while the
    departing one still sat, and the party held one seat too many until the departure's last day."""
    from members.models import Action, EndReason

    staff = make_staff(nordjylland)
    entitle(nordjylland, period, "V", seats=2)
    dea, eik, fie = (politician(name, town, letter="V") for name, town in (
        ("Dea V", "Thisted"), ("Eik V", "Brønderslev"), ("Fie V", "Hjørring"),
    ))  # fmt: skip
    seat = services.add_member(nordjylland, person=dea, starts_on=DAY, actor=staff)
    services.add_member(nordjylland, person=eik, starts_on=DAY, actor=staff)
    last_day = DAY + timedelta(days=18)
    services.record_departure(seat, on=last_day, reason=EndReason.LEFT_PARTY, actor=staff)
    assert Action.objects.open().filter(kind=Action.Kind.NEW_MEMBER, rule="B1 1.13").exists()

    for early in (DAY + timedelta(days=2), last_day):
        with pytest.raises(RuleViolation, match="B1 1.13"):
            services.add_member(nordjylland, person=fie, starts_on=early, actor=staff)
    checks.roster_within_composition(nordjylland, period)
    services.add_member(nordjylland, person=fie, starts_on=last_day + timedelta(days=1), actor=staff)
    assert not Action.objects.open().filter(kind=Action.Kind.NEW_MEMBER).exists()
    checks.roster_within_composition(nordjylland, period)


@pytest.mark.parametrize("reason", ["declined", "died"])
def test_b1_1_13_a_departure_before_the_substitutes_first_day_is_refused_and_changes_nothing(
    nordjylland, period, reason
):
    """The personal substitute was assigned from a later day, and the member's departure was then registered with a
    last day before it: ending the substitute with the member (B1 1.13: he becomes member the next day) gave his
    assignment an end before its start, and the database refused it (a 500). It is now refused in Danish."""
    staff = make_staff(nordjylland)
    entitle(nordjylland, period, "V", seats=1)
    dea, fie = politician("Dea V", "Thisted", letter="V"), politician("Fie V", "Hjørring", letter="V")
    seat = services.add_member(nordjylland, person=dea, starts_on=DAY, actor=staff)
    services.assign_substitute(seat, fie, starts_on=DAY + timedelta(days=9), actor=staff)

    with pytest.raises(RuleViolation, match="B1 1.13"):
        services.record_departure(seat, on=DAY + timedelta(days=8), reason=reason, actor=staff)
    seat.refresh_from_db()
    assert seat.ends_on is None and seat.substitutes.get().ends_on is None
    services.record_departure(seat, on=DAY + timedelta(days=9), reason=reason, actor=staff)
    checks.one_holder_per_seat(nordjylland)
