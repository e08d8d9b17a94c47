"""Reads of the elections app: which result set counts, who is represented, whom a group can name.

Services change; these only read (each docstring names its queries). Views and the constituent
calculation call them; nothing here writes.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, Sum

from meetings.models import Meeting
from members.models import Membership, MunicipalOffice, Party

from .models import CompositionSnapshot, ElectionResultSet


def party_order(party) -> tuple[str, str]:
    """Letter order, parties without a letter last, then by name."""
    return (party.letter or "~", party.name)


def represented_units(council, period) -> list[Party]:
    """B1 1.4: units (no local lists) represented in the KKR for the period — a seat entitlement of at
    least one seat, or a membership in the period — in letter order (one query)."""
    entitled = Q(entitlements__council=council, entitlements__period=period, entitlements__seats__gte=1)
    seated = Q(memberships__council=council, memberships__period=period)
    parties = Party.objects.filter(entitled | seated).exclude(kind=Party.Kind.LOCAL_LIST).distinct()
    return sorted(parties, key=party_order)


def current_mayors(council, on: date):
    """B1 1.3: the mayors of the council's KL member municipalities on `on`, with person and municipality
    (lazy queryset, one query)."""
    return (
        MunicipalOffice.objects.current(on)
        .filter(kind=MunicipalOffice.Kind.MAYOR, municipality__council=council, municipality__is_kl_member=True)
        .select_related("person", "municipality")
    )


def parties_by_pk(parties):
    """The given parties as a queryset (for a form's choices)."""
    return Party.objects.filter(pk__in=[p.pk for p in parties])


def voting_result_set(council, period) -> ElectionResultSet | None:
    """The newest confirmed result set, else the newest import (one query)."""
    confirmed = Exists(CompositionSnapshot.objects.filter(result_set=OuterRef("pk")))
    sets = ElectionResultSet.objects.for_council(council, period).annotate(is_confirmed=confirmed)
    return sets.order_by("-is_confirmed", "-imported_at", "-pk").first()


def regional_votes(result_set) -> dict[int, int]:
    """Votes per party (pk) in the region's KL member municipalities (one query)."""
    if result_set is None:
        return {}
    rows = (
        result_set.party_results.filter(municipality__is_kl_member=True)
        .order_by()
        .values("party")
        .annotate(n=Sum("votes"))
    )
    return {row["party"]: row["n"] for row in rows}


def eligible_members(council, period, party, on: date):
    """The unit's members in the council on the meeting day, whom its group can name (lazy queryset)."""
    return (
        Membership.objects.current(on)
        .filter(council=council, period=period, party=party)
        .select_related("person")
        .order_by("person__name")
    )


def constituent_meeting_choices(council, period):
    """B1 1.3: the council's planned meetings of kind «Konstituerende møde» after the municipal election
    (lazy queryset, for the form that registers one)."""
    return Meeting.objects.filter(
        council=council, kind=Meeting.Kind.CONSTITUENT, starts_at__date__gt=period.election_on
    ).exclude(status=Meeting.Status.CANCELLED)


def confirmed_composition(council, period) -> CompositionSnapshot | None:
    """The council's newest confirmed composition in the period (B1 1.0-1.1) with its lines and parties, or None
    before one is confirmed. Confirming is the decision, so this is what the public sees. Two queries."""
    snapshot = (
        CompositionSnapshot.objects.filter(result_set__council=council, result_set__period=period)
        .order_by("-confirmed_at", "-pk")
        .first()
    )
    if snapshot is not None:
        snapshot.public_lines = sorted(
            snapshot.lines.select_related("party"), key=lambda line: (-line.seats, party_order(line.party))
        )
    return snapshot
