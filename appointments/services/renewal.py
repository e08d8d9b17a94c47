"""Seats are copied forward to the next period (SPEC §4): each seat a council fills in a period gets the same seat
in the next one (label, political or not, chair, nominated by, rotation, source), empty, for the next term's
appointments. One transaction; idempotent: a seat already there (same body and label) is left alone, so a second
click copies nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.history import save_with_history
from members.models import Council

from ..models import Seat
from ..queries.renewal import is_renewed, next_period


@dataclass
class CopyPlan:
    """What copying forward does: the seats it creates, those already there, and those it leaves (an abolished
    body's; a shared or national body's, which only a KL admin gives seats)."""

    period: object
    created: list[Seat] = field(default_factory=list)
    existing: list[Seat] = field(default_factory=list)
    abolished: list[Seat] = field(default_factory=list)
    shared: list[Seat] = field(default_factory=list)


def plan_copy(council: Council, period, *, user) -> CopyPlan:
    """What ``copy_seats_forward`` would do, without doing it (the page that asks first)."""
    following = next_period(period)
    if following is None:
        raise RuleViolation(
            f"Valgperioden efter {period} er ikke oprettet endnu; KL opretter den under Valgperioder i "
            "administrationen."
        )
    plan = CopyPlan(following)
    there = {
        (seat.body_id, seat.label.casefold())
        for seat in Seat.objects.filter(council=council, period=following).only("body_id", "label")
    }
    seats = (
        Seat.objects.filter(council=council, period=period, body__in=council.bodies.all())
        .select_related("body")
        .prefetch_related("body__councils")
        .order_by("body__name", "order", "pk")
    )
    for seat in seats:
        if (seat.body_id, seat.label.casefold()) in there:
            plan.existing.append(seat)
        elif not is_renewed(seat, seat.body.term_for(following)[0]):
            plan.abolished.append(seat)
        elif seat.body.is_shared() and not getattr(user, "is_superuser", False):
            plan.shared.append(seat)
        else:
            plan.created.append(seat)
    return plan


@transaction.atomic
def copy_seats_forward(council: Council, period, *, actor) -> CopyPlan:
    """Copy ``council``'s seats in ``period`` to the next period (``plan_copy``), in one transaction. Two staff at
    once: the council row is locked, so the second sees the first's seats and copies nothing."""
    Council.objects.select_for_update().get(pk=council.pk)
    plan = plan_copy(council, period, user=actor)
    taken: dict[int, set[int]] = {}
    for seat in plan.created:
        orders = taken.get(seat.body_id)
        if orders is None:
            rows = Seat.objects.filter(body_id=seat.body_id, council=council, period=plan.period)
            orders = taken[seat.body_id] = set(rows.values_list("order", flat=True))
        order = seat.order if seat.order not in orders else max(orders, default=0) + 1
        orders.add(order)
        copy = Seat(
            body=seat.body, council=council, period=plan.period, label=seat.label, is_political=seat.is_political,
            is_chair=seat.is_chair, nominated_by=seat.nominated_by, rotation=seat.rotation, order=order,
            notes=seat.notes, source=seat.source,
        )  # fmt: skip
        save_with_history(copy, actor, f"Kopieret fra {period} til næste periode")
    return plan
