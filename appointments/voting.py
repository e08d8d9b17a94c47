"""Elections of representatives at a meeting (FO 3.8, kommunestyrelsesloven § 24 stk. 1 and 3), through the
pure engines `elections/majority.py` and `elections/dhondt.py`.

- Majority (one seat): each round's tally is recorded against the members present (read from the meeting's
  attendance); the stored rounds are replayed through the engine with the lots drawn by hand, so what the
  page shows is always the engine's verdict.
- Proportional (several seats): each voting member present declares one group; each group names persons in
  order and may waive seats; d'Hondt on the group sizes; a tie waits for a lot drawn by hand; a unanimous
  departure from d'Hondt is recorded as such.
- Confirming turns the result into appointments (through `appoint_representative`) and appends a paragraph
  to the item's decision (minutes).
"""

from __future__ import annotations

from django.db import transaction

from elections.dhondt import DhondtError, allocate_seats
from elections.majority import MajorityError, vote_round
from elections.ties import Lot, TieError, join_names, lots_drawn
from kkr.errors import RuleViolation
from kkr.history import save_with_history
from meetings import queries as meeting_queries
from meetings import services as meeting_services
from meetings.models import Attendance
from members.models import ElectionPeriod, Person

from . import ballots
from .ballots import BallotError, Declared, replay_majority
from .models import Appointment, Election, Seat
from .queries import eligible_person_ids
from .services import appoint_representative, term_of


def voters_present(meeting, item=None) -> list[Person]:
    """The members present with a vote (member or substitute in a member's place; observers never vote): at the
    election's agenda item when it has one (FO 3.9: a late arrival or an early departure counts there as for a
    vote, ``meetings.queries.at_item``), else everyone present at the meeting."""
    rows = meeting.attendances.filter(is_present=True).exclude(capacity=Attendance.Capacity.OBSERVER)
    if item is not None:
        rows = rows.filter(person__in=meeting_queries.at_item(meeting, item.position).present_ids)
    return [row.person for row in rows.select_related("person").order_by("person__name")]


