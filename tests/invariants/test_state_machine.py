"""Invariants across features (docs/invariants.md): a hypothesis state machine drives the services, never the ORM,
for one council and period through random sequences of real events, and after every step checks the facts two
features decide (``tests/invariants/checks.py``).

CI runs a small budget (under a minute); ``make invariants`` a large one (``KKR_INVARIANT_EXAMPLES``,
``KKR_INVARIANT_STEPS``). A failure prints the shortest sequence of steps hypothesis found and the
``@reproduce_failure`` blob (``print_blob``); ``--hypothesis-seed=N`` replays a run."""

import os
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import TestCase
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from appointments import services as appointment_services
from appointments.models import Appointment, Seat
from kkr.errors import RuleViolation
from meetings import services as meeting_services
from meetings.models import AbsenceNotice, Meeting
from members import services as member_services
from members.deadlines import COPENHAGEN
from members.models import Council, ElectionPeriod, EndReason, Leave, Membership, MunicipalOffice, Party
from tests.builders import entitle, make_staff, make_user, politician

from . import checks

EXAMPLES = int(os.environ.get("KKR_INVARIANT_EXAMPLES", "3"))
STEPS = int(os.environ.get("KKR_INVARIANT_STEPS", "25"))
START = date(2026, 2, 2)
# name, municipality, party letter, office kind: a pool of politicians of the region
POOL = [
    ("Anna A", "Aalborg", "A", MunicipalOffice.Kind.COUNCIL_MEMBER),
    ("Bo A", "Hjørring", "A", MunicipalOffice.Kind.COUNCIL_MEMBER),
    ("Cai A", "Frederikshavn", "A", MunicipalOffice.Kind.COUNCIL_MEMBER),
    ("Dea V", "Aalborg", "V", MunicipalOffice.Kind.COUNCIL_MEMBER),
    ("Eik V", "Thisted", "V", MunicipalOffice.Kind.COUNCIL_MEMBER),
    ("Fie V", "Brønderslev", "V", MunicipalOffice.Kind.COUNCIL_MEMBER),
    ("Gry C", "Rebild", "C", MunicipalOffice.Kind.MAYOR),
    ("Hal C", "Rebild", "C", MunicipalOffice.Kind.COUNCIL_MEMBER),
]
OUTCOMES: Counter = Counter()  # each service's calls done and refused, printed after the run (``make invariants``)
REFUSALS: Counter = Counter()  # the refusals' messages, the most common printed after the run
OFFSETS = st.integers(min_value=0, max_value=40)  # days after the machine's today a dated event may take effect


def attempt(action, *args, **kwargs):
    """Call a service in its own savepoint; a refusal (a Danish RuleViolation) changes nothing and is noted."""
    try:
        with transaction.atomic(), TestCase.captureOnCommitCallbacks(execute=True):
            done = action(*args, **kwargs)
    except RuleViolation as refusal:
        note(f"  refused: {refusal}")
        OUTCOMES[f"{action.__name__}: afvist"] += 1
        REFUSALS[f"{action.__name__}: {str(refusal)[:70]}"] += 1
        return None
    OUTCOMES[f"{action.__name__}: udført"] += 1
    return done


