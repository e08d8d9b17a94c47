"""The constituent meeting (B1 1.3-1.4): convener, deadlines, alliance declarations, the chair election with
lots drawn by hand, and the chair roles it creates. The builders at the top are shared by the view tests."""

from datetime import date, datetime, time, timedelta

import pytest

from elections import services
from elections.constituent import calculation as constituent
from elections.constituent import services as constituent_services
from elections.models import AllianceDeclaration, ChairElection, ConstituentMeeting
from kkr.errors import RuleViolation
from meetings.deadlines import COPENHAGEN
from meetings.models import Meeting
from members.models import (
    ChairRole,
    ElectionPeriod,
    EndReason,
    Membership,
    MunicipalOffice,
    Party,
    Person,
    SeatEntitlement,
)
from tests.elections.test_services import imported

# Per municipality (11 in Nordjylland): A 11,000 votes in the region, V 8,800, C 3,300.
LISTS = (("A", "Socialdemokratiet", 1000, 5), ("V", "Venstre", 800, 4), ("C", "Det Konservative Folkeparti", 300, 1))
EVEN = (("A", "Socialdemokratiet", 1000, 5), ("V", "Venstre", 1000, 5), ("C", "Det Konservative Folkeparti", 300, 1))
MONDAY = datetime(2026, 1, 12, 10, 0, tzinfo=COPENHAGEN)  # deadline 3 hverdage before: Wednesday 7 January


def at(*args):
    return datetime(*args, tzinfo=COPENHAGEN)


def meeting(council, starts_at=MONDAY):
    period = ElectionPeriod.objects.containing(starts_at.date()).get()
    return Meeting.objects.create(
        council=council, period=period, kind=Meeting.Kind.CONSTITUENT, starts_at=starts_at, location="Aalborg"
    )


def represented(council, period, letters=("A", "V", "C")):
    for letter in letters:
        SeatEntitlement.objects.create(
            council=council, period=period, party=Party.objects.get(letter=letter), seats=2, mayors=0
        )


def member(council, period, letter, name, *, starts_on=date(2026, 1, 1)):
    party = Party.objects.get(letter=letter)
    town = council.municipalities.order_by("name").first()
    person = Person.objects.create(name=name, municipality=town, party=party)
    return Membership.objects.create(
        council=council,
        period=period,
        person=person,
        kind=Membership.Kind.PARTY_ELECTED,
        party=party,
        municipality=town,
        starts_on=starts_on,
    )


def constituted(council, period, actor, *, lists=LISTS, starts_at=MONDAY):
    """A registered constituent meeting with results imported and A, V, C represented."""
    imported(council, period, actor, lists=lists)
    represented(council, period)
    return constituent_services.register_constituent_meeting(meeting(council, starts_at), period=period, actor=actor)


def parties(*letters):
    return list(Party.objects.filter(letter__in=letters))


def mayoralty(council, name, *, since, born, town_index=0):
    town = council.municipalities.order_by("name")[town_index]
    person = Person.objects.create(name=name, municipality=town, birth_on=born)
    MunicipalOffice.objects.create(
        person=person, municipality=town, kind=MunicipalOffice.Kind.MAYOR, starts_on=date(2026, 1, 1), mayor_since=since
    )
    return person


# --- B1 1.3 convener and meeting date -----------------------------------------------------------------


def test_b1_1_3_the_longest_serving_mayor_is_stored_as_convener(nordjylland, period, staff_user):
    mayoralty(nordjylland, "Ny Borgmester", since=date(2026, 1, 1), born=date(1950, 1, 1), town_index=0)
    veteran = mayoralty(nordjylland, "Gammel Borgmester", since=date(2010, 1, 1), born=date(1970, 1, 1), town_index=1)
    record = constituent_services.register_constituent_meeting(meeting(nordjylland), period=period, actor=staff_user)
    assert record.convener == veteran
    assert "Gammel Borgmester" in "\n".join(constituent.stored_convener(record).explanation)
    assert ConstituentMeeting.history.get().history_user == staff_user


def test_b1_1_3_a_tie_on_mayor_since_goes_to_the_oldest(nordjylland, period, staff_user):
    mayoralty(nordjylland, "Yngre", since=date(2014, 1, 1), born=date(1961, 6, 2), town_index=0)
    older = mayoralty(nordjylland, "Ældre", since=date(2014, 1, 1), born=date(1961, 6, 1), town_index=1)
    assert constituent.convener_for(nordjylland, MONDAY.date()).mayor.id == older.pk