@transaction.atomic
def start_election(meeting, *, body, seats, actor, agenda_item=None, candidates=()) -> Election:
    """Open an election for `seats` of `body` at `meeting`: one seat → majority, several → proportional."""
    seats = list(seats)
    if not seats:
        raise RuleViolation("Vælg mindst én plads.")
    period = ElectionPeriod.objects.containing(meeting.meets_on).first()
    wrong = [
        s
        for s in seats
        if (s.body_id, s.council_id, s.period_id) != (body.pk, meeting.council_id, getattr(period, "pk", None))
    ]
    if wrong:
        raise RuleViolation("Pladserne skal høre til organet, rådet og valgperioden på mødedagen.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise RuleViolation("Punktet skal være på dette møde.")
    running = Seat.objects.filter(
        pk__in=[s.pk for s in seats],
        elections__state__in=[Election.State.OPEN, Election.State.AWAITING_LOT, Election.State.DECIDED],
    ).distinct()
    if running:
        raise RuleViolation(
            f"{join_names([str(s) for s in running])} er allerede med i et valg, der ikke er bekræftet: afslut "
            "det eller træk det tilbage først."
        )
    kind = Election.Kind.MAJORITY if len(seats) == 1 else Election.Kind.PROPORTIONAL
    if kind == Election.Kind.MAJORITY and len(set(candidates)) < 1:
        raise RuleViolation("Et flertalsvalg skal have mindst én kandidat.", rule="§ 24 stk. 1")
    election = Election(
        meeting=meeting,
        agenda_item=agenda_item,
        body=body,
        kind=kind,
        candidates=sorted({p.pk for p in candidates}),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_with_history(election, actor, f"{election.get_kind_display()} oprettet")
    election.seats.set(seats)
    return election


def _locked(election: Election, kind: str) -> Election:
    election = Election.objects.select_for_update().select_related("meeting__council", "body").get(pk=election.pk)
    if election.kind != kind:
        raise RuleViolation("Handlingen passer ikke til valgmåden.")
    if election.state == Election.State.CONFIRMED:
        raise RuleViolation("Valget er afsluttet, og udpegningen er registreret.")
    if election.state == Election.State.WITHDRAWN:
        raise RuleViolation("Valget er trukket tilbage.")
    return election


@transaction.atomic
def withdraw_election(election: Election, *, reason: str, actor) -> Election:
    """Withdraw an election not yet confirmed (e.g. opened for the wrong seats): kept with its rounds and the
    reason in the history; its seats are free for a new election. A confirmed election has made appointments
    and minutes: those are voided one by one, so it cannot be withdrawn."""
    reason = reason.strip()
    if not reason:
        raise RuleViolation("Skriv hvorfor valget trækkes tilbage.")
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.state == Election.State.CONFIRMED:
        raise RuleViolation(
            "Valget er bekræftet: udpegningerne er registreret og står i beslutningen, så det kan ikke trækkes "
            "tilbage. Annullér i stedet de fejlagtige udpegninger én ad gangen."
        )
    if election.state == Election.State.WITHDRAWN:
        raise RuleViolation("Valget er allerede trukket tilbage.")
    election.state, election.withdrawn_reason = Election.State.WITHDRAWN, reason
    return save_with_history(election, actor, f"Trukket tilbage: {reason}")


# --- § 24 stk. 1: majority ---------------------------------------------------------------------------------


def _store_majority(election: Election, state, actor, reason: str) -> Election:
    election.rounds, election.state, election.result = ballots.majority_outcome(state)
    return save_with_history(election, actor, reason)


def _refused(error: BallotError) -> RuleViolation:
    return RuleViolation(error.message, rule=error.rule)


@transaction.atomic
def record_round(election: Election, *, tally: dict[int, int], actor) -> Election:
    """§ 24 stk. 1: the next round's votes per candidate, against the members present at the meeting."""
    election = _locked(election, Election.Kind.MAJORITY)
    present = len(voters_present(election.meeting, election.agenda_item))
    try:
        votes = ballots.check_tally(present=present, tally=tally, candidates=election.candidates)
    except BallotError as error:
        raise _refused(error) from error
    try:
        state = vote_round(replay_majority(election.rounds), members_present=present, tally=votes)
    except MajorityError as error:
        raise RuleViolation(str(error), rule="§ 24 stk. 1") from error
    return _store_majority(election, state, actor, f"{state.rounds[-1].number}. afstemning (§ 24 stk. 1)")


@transaction.atomic
def record_majority_lot(election: Election, *, chosen: int, actor) -> Election:
    """§ 24 stk. 1: the lot drawn by hand for the pending tie; the round is evaluated again with it."""
    election = _locked(election, Election.Kind.MAJORITY)
    try:
        rounds = ballots.with_majority_lot(
            election.rounds, awaiting=election.state == Election.State.AWAITING_LOT, chosen=chosen
        )
    except BallotError as error:
        raise _refused(error) from error
    return _store_majority(election, replay_majority(rounds), actor, "Lodtrækning (§ 24 stk. 1)")


# --- § 24 stk. 3: proportional -----------------------------------------------------------------------------


def undeclared(election: Election, voters: list[Person]) -> list[Person]:
    declared = ballots.declared_ids(election.groups)
    return [p for p in voters if p.pk not in declared]


@transaction.atomic
def declare_group(election: Election, *, name: str, members, nominees, accepts: int | None = None, actor) -> Election:
    """§ 24 stk. 3: a group of voting members present, the persons it names in order, and (a waiver) the most
    seats it takes; `None` takes all it wins."""
    election = _locked(election, Election.Kind.PROPORTIONAL)
    if election.state != Election.State.OPEN:
        raise RuleViolation("Fordelingen er foretaget; der kan ikke anmeldes flere grupper.")
    present = {p.pk for p in voters_present(election.meeting, election.agenda_item)}
    try:
        group = ballots.new_group(
            election.groups,
            name=name,
            members=[Declared(p.pk, p.name) for p in members],
            present=present,
            nominees=[p.pk for p in nominees],
            accepts=accepts,
        )
    except BallotError as error:
        raise _refused(error) from error
    election.groups = [*election.groups, group]
    return save_with_history(election, actor, f"Gruppe anmeldt: {group['name']} (§ 24 stk. 3)")


@transaction.atomic
def allocate(election: Election, *, actor) -> Election:
    """§ 24 stk. 3: d'Hondt on the group sizes with the lots drawn so far; a new tie waits for a lot."""
    election = _locked(election, Election.Kind.PROPORTIONAL)
    if election.is_unanimous_departure or election.state == Election.State.DECIDED:
        raise RuleViolation("Pladserne er allerede fordelt.")
    seats = list(election.seats.order_by("order"))
    if not election.groups:
        raise RuleViolation("Der er ikke anmeldt nogen grupper.", rule="§ 24 stk. 3")
    chosen = [Lot.from_json(lot).chosen for lot in election.lots]
    try:
        allocation = allocate_seats(ballots.units(election.groups), seats=len(seats), tie_break=lots_drawn(*chosen))
    except TieError as tie:
        election.state, election.result = (
            Election.State.AWAITING_LOT,
            {"tie": {"tied": list(tie.tied), "seat": tie.seat}},
        )
        return save_with_history(election, actor, f"Stemmelighed om plads {tie.seat} (§ 24 stk. 3)")
    except DhondtError as error:
        raise RuleViolation(str(error), rule="§ 24 stk. 3") from error
    if ballots.is_mixed(seats):
        on = max(election.meeting.meets_on, term_of(seats[0])[0])
        politicians = eligible_person_ids(election.meeting.council, on)
        try:
            assignments = ballots.fill_in_quotient_order(
                seats, allocation.order, election.groups, politicians=politicians, name_of=_person_name
            )
        except BallotError as error:
            raise _refused(error) from error
    else:
        assignments = ballots.fill_in_order(seats, allocation.order, election.groups)
    election.state = Election.State.DECIDED
    election.result = {"order": list(allocation.order), "seats": allocation.seats, "assignments": assignments}
    election.lots = [lot.to_json() for lot in allocation.lots]
    return save_with_history(election, actor, "Pladserne fordelt efter d'Hondt (§ 24 stk. 3)")


def _person_name(pk: int) -> str:
    return str(Person.objects.get(pk=pk))


@transaction.atomic
def record_proportional_lot(election: Election, *, chosen: str, actor) -> Election:
    """§ 24 stk. 3 "afgøres rækkefølgen ved lodtrækning": the lot drawn by hand; the allocation runs again."""
    election = _locked(election, Election.Kind.PROPORTIONAL)
    try:
        lot = ballots.proportional_lot(
            awaiting=election.state == Election.State.AWAITING_LOT, result=election.result, chosen=chosen
        )
    except BallotError as error:
        raise _refused(error) from error
    election.lots = [*election.lots, lot]
    election.state = Election.State.OPEN
    save_with_history(election, actor, f"Lodtrækning om plads {lot['seat']}: {chosen}")
    return allocate(election, actor=actor)


@transaction.atomic
def depart_unanimously(election: Election, *, assignments: dict[int, Person], note: str, actor) -> Election:
    """§ 24 stk. 3 departed from by unanimous decision: the seats filled as agreed, recorded as such."""
    election = _locked(election, Election.Kind.PROPORTIONAL)
    seat_ids = set(election.seats.values_list("pk", flat=True))
    try:
        result = ballots.departure(assignments={s: p.pk for s, p in assignments.items()}, seat_ids=seat_ids, note=note)
    except BallotError as error:
        raise _refused(error) from error
    election.is_unanimous_departure, election.departure_note = True, note.strip()
    election.state = Election.State.DECIDED
    election.result = result
    return save_with_history(election, actor, "Enstemmig fravigelse af d'Hondt (§ 24 stk. 3)")


# --- the outcome -------------------------------------------------------------------------------------------


def _assignments(election: Election) -> list[dict]:
    if election.kind == Election.Kind.MAJORITY:
        return [{"seat": election.seats.get().pk, "group": "", "person": election.result["elected"]}]
    return election.result["assignments"]


def _method(election: Election) -> str:
    if election.kind == Election.Kind.MAJORITY:
        return Appointment.Method.MAJORITY
    return Appointment.Method.UNANIMOUS if election.is_unanimous_departure else Appointment.Method.PROPORTIONAL


@transaction.atomic
def confirm_election(election: Election, *, actor) -> list[Appointment]:
    """The result becomes appointments from the meeting day (or the term's start) and a minutes paragraph."""
    locked = Election.objects.select_for_update(of=("self",)).select_related("meeting", "agenda_item")
    election = locked.get(pk=election.pk)
    if election.state == Election.State.WITHDRAWN:
        raise RuleViolation("Valget er trukket tilbage og giver ingen udpegninger.")
    if election.state != Election.State.DECIDED:
        raise RuleViolation("Valget er ikke afgjort endnu.")
    seats = {s.pk: s for s in election.seats.select_related("body", "period", "council")}
    persons = Person.objects.in_bulk([a["person"] for a in _assignments(election)])
    appointments = []
    for row in _assignments(election):
        seat = seats[row["seat"]]
        role = Appointment.Role.CHAIR if seat.is_chair else Appointment.Role.MEMBER
        starts_on = max(election.meeting.meets_on, term_of(seat)[0])
        appointments.append(
            appoint_representative(
                seat, person=persons[row["person"]], role=role, starts_on=starts_on, method=_method(election),
                actor=actor, meeting=election.meeting, agenda_item=election.agenda_item, election=election,
                group=row["group"],
            )
        )  # fmt: skip
    election.state = Election.State.CONFIRMED
    save_with_history(election, actor, "Udpegningen registreret")
    _append_minutes(election, appointments, actor)
    return appointments


def minutes_paragraph(election: Election, appointments: list[Appointment]) -> str:
    """The paragraph for the item's decision: how the seats were filled and by whom."""
    names = join_names(f"{a.person.name} ({a.seat.label})" for a in appointments)
    if election.kind == Election.Kind.MAJORITY:
        rounds = len(election.rounds)
        lots = sum(len(r["lots"]) for r in election.rounds)
        how = f"ved flertalsvalg efter {rounds} afstemning{'er' if rounds > 1 else ''}" + (
            " og lodtrækning" if lots else ""
        )
        rule = "kommunestyrelsesloven § 24 stk. 1, FO 3.8"
    elif election.is_unanimous_departure:
        how, rule = f"ved enstemmig fravigelse af forholdstalsvalg ({election.departure_note})", "FO 3.8"
    else:
        how = "ved forholdstalsvalg efter d'Hondts metode" + (" og lodtrækning" if election.lots else "")
        rule = "kommunestyrelsesloven § 24 stk. 3, FO 3.8"
    return f"KKR udpegede {how} til {election.body.name}: {names} ({rule})."


def _append_minutes(election: Election, appointments: list[Appointment], actor) -> None:
    item = election.agenda_item
    if item is None:
        return
    text = "\n\n".join(part for part in (item.decision.strip(), minutes_paragraph(election, appointments)) if part)
    meeting_services.record_decision(item, actor=actor, decision=text)


def seats_for(election: Election) -> list[Seat]:
    return list(election.seats.select_related("body", "period").order_by("order"))