class CouncilMachine(RuleBasedStateMachine):
    """One council (Nordjylland) and the 2026-2030 period; ``today`` moves forward."""

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.council = Council.objects.get(slug="nordjylland")
        self.period = ElectionPeriod.objects.get(name="2026-2030")
        self.staff = make_staff(self.council, "sekretariat-invariant")
        for letter, seats, mayors in (("A", 3, 0), ("V", 2, 0), ("C", 1, 1)):
            entitle(self.council, self.period, letter, seats=seats, mayors=mayors)
        self.people = []
        for n, (name, town, letter, kind) in enumerate(POOL):
            user = make_user(f"politiker-{n}") if n % 2 == 0 else None
            self.people.append(politician(name, town, letter=letter, kind=kind, user=user))
        self.today = START
        self.meetings: list[Meeting] = []

    @initialize()
    def council_constituted(self):
        """The constituent meeting's seats through the service (the first seats set the day the council took
        office, B1 1.3), one personal substitute, and a first meeting: the later steps start from a sitting
        council."""
        for who in (0, 1, 3, 4, 6):
            attempt(
                member_services.add_member, self.council, person=self.people[who], starts_on=START, actor=self.staff
            )
        first = Membership.objects.get(person=self.people[0], council=self.council)
        attempt(member_services.assign_substitute, first, self.people[2], starts_on=START, actor=self.staff)
        self.meeting_planned(offset=14)

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # --- helpers --------------------------------------------------------------------------------------------

    def seats(self):
        return list(Membership.objects.filter(council=self.council, ends_on__isnull=True).order_by("pk"))

    def on(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def pick(self, rows, index):
        return rows[index % len(rows)] if rows else None

    # --- members ---------------------------------------------------------------------------------------------

    @rule(days=st.integers(min_value=1, max_value=60))
    def time_passes(self, days):
        self.today += timedelta(days=days)

    @rule(who=st.integers(0, len(POOL) - 1), offset=OFFSETS)
    def member_joins(self, who, offset):
        attempt(
            member_services.add_member,
            self.council,
            person=self.people[who],
            starts_on=self.on(offset),
            actor=self.staff,
        )

    @rule(index=st.integers(0, 10), offset=OFFSETS, reason=st.sampled_from(
        [EndReason.LEFT_MUNICIPAL_COUNCIL, EndReason.LEFT_PARTY, EndReason.DECLINED, EndReason.DIED]
    ))  # fmt: skip
    def member_leaves(self, index, offset, reason):
        membership = self.pick(self.seats(), index)
        if membership is not None:
            attempt(member_services.record_departure, membership, on=self.on(offset), reason=reason, actor=self.staff)

    @rule(index=st.integers(0, 10), letter=st.sampled_from(["A", "V", "C", None]), offset=OFFSETS)
    def mayor_switches_party(self, index, letter, offset):
        membership = self.pick(self.seats(), index)
        if membership is not None:
            party = Party.objects.get(letter=letter) if letter else None
            attempt(
                member_services.record_party_switch,
                membership,
                new_party=party,
                on=self.on(offset),
                actor=self.staff,
            )

    @rule(index=st.integers(0, 10), kind=st.sampled_from(list(Leave.Kind)), months=st.integers(1, 8))
    def member_takes_leave(self, index, kind, months):
        membership = self.pick(self.seats(), index)
        if membership is not None:
            attempt(
                member_services.register_leave, membership, kind=kind, starts_on=self.today,
                ends_on=self.today + timedelta(days=30 * months), reason="Orlov", actor=self.staff,
            )  # fmt: skip

    @rule(
        who=st.integers(0, len(POOL) - 1),
        offset=OFFSETS,
        reason=st.sampled_from([EndReason.LEFT_MUNICIPAL_COUNCIL, EndReason.DIED]),
    )
    def municipal_office_ends(self, who, offset, reason):
        office = MunicipalOffice.objects.filter(person=self.people[who], ends_on__isnull=True).first()
        if office is not None:
            attempt(member_services.end_office, office, on=self.on(offset), reason=reason, actor=self.staff)

    @rule(index=st.integers(0, 10), who=st.integers(0, len(POOL) - 1), offset=OFFSETS)
    def substitute_assigned(self, index, who, offset):
        membership = self.pick(self.seats(), index)
        if membership is not None:
            attempt(
                member_services.assign_substitute,
                membership,
                self.people[who],
                starts_on=self.on(offset),
                actor=self.staff,
            )

    # --- meetings --------------------------------------------------------------------------------------------

    def meeting(self, index) -> Meeting | None:
        meetings = list(Meeting.objects.filter(council=self.council).order_by("pk"))
        return self.pick(meetings, index)

    @rule(offset=st.integers(1, 60))
    def meeting_planned(self, offset):
        starts_at = datetime.combine(self.on(offset), time(10), tzinfo=COPENHAGEN)
        meeting = attempt(
            meeting_services.plan_meeting, self.council, actor=self.staff, kind=Meeting.Kind.ORDINARY,
            starts_at=starts_at, location="Aalborg Rådhus",
        )  # fmt: skip
        if meeting is not None:
            attempt(meeting_services.add_item, meeting, actor=self.staff, title="Trafikplan")
            attempt(
                meeting_services.add_item, meeting, actor=self.staff, title="Lukket sag", is_closed=True,
                case_presentation=checks.SECRET, recommendation=checks.SECRET,
            )  # fmt: skip

    @rule(index=st.integers(0, 5), offset=st.integers(-20, 20))
    def meeting_moved(self, index, offset):
        meeting = self.meeting(index)
        if meeting is not None:
            attempt(
                meeting_services.update_meeting,
                meeting,
                actor=self.staff,
                starts_at=meeting.starts_at + timedelta(days=offset),
            )

    @rule(index=st.integers(0, 5), seat=st.integers(0, 10))
    def afbud_given(self, index, seat):
        meeting, membership = self.meeting(index), self.pick(self.seats(), seat)
        if meeting is not None and membership is not None:
            now = meeting.starts_at - timedelta(days=1)
            attempt(meeting_services.record_absence_notice, meeting, membership=membership, actor=self.staff, now=now)

    @rule(index=st.integers(0, 20))
    def afbud_withdrawn(self, index):
        notice = self.pick(list(AbsenceNotice.objects.filter(meeting__council=self.council).order_by("pk")), index)
        if notice is not None:
            now = notice.meeting.starts_at - timedelta(hours=1)
            attempt(meeting_services.withdraw_absence_notice, notice, actor=self.staff, now=now)

    @rule(index=st.integers(0, 5), kind=st.sampled_from(["agenda", "supplement"]))
    def agenda_or_supplement_published(self, index, kind):
        """One rule for both (each renders PDFs, the slowest step)."""
        meeting = self.meeting(index)
        if meeting is None:
            return
        if kind == "agenda":
            before = meeting.starts_at - timedelta(days=20)
            attempt(meeting_services.publish_agenda, meeting, actor=self.staff, late_reason="Sent", now=before)
        else:
            attempt(meeting_services.add_item, meeting, actor=self.staff, title="Tillægspunkt")
            before = meeting.starts_at - timedelta(days=2)
            attempt(meeting_services.publish_supplement, meeting, actor=self.staff, now=before)

    @rule(index=st.integers(0, 5), sheet_row=st.integers(0, 20), present=st.booleans())
    def attendance_taken(self, index, sheet_row, present):
        from meetings.queries import attendance_sheet

        meeting = self.meeting(index)
        if meeting is None:
            return
        row = self.pick(attendance_sheet(meeting), sheet_row)
        if row is not None:
            attempt(
                meeting_services.record_attendance,
                meeting,
                person=row.person,
                is_present=present,
                actor=self.staff,
                now=meeting.starts_at,
            )

    @rule(index=st.integers(0, 5), position=st.integers(1, 3), against=st.integers(0, 2))
    def everyone_present_and_a_vote(self, index, position, against):
        """The usual sitting: everyone on the sheet marked present, then a vote at an item (the separate rules
        rarely reach a quorum)."""
        meeting = self.meeting(index)
        if meeting is None:
            return
        attempt(meeting_services.mark_all_present, meeting, actor=self.staff, now=meeting.starts_at)
        item = meeting.items.filter(position=position).first()
        if item is not None:
            present = meeting.attendances.filter(is_present=True).count()
            attempt(
                meeting_services.record_vote, item, actor=self.staff, votes_for=max(present - against, 0),
                votes_against=min(against, present),
            )  # fmt: skip

    @rule(index=st.integers(0, 5), sheet_row=st.integers(0, 20), position=st.integers(1, 3), arrival=st.booleans())
    def arrival_or_departure(self, index, sheet_row, position, arrival):
        from meetings.queries import attendance_sheet

        meeting = self.meeting(index)
        if meeting is None:
            return
        row = self.pick(attendance_sheet(meeting), sheet_row)
        if row is not None:
            move = meeting_services.record_arrival if arrival else meeting_services.record_departure
            attempt(move, meeting, person=row.person, position=position, actor=self.staff, now=meeting.starts_at)

    @rule(
        index=st.integers(0, 5),
        position=st.integers(1, 3),
        tally=st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 2)),
        casting=st.sampled_from(["", "for", "against"]),
    )
    def vote_cast(self, index, position, tally, casting):
        meeting = self.meeting(index)
        item = meeting and meeting.items.filter(position=position).first()
        if item is not None:
            attempt(
                meeting_services.record_vote, item, actor=self.staff, votes_for=tally[0], votes_against=tally[1],
                abstentions=tally[2], casting_vote=casting,
            )  # fmt: skip

    @rule(index=st.integers(0, 5))
    def minutes_published(self, index):
        meeting = self.meeting(index)
        if meeting is not None:
            attempt(
                meeting_services.approve_minutes, meeting, actor=self.staff, now=meeting.starts_at + timedelta(days=1)
            )
            attempt(
                meeting_services.publish_minutes, meeting, actor=self.staff, now=meeting.starts_at + timedelta(days=2)
            )

    # --- appointments ----------------------------------------------------------------------------------------

    def political_seat(self, index) -> Seat | None:
        seats = list(
            Seat.objects.filter(council=self.council, period=self.period, is_political=True, is_chair=False).order_by(
                "pk"
            )[:4]
        )
        return self.pick(seats, index)

    @rule(
        seat=st.integers(0, 3),
        who=st.integers(0, len(POOL) - 1),
        offset=OFFSETS,
        method=st.sampled_from(["majority", "proportional"]),
    )
    def appointment_made(self, seat, who, offset, method):
        target = self.political_seat(seat)
        if target is not None:
            attempt(
                appointment_services.appoint_representative, target, person=self.people[who], starts_on=self.on(offset),
                method=method, actor=self.staff, group="A+F" if method == "proportional" else "",
            )  # fmt: skip

    @rule(index=st.integers(0, 10), offset=OFFSETS)
    def appointment_ended(self, index, offset):
        running = list(Appointment.objects.filter(seat__council=self.council, end_reason="").order_by("pk"))
        appointment = self.pick(running, index)
        if appointment is not None:
            attempt(
                appointment_services.end_appointment,
                appointment,
                on=self.on(offset),
                reason=Appointment.EndReason.RESIGNED,
                actor=self.staff,
            )

    # --- the invariants --------------------------------------------------------------------------------------

    @invariant()
    def one_holder_per_seat(self):
        checks.one_holder_per_seat(self.council)

    @invariant()
    def roster_within_composition(self):
        checks.roster_within_composition(self.council, self.period)

    @invariant()
    def appointees_hold_an_office(self):
        for day in (self.today, self.today + timedelta(days=20), self.today + timedelta(days=45)):
            checks.appointees_hold_an_office(self.council, self.period, day)

    @invariant()
    def votes_agree_with_attendance(self):
        for meeting in Meeting.objects.filter(council=self.council):
            checks.votes_agree_with_attendance(meeting)
            checks.sitting_rows_equal_orm(meeting)
            checks.sitting_items_equal_orm(meeting)

    @invariant()
    def public_documents_hold_only_released_content(self):
        checks.public_documents_hold_only_released_content(self.council)

    @invariant()
    def fast_paths_equal_the_orm(self):
        for day in sorted(checks.days_to_check(self.council))[-6:] + [self.today]:
            checks.roster_rows_equal_orm(self.council, day)
        for user in get_user_model().objects.filter(person__isnull=False):
            checks.roles_equal_orm(user, self.today)
        checks.roles_equal_orm(self.staff, self.today)


SETTINGS = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


@pytest.mark.django_db
def test_invariants_hold_after_every_step_of_random_council_histories(reference_data, bodies, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    OUTCOMES.clear()
    REFUSALS.clear()
    run_state_machine_as_test(CouncilMachine, settings=SETTINGS)
    print("\n".join(f"{name:<40} {count:>5}" for name, count in sorted(OUTCOMES.items())))
    print("\n".join(f"{count:>5} {message}" for message, count in REFUSALS.most_common(15)))