def test_b1_1_3_a_mayor_who_left_before_the_meeting_does_not_convene(nordjylland, period, staff_user):
    gone = mayoralty(nordjylland, "Gået af", since=date(2002, 1, 1), born=date(1950, 1, 1), town_index=0)
    MunicipalOffice.objects.filter(person=gone).update(ends_on=date(2026, 1, 11))
    stays = mayoralty(nordjylland, "Bliver", since=date(2014, 1, 1), born=date(1960, 1, 1), town_index=1)
    assert constituent.convener_for(nordjylland, MONDAY.date()).mayor.id == stays.pk


def test_b1_1_3_missing_data_is_named_and_the_convener_computed_again_when_completed(nordjylland, period, staff_user):
    person = mayoralty(nordjylland, "Uden dato", since=None, born=date(1950, 1, 1))
    record = constituent_services.register_constituent_meeting(meeting(nordjylland), period=period, actor=staff_user)
    assert record.convener is None
    assert constituent.stored_convener(record).missing == ("Uden dato (Aalborg): borgmester uafbrudt siden",)
    MunicipalOffice.objects.filter(person=person).update(mayor_since=date(2018, 1, 1))
    assert constituent_services.update_convener(record, actor=staff_user).convener == person


@pytest.mark.parametrize(
    ("case", "day", "late"),
    [
        ("B1 1.3 on 31 January is in time", date(2026, 1, 31), False),
        ("B1 1.3 on 1 February is late", date(2026, 2, 1), True),
    ],
)
def test_b1_1_3_meeting_deadline(period, case, day, late):
    last = constituent.meeting_deadline(period)
    assert last == date(2026, 1, 31)
    assert (day > last) is late


def test_b1_1_3_a_late_meeting_is_recorded_not_refused(nordjylland, period, staff_user):
    record = constituent_services.register_constituent_meeting(
        meeting(nordjylland, at(2026, 2, 2, 10, 0)), period=period, actor=staff_user
    )
    assert record.pk is not None


def test_only_a_constituent_meeting_after_the_election_can_be_registered(nordjylland, period, staff_user):
    ordinary = Meeting.objects.create(council=nordjylland, period=period, starts_at=MONDAY, location="Aalborg")
    with pytest.raises(RuleViolation, match="Konstituerende møde"):
        constituent_services.register_constituent_meeting(ordinary, period=period, actor=staff_user)
    with pytest.raises(RuleViolation, match="efter kommunalvalget 18. november 2025"):
        constituent_services.register_constituent_meeting(
            meeting(nordjylland, at(2025, 11, 18, 10, 0)), period=period, actor=staff_user
        )
    assert not ConstituentMeeting.objects.exists()


# --- B1 1.4 declaration deadline ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "received_at", "in_time"),
    [
        ("B1 1.4 at 23:59 on the deadline day", at(2026, 1, 7, 23, 59), True),
        ("B1 1.4 at 00:00 the next day", at(2026, 1, 8, 0, 0), False),
    ],
)
def test_b1_1_4_declaration_deadline_boundary(nordjylland, period, staff_user, case, received_at, in_time):
    record = constituted(nordjylland, period, staff_user)
    if in_time:
        constituent_services.declare_alliance(
            record, units=parties("V", "C"), received_at=received_at, actor=staff_user
        )
        assert AllianceDeclaration.objects.get().units.count() == 2
    else:
        with pytest.raises(RuleViolation) as error:
            constituent_services.declare_alliance(
                record, units=parties("V", "C"), received_at=received_at, actor=staff_user
            )
        assert (
            str(error.value)
            == "Valgforbundet er anmeldt for sent: fristen var onsdag den 7. januar 2026 kl. 23.59. (B1 1.4)"
        )
        assert not AllianceDeclaration.objects.exists()


@pytest.mark.parametrize(
    ("case", "starts_at", "last_day"),
    [
        ("B1 1.4 counted over a weekend", MONDAY, date(2026, 1, 7)),
        # Fri 2 Jan counts; Thu 1 Jan (nytårsdag) and Wed 31 Dec (policy) don't; Tue 30, Mon 29 Dec do.
        ("B1 1.4 counted over holidays", at(2026, 1, 5, 10, 0), date(2025, 12, 29)),
    ],
)
def test_b1_1_4_deadline_counts_hverdage(nordjylland, period, case, starts_at, last_day):
    deadline = constituent.declaration_deadline(meeting(nordjylland, starts_at), period.rule_set)
    assert deadline.ends_at == datetime.combine(last_day, time.max, tzinfo=COPENHAGEN)
    assert not deadline.at_meeting_start


