"""The constituent meeting read from the database (B1 1.3-1.4): the convener, the deadlines and the chair
election's numbers, run through the pure rules (`convener.py`, `meetings/deadlines.py`, `dhondt.py`).

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

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from elections._ties import TieError, lots_drawn
from elections.dhondt import Allocation, DhondtError, Unit, allocate_seats
from meetings import deadlines
from members.deadlines import Anchor
from members.models import Membership, MunicipalOffice, Party

from .calculation import unit_id
from .convener import Convener, Mayor, longest_serving_mayor
from .models import CompositionSnapshot, ElectionResultSet

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
CHAIR_SEATS = 2  # B1 1.4: 1st quotient → chair, 2nd → vice-chair


def danish_day(day: date) -> str:
    """'fredag 09.01.2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day:%d.%m.%Y}"


# --- B1 1.3 -------------------------------------------------------------------------------------------


def convener_for(council, on: date) -> Convener:
    """B1 1.3: the longest-serving mayor of the council's KL member municipalities on `on` (one query)."""
    offices = (
        MunicipalOffice.objects.current(on)
        .filter(kind=MunicipalOffice.Kind.MAYOR, municipality__council=council, municipality__is_kl_member=True)
        .select_related("person", "municipality")
    )
    return longest_serving_mayor(
        Mayor(o.person_id, o.person.name, o.municipality.name, o.mayor_since, o.person.birth_on) for o in offices
    )


def meeting_date_warning(meeting_on: date, period) -> str:
    """B1 1.3: a Danish warning when the meeting is after the rule set's deadline ('' when in time).

    A late meeting is recorded, not refused: the page is the secretariat's record of what happened."""
    rules = period.rule_set
    last = deadlines.constituent_meeting_deadline(
        period.election_on, month=rules.constituent_deadline_month, day=rules.constituent_deadline_day
    )
    if meeting_on <= last:
        return ""
    return (
        f"Mødet holdes {danish_day(meeting_on)}, efter fristen: det konstituerende møde skal holdes senest "
        f"{danish_day(last)} (B1 1.3)."
    )


# --- B1 1.4 deadline ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarationDeadline:
    """The last instant a valgforbund may be received, and how to say it in Danish."""

    ends_at: datetime
    label: str

    def is_met_by(self, received_at: datetime) -> bool:
        return received_at <= self.ends_at


def declaration_deadline(meeting, rule_set) -> DeclarationDeadline:
    """B1 1.4: the rule set's `alliance_deadline` (a `RelativeDeadline`): N hverdage before the meeting, through
    23.59 that day; with 0 weekdays (2010 rules) the meeting's start."""
    relative = rule_set.alliance_deadline
    deadline = relative.resolve(meeting.starts_at, rule_set.closed_policy_days)
    if relative.anchor == Anchor.MEETING_START:
        start = timezone.localtime(deadline.ends_at, deadlines.COPENHAGEN)
        return DeclarationDeadline(start, f"{danish_day(deadline.on)} kl. {start:%H.%M} (ved mødets begyndelse)")
    return DeclarationDeadline(deadline.ends_at, f"{danish_day(deadline.on)} kl. 23.59")


# --- B1 1.4 the election's numbers --------------------------------------------------------------------


def represented_units(council, period) -> list[Party]:
    """Units represented in the KKR for the period (one query), in letter order."""
    entitled = Q(entitlements__council=council, entitlements__period=period, entitlements__seats__gte=1)
    seated = Q(memberships__council=council, memberships__period=period)
    parties = Party.objects.filter(entitled | seated).exclude(kind=Party.Kind.LOCAL_LIST).distinct()
    return sorted(parties, key=_party_order)


def _party_order(party) -> tuple[str, str]:
    return (party.letter or "~", party.name)


def voting_result_set(council, period) -> ElectionResultSet | None:
    """The newest confirmed result set, else the newest import (one query)."""
    confirmed = Exists(CompositionSnapshot.objects.filter(result_set=OuterRef("pk")))
    sets = ElectionResultSet.objects.for_council(council, period).annotate(is_confirmed=confirmed)
    return sets.order_by("-is_confirmed", "-imported_at", "-pk").first()


def regional_votes(result_set) -> dict[int, int]:
    """Votes per party in the region's KL member municipalities (one query)."""
    if result_set is None:
        return {}
    rows = (
        result_set.party_results.filter(municipality__is_kl_member=True)
        .order_by()
        .values("party")
        .annotate(n=Sum("votes"))
    )
    return {row["party"]: row["n"] for row in rows}


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


def calculate_chair_election(council, period, *, alliances, lots=()) -> ChairCalculation:
    """D'Hondt for two seats (B1 1.4) over the represented units and the declared `alliances` (each a list
    of parties), replaying the `lots` drawn so far. Three queries: units, result set, votes."""
    parties = {unit_id(p): p for p in represented_units(council, period)}
    result_set = voting_result_set(council, period)
    by_pk = regional_votes(result_set)
    votes = {uid: by_pk.get(p.pk, 0) for uid, p in parties.items()}
    allied = tuple(tuple(unit_id(p) for p in sorted(a, key=_party_order)) for a in alliances)
    calc = ChairCalculation(parties=parties, votes=votes, alliances=allied, result_set=result_set)
    if result_set is None:
        return _with(calc, error="Der er ikke indlæst noget valgresultat for perioden; stemmetallene mangler.")
    units = [Unit(uid, n) for uid, n in votes.items()]
    try:
        allocation = allocate_seats(units, seats=CHAIR_SEATS, alliances=allied, tie_break=lots_drawn(*lots))
    except TieError as tie:
        return _with(calc, tie=tie)
    except DhondtError as error:
        return _with(calc, error=str(error))
    return _with(calc, allocation=allocation)


def _with(calc: ChairCalculation, **changes) -> ChairCalculation:
    return ChairCalculation(**{**calc.__dict__, **changes})


def eligible_members(council, period, party, on: date):
    """The unit's members in the council on the meeting day, whom its group can name (one query)."""
    return (
        Membership.objects.current(on)
        .filter(council=council, period=period, party=party)
        .select_related("person")
        .order_by("person__name")
    )


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
                "names": ", ".join(by_id[uid]["name"] for uid in group),
                "is_alliance": len(group) > 1,
                "votes": votes,
                "half": f"{votes // 2},{5 if votes % 2 else 0}",  # votes ÷ 2, exact
            }
        )
    return sorted(rows, key=lambda row: -row["votes"])
