"""The council of the invariants state machine: one council (Nordjylland) and the 2026-2030 period, driven through
the **services** (never the ORM) of the members and appointments apps; the meetings' rules are in
``sitting_rules.py``, the checks in ``checks.py``.

The machine owns the clock: ``django.utils.timezone.now`` answers the machine's "now" (noon on its ``today``, or the
moment of a meeting while the secretariat records its sitting), so a run does not depend on the day it runs.

Every check is a function of the database and ``today`` alone, so a check is skipped after a step that changed
neither what it reads nor the day (a refused step changes nothing): ``REACHED`` counts the checks that ran and
what each one verified, which ``make invariants`` prints and the reach test asserts."""

import functools
import os
import sys
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase
from hypothesis import event, note, target
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from appointments import services as appointment_services
from appointments.models import Appointment, Seat
from kkr.errors import RuleViolation
from members import services as member_services
from members.deadlines import COPENHAGEN
from members.models import (
    ChairRole,
    Council,
    ElectionPeriod,
    EndReason,
    Leave,
    Membership,
    MunicipalOffice,
    Party,
    RuleSet,
)
from members.services.rules import add_rule_version
from tests.builders import entitle, make_staff, make_user, politician

from . import checks, searching

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
OUTCOMES: Counter = Counter()  # each service's calls done and refused
REFUSALS: Counter = Counter()  # the refusals' messages
RULES: Counter = Counter()  # each rule that ran
REACHED: Counter = Counter()  # each check that ran, and what it verified ("votes_agree: stemmer")
OFFSETS = st.integers(min_value=0, max_value=40)  # days after the machine's today a dated event may take effect
POLICIES = st.tuples(st.sampled_from(list(RuleSet.CastingVote)), st.sampled_from(list(RuleSet.QuorumBase)))


class Clock:
    """``timezone.now`` while the machine runs: the machine's moment, a microsecond later at each reading (two
    rows recorded one after the other are in that order), else the real clock."""

    def __init__(self):
        self.moment: datetime | None = None
        self.ticks = 0

    def __call__(self) -> datetime:
        if self.moment is None:
            return datetime.now(UTC)
        self.ticks += 1
        return self.moment + timedelta(microseconds=self.ticks)


CLOCK = Clock()


def counted(rule_function):
    """Counts each time the rule runs (``RULES``), for the statistics a run prints."""

    @functools.wraps(rule_function)
    def run(self, **kwargs):
        RULES[rule_function.__name__] += 1
        return rule_function(self, **kwargs)

    return run


def reset_counters() -> None:
    for counter in (OUTCOMES, REFUSALS, RULES, REACHED):
        counter.clear()