def test_b1_1_4_the_2010_rule_is_the_start_of_the_meeting(nordjylland, period, staff_user):
    period.rule_set.alliance_declaration_weekdays = 0
    period.rule_set.save()
    record = constituted(nordjylland, period, staff_user)
    constituent_services.declare_alliance(record, units=parties("V", "C"), received_at=MONDAY, actor=staff_user)
    with pytest.raises(
        RuleViolation, match=r"fristen var mandag den 12. januar 2026 kl. 10.00 \(ved mødets begyndelse\)"
    ):
        constituent_services.declare_alliance(
            record, units=parties("A", "V"), received_at=MONDAY + timedelta(minutes=1), actor=staff_user
        )


# --- B1 1.4 declarations --------------------------------------------------------------------------------


def test_b1_1_4_a_unit_in_two_alliances_is_refused(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user)
    received = at(2026, 1, 5, 12, 0)
    constituent_services.declare_alliance(record, units=parties("V", "C"), received_at=received, actor=staff_user)
    with pytest.raises(RuleViolation, match=r"Det Konservative Folkeparti \(C\) er allerede med i et valgforbund"):
        constituent_services.declare_alliance(record, units=parties("A", "C"), received_at=received, actor=staff_user)
    assert AllianceDeclaration.objects.count() == 1


def test_b1_1_4_an_alliance_needs_two_represented_units(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user)
    received = at(2026, 1, 5, 12, 0)
    with pytest.raises(RuleViolation, match="mindst to partier"):
        constituent_services.declare_alliance(record, units=parties("V"), received_at=received, actor=staff_user)
    with pytest.raises(RuleViolation, match=r"Ikke repræsenteret i KKR.*Enhedslisten"):
        constituent_services.declare_alliance(record, units=parties("V", "Ø"), received_at=received, actor=staff_user)
    assert not AllianceDeclaration.objects.exists()


def test_b1_1_4_a_declaration_is_kept_with_its_units_in_the_history(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user)
    constituent_services.declare_alliance(
        record, units=parties("V", "C"), received_at=at(2026, 1, 5, 12), actor=staff_user
    )
    latest = AllianceDeclaration.history.latest()
    assert latest.history_user == staff_user
    assert {row.party.letter for row in latest.units.all()} == {"V", "C"}


# --- B1 1.4 the election --------------------------------------------------------------------------------


def test_b1_1_4_without_alliances_the_largest_unit_gets_the_chair(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user)
    election = constituent_services.run_chair_election(record, actor=staff_user)
    assert election.state == ChairElection.State.DECIDED
    assert (election.chair_party.letter, election.vice_chair_party.letter) == ("A", "V")
    assert election.result["units"][0] == {"id": "A", "name": "Socialdemokratiet", "votes": 11000}


def test_b1_1_4_an_alliance_changes_who_gets_the_chair(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user)
    constituent_services.declare_alliance(
        record, units=parties("V", "C"), received_at=at(2026, 1, 5, 12), actor=staff_user
    )
    election = constituent_services.run_chair_election(record, actor=staff_user)
    # V+C 12,100 > A 11,000: the alliance's first seat, inside it to V; A's 11,000 beats 6,050 for seat 2.
    assert (election.chair_party.letter, election.vice_chair_party.letter) == ("V", "A")
    assert election.result["alliances"] == [["C", "V"]]


def test_b1_1_4_no_alliance_after_the_election_has_run(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user)
    constituent_services.run_chair_election(record, actor=staff_user)
    with pytest.raises(RuleViolation, match="gennemført"):
        constituent_services.declare_alliance(
            record, units=parties("V", "C"), received_at=at(2026, 1, 5, 12), actor=staff_user
        )


def test_b1_1_4_a_tie_waits_for_a_lot_drawn_by_hand_and_records_it(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user, lists=EVEN)
    election = constituent_services.run_chair_election(record, actor=staff_user)
    assert (election.state, election.chair_party, election.lots) == (ChairElection.State.AWAITING_LOT, None, [])
    with pytest.raises(RuleViolation, match="passer ikke"):
        constituent_services.record_chair_lot(election, tied=("A", "C"), chosen="A", actor=staff_user)
    election = constituent_services.record_chair_lot(election, tied=("A", "V"), chosen="V", actor=staff_user)
    assert election.lots == [{"tied": ["A", "V"], "chosen": "V", "seat": 1}]
    assert (election.state, election.chair_party.letter, election.vice_chair_party.letter) == ("decided", "V", "A")
    assert ChairElection.history.latest().history_change_reason == "Lodtrækning om plads 1 mellem A og V: V"


