"""State changes of the constituent meeting (B1 1.3-1.4): register it with its convener, record alliance
declarations, run the chair election (lots drawn by hand, replayed), and register chair and vice-chair.

Each runs in one transaction with the acting user as simple-history's user; a refusal raises
`RuleViolation` (Danish, with the rule id) and changes nothing. The chair roles are created and ended
through `members.services` (`elect_chair`, `end_chair_roles`), so they get the same checks and history as
every other chair change.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from elections.ties import Lot, join_names
from kkr import formats
from kkr.errors import RuleViolation
from kkr.history import save_with_history
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from members.models import ChairRole, EndReason, Membership
from members.queries import Handover
from members.services import elect_chair, end_chair_roles, hand_over_council

from .. import queries
from ..convener import longest_serving_mayor
from ..models import AllianceDeclaration, ChairElection, ConstituentMeeting
from . import calculation


@transaction.atomic
def register_constituent_meeting(meeting: Meeting, *, period, actor) -> ConstituentMeeting:
    """Mark `meeting` as the council's constituent meeting for `period` and compute its convener (B1 1.3).

    A meeting after the B1 1.3 deadline is registered all the same; the page shows the warning."""
    if meeting.kind != Meeting.Kind.CONSTITUENT or meeting.status == Meeting.Status.CANCELLED:
        raise RuleViolation("Vælg et planlagt møde af typen «Konstituerende møde».")
    if meeting.meets_on <= period.election_on:
        raise RuleViolation(
            f"Mødet skal ligge efter kommunalvalget {formats.format_date(period.election_on)}.", rule="B1 1.3"
        )
    if ConstituentMeeting.objects.filter(council=meeting.council, period=period).exists():
        raise RuleViolation(f"{meeting.council} har allerede et konstituerende møde for {period}.", rule="B1 1.3")
    if ConstituentMeeting.objects.filter(meeting=meeting).exists():
        raise RuleViolation("Mødet er allerede registreret som konstituerende møde for en anden periode.")
    record = ConstituentMeeting(meeting=meeting, council=meeting.council, period=period)
    _set_convener(record)
    return save_with_history(record, actor, "Konstituerende møde registreret (B1 1.3)")


@transaction.atomic
def update_convener(record: ConstituentMeeting, *, actor) -> ConstituentMeeting:
    """Compute the convener again (after the mayors' data was completed or corrected)."""
    _set_convener(record)
    return save_with_history(record, actor, "Indkalder beregnet igen (B1 1.3)")


def _set_convener(record: ConstituentMeeting) -> None:
    mayors = calculation.mayors_on(record.council, record.meeting.meets_on)
    result = longest_serving_mayor(mayors)
    record.convener_id = result.mayor.id if result.mayor else None
    record.convener_basis = calculation.convener_basis(mayors)


def _deadline_text(deadline: calculation.DeclarationDeadline) -> str:
    """'onsdag den 7. januar 2026 kl. 23.59' (with '(ved mødets begyndelse)' under the 2010 rules), for messages."""
    text = formats.format_datetime(deadline.ends_at, weekday=True)
    return f"{text} (ved mødets begyndelse)" if deadline.at_meeting_start else text


@transaction.atomic
def declare_alliance(record: ConstituentMeeting, *, units, received_at, actor, note="") -> AllianceDeclaration:
    """B1 1.4: record a valgforbund of two or more represented units, each in at most one alliance, received
    no later than the deadline; a late one is refused with the deadline."""
    record = (
        ConstituentMeeting.objects.select_for_update().select_related("meeting", "period__rule_set").get(pk=record.pk)
    )
    if ChairElection.objects.filter(constituent=record).exists():
        raise RuleViolation(
            "Valget af formand og næstformand er gennemført; der kan ikke anmeldes flere valgforbund.", rule="B1 1.4"
        )
    if received_at > timezone.now():
        raise RuleViolation("Modtagelsestidspunktet kan ikke ligge i fremtiden.")
    deadline = calculation.declaration_deadline(record.meeting, record.period.rules_on(record.meeting.meets_on))
    if not deadline.is_met_by(received_at):
        raise RuleViolation(
            f"Valgforbundet er anmeldt for sent: fristen var {_deadline_text(deadline)}.", rule="B1 1.4"
        )
    _check_units(record, set(units))
    declaration = save_with_history(
        AllianceDeclaration(constituent=record, received_at=received_at, recorded_by=actor, note=note),
        actor,
        "Valgforbund anmeldt (B1 1.4)",
    )
    declaration._history_user = actor
    declaration.units.set(units)
    return declaration


def _check_units(record: ConstituentMeeting, units: set) -> None:
    if len(units) < 2:
        raise RuleViolation("Et valgforbund skal bestå af mindst to partier.", rule="B1 1.4")
    represented = {p.pk for p in queries.represented_units(record.council, record.period)}
    outside = sorted(str(p) for p in units if p.pk not in represented)
    if outside:
        raise RuleViolation(
            f"Ikke repræsenteret i KKR, kan ikke indgå i et valgforbund: {join_names(outside)}.", rule="B1 1.4"
        )
    taken = AllianceDeclaration.units.through.objects.filter(
        alliancedeclaration__constituent=record, party__in=units
    ).select_related("party")
    if taken:
        names = join_names(sorted(str(row.party) for row in taken))
        raise RuleViolation(f"{names} er allerede med i et valgforbund; et parti kan kun være med i ét.", rule="B1 1.4")


def _calculate(record: ConstituentMeeting, lots: list[Lot]):
    alliances = [list(d.units.all()) for d in record.alliances.prefetch_related("units")]
    return calculation.calculate_chair_election(record.council, record.period, alliances=alliances, lots=lots)


@transaction.atomic
def run_chair_election(record: ConstituentMeeting, *, actor) -> ChairElection:
    """B1 1.4: d'Hondt for chair and vice-chair with the declared alliances; from now on no more alliances.

    A tie leaves the election awaiting a lot drawn by hand (`record_chair_lot`)."""
    record = ConstituentMeeting.objects.select_for_update().get(pk=record.pk)
    election = ChairElection.objects.filter(constituent=record).first() or ChairElection(constituent=record)
    if election.state != ChairElection.State.AWAITING_LOT:
        raise RuleViolation("Valget er allerede gennemført.", rule="B1 1.4")
    calc = _calculate(record, calculation.chair_lots(election))
    return _decide(election, calc, actor, "Valg af formandskab gennemført (B1 1.4)")


@transaction.atomic
def record_chair_lot(election: ChairElection, *, tied, chosen: str, actor) -> ChairElection:
    """B1 1.4 "ved lighed afgør lodtrækning": record the lot drawn by hand for the open tie and run again."""
    election = ChairElection.objects.select_for_update().select_related("constituent").get(pk=election.pk)
    if election.state != ChairElection.State.AWAITING_LOT:
        raise RuleViolation("Der er ingen uafgjort plads at trække lod om.", rule="B1 1.4")
    lots = calculation.chair_lots(election)
    tie = _calculate(election.constituent, lots).tie
    if tie is None or tuple(tie.tied) != tuple(tied):
        raise RuleViolation("Lodtrækningen passer ikke til den aktuelle stemmelighed; hent siden igen.")
    if chosen not in tie.tied:
        raise RuleViolation("Vælg den liste, lodtrækningen faldt på.", rule="B1 1.4")
    lot = Lot(tied=tuple(tie.tied), chosen=chosen, seat=tie.seat)
    election.lots = [drawn.to_json() for drawn in [*lots, lot]]
    calc = _calculate(election.constituent, [*lots, lot])
    return _decide(election, calc, actor, f"Lodtrækning om plads {tie.seat} mellem {join_names(tie.tied)}: {chosen}")


def _decide(election: ChairElection, calc, actor, reason: str) -> ChairElection:
    if calc.error:
        raise RuleViolation(calc.error, rule="B1 1.4")
    election.result_set = calc.result_set
    election.result = {
        "units": [{"id": uid, "name": p.name, "votes": calc.votes[uid]} for uid, p in calc.parties.items()],
        "alliances": [list(a) for a in calc.alliances],
        "order": list(calc.allocation.order) if calc.allocation else [],
    }
    if calc.allocation is not None:
        election.state, election.run_at = ChairElection.State.DECIDED, timezone.now()
        election.chair_party = calc.parties[calc.chair_id]
        election.vice_chair_party = calc.parties[calc.vice_chair_id]
    return save_with_history(election, actor, reason)


@transaction.atomic
def confirm_chair_election(election: ChairElection, *, chair, vice_chair, actor) -> ChairElection:
    """Register the persons the groups named for the seats: creates the chair and vice-chair `ChairRole`s from
    the meeting day (B1 1.3: the previous council's chair roles end the day before)."""
    election = ChairElection.objects.select_for_update().select_related("constituent__meeting").get(pk=election.pk)
    if election.state != ChairElection.State.DECIDED:
        raise RuleViolation("Valget skal være gennemført, og formandskabet må ikke være registreret i forvejen.")
    record, on = election.constituent, election.constituent.meeting.meets_on
    _check_holders(election, record, chair=chair, vice_chair=vice_chair)
    _end_previous_roles(record, on=on, actor=actor)
    election.chair_role = elect_chair(chair, role=ChairRole.Role.CHAIR, starts_on=on, actor=actor)
    election.vice_chair_role = elect_chair(vice_chair, role=ChairRole.Role.VICE_CHAIR, starts_on=on, actor=actor)
    if record.meeting.attendances.exists():  # a sheet marked before the election records them too (FO 3.5)
        meeting_services.record_elected_chairs(record.meeting, actor=actor)
    election.state, election.confirmed_by = ChairElection.State.CONFIRMED, actor
    election.confirmed_at = timezone.now()
    save_with_history(election, actor, "Formand og næstformand registreret (B1 1.4)")
    _append_minutes(election, record.meeting, chair=chair, vice_chair=vice_chair, actor=actor)
    return election


def minutes_paragraph(election: ChairElection, *, chair, vice_chair) -> str:
    """The chair election's paragraph for the minutes (B1 1.4), as the representatives' elections write theirs:
    who was elected, for which unit, how (d'Hondt, alliances, lots)."""
    names = {unit["id"]: unit["name"] for unit in election.result.get("units", [])}
    alliances = [
        join_names(names.get(u, u) for u in units) for units in election.result.get("alliances", []) if len(units) > 1
    ]
    how = "ved forholdstalsvalg efter d'Hondts metode på enhedernes stemmetal ved kommunalvalget"
    if alliances:
        how += f" med valgforbund ({'; '.join(alliances)})"
    if election.lots:
        how += " og lodtrækning"
    return (
        f"KKR valgte {how} {chair.person.name} ({election.chair_party}) som formand og "
        f"{vice_chair.person.name} ({election.vice_chair_party}) som næstformand (B1 1.4)."
    )


def _append_minutes(election: ChairElection, meeting: Meeting, *, chair, vice_chair, actor) -> None:
    """Under the meeting's item "Valg af formand og næstformand", when it has one; a refusal of the decision
    (FO 3.7: no quorum at the item) refuses the whole confirmation."""
    item = meeting.items.filter(step=AgendaItem.Step.CHAIR_ELECTION).order_by("position").first()
    if item is None:
        return
    paragraph = minutes_paragraph(election, chair=chair, vice_chair=vice_chair)
    text = "\n\n".join(part for part in (item.decision.strip(), paragraph) if part)
    meeting_services.record_decision(item, actor=actor, decision=text)


def _check_holders(election: ChairElection, record: ConstituentMeeting, *, chair, vice_chair) -> None:
    """Each person is a member of the council for the period, for the unit that won the seat (B1 1.4)."""
    if chair.pk == vice_chair.pk:
        raise RuleViolation("Formand og næstformand skal være to forskellige personer.")
    seats = ((chair, election.chair_party_id, "Formanden"), (vice_chair, election.vice_chair_party_id, "Næstformanden"))
    for membership, party, label in seats:
        where = (membership.party_id, membership.council_id, membership.period_id)
        if where != (party, record.council_id, record.period_id):
            raise RuleViolation(f"{label} skal være medlem af KKR for det parti, der fik pladsen.", rule="B1 1.4")


def _end_previous_roles(record: ConstituentMeeting, *, on, actor) -> None:
    """B1 1.3: the previous council leaves office when the new one takes office at the constituent meeting;
    its chair roles end the day before, through the members service."""
    roles = ChairRole.objects.filter(council=record.council, ends_on__isnull=True).exclude(period=record.period)
    holders = {role.membership_id for role in roles.select_for_update()}
    for membership in Membership.objects.filter(pk__in=holders).order_by("pk"):
        end_chair_roles(membership, on=on - timedelta(days=1), reason=EndReason.PERIOD_ENDED, actor=actor)


@transaction.atomic
def hand_over(record: ConstituentMeeting, *, actor) -> Handover:
    """B1 1.3, one step: the new council takes office at its constituent meeting; the old council's
    memberships, substitute assignments and observers end the day before (members.services)."""
    return hand_over_council(record.council, record.period, on=record.meeting.meets_on, actor=actor)
