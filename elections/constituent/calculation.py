"""The constituent meeting read from the database (B1 1.3-1.4): the convener, the deadlines and the chair
election's numbers, run through the pure rules (`convener.py`, `meetings/deadlines.py`, `dhondt.py`).
Returns plain values (dates, datetimes, ints, Fractions); the templates format them.

Decisions (docs/elections-app.md):

- The rule set is the period's (the council that takes office is judged under its own rules).
- Units in the chair election are those *represented in the KKR* for the period: a unit (not a local list)
  with a seat entitlement of at least one seat, or with a membership in the period. Their numbers are
  their votes in the region's KL member municipalities in the confirmed result set (the newest confirmed;
  without one, the newest import) — only rows of KL member municipalities are stored.
- 0 weekdays (2010 rules, "senest ved mødets begyndelse"): the deadline is the meeting's start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from django.utils import timezone

from elections.dhondt import Allocation, DhondtError, Unit, allocate_seats
from elections.ties import Lot, TieError, lots_drawn
from kkr.formats import format_date
from meetings import deadlines
from members.deadlines import Anchor
from members.models import Party

from ..calculation import unit_id
from ..convener import Convener, Mayor, longest_serving_mayor
from ..models import ElectionResultSet
from ..queries import current_mayors, party_order, regional_votes, represented_units, voting_result_set

CHAIR_SEATS = 2  # B1 1.4: 1st quotient → chair, 2nd → vice-chair


# --- B1 1.3 -------------------------------------------------------------------------------------------


def mayors_on(council, on: date) -> list[Mayor]:
    """The mayors of the council's KL member municipalities on `on`, as the B1 1.3 rule reads them (one query)."""
    return [
        Mayor(o.person_id, o.person.name, o.municipality.name, o.mayor_since, o.person.birth_on)
        for o in current_mayors(council, on)
    ]


def convener_for(council, on: date) -> Convener:
    """B1 1.3: the longest-serving mayor of the council's KL member municipalities on `on` (one query)."""
    return longest_serving_mayor(mayors_on(council, on), date_text=format_date)


def convener_basis(mayors: list[Mayor]) -> list[dict]:
    """The mayors as stored on the constituent meeting (JSON: ids, names, ISO dates)."""
    return [
        {
            "id": m.id,
            "name": m.name,
            "municipality": m.municipality,
            "mayor_since": m.mayor_since.isoformat() if m.mayor_since else None,
            "birth_on": m.birth_on.isoformat() if m.birth_on else None,
        }
        for m in mayors
    ]


