"""The demo roster is rule-consistent (B1 1.0-1.2) and loading it twice changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from members.models import Membership, SeatEntitlement, SubstituteAssignment
from members.queries import group_by_party, roster

pytestmark = pytest.mark.django_db


def test_the_demo_roster_of_nordjylland_fills_22_seats_each_with_one_substitute(nordjylland, period, settings):
    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())
    board = roster(nordjylland, on=date(2026, 2, 1))
    assert board.size == 22 == 2 * nordjylland.municipalities.count()
    assert sum(seat.membership.kind == "mayor" for seat in board.seats) == 11
    assert all(seat.substitute is not None for seat in board.seats)
    entitlements = list(SeatEntitlement.objects.filter(council=nordjylland, period=period).select_related("party"))
    assert all(len(g.seats) == g.entitled_seats for g in group_by_party(board.seats, entitlements))
    members = set(Membership.objects.filter(council=nordjylland).values_list("person", flat=True))
    substitutes = set(SubstituteAssignment.objects.values_list("person", flat=True))
    assert not members & substitutes  # B1 1.2: a member is not also a substitute
    aalborg = next(
        s for s in board.seats if s.membership.kind == "mayor" and s.membership.municipality.name == "Aalborg"
    )
    assert aalborg.substitute.name == "Pia Dalsgaard"  # B1 1.2: the 1st deputy is a party-elected member
    assert board.chair.person.name == "Lene Thorsager" and board.vice_chair.person.name == "Henrik Brix"
    assert any(seat.member.user and seat.member.user.username == "medlem-nordjylland" for seat in board.seats)


def test_load_demo_data_runs_again_after_users_changed_the_demo(nordjylland, settings, django_user_model):
    """record a departure and a new substitute, then `make run` again — it must start, and keep
    the changes (the demo loads only into a database without people)."""
    from members.models import Person
    from members.services import assign_substitute, record_departure

    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    staff = django_user_model.objects.get(username="sekretariat-nordjylland")
    leaving = Membership.objects.get(person__name="Kim Sørensen", ends_on__isnull=True)
    departure = record_departure(leaving, on=date(2026, 9, 30), reason="left_municipal_council", actor=staff)
    stepped_up = departure.new_membership if hasattr(departure, "new_membership") else None
    member = stepped_up or Membership.objects.filter(council=nordjylland, ends_on__isnull=True).first()
    newcomer = Person.objects.create(name="Ny Stedfortræder", municipality=member.municipality, party=member.party)
    if not member.substitutes.filter(ends_on__isnull=True).exists():
        from members.models import MunicipalOffice

        MunicipalOffice.objects.create(
            person=newcomer,
            municipality=member.municipality,
            kind=MunicipalOffice.Kind.COUNCIL_MEMBER,
            party=member.party,
            starts_on=date(2026, 1, 1),
        )
        assign_substitute(member, newcomer, starts_on=date(2026, 10, 1), actor=staff)
    before = (Membership.objects.count(), SubstituteAssignment.objects.count(), Person.objects.count())

    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert "intet ændret" in out.getvalue()
    assert (Membership.objects.count(), SubstituteAssignment.objects.count(), Person.objects.count()) == before
    assert Membership.objects.get(pk=leaving.pk).ends_on == date(2026, 9, 30)


def test_b1_1_1_the_real_kv25_result_for_nordjylland_gives_22_seats(nordjylland, period):
    """elections/data/kv25-nordjylland.csv (the real KV25 result) through the normal import: the cap
    of 2 × 11 binds (seed 004)."""
    from elections.calculation import calculate
    from elections.demo import load_demo_results

    composition = calculate(load_demo_results(nordjylland, period)).composition
    assert (composition.total, composition.cap, composition.capped) == (22, 22, True)
    seats = {letter: unit.seats for letter, unit in composition.units.items() if unit.seats}
    assert seats == {"A": 4, "B": 1, "C": 2, "F": 2, "I": 1, "O": 1, "V": 8, "Æ": 2, "Ø": 1}
    assert {letter: unit.mayors for letter, unit in composition.units.items() if unit.mayors} == {
        "V": 8,
        "A": 2,
        "C": 1,
    }


def test_the_demo_roster_agrees_with_the_kv25_composition_party_by_party(nordjylland, period, settings):
    from elections.calculation import calculate
    from elections.models import ElectionResultSet

    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    composition = calculate(ElectionResultSet.objects.get(council=nordjylland, period=period)).composition
    board = roster(nordjylland, on=date(2026, 2, 1))
    by_party, mayors = {}, {}
    for seat in board.seats:
        letter = seat.membership.party.letter
        by_party[letter] = by_party.get(letter, 0) + 1
        if seat.membership.kind == "mayor":
            mayors[seat.membership.municipality.name] = letter
    assert by_party == {letter: unit.seats for letter, unit in composition.units.items() if unit.seats}
    assert mayors == {
        **dict.fromkeys(
            [
                "Hjørring",
                "Frederikshavn",
                "Vesthimmerlands",
                "Thisted",
                "Jammerbugt",
                "Mariagerfjord",
                "Rebild",
                "Brønderslev",
            ],
            "V",
        ),
        "Aalborg": "A",
        "Morsø": "A",
        "Læsø": "C",
    }


def test_the_demo_minutes_read_like_real_minutes(nordjylland, settings):
    """a discussion item is "drøftet", an orientation "taget til efterretning" — not "tiltrådt"."""
    from meetings.models import AgendaItem

    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    held = AgendaItem.objects.filter(meeting__council=nordjylland).exclude(decision="")
    decisions = {item.kind: item.decision for item in held}
    assert decisions[AgendaItem.Kind.DISCUSSION].startswith("Drøftet")
    assert decisions[AgendaItem.Kind.ORIENTATION] == "Taget til efterretning."
    assert all(item.recommendation and item.case_presentation for item in held)


def test_the_demos_upcoming_meeting_opens_with_the_held_meetings_minutes(nordjylland, settings):
    """the demo uses the standing sections of real agendas; "Godkendelse af referat" links to the
    minutes of the meeting held before."""
    from django.utils import timezone

    from meetings import queries
    from meetings.models import Publication

    settings.DEV_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    upcoming = nordjylland.meetings.upcoming(timezone.now()).first()
    first = upcoming.items.get(position=1)
    assert first.is_previous_minutes and upcoming.items.order_by("-position").first().title == "Eventuelt"
    link = queries.minutes_link(upcoming, Publication.Audience.MEMBERS)
    assert link.meeting.is_held and link.meeting.is_locked and link.number == 1
    assert link.meeting.publications.filter(kind="minutes").exists()  # rendered on commit (not in this test)