class CouncilMachine(RuleBasedStateMachine):
    """One council (Nordjylland) and the 2026-2030 period; ``today`` moves forward."""

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.council = Council.objects.get(slug="nordjylland")
        self.period = ElectionPeriod.objects.get(name="2026-2030")
        self.staff = make_staff(self.council, "sekretariat-invariant")
        self.outsider = make_staff(
            Council.objects.exclude(pk=self.council.pk).order_by("pk").first(), "sekretariat-andet"
        )
        self.clients = None  # signed in at the first search check (``searching.signed_in``)
        self.search_turn = 0  # whose search the check reads besides the public's (in the example, so it replays)
        cache.clear()  # pages cached by an earlier example (rolled back) are not this example's
        for letter, seats, mayors in (("A", 3, 0), ("V", 2, 0), ("C", 1, 1)):
            entitle(self.council, self.period, letter, seats=seats, mayors=mayors)
        self.people = []
        for n, (name, town, letter, kind) in enumerate(POOL):
            user = make_user(f"politiker-{n}") if n % 2 == 0 else None
            self.people.append(politician(name, town, letter=letter, kind=kind, user=user))
        self.today = START
        self.versions: Counter = Counter()  # successful changes per app ("members", "appointments", "meetings")
        self.checked: dict[str, tuple] = {}
        self.done: Counter = Counter()  # successful calls per service, for the rules' preconditions
        self.touched: set[int | None] = set()  # meetings changed since the last check (None: any)
        self.sittings: set[int] = set()  # meetings with attendance taken (``sitting_rules``)
        self.set_clock()

    @initialize(policies=st.tuples(POLICIES, POLICIES), switch=st.integers(30, 200))
    def council_constituted(self, policies, switch):
        """The constituent meeting's seats through the service (the first seats set the day the council took
        office, B1 1.3), one personal substitute, the chair and vice-chair, and a first meeting: the later steps
        start from a sitting council. The rules' casting-vote and quorum policies (FO 3.7) are drawn, and a new
        version of the rules from ``switch`` days on draws them again (SPEC §1: a meeting is judged by the rules
        on its day); the admin edits a version's policy, so the machine sets it as the admin would."""
        first, later = policies
        version = self.attempt(
            add_rule_version, self.period, START + timedelta(days=switch), actor=self.staff,
            now=self.clock_at(START),
        )  # fmt: skip
        for rules, (casting, base) in ((self.period.rules_on(START), first), (version and version.rule_set, later)):
            if rules is not None:
                RuleSet.objects.filter(pk=rules.pk).update(casting_vote=casting, quorum_base=base)
        for who in (0, 1, 3, 4, 6):
            self.attempt(
                member_services.add_member, self.council, person=self.people[who], starts_on=START, actor=self.staff
            )
        seats = {m.person_id: m for m in Membership.objects.filter(council=self.council)}
        self.attempt(member_services.assign_substitute, seats[self.people[0].pk], self.people[2], starts_on=START,
                     actor=self.staff)  # fmt: skip
        for who, role in ((0, ChairRole.Role.CHAIR), (3, ChairRole.Role.VICE_CHAIR)):
            self.attempt(member_services.elect_chair, seats[self.people[who].pk], role=role, starts_on=START,
                         actor=self.staff)  # fmt: skip
        self.meeting_planned(offset=14)

    def teardown(self):
        REACHED["eksempler"] += 1
        if os.environ.get("KKR_INVARIANT_PROGRESS"):  # a long run shows how far it is
            print(f"eksempel {REACHED['eksempler']} slut {datetime.now(UTC):%H:%M:%S}", file=sys.stderr, flush=True)
        votes = REACHED["votes_agree_with_attendance: afstemninger"]
        target(float(votes), label="afstemninger kontrolleret (i alt)")
        CLOCK.moment = None
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # --- helpers --------------------------------------------------------------------------------------------

    def attempt(self, action, *args, **kwargs):
        """Call a service in its own savepoint; a refusal (a Danish RuleViolation) changes nothing and is noted."""
        name = f"{action.__module__.split('.')[0]}.{action.__name__}"
        try:
            with transaction.atomic(), TestCase.captureOnCommitCallbacks(execute=True):
                done = action(*args, **kwargs)
        except RuleViolation as refusal:
            note(f"  refused: {refusal}")
            OUTCOMES[f"{name}: afvist"] += 1
            REFUSALS[f"{name}: {str(refusal)[:70]}"] += 1
            event(f"{name}: afvist")
            return None
        OUTCOMES[f"{name}: udført"] += 1
        event(f"{name}: udført")
        app = action.__module__.split(".")[0]
        self.done[action.__name__] += 1
        self.versions[app] += 1
        if action.__name__ not in searching.NOT_SEARCHED:
            self.versions["search"] += 1
        if app == "meetings":  # the one meeting a service changed (its first argument's), else all of them
            first = args[0] if args else None
            self.touched.add(getattr(first, "meeting_id", None) or getattr(first, "starts_at", None) and first.pk)
        return done

    def changed(self, check: str, *apps: str, today: bool = False) -> bool:
        """True (and the check counted) when ``apps`` changed anything, or the day moved (``today``), since
        ``check`` last ran: a check reads only the database and the day."""
        key = tuple(self.versions[app] for app in apps) + ((self.today,) if today else ())
        if self.checked.get(check) == key:
            return False
        self.checked[check] = key
        REACHED[check] += 1
        return True

    def set_clock(self) -> None:
        CLOCK.moment = self.clock_at(self.today)

    def clock_at(self, day: date) -> datetime:
        return datetime.combine(day, time(12), tzinfo=COPENHAGEN)

    def seats(self):
        return list(Membership.objects.filter(council=self.council, ends_on__isnull=True).order_by("pk"))

    def on(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def pick(self, rows, index):
        return rows[index % len(rows)] if rows else None

    # --- members ---------------------------------------------------------------------------------------------

    @rule(days=st.integers(min_value=1, max_value=60))
    @counted
    def time_passes(self, days):
        self.today += timedelta(days=days)
        self.set_clock()

    @rule(who=st.integers(0, len(POOL) - 1), offset=OFFSETS)
    @counted
    def member_joins(self, who, offset):
        self.attempt(member_services.add_member, self.council, person=self.people[who], starts_on=self.on(offset),
                     actor=self.staff)  # fmt: skip

    @rule(index=st.integers(0, 10), offset=OFFSETS, reason=st.sampled_from(
        [EndReason.LEFT_MUNICIPAL_COUNCIL, EndReason.LEFT_PARTY, EndReason.DECLINED, EndReason.DIED]
    ))  # fmt: skip
    @counted
    def member_leaves(self, index, offset, reason):
        membership = self.pick(self.seats(), index)
        if membership is not None:
            self.attempt(member_services.record_departure, membership, on=self.on(offset), reason=reason,
                         actor=self.staff)  # fmt: skip

    @rule(index=st.integers(0, 10), letter=st.sampled_from(["A", "V", "C", None]), offset=OFFSETS)
    @counted
    def mayor_switches_party(self, index, letter, offset):
        membership = self.pick(self.seats(), index)
        if membership is not None:
            party = Party.objects.get(letter=letter) if letter else None
            self.attempt(member_services.record_party_switch, membership, new_party=party, on=self.on(offset),
                         actor=self.staff)  # fmt: skip

    @rule(index=st.integers(0, 10), kind=st.sampled_from(list(Leave.Kind)), months=st.integers(1, 8))
    @counted
    def member_takes_leave(self, index, kind, months):
        membership = self.pick(self.seats(), index)
        if membership is not None:
            self.attempt(
                member_services.register_leave, membership, kind=kind, starts_on=self.today,
                ends_on=self.today + timedelta(days=30 * months), reason="Orlov", actor=self.staff,
            )  # fmt: skip

    @rule(who=st.integers(0, len(POOL) - 1), offset=OFFSETS,
          reason=st.sampled_from([EndReason.LEFT_MUNICIPAL_COUNCIL, EndReason.DIED]))  # fmt: skip
    @counted
    def municipal_office_ends(self, who, offset, reason):
        office = MunicipalOffice.objects.filter(person=self.people[who], ends_on__isnull=True).first()
        if office is not None:
            self.attempt(member_services.end_office, office, on=self.on(offset), reason=reason, actor=self.staff)

    @rule(index=st.integers(0, 10), who=st.integers(0, len(POOL) - 1), offset=OFFSETS)
    @counted
    def substitute_assigned(self, index, who, offset):
        membership = self.pick(self.seats(), index)
        if membership is not None:
            self.attempt(member_services.assign_substitute, membership, self.people[who], starts_on=self.on(offset),
                         actor=self.staff)  # fmt: skip

    @rule(index=st.integers(0, 10), role=st.sampled_from(list(ChairRole.Role)), offset=OFFSETS)
    @counted
    def chair_elected(self, index, role, offset):
        """B1 1.15: a new chair or vice-chair after the holder left (refused while the role is held)."""
        membership = self.pick(self.seats(), index)
        if membership is not None:
            self.attempt(member_services.elect_chair, membership, role=role, starts_on=max(self.on(offset),
                         membership.starts_on), actor=self.staff)  # fmt: skip

    # --- appointments ----------------------------------------------------------------------------------------

    def political_seat(self, index) -> Seat | None:
        seats = Seat.objects.filter(council=self.council, period=self.period, is_political=True, is_chair=False)
        return self.pick(list(seats.order_by("pk")[:4]), index)

    @rule(seat=st.integers(0, 3), who=st.integers(0, len(POOL) - 1), offset=OFFSETS,
          method=st.sampled_from(["majority", "proportional"]))  # fmt: skip
    @counted
    def appointment_made(self, seat, who, offset, method):
        target_seat = self.political_seat(seat)
        if target_seat is not None:
            self.attempt(
                appointment_services.appoint_representative, target_seat, person=self.people[who],
                starts_on=self.on(offset), method=method, actor=self.staff,
                group="A+F" if method == "proportional" else "",
            )  # fmt: skip

    @precondition(lambda self: self.done["appoint_representative"])  # else nothing to end
    @rule(index=st.integers(0, 10), offset=OFFSETS)
    @counted
    def appointment_ended(self, index, offset):
        running = list(Appointment.objects.filter(seat__council=self.council, end_reason="").order_by("pk"))
        appointment = self.pick(running, index)
        if appointment is not None:
            self.attempt(appointment_services.end_appointment, appointment, on=self.on(offset),
                         reason=Appointment.EndReason.RESIGNED, actor=self.staff)  # fmt: skip

    # --- the invariants --------------------------------------------------------------------------------------

    @invariant()
    def one_holder_per_seat(self):
        if self.changed("one_holder_per_seat", "members", "appointments"):
            checks.one_holder_per_seat(self.council)

    @invariant()
    def roster_within_composition(self):
        if self.changed("roster_within_composition", "members", "appointments"):
            REACHED["roster_within_composition: dage"] += checks.roster_within_composition(self.council, self.period)

    @invariant()
    def appointees_hold_an_office(self):
        if self.changed("appointees_hold_an_office", "members", "appointments", today=True):
            for day in (self.today, self.today + timedelta(days=20), self.today + timedelta(days=45)):
                found = checks.appointees_hold_an_office(self.council, self.period, day)
                REACHED["appointees_hold_an_office: udpegede"] += found

    @invariant()
    def votes_agree_with_attendance(self):
        from meetings.models import Meeting

        touched, self.touched = self.touched, set()
        if self.changed("votes_agree_with_attendance", "members", "appointments", "meetings"):
            meetings = Meeting.objects.filter(council=self.council)
            if (
                not self.changed("votes_agree_with_attendance: rådet", "members", "appointments")
                and None not in touched
            ):
                meetings = meetings.filter(pk__in=touched)  # a meetings service changes only its own meeting
            for meeting in meetings:
                REACHED["votes_agree_with_attendance: afstemninger"] += checks.votes_agree_with_attendance(meeting)
                found = checks.minutes_agree_with_their_attendance(meeting)
                REACHED["votes_agree_with_attendance: referater med afstemninger"] += found
                REACHED["fast_paths: fremmøderækker"] += checks.sitting_rows_equal_orm(meeting)
                REACHED["fast_paths: mødepunkter"] += checks.sitting_items_equal_orm(meeting)

    @invariant()
    def public_documents_hold_only_released_content(self):
        if self.changed("public_documents_hold_only_released_content", "meetings"):
            found = checks.public_documents_hold_only_released_content(self.council)
            REACHED["public_documents_hold_only_released_content: dokumenter"] += found

    @invariant()
    def fast_paths_equal_the_orm(self):
        if self.changed("fast_paths_equal_the_orm", "members", today=True):  # no appointment is in these rows
            for day in sorted(checks.days_to_check(self.council))[-6:] + [self.today]:
                REACHED["fast_paths: medlemsrækker"] += checks.roster_rows_equal_orm(self.council, day)
            for user in [*get_user_model().objects.filter(person__isnull=False), self.staff]:
                REACHED["fast_paths: roller"] += checks.roles_equal_orm(user, self.today)

    @invariant()
    def search_shows_what_the_pages_show(self):
        if self.changed("search_shows_what_the_pages_show", "search", today=True):
            if self.clients is None:
                politicians = get_user_model().objects.filter(person__isnull=False).order_by("pk")
                self.clients = searching.signed_in([None, self.staff, self.outsider, *politicians])
            # the public, and in turn the council's staff, another council's staff and each politician (a member, a
            # substitute or neither, by the steps so far)
            signed_in, self.search_turn = list(self.clients.items())[1:], self.search_turn + 1
            users = dict([("anonym", self.clients["anonym"]), signed_in[self.search_turn % len(signed_in)]])
            REACHED["search: fund fulgt til siden"] += searching.search_shows_what_the_pages_show(users)