def test_b1_1_4_confirmation_creates_the_chair_roles_with_the_history_user(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user)
    chair, vice = member(nordjylland, period, "A", "Anne A"), member(nordjylland, period, "V", "Viggo V")
    previous = ChairRole.objects.create(
        council=nordjylland,
        period=period.__class__.objects.get(name="2022-2026"),
        membership=member(nordjylland, period, "C", "Gammel formand", starts_on=date(2022, 1, 1)),
        role=ChairRole.Role.CHAIR,
        starts_on=date(2022, 1, 15),
    )
    election = constituent_services.run_chair_election(record, actor=staff_user)
    election = constituent_services.confirm_chair_election(election, chair=chair, vice_chair=vice, actor=staff_user)
    assert election.state == ChairElection.State.CONFIRMED
    roles = {role.role: role for role in ChairRole.objects.filter(period=period)}
    assert (roles["chair"].membership, roles["vice_chair"].membership) == (chair, vice)
    assert roles["chair"].starts_on == roles["vice_chair"].starts_on == date(2026, 1, 12)
    assert {r.history.get().history_user for r in roles.values()} == {staff_user}
    previous.refresh_from_db()
    assert (previous.ends_on, previous.end_reason) == (date(2026, 1, 11), EndReason.PERIOD_ENDED)


def test_b1_1_4_the_person_must_be_a_member_for_the_unit_that_won_the_seat(nordjylland, period, staff_user):
    record = constituted(nordjylland, period, staff_user)
    wrong, vice = member(nordjylland, period, "C", "Carl C"), member(nordjylland, period, "V", "Viggo V")
    election = constituent_services.run_chair_election(record, actor=staff_user)
    with pytest.raises(RuleViolation, match="Formanden skal være medlem af KKR for det parti, der fik pladsen"):
        constituent_services.confirm_chair_election(election, chair=wrong, vice_chair=vice, actor=staff_user)
    assert not ChairRole.objects.exists()
    assert ChairElection.objects.get().state == ChairElection.State.DECIDED


def test_the_chair_election_uses_the_confirmed_result_set_else_the_newest(nordjylland, period, staff_user):
    first = imported(nordjylland, period, staff_user)
    newer = imported(nordjylland, period, staff_user, lists=EVEN)
    assert constituent.voting_result_set(nordjylland, period) == newer
    services.confirm_composition(first, actor=staff_user)
    assert constituent.voting_result_set(nordjylland, period) == first


def constituent_sitting(nordjylland, period, staff_user):
    """A constituent meeting with its chair election run, everyone present: (meeting, election, chair, vice)."""
    from meetings.models import Attendance
    from meetings.services.planning import plan_meeting

    imported(nordjylland, period, staff_user, lists=LISTS)
    represented(nordjylland, period)
    planned = plan_meeting(
        nordjylland, actor=staff_user, kind=Meeting.Kind.CONSTITUENT, starts_at=MONDAY, location="Aalborg"
    )
    record = constituent_services.register_constituent_meeting(planned, period=period, actor=staff_user)
    chair, vice = member(nordjylland, period, "A", "Anne A"), member(nordjylland, period, "V", "Viggo V")
    others = [member(nordjylland, period, "C", f"Medlem {n}") for n in range(4)]
    for membership in [chair, vice, *others]:
        Attendance.objects.create(
            meeting=planned, person=membership.person, capacity=Attendance.Capacity.MEMBER, membership=membership,
            is_present=True,
        )  # fmt: skip
    return planned, constituent_services.run_chair_election(record, actor=staff_user), chair, vice


def test_b1_1_4_the_chair_election_goes_into_the_constituent_meetings_minutes(nordjylland, period, staff_user):
    from meetings.models import AgendaItem

    planned, election, chair, vice = constituent_sitting(nordjylland, period, staff_user)
    constituent_services.confirm_chair_election(election, chair=chair, vice_chair=vice, actor=staff_user)
    item = AgendaItem.objects.get(meeting=planned, step=AgendaItem.Step.CHAIR_ELECTION)
    assert "Anne A" in item.decision and "formand" in item.decision
    assert "Viggo V" in item.decision and "næstformand" in item.decision and "B1 1.4" in item.decision


def test_fo_3_5_the_chair_elected_at_the_constituent_meeting_is_recorded_on_its_sheet_and_leads_it(
    nordjylland, period, staff_user
):
    """The sheet was marked before the election: the chair and vice-chair it elected are recorded on it when the
    election is confirmed, so they lead the meeting and the chair breaks its ties (FO 3.5, FO 3.7)."""
    from meetings import queries

    planned, election, chair, vice = constituent_sitting(nordjylland, period, staff_user)
    constituent_services.confirm_chair_election(election, chair=chair, vice_chair=vice, actor=staff_user)
    roles = dict(planned.attendances.exclude(chair_role="").values_list("person_id", "chair_role"))
    assert roles == {chair.person_id: "chair", vice.person_id: "vice_chair"}
    assert queries.meeting_leader(planned) == chair.person
    assert queries.casting_holder(planned, queries.meeting_roster(planned))[1] == chair.person