def stored_convener(record) -> Convener:
    """B1 1.3 run again over the mayors stored when the convener was computed (no query): the reasoning then."""
    return longest_serving_mayor(
        (
            Mayor(m["id"], m["name"], m["municipality"], _day(m["mayor_since"]), _day(m["birth_on"]))
            for m in record.convener_basis
        ),
        date_text=format_date,
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def meeting_deadline(period) -> date:
    """B1 1.3: the last day the constituent meeting may be held under the period's rule set.

    A later meeting is recorded, not refused: the page warns (the page is the secretariat's record)."""
    rules = period.rule_set
    return deadlines.constituent_meeting_deadline(
        period.election_on, month=rules.constituent_deadline_month, day=rules.constituent_deadline_day
    )


# --- B1 1.4 deadline ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarationDeadline:
    """The last instant a valgforbund may be received; `at_meeting_start` when it is the meeting's start
    (2010 rules) rather than the end of a day."""

    ends_at: datetime
    at_meeting_start: bool = False

    def is_met_by(self, received_at: datetime) -> bool:
        return received_at <= self.ends_at


def declaration_deadline(meeting, rule_set) -> DeclarationDeadline:
    """B1 1.4: the rule set's `alliance_deadline` (a `RelativeDeadline`): N hverdage before the meeting, through
    23.59 that day; with 0 weekdays (2010 rules) the meeting's start (seed 001)."""
    relative = rule_set.alliance_deadline
    deadline = relative.resolve(meeting.starts_at, rule_set.closed_policy_days)
    if relative.anchor == Anchor.MEETING_START:
        return DeclarationDeadline(timezone.localtime(deadline.ends_at, deadlines.COPENHAGEN), at_meeting_start=True)
    return DeclarationDeadline(deadline.ends_at)


# --- B1 1.4 the election's numbers --------------------------------------------------------------------


@dataclass(frozen=True)
class ChairCalculation:
    """The chair election's input and its outcome: an allocation, a tie to draw, or an error."""

    parties: dict[str, Party]  # unit id → party
    votes: dict[str, int]
    alliances: tuple[tuple[str, ...], ...]
    result_set: ElectionResultSet | None
    allocation: Allocation | None = None
    tie: TieError | None = None
    error: str = ""

    @property
    def chair_id(self) -> str | None:
        return self.allocation.order[0] if self.allocation else None

    @property
    def vice_chair_id(self) -> str | None:
        return self.allocation.order[1] if self.allocation else None

    def alliance_votes(self) -> list[tuple[str, int]]:
        return [("+".join(a), sum(self.votes[u] for u in a)) for a in self.alliances]


def chair_lots(election) -> list[Lot]:
    """The lots drawn by hand in the chair election so far, in order (none before it is run)."""
    return [Lot.from_json(lot) for lot in election.lots] if election is not None else []


def calculate_chair_election(council, period, *, alliances, lots: tuple[Lot, ...] | list[Lot] = ()) -> ChairCalculation:
    """D'Hondt for two seats (B1 1.4) over the represented units and the declared `alliances` (each a list
    of parties), replaying the `lots` drawn so far. Three queries: units, result set, votes."""
    parties = {unit_id(p): p for p in represented_units(council, period)}
    result_set = voting_result_set(council, period)
    by_pk = regional_votes(result_set)
    votes = {uid: by_pk.get(p.pk, 0) for uid, p in parties.items()}
    allied = tuple(tuple(unit_id(p) for p in sorted(a, key=party_order)) for a in alliances)
    calc = ChairCalculation(parties=parties, votes=votes, alliances=allied, result_set=result_set)
    if result_set is None:
        return _with(calc, error="Der er ikke indlæst noget valgresultat for perioden; stemmetallene mangler.")
    units = [Unit(uid, n) for uid, n in votes.items()]
    try:
        replay = lots_drawn(*(lot.chosen for lot in lots))
        allocation = allocate_seats(units, seats=CHAIR_SEATS, alliances=allied, tie_break=replay)
    except TieError as tie:
        return _with(calc, tie=tie)
    except DhondtError as error:
        return _with(calc, error=str(error))
    return _with(calc, allocation=allocation)


def _with(calc: ChairCalculation, **changes) -> ChairCalculation:
    return ChairCalculation(**{**calc.__dict__, **changes})


def contestant_rows(units: list[dict], alliances: list[list[str]]) -> list[dict]:
    """The table of the d'Hondt run (B1 1.4): each lone unit and alliance with its votes and the quotients
    for seat 1 and 2 (votes ÷ 1, votes ÷ 2), from `units` [{id, name, votes}] and the alliances' unit ids."""
    by_id = {unit["id"]: unit for unit in units}
    allied = {uid for alliance in alliances for uid in alliance}
    groups = [[uid] for uid in by_id if uid not in allied] + [list(a) for a in alliances if set(a) <= set(by_id)]
    rows = []
    for group in groups:
        votes = sum(by_id[uid]["votes"] for uid in group)
        rows.append(
            {
                "id": "+".join(group),
                "names": [by_id[uid]["name"] for uid in group],
                "is_alliance": len(group) > 1,
                "votes": votes,
                "half": Fraction(votes, 2),  # votes ÷ 2, exact
            }
        )
    return sorted(rows, key=lambda row: -row["votes"])
